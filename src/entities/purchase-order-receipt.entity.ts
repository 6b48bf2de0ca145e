import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';
import type { PurchaseOrder } from './purchase-order.entity.js';
import { SafeInt } from './safe-int.js';
import { Store } from './store.entity.js';
import { User } from './user.entity.js';

/** What one receipt recorded for one line. */
@ObjectType({ description: 'What one receipt recorded for one line of the purchase order.' })
export class PurchaseOrderReceiptLine {
  @Field(() => ID, { description: 'The purchase order line (its itemId).' })
  itemId!: string;

  @Field(() => SafeInt, { description: 'Received into stock by this receipt, in thousandths.' })
  quantityReceived!: number;

  @Field(() => SafeInt, { description: "Cost per unit received, in cents (default the line's unit cost)." })
  unitCost!: number;
}

/**
 * One delivery received against a purchase order, at its store: made once, never edited (a correction
 * is a stock adjustment). Made at the store's own server when it has one, and pushed to HQ with the
 * store's id, time and user.
 */
@ObjectType({ description: 'A receipt of goods against a purchase order: who, when, what and at what cost.' })
@Entity({ tableName: 'purchase_order_receipt' })
@Index({ name: 'purchase_order_receipt_order_idx', properties: ['purchaseOrder'] })
export class PurchaseOrderReceipt {
  @Field(() => ID, { description: 'Identifier (UUID v7), the same at the store and at HQ.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => 'PurchaseOrder', { ref: true, deleteRule: 'cascade' })
  purchaseOrder!: Ref<PurchaseOrder>;

  @Field(() => ID, { description: "The store that received the goods (the order's store)." })
  @ManyToOne(() => Store, { mapToPk: true, fieldName: 'store_id', deleteRule: 'restrict' })
  storeId!: string;

  @Field(() => ID, { description: 'Who received them.' })
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'restrict' })
  userId!: string;

  @Field(() => String, { nullable: true, description: 'The note given with the receipt.' })
  @Property({ type: 'string', length: 500, nullable: true })
  note: string | null = null;

  @Field(() => Boolean, {
    description: 'Whether it closed the order short: what was still open is recorded as closed short.',
  })
  @Property({ type: 'boolean', default: false })
  closeShort: boolean = false;

  @Field(() => [PurchaseOrderReceiptLine], { description: 'What it received, line by line.' })
  @Property({ type: 'json', default: '[]' })
  lines: PurchaseOrderReceiptLine[] = [];

  @Field(() => GraphQLISODateTime, { description: 'When it was received, at the store.' })
  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
