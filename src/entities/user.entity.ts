import { Collection, Entity, OneToMany, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { UserRole } from './user-role.entity.js';

/**
 * A person who logs in. Credentials are stored only as argon2id hashes; `pinDigest` is a keyed HMAC of
 * the PIN so that a PIN-only login finds its user with one indexed look-up instead of trying every hash.
 */
@ObjectType({ description: 'A person who logs in. Never exposes credentials.' })
@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  @Field(() => String, { description: 'Login name (lower case), unique.' })
  @Property({ type: 'string', length: 50, unique: 'app_user_username_unique' })
  username!: string;

  @Field(() => String, { description: 'Name shown on receipts and screens.' })
  @Property({ type: 'string', length: 100 })
  displayName!: string;

  @Field(() => Boolean, { description: 'Inactive users cannot log in.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  @Property({ type: 'string', nullable: true, hidden: true, lazy: true })
  pinHash: string | null = null;

  @Property({
    type: 'string',
    length: 64,
    nullable: true,
    hidden: true,
    unique: 'app_user_pin_digest_unique',
  })
  pinDigest: string | null = null;

  /**
   * HQ only: the PIN's digest under each store's own key (store id -> digest). A store server receives
   * its own entry, as `pinDigest`, for the users who hold a role at that store, and nothing else.
   */
  @Property({ type: 'json', nullable: true, hidden: true, lazy: true })
  pinDigests: Opt<Record<string, string>> | null = null;

  @Property({ type: 'string', nullable: true, hidden: true, lazy: true })
  passwordHash: string | null = null;

  @OneToMany(() => UserRole, (ur) => ur.user, { orphanRemoval: true })
  roles = new Collection<UserRole>(this);
}
