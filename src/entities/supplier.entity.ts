import { Entity, Property, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/** A company the chain buys from. Deleted suppliers are kept as tombstones (purchase history). */
@ObjectType({ description: 'A company the chain buys products from.' })
@Entity({ tableName: 'supplier' })
export class Supplier extends BaseEntity {
  @Field(() => String, { description: 'Company name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Person to talk to.' })
  @Property({ type: 'string', length: 100, nullable: true })
  contactName: string | null = null;

  @Field(() => String, { nullable: true, description: 'E-mail address.' })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @Property({ type: 'string', length: 40, nullable: true })
  phone: string | null = null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Field(() => Boolean, { description: 'Inactive suppliers get no new purchase orders.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  /** Soft delete: kept for history and sync tombstones; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
