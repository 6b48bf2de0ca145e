import { Entity, Property, type Opt } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';

/**
 * A payment method accepted at the till (CASH, CARD, ...). Payments name tenders by code, so the code is
 * unique for ever (deleted tenders included) and fixed at creation.
 */
@ObjectType({ description: 'A payment method accepted at the till.' })
@Entity({ tableName: 'tender' })
export class Tender extends BaseEntity {
  @Field(() => String, { description: 'Code used by payments, e.g. CASH.' })
  @Property({ type: 'string', length: 30, unique: 'tender_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Display name.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => Boolean, {
    description: 'Cash tenders may overpay (change is given) and count in the drawer.',
  })
  @Property({ type: 'boolean' })
  isCash!: boolean;

  @Field(() => Boolean, { description: 'Inactive tenders are refused at the till.' })
  @Property({ type: 'boolean', default: true })
  isActive: Opt<boolean> = true;

  @Field(() => Int, { description: 'Display order at the till.' })
  @Property({ type: 'integer', default: 0 })
  sortOrder: Opt<number> = 0;

  /** Soft delete: payments name tenders by code, so the row stays; hidden from every list. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
