import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { Product } from '../../entities/product.entity.js';
import { Special } from '../../entities/special.entity.js';
import { Store } from '../../entities/store.entity.js';
import type { RequestContext } from '../core/context.js';
import { invalid } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { localDate } from '../core/time.js';

export interface SpecialInput {
  productId: string;
  specialPrice: number;
  /** `YYYY-MM-DD`, from the start of that day in the store's time zone. */
  startDate: string;
  /** `YYYY-MM-DD`, to the end of that day in the store's time zone. */
  endDate: string;
  description?: string | null;
  isActive?: boolean | null;
}

export interface SpecialFilter extends PageRequest {
  productId?: string | null;
  isActive?: boolean | null;
}

export interface ActiveSpecialFilter extends PageRequest {
  /** The store whose "today" counts; default the caller's store, else UTC. */
  storeId?: string | null;
}

/** Specials matching the filter, latest start first. */
export async function listSpecials(ctx: RequestContext, filter: SpecialFilter): Promise<PageResult<Special>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<Special> = {};
  if (filter.productId) where.product = filter.productId;
  if (filter.isActive != null) where.isActive = filter.isActive;
  const [items, total] = await ctx.em.findAndCount(Special, where, {
    orderBy: { startDate: 'desc', id: 'asc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

/**
 * Specials in force today at a store: flag on, product active, today within the dates. "Today" is the
 * date in the time zone of `filter.storeId`, else of the caller's store, else UTC.
 */
export async function listActiveSpecials(
  ctx: RequestContext,
  filter: ActiveSpecialFilter,
): Promise<PageResult<Special>> {
  const timezone = await timezoneOfToday(ctx, filter.storeId);
  const today = localDate(timezone, ctx.runtime.now());
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const [items, total] = await ctx.em.findAndCount(
    Special,
    {
      isActive: true,
      product: { isActive: true },
      startDate: { $lte: today },
      endDate: { $gte: today },
    },
    { orderBy: { startDate: 'desc', id: 'asc' }, limit, offset },
  );
  return { items, total, page, pageSize };
}

/** Creates a special; the product must exist and the dates be in order. */
export async function createSpecial(ctx: RequestContext, input: SpecialInput): Promise<Special> {
  assertDatesInOrder(input.startDate, input.endDate);
  await assertProduct(ctx, input.productId);
  const special = ctx.em.create(Special, {
    product: input.productId,
    specialPrice: input.specialPrice,
    startDate: input.startDate,
    endDate: input.endDate,
    description: input.description ?? null,
    isActive: input.isActive ?? true,
  });
  await ctx.em.flush();
  return special;
}

/** Updates the fields given (`description: null` clears it); the resulting dates must be in order. */
export async function updateSpecial(
  ctx: RequestContext,
  id: string,
  input: Partial<SpecialInput>,
): Promise<Special> {
  // Locked, so that two updates moving one date each cannot together leave the end before the start.
  const special = await ctx.em.findOneOrFail(Special, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  assertDatesInOrder(input.startDate ?? special.startDate, input.endDate ?? special.endDate);
  if (input.productId != null && input.productId !== special.productId) {
    await assertProduct(ctx, input.productId);
    special.product = ctx.em.getReference(Product, input.productId, { wrapped: true });
  }
  if (input.specialPrice != null) special.specialPrice = input.specialPrice;
  if (input.startDate != null) special.startDate = input.startDate;
  if (input.endDate != null) special.endDate = input.endDate;
  if (input.description !== undefined) special.description = input.description;
  if (input.isActive != null) special.isActive = input.isActive;
  await ctx.em.flush();
  return special;
}

/**
 * Deletes a special, or only deactivates it when sales recorded it as the price of a line (DOMAIN.md):
 * discount analysis keeps the special that priced them, and `sale_item.special_id` restricts deletion.
 * A sale recording it first holds its foreign-key lock on the row until it commits, so the row lock
 * here waits for it and then sees the reference.
 */
export async function deleteSpecial(ctx: RequestContext, id: string): Promise<Special> {
  const special = await ctx.em.findOneOrFail(Special, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const [referenced] = await ctx.em.execute<Array<{ one: number }>>(
    'select 1 as one from sale_item where special_id = ? limit 1',
    [id],
  );
  if (referenced) {
    special.isActive = false;
  } else {
    ctx.em.remove(special);
  }
  await ctx.em.flush();
  return special;
}

function assertDatesInOrder(startDate: string, endDate: string): void {
  // `YYYY-MM-DD` strings compare as the days they name.
  if (endDate < startDate) throw invalid('endDate', `must not be before startDate (${startDate})`);
}

async function assertProduct(ctx: RequestContext, productId: string): Promise<void> {
  if (!(await ctx.em.count(Product, { id: productId })))
    throw invalid('productId', 'no product with this id');
}

/** The zone "today" is read in: the named store's (which must exist), else the caller's store's, else UTC. */
async function timezoneOfToday(ctx: RequestContext, storeId: string | null | undefined): Promise<string> {
  if (storeId) {
    const timezone = await storeTimezone(ctx, storeId);
    if (!timezone) throw invalid('storeId', 'no store with this id');
    return timezone;
  }
  // The caller's own store should exist; while its row has not arrived (sync), UTC is the best guess.
  return (ctx.storeId && (await storeTimezone(ctx, ctx.storeId))) || 'UTC';
}

async function storeTimezone(ctx: RequestContext, storeId: string): Promise<string | undefined> {
  const store = await ctx.em.findOne(Store, { id: storeId }, { fields: ['timezone'] });
  return store?.timezone;
}
