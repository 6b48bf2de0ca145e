import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import type { Sale } from './sale.entity.js';
import { Tender } from './tender.entity.js';
import { User } from './user.entity.js';
import { SafeInt } from './safe-int.js';

/** One payment of a sale, in a tender named by its code. */
@ObjectType({ description: 'A payment of a sale, in cents.' })
@Entity({ tableName: 'sale_payment' })
@Index({ name: 'sale_payment_sale_idx', properties: ['sale'] })
export class SalePayment extends BaseEntity {
  @ManyToOne(() => 'Sale', { ref: true, deleteRule: 'cascade' })
  sale!: Ref<Sale>;

  @Field(() => Int, { description: 'Position among the payments, from 1.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => ID, { description: 'The tender.' })
  @ManyToOne(() => Tender, { mapToPk: true, fieldName: 'tender_id', deleteRule: 'restrict' })
  tenderId!: string;

  @Field(() => String, { description: 'Tender code, e.g. CASH.' })
  @Property({ type: 'string', length: 30 })
  method!: string;

  @Field(() => Boolean, { description: 'Whether the tender was cash (counts in the drawer).' })
  @Property({ type: 'boolean' })
  isCash!: boolean;

  @Field(() => SafeInt, { description: 'Amount tendered, in cents (negative on a refund: paid out).' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  amount!: number;

  @Field(() => String, { nullable: true, description: 'Card slip, voucher number or similar.' })
  @Property({ type: 'string', length: 200, nullable: true })
  reference: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description:
      'On a refund paid to a tender the sale did not use: who allowed it (the cashier holding pos.refund_other_tender, or the manager who approved it with their PIN); null otherwise.',
  })
  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'approved_by_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  approvedById: string | null = null;
}
