import { Entity, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/** A product grouping used for reporting (e.g. Beverages). Deleted departments are kept as tombstones. */
@ObjectType({ description: 'A department groups products for reporting.' })
@Entity({ tableName: 'department' })
@Index({
  name: 'department_code_unique',
  expression:
    'create unique index "department_code_unique" on "department" ("code") where "deleted_at" is null',
})
export class Department extends BaseEntity {
  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Optional short code, unique among live departments.' })
  @Property({ type: 'string', length: 30, nullable: true })
  code: string | null = null;

  /** Soft delete: kept for history and sync tombstones; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
