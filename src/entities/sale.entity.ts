import {
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  Property,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { Customer } from './customer.entity.js';
import { RegisterSession } from './register-session.entity.js';
import { SaleItem } from './sale-item.entity.js';
import { SalePayment } from './sale-payment.entity.js';
import { SalesRep } from './sales-rep.entity.js';
import { Store } from './store.entity.js';
import { User } from './user.entity.js';
import { SafeInt } from './safe-int.js';

export enum SaleStatus {
  COMPLETED = 'COMPLETED',
  VOIDED = 'VOIDED',
}

export enum SaleType {
  SALE = 'SALE',
  REFUND = 'REFUND',
}

registerEnumType(SaleType, {
  name: 'SaleType',
  description: 'A sale, or a refund of one.',
  valuesConfig: {
    SALE: { description: 'Goods sold: positive quantities and amounts.' },
    REFUND: {
      description:
        'Goods and money given back against an earlier sale (refundOfId): negative quantities and amounts, so that a sum over sales and refunds is net.',
    },
  },
});

registerEnumType(SaleStatus, {
  name: 'SaleStatus',
  description: 'Where a sale stands.',
  valuesConfig: {
    COMPLETED: { description: 'Paid and final.' },
    VOIDED: { description: 'Cancelled within its register session; its stock was restored.' },
  },
});

/**
 * A completed sale, or a refund (`type` REFUND: its own document with its own receipt number, session
 * and cashier, pointing at the sale it refunds, its figures negative). Every figure was recomputed by the server's tax engine; the stored line taxes are
 * the truth for every report. `(store, terminal, receiptNumber)` identifies it for idempotent retries.
 */
@ObjectType({ description: 'A sale: lines with their taxes, payments and totals, in cents.' })
@Entity({ tableName: 'sale' })
@Unique({ name: 'sale_receipt_unique', properties: ['storeId', 'terminalId', 'receiptNumber'] })
@Index({ name: 'sale_store_sold_at_idx', properties: ['storeId', 'soldAt'] })
@Index({ name: 'sale_register_session_idx', properties: ['registerSessionId'] })
@Index({ name: 'sale_refund_of_idx', properties: ['refundOfId'] })
export class Sale extends BaseEntity {
  @Field(() => SaleType, { description: 'SALE, or REFUND of the sale refundOfId.' })
  @Enum({ items: () => SaleType, nativeEnumName: 'sale_type', default: 'SALE' })
  type: Opt<SaleType> = SaleType.SALE;

  /**
   * Not a foreign key: a store server may refund another store's sale, which it holds no row of (it
   * read the sale from HQ). HQ checks the sale exists when the refund arrives.
   */
  @Field(() => ID, { nullable: true, description: 'For a refund: the sale it refunds (null for a sale).' })
  @Property({ type: 'uuid', nullable: true })
  refundOfId: string | null = null;

  @Field(() => String, { nullable: true, description: 'For a refund: why the goods came back.' })
  @Property({ type: 'string', length: 500, nullable: true })
  reason: string | null = null;

  @Field(() => ID, { description: 'The store.' })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'store_id', deleteRule: 'restrict' })
  storeId!: string;

  @Field(() => ID, { description: 'The register session it was rung up in.' })
  @ManyToOne(() => RegisterSession, {
    mapToPk: true,
    fieldName: 'register_session_id',
    deleteRule: 'restrict',
  })
  registerSessionId!: string;

  @Field(() => String, { description: 'The terminal (till).' })
  @Property({ type: 'string', length: 40 })
  terminalId!: string;

  @Field(() => String, { description: "The till's receipt number, unique per store and terminal." })
  @Property({ type: 'string', length: 64 })
  receiptNumber!: string;

  @Field(() => ID, { description: 'The cashier.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'cashier_id', deleteRule: 'restrict' })
  cashierId!: string;

  @Field(() => ID, { nullable: true, description: 'The sales representative credited, if any.' })
  @ManyToOne(() => SalesRep, {
    mapToPk: true,
    fieldName: 'sales_rep_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  salesRepId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The customer, if any.' })
  @ManyToOne(() => Customer, {
    mapToPk: true,
    fieldName: 'customer_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  customerId: string | null = null;

  @Field(() => SaleStatus, { description: 'COMPLETED or VOIDED.' })
  @Enum({ items: () => SaleStatus, nativeEnumName: 'sale_status', default: 'COMPLETED' })
  status: Opt<SaleStatus> = SaleStatus.COMPLETED;

  @Field(() => SafeInt, {
    description: 'Sum of the lines before discounts and tax, in cents (negative for a refund).',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  subtotal!: number;

  @Field(() => SafeInt, { description: 'Sum of the line discounts, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  discountTotal!: number;

  @Field(() => SafeInt, { description: 'Sum of the line taxes, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  taxTotal!: number;

  @Field(() => SafeInt, { description: 'subtotal − discountTotal + taxTotal, in cents.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  grandTotal!: number;

  @Field(() => SafeInt, {
    description: 'Sum of the payments, in cents (negative for a refund: money paid out).',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  amountPaid!: number;

  @Field(() => SafeInt, {
    description: 'Change given back in cash: amountPaid − grandTotal, in cents.',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  changeGiven!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was sold (or refunded).' })
  @Property({ type: 'timestamptz' })
  soldAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was voided.' })
  @Property({ type: 'timestamptz', nullable: true })
  voidedAt: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'Who voided it.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'voided_by_id', nullable: true, deleteRule: 'restrict' })
  voidedById: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why it was voided.' })
  @Property({ type: 'string', length: 500, nullable: true })
  voidReason: string | null = null;

  /** Digest of the request that created it: a retry with the same key must carry the same body. */
  @Property({ type: 'string', length: 64 })
  requestDigest!: string;

  @Field(() => [SaleItem], { description: 'The lines, in the order rung up.' })
  @OneToMany(() => SaleItem, (item) => item.sale, { orderBy: { lineNumber: 'asc' } })
  items = new Collection<SaleItem>(this);

  @Field(() => [SalePayment], { description: 'The payments, in the order given.' })
  @OneToMany(() => SalePayment, (payment) => payment.sale, { orderBy: { position: 'asc' } })
  payments = new Collection<SalePayment>(this);
}
