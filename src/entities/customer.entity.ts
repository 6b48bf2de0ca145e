import { Entity, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/** A customer known by name (loyalty, accounts, receipts by e-mail). Deleted ones stay for history. */
@ObjectType({ description: 'A customer of the chain.' })
@Entity({ tableName: 'customer' })
// Substring search on names, e-mail and phone (pg_trgm).
@Index({
  name: 'customer_search_trgm',
  expression:
    'create index "customer_search_trgm" on "customer" using gin ("first_name" gin_trgm_ops, "last_name" gin_trgm_ops, "email" gin_trgm_ops, "phone" gin_trgm_ops)',
})
// The list's order, over live customers only.
@Index({
  name: 'customer_name_order_idx',
  expression:
    'create index "customer_name_order_idx" on "customer" ("last_name", "first_name", "id") where "deleted_at" is null',
})
export class Customer extends BaseEntity {
  @Field(() => String, { description: 'First name.' })
  @Property({ type: 'string', length: 100 })
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @Property({ type: 'string', length: 100 })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @Property({ type: 'string', length: 40, nullable: true })
  phone: string | null = null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Field(() => String, { nullable: true, description: 'Free notes.' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  /** Soft delete: sales keep pointing at the customer; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
