import { Entity, Index, ManyToOne, OptionalProps, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Role } from './role.entity.js';
import { Store } from './store.entity.js';
import { User } from './user.entity.js';

/** A role held by a user at one store, or at every store when `store` is null. */
@ObjectType({ description: 'A role held by a user at one store, or at all stores.' })
@Entity({ tableName: 'user_role' })
@Index({
  name: 'user_role_unique',
  expression:
    'create unique index "user_role_unique" on "user_role" ("user_id", "role_id", coalesce("store_id", \'00000000-0000-0000-0000-000000000000\'))',
})
export class UserRole extends BaseEntity {
  [OptionalProps]?: 'roleId' | 'storeId';

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Index({ name: 'user_role_role_idx' })
  @ManyToOne(() => Role, { ref: true, deleteRule: 'cascade' })
  role!: Ref<Role>;

  @Index({ name: 'user_role_store_idx' })
  @ManyToOne(() => Store, { ref: true, nullable: true, deleteRule: 'cascade' })
  store: Ref<Store> | null = null;

  @Field(() => ID, { description: 'The role.' })
  get roleId(): string {
    return this.role.id;
  }

  @Field(() => ID, { nullable: true, description: 'The store where it applies; null for all stores.' })
  get storeId(): string | null {
    return this.store?.id ?? null;
  }
}
