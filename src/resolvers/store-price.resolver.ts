import { Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { StorePrice } from '../entities/store-price.entity.js';
import type { RequestContext, PageResult } from '../services/core/index.js';
import * as storePrices from '../services/pricing/index.js';
import { Allow } from '../schema/allow.js';
import { IdArgs } from '../schema/args/common.args.js';
import { SetStorePriceArgs, StorePriceListArgs } from '../schema/args/store-price.args.js';
import { StorePricePage } from '../schema/types/store-price.types.js';

@Resolver(() => StorePrice)
export class StorePriceResolver {
  @Allow('store_prices.view', { store: 'storeId', records: true })
  @Query(() => StorePricePage, {
    description: 'Store price overrides, by product name then store; paginated.',
  })
  storePrices(@Ctx() ctx: RequestContext, @Args() args: StorePriceListArgs): Promise<PageResult<StorePrice>> {
    return storePrices.listStorePrices(ctx, args);
  }

  @Allow('store_prices.manage', { store: 'storeId', records: true })
  @Mutation(() => StorePrice, {
    description:
      "Set a store's price for a product: creates the override or replaces its price (one per store and product).",
  })
  setStorePrice(@Ctx() ctx: RequestContext, @Args() args: SetStorePriceArgs): Promise<StorePrice> {
    return storePrices.setStorePrice(ctx, args);
  }

  @Allow('store_prices.manage')
  @Mutation(() => StorePrice, {
    description: "Delete a store price override: the product's own price applies there again.",
  })
  deleteStorePrice(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<StorePrice> {
    return storePrices.deleteStorePrice(ctx, id);
  }
}
