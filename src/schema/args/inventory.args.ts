import { IsOptional, Length, NotEquals } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { AdjustmentReason, StockMovementType } from '../../entities/stock-movement.entity.js';
import { PageArgs } from '../page.js';
import { SafeInt, UUID } from '../scalars.js';
import { StockLevel } from '../validators.js';

@ArgsType()
export class InventoryListArgs extends PageArgs {
  @Field(() => UUID, {
    nullable: true,
    description:
      "Only levels at this store (REST: `store_id`); default the caller's store, else every store (which needs inventory.view at every store).",
  })
  storeId?: string;

  @Field(() => UUID, { nullable: true, description: 'Only levels of this product (REST: `product_id`).' })
  productId?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Only levels at or below the product's low-stock threshold (true) or above it (false) (REST: `low_stock`).",
  })
  lowStock?: boolean;
}

@ArgsType()
export class CrossStoreInventoryArgs {
  @Field(() => UUID, { description: 'The product (REST: `product_id`).' })
  productId!: string;
}

@ArgsType()
export class StockMovementListArgs extends PageArgs {
  @Field(() => UUID, {
    nullable: true,
    description:
      "Only movements at this store (REST: `store_id`); default the caller's store, else every store (which needs inventory.view at every store).",
  })
  storeId?: string;

  @Field(() => UUID, { nullable: true, description: 'Only movements of this product (REST: `product_id`).' })
  productId?: string;

  @Field(() => StockMovementType, { nullable: true, description: 'Only movements of this type.' })
  type?: StockMovementType;

  @Field(() => UUID, {
    nullable: true,
    description: 'Only movements caused by this sale, transfer or purchase order (REST: `reference_id`).',
  })
  referenceId?: string;
}

@ArgsType()
export class AdjustStockArgs {
  @Field(() => UUID, {
    nullable: true,
    description:
      "The store whose stock changes; default the caller's store. A store server adjusts only its own store.",
  })
  storeId?: string;

  @Field(() => UUID, { description: 'The product; it must track stock. Inactive products may be adjusted.' })
  productId!: string;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      'Signed change in thousandths of a unit, not 0 (e.g. -2000: two units written off). Exactly one of quantity and newQuantity.',
  })
  @IsOptional()
  @StockLevel()
  @NotEquals(0, { message: 'quantity must not be 0 (to record a count, give newQuantity)' })
  quantity?: number | null;

  @Field(() => SafeInt, {
    nullable: true,
    description:
      'A physical count: the level there is now, in thousandths of a unit. The change recorded is the count minus the level at that moment (0 when they agree, still recorded). Exactly one of quantity and newQuantity.',
  })
  @IsOptional()
  @StockLevel(0)
  newQuantity?: number | null;

  @Field(() => AdjustmentReason, { description: 'Why the stock changed.' })
  reason!: AdjustmentReason;

  @Field(() => String, { nullable: true, description: 'Free notes, at most 1000 characters.' })
  @IsOptional()
  @Length(0, 1000)
  notes?: string | null;
}
