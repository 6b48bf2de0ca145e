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
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from './base.entity.js';
import { PurchaseOrderItem } from './purchase-order-item.entity.js';
import { PurchaseOrderReceipt } from './purchase-order-receipt.entity.js';
import { SafeInt } from './safe-int.js';
import { Store } from './store.entity.js';
import { Supplier } from './supplier.entity.js';
import { User } from './user.entity.js';

/** Where a purchase order stands (`services/purchasing/purchase-order.machine.ts`). */
export enum PurchaseOrderStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  SENT = 'SENT',
  PARTIALLY_RECEIVED = 'PARTIALLY_RECEIVED',
  RECEIVED = 'RECEIVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PurchaseOrderStatus, {
  name: 'PurchaseOrderStatus',
  description: 'Where a purchase order stands.',
  valuesConfig: {
    DRAFT: { description: 'Being written at HQ: the only state in which it is edited or deleted.' },
    SUBMITTED: { description: 'Submitted for approval.' },
    APPROVED: { description: 'Approved, not yet sent to the supplier.' },
    SENT: { description: 'Sent to the supplier: its store sees it from now on and receives it.' },
    PARTIALLY_RECEIVED: { description: 'Part of what was ordered has been received.' },
    RECEIVED: {
      description: 'Closed: every line received in full, or the rest closed short (see closedShortReason).',
    },
    CANCELLED: { description: 'Cancelled before anything was received.' },
  },
});

/**
 * An order of goods from a supplier for one store. HQ owns it: it is made, edited, approved, sent and
 * cancelled there; its store receives it (on its own server, offline too) and the receipts
 * (`PurchaseOrderReceipt`) reach HQ by push. The lines travel inside the order (`withParent`): every write
 * of a line bumps the order's version in the same transaction.
 */
@ObjectType({ description: 'A purchase order: goods ordered from a supplier for one store.' })
@Entity({ tableName: 'purchase_order' })
@Unique({ name: 'purchase_order_number_unique', properties: ['number'] })
@Index({ name: 'purchase_order_store_status_idx', properties: ['storeId', 'status'] })
@Index({ name: 'purchase_order_supplier_idx', properties: ['supplierId'] })
export class PurchaseOrder extends BaseEntity {
  @Field(() => String, { description: 'Its number, unique chain-wide (PO-000001).' })
  @Property({ type: 'string', length: 20 })
  number!: string;

  @Field(() => ID, { description: 'The supplier ordered from.' })
  @ManyToOne(() => Supplier, { mapToPk: true, fieldName: 'supplier_id', deleteRule: 'restrict' })
  supplierId!: string;

  @Field(() => ID, { description: 'The store the goods are for (and that receives them).' })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'store_id', deleteRule: 'restrict' })
  storeId!: string;

  @Field(() => PurchaseOrderStatus, { description: 'Where it stands.' })
  @Enum({ items: () => PurchaseOrderStatus, nativeEnumName: 'purchase_order_status', default: 'DRAFT' })
  status: Opt<PurchaseOrderStatus> = PurchaseOrderStatus.DRAFT;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the goods are expected (YYYY-MM-DD).' })
  @Property({ type: 'date', runtimeType: 'string', nullable: true })
  expectedDate: string | null = null;

  @Field(() => String, { nullable: true, description: 'Notes for the supplier or the store.' })
  @Property({ type: 'string', length: 1000, nullable: true })
  notes: string | null = null;

  @Field(() => SafeInt, { description: 'The sum of the line totals, in cents (computed, never given).' })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  total: Opt<number> = 0;

  @Field(() => ID, { description: 'Who created it.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'created_by_id', deleteRule: 'restrict' })
  createdById!: string;

  @Field(() => ID, { nullable: true, description: 'Who submitted it for approval.' })
  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'submitted_by_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  submittedById: string | null = null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was submitted.' })
  @Property({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'Who approved it.' })
  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'approved_by_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  approvedById: string | null = null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was approved.' })
  @Property({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'Who marked it sent to the supplier.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'sent_by_id', nullable: true, deleteRule: 'restrict' })
  sentById: string | null = null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was sent.' })
  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'Who cancelled it.' })
  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'cancelled_by_id',
    nullable: true,
    deleteRule: 'restrict',
  })
  cancelledById: string | null = null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was cancelled.' })
  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the rest was closed short (the note of the receipt that closed it).',
  })
  @Property({ type: 'string', length: 500, nullable: true })
  closedShortReason: string | null = null;

  /**
   * The store that receives the order once it is sent, else null: the sync scope, so that the store
   * pulls its order from SENT on, and no store sees a draft (a null scope column names no store). The
   * `else null` is written out as PostgreSQL prints the expression back, so the schema shows no drift.
   */
  @Property({
    type: 'uuid',
    nullable: true,
    generated: '(case when sent_at is not null then store_id else null end) stored',
  })
  sentStoreId?: string | null;

  @Field(() => [PurchaseOrderItem], { description: 'Its lines, in order.' })
  @OneToMany(() => PurchaseOrderItem, (item) => item.purchaseOrder, { orderBy: { lineNumber: 'asc' } })
  items = new Collection<PurchaseOrderItem>(this);

  @Field(() => [PurchaseOrderReceipt], { description: 'Its receipts, oldest first, with who and when.' })
  @OneToMany(() => PurchaseOrderReceipt, (receipt) => receipt.purchaseOrder, {
    orderBy: { createdAt: 'asc', id: 'asc' },
  })
  receipts = new Collection<PurchaseOrderReceipt>(this);
}
