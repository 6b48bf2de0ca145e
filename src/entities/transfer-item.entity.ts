import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';
import { Product } from './product.entity.js';
import type { Transfer } from './transfer.entity.js';
import { SafeInt } from './safe-int.js';

/**
 * One product of a transfer and what became of it, in thousandths of a unit. Per line, always:
 * received + damaged + lost + returned + in transit = sent (returned: sent, then cancelled). The figures
 * follow from the steps; the line travels inside its transfer when HQ relays it.
 */
@ObjectType({ description: 'A line of a transfer: what was asked, sent, received, damaged and lost.' })
@Entity({ tableName: 'transfer_item' })
@Unique({ name: 'transfer_item_product_unique', properties: ['transfer', 'productId'] })
export class TransferItem {
  @Field(() => ID, { description: 'Identifier (UUID v7): what a receipt names as itemId.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => 'Transfer', { ref: true, deleteRule: 'cascade' })
  transfer!: Ref<Transfer>;

  @Field(() => Int, { description: 'Position in the transfer, from 1.' })
  @Property({ type: 'integer' })
  lineNumber!: number;

  @Field(() => ID, { description: 'The product.' })
  @ManyToOne(() => Product, { mapToPk: true, fieldName: 'product_id', deleteRule: 'restrict' })
  productId!: string;

  @Field(() => String, { description: "The product's SKU when the transfer was created." })
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Field(() => String, { description: "The product's name when the transfer was created." })
  @Property({ type: 'string', length: 200 })
  productName!: string;

  @Field(() => SafeInt, { description: 'Quantity asked for, in thousandths.' })
  @Property({ type: 'bigint', runtimeType: 'number' })
  quantity!: number;

  @Field(() => SafeInt, { description: 'Quantity that left the source when it was sent, in thousandths.' })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantitySent: number = 0;

  @Field(() => SafeInt, { description: 'Quantity received into the destination, in thousandths.' })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantityReceived: number = 0;

  @Field(() => SafeInt, {
    description: 'Quantity that arrived damaged, in thousandths: never entered stock (shrinkage).',
  })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantityDamaged: number = 0;

  @Field(() => SafeInt, {
    description:
      'Quantity lost in transit, in thousandths: what the closing receipt found neither received nor damaged (shrinkage).',
  })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantityLost: number = 0;

  @Field(() => SafeInt, {
    description:
      'Quantity that went back to the source, in thousandths: sent, then the transfer was cancelled.',
  })
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  quantityReturned: number = 0;

  @Field(() => SafeInt, {
    description:
      'Quantity still on the way, in thousandths: sent − received − damaged − lost − returned (incoming at the destination, not sellable).',
  })
  get quantityInTransit(): number {
    return (
      this.quantitySent -
      this.quantityReceived -
      this.quantityDamaged -
      this.quantityLost -
      this.quantityReturned
    );
  }
}
