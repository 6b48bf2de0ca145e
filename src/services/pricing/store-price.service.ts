import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Product } from '../../entities/product.entity.js';
import { StorePrice } from '../../entities/store-price.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { invalid } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { readScope } from '../core/scope.js';

/** The store is the request's scope (`ctx.scope`): the one its access rule names. */
export interface StorePriceInput {
  productId: string;
  sellPrice: number;
}

/** The store (or every store) is the request's scope, decided by the access rule. */
export interface StorePriceFilter extends PageRequest {
  productId?: string | null;
}

/**
 * Store price overrides matching the filter, by product name then store code; each with its product.
 * Scoped like every list of store records (`readScope`): a store-level grant reads its own store's.
 */
export async function listStorePrices(
  ctx: RequestContext,
  filter: StorePriceFilter,
): Promise<PageResult<StorePrice>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const storeId = await readScope(ctx);
  const where: FilterQuery<StorePrice> = {};
  if (storeId) where.store = storeId;
  if (filter.productId) where.product = filter.productId;
  const [items, total] = await ctx.em.findAndCount(StorePrice, where, {
    populate: ['product'],
    orderBy: { product: { name: 'asc' }, store: { code: 'asc' }, id: 'asc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

/**
 * Sets a store's price for a product: creates the override, or replaces the price of the existing one
 * (same id, version + 1). Any product may get one, active or not: an override only matters when the
 * product is sold.
 */
export async function setStorePrice(ctx: RequestContext, input: StorePriceInput): Promise<StorePrice> {
  // The store named must exist (400), then the rule's store_prices.manage be held there (403).
  const storeId = (await readScope(ctx))!;
  if (!(await ctx.em.count(Product, { id: input.productId })))
    throw invalid('productId', 'no product with this id');
  // One statement, so that two concurrent requests for the same store and product cannot both insert:
  // the unique constraint turns the second into an update of the first one's row.
  const [row] = await ctx.em.execute<Array<Record<string, unknown>>>(
    `insert into store_price (id, created_at, updated_at, version, store_id, product_id, sell_price)
     values (?, now(), now(), 1, ?, ?, ?)
     on conflict (store_id, product_id) do update
       set sell_price = excluded.sell_price, version = store_price.version + 1, updated_at = now()
     returning *`,
    [uuidv7(), storeId, input.productId, input.sellPrice],
  );
  const price = ctx.em.map(StorePrice, row);
  await ctx.em.populate(price, ['product']);
  return price;
}

/** Deletes a store price override: the product's own price applies at that store again. */
export async function deleteStorePrice(ctx: RequestContext, id: string): Promise<StorePrice> {
  // Locked: of two concurrent deletes, the second waits, then finds nothing (404).
  const price = await ctx.em.findOneOrFail(StorePrice, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  assertCan(ctx, 'store_prices.manage', price.storeId);
  await ctx.em.populate(price, ['product']);
  ctx.em.remove(price);
  await ctx.em.flush();
  return price;
}
