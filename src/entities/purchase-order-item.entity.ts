import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';
import { Product } from './product.entity.js';
import type { PurchaseOrder } from './purchase-order.entity.js';
import { SafeInt } from './safe-int.js';

/**
 * One product of a purchase order: ordered, and what the receipts made of it, in thousandths of a unit.
 * Per line, always: received + closed short + open = ordered. Money in cents; the line total is computed
 * (`purchase-order-arithmetic.ts`). The line travels inside its order when a store pulls it.
 */
@ObjectType({
  description:
    'A line of a purchase order: ordered, received, closed short and still open (thousandths), at a unit cost (cents).',
})
@Entity({ tableName: 'purchase_order_item' })
@Unique({ name: 'purchase_order_item_product_unique', properties: ['purchaseOrder', 'productId'] })
export class PurchaseOrderItem {
  [OptionalProps]?: 'quantityReceived' | 'quantityClosedShort' | 'quantityOpen';

  @Field(() => ID, { description: 'Identifier (UUID v7): what a receipt names as itemId.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => 'PurchaseOrder', { ref: true, deleteRule: 'cascade' })
  purchaseOrder!: Ref<PurchaseOrder>;

  @Field(() => Int, { description: 'Position in the order, from 1.' })
  @Property({ type: 'integer' })
  lineNumber!: number;

  @Field(() => ID, { description: 'The product.' })
  @ManyToOne(() => Product, { mapToPk: true, fieldName: 'product_id', deleteRule: 'restrict' })
  productId!: string;

  @Field(() => String, { description: "The product's SKU when the line was added." })
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Field(() => String, { description: "The product's name when the line was added." })
  @Property({ type: 'string', length: 200 })
  productName!: string;

  @Field(() => SafeInt, { description: 'Quantity ordered, in thousandths.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  quantity!: number;

  @Field(() => SafeInt, { description: "Cost per unit ordered, in cents (default the product's cost)." })
  @Property({ type: 'bigint', runtimeType: 'number' })
  unitCost!: number;

  @Field(() => SafeInt, {
    description: 'round_half_even(quantity × unitCost / 1000), in cents (computed, never given).',
  })
  @Property({ type: 'bigint', runtimeType: 'number' })
  lineTotal!: number;

  @Field(() => SafeInt, { description: 'Quantity received so far, over every receipt, in thousandths.' })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantityReceived: number = 0;

  @Field(() => SafeInt, {
    description:
      'Quantity closed short, in thousandths: what was still open when the order was closed short.',
  })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantityClosedShort: number = 0;

  @Field(() => SafeInt, {
    description: 'Quantity still expected, in thousandths: quantity − received − closed short.',
  })
  get quantityOpen(): number {
    return this.quantity - this.quantityReceived - this.quantityClosedShort;
  }
}
