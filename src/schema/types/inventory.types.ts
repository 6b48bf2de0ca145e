import { Field, ID, ObjectType } from 'type-graphql';
import { StockMovement } from '../../entities/stock-movement.entity.js';
import type { InventoryRow, StoreLevel } from '../../services/inventory/index.js';
import { PageOf } from '../page.js';
import { SafeInt } from '../scalars.js';

@ObjectType('InventoryLevel', {
  description: 'The stock of a product at a store, with the product beside it. Quantities in thousandths.',
})
export class InventoryLevelRow implements InventoryRow {
  @Field(() => ID, { description: 'The store.' })
  storeId!: string;

  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field(() => String, { description: "The product's SKU." })
  sku!: string;

  @Field(() => String, { description: "The product's name." })
  productName!: string;

  @Field(() => SafeInt, {
    description: 'Stock in thousandths of a unit; negative when more was sold than recorded.',
  })
  quantity!: number;

  @Field(() => SafeInt, {
    description:
      'On its way to the store, in thousandths: sent by another store and not received yet. Not part of quantity, never sellable.',
  })
  incoming!: number;

  @Field(() => SafeInt, { description: "The product's low-stock threshold, in thousandths." })
  lowStockThreshold!: number;

  @Field(() => Boolean, { description: 'Whether the stock is at or below the threshold.' })
  isLow!: boolean;
}

export const InventoryLevelPage = PageOf(InventoryLevelRow, 'InventoryLevel');

@ObjectType('StoreStockLevel', {
  description: "A product's stock at one store, in the cross-store view. Quantities in thousandths.",
})
export class StoreStockLevel implements StoreLevel {
  @Field(() => ID, { description: 'The store.' })
  storeId!: string;

  @Field(() => String, { description: "The store's code." })
  storeCode!: string;

  @Field(() => String, { description: "The store's name." })
  storeName!: string;

  @Field(() => SafeInt, {
    description: 'Stock in thousandths of a unit; 0 where the product has never moved.',
  })
  quantity!: number;

  @Field(() => SafeInt, {
    description: 'On its way to the store from another, in thousandths (sent, not received yet).',
  })
  incoming!: number;

  @Field(() => SafeInt, { description: "The product's low-stock threshold, in thousandths." })
  lowStockThreshold!: number;

  @Field(() => Boolean, { description: 'Whether the stock is at or below the threshold.' })
  isLow!: boolean;
}

export const StockMovementPage = PageOf(StockMovement, 'StockMovement');
