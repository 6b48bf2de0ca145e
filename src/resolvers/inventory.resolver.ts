import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { StockMovement } from '../entities/stock-movement.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as stock from '../services/inventory/index.js';
import { Allow } from '../schema/allow.js';
import {
  AdjustStockArgs,
  CrossStoreInventoryArgs,
  InventoryListArgs,
  StockMovementListArgs,
} from '../schema/args/inventory.args.js';
import { InventoryLevelPage, StockMovementPage, StoreStockLevel } from '../schema/types/inventory.types.js';

@Resolver(() => StockMovement)
export class InventoryResolver {
  @Allow('inventory.view', { store: 'storeId', records: true })
  @Query(() => InventoryLevelPage, {
    description:
      'Stock levels of active products that have moved at a store, by SKU then store code; paginated.',
  })
  inventory(
    @Ctx() ctx: RequestContext,
    @Args() args: InventoryListArgs,
  ): Promise<PageResult<stock.InventoryRow>> {
    return stock.listInventory(ctx, args);
  }

  @Allow('inventory.view')
  @Query(() => [StoreStockLevel], {
    description:
      "A product's stock in every active store, by store code (0 where it has never moved). A grant at the caller's store is enough.",
  })
  crossStoreInventory(
    @Ctx() ctx: RequestContext,
    @Args() { productId }: CrossStoreInventoryArgs,
  ): Promise<stock.StoreLevel[]> {
    return stock.crossStoreInventory(ctx, productId);
  }

  @Allow('inventory.view', { store: 'storeId', records: true })
  @Query(() => StockMovementPage, { description: 'Stock movements (the ledger), latest first; paginated.' })
  stockMovements(
    @Ctx() ctx: RequestContext,
    @Args() args: StockMovementListArgs,
  ): Promise<PageResult<StockMovement>> {
    return stock.listStockMovements(ctx, args);
  }

  @Allow('inventory.adjust', { store: 'storeId', servedBy: 'store' })
  @Mutation(() => StockMovement, {
    description:
      "Adjust a product's stock at a store by a change (quantity) or to a physical count (newQuantity). Returns the ADJUSTMENT movement recorded: its quantityAfter is the new level.",
  })
  adjustStock(@Ctx() ctx: RequestContext, @Args() args: AdjustStockArgs): Promise<StockMovement> {
    return stock.adjustStock(ctx, args);
  }
}
