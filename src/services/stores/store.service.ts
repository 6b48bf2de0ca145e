import type { FilterQuery } from '@mikro-orm/core';
import { Store } from '../../entities/store.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { AppError, invalid, notFound } from '../core/errors.js';
import { assertUnchanged, assertUnique } from '../core/guards.js';

export interface StoreInput {
  code: string;
  name: string;
  address?: string | null;
  phone?: string | null;
  timezone: string;
  isActive?: boolean | null;
}

export interface StoreFilter {
  isActive?: boolean | null;
}

/**
 * The canonical spelling of an IANA zone (`europe/london` -> `Europe/London`, links such as
 * `US/Eastern` -> `America/New_York`), so reports and receipts compare and display one name. Offsets
 * (`+01:00`, accepted by newer runtimes) are refused: they ignore daylight saving time.
 */
function canonicalTimeZone(zone: string): string {
  let canonical: string;
  try {
    canonical = Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw invalid('timezone', `"${zone}" is not an IANA time zone`);
  }
  if (/^[+-]/.test(canonical))
    throw invalid('timezone', 'give a zone name such as Europe/London, not an offset');
  return canonical;
}

/** Every store, active or not, by code (a chain has tens of stores: no pages). */
export function listStores(ctx: RequestContext, filter: StoreFilter = {}): Promise<Store[]> {
  const where: FilterQuery<Store> = {};
  if (filter.isActive != null) where.isActive = filter.isActive;
  return ctx.em.find(Store, where, { orderBy: { code: 'asc', id: 'asc' } });
}

/** A store by id, or NOT_FOUND. */
export async function getStore(ctx: RequestContext, id: string): Promise<Store> {
  const store = await ctx.em.findOne(Store, { id });
  if (!store) throw notFound('Store', id);
  return store;
}

/**
 * The store the request acts for: a store server's own store, or the store an HQ user signed in for.
 * Returned even when inactive, so a client can tell why it cannot trade.
 */
export async function getCurrentStore(ctx: RequestContext): Promise<Store> {
  if (!ctx.storeId) throw new AppError('NOT_FOUND', 'No current store: sign in for a store');
  return getStore(ctx, ctx.storeId);
}

/** Creates a store; its code (upper-cased) must be unused. */
export async function createStore(ctx: RequestContext, input: StoreInput): Promise<Store> {
  const code = input.code.toUpperCase();
  await assertUnique(ctx, Store, 'code', code);
  const store = ctx.em.create(Store, {
    code,
    name: input.name,
    address: input.address ?? null,
    phone: input.phone ?? null,
    timezone: canonicalTimeZone(input.timezone),
    isActive: input.isActive ?? true,
  });
  await ctx.em.flush();
  return store;
}

/**
 * Updates the fields given; `null` clears address or phone. The code cannot change (sync, receipts
 * and reports name stores by it). A store-mode server refuses to deactivate the store it runs as:
 * the till would stop trading on a local click, and closing a store is HQ's decision, which reaches
 * the store by sync.
 */
export async function updateStore(
  ctx: RequestContext,
  id: string,
  input: Partial<StoreInput>,
): Promise<Store> {
  const store = await getStore(ctx, id);
  assertCan(ctx, 'stores.edit', store.id);
  assertUnchanged('code', store.code, input.code, (code) => code.toUpperCase());
  if (input.name != null) store.name = input.name;
  if (input.address !== undefined) store.address = input.address;
  if (input.phone !== undefined) store.phone = input.phone;
  if (input.timezone != null) store.timezone = canonicalTimeZone(input.timezone);
  if (input.isActive != null) store.isActive = input.isActive;
  await ctx.em.flush();
  return store;
}
