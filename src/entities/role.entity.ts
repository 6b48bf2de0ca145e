import { ArrayType, Entity, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/** A named set of permission strings (see the permission catalogue). */
@ObjectType({ description: 'A named set of permissions.' })
@Entity({ tableName: 'role' })
export class Role extends BaseEntity {
  @Field(() => String, { description: 'Unique name.' })
  @Property({ type: 'string', length: 100, unique: 'role_name_unique' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the role is for.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => [String], { description: 'Permission strings granted, e.g. products.view.' })
  @Property({ type: ArrayType, columnType: 'text[]', default: '{}' })
  permissions: Opt<string[]> = [];
}
