import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { Product } from '../../entities/product.entity.js';
import { TaxGroup } from '../../entities/tax-group.entity.js';
import { TaxGroupRate } from '../../entities/tax-group-rate.entity.js';
import { TaxRate } from '../../entities/tax-rate.entity.js';
import type { RequestContext } from '../core/context.js';
import { conflict, invalid } from '../core/errors.js';
import { assertUnique, lockLive } from '../core/guards.js';
import type { ProductTaxRate } from './price-choice.js';
import { orderRates } from './tax-engine.js';

export interface TaxRateFields {
  name: string;
  /** Basis points, 0..MAX_TAX_RATE (checked at the schema layer). */
  rate: number;
  isCompound: boolean;
  isActive?: boolean | null;
}

export interface TaxRateFilter {
  isActive?: boolean | null;
}

/** A rate's place in a group, as a client sends it. */
export interface TaxGroupRateEntry {
  taxRateId: string;
  sortOrder: number;
}

export interface TaxGroupFields {
  name: string;
  rates: TaxGroupRateEntry[];
}

/** A rate of a group as responses show it. */
export interface GroupedTaxRate {
  taxRateId: string;
  name: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
}

// ---------------------------------------------------------------------------------------------------
// Tax rates

/** Live tax rates by name: a small set that every till loads whole, so not paginated. */
export function listTaxRates(ctx: RequestContext, filter: TaxRateFilter = {}): Promise<TaxRate[]> {
  const where: FilterQuery<TaxRate> = { deletedAt: null };
  if (filter.isActive != null) where.isActive = filter.isActive;
  return ctx.em.find(TaxRate, where, { orderBy: { name: 'asc', id: 'asc' } });
}

/** Creates a tax rate; its name must be unused among live rates. */
export async function createTaxRate(ctx: RequestContext, input: TaxRateFields): Promise<TaxRate> {
  await assertUnique(ctx, TaxRate, 'name', input.name, { where: { deletedAt: null } });
  const rate = ctx.em.create(TaxRate, {
    name: input.name,
    rate: input.rate,
    isCompound: input.isCompound,
    isActive: input.isActive ?? true,
  });
  await ctx.em.flush();
  return rate;
}

/**
 * Updates the fields given. A changed rate applies to every group that holds it from the next sale on;
 * past sales keep the rate they stored.
 */
export async function updateTaxRate(
  ctx: RequestContext,
  id: string,
  input: Partial<TaxRateFields>,
): Promise<TaxRate> {
  const rate = await ctx.em.findOneOrFail(TaxRate, { id, deletedAt: null });
  if (input.name != null && input.name !== rate.name)
    await assertUnique(ctx, TaxRate, 'name', input.name, { exceptId: id, where: { deletedAt: null } });
  if (input.name != null) rate.name = input.name;
  if (input.rate != null) rate.rate = input.rate;
  if (input.isCompound != null) rate.isCompound = input.isCompound;
  if (input.isActive != null) rate.isActive = input.isActive;
  await ctx.em.flush();
  return rate;
}

/**
 * Deletes a tax rate (kept as a tombstone: stored sale taxes and sync refer to it). Refused while a live
 * group holds it: products of that group would silently stop being charged.
 */
export async function deleteTaxRate(ctx: RequestContext, id: string): Promise<TaxRate> {
  // Locked so that no group save can attach it between the count and the delete (they share-lock it).
  const rate = await lockLive(ctx, TaxRate, id);
  const groups = await ctx.em.count(TaxGroupRate, { taxRate: id, taxGroup: { deletedAt: null } });
  if (groups > 0) throw conflict(`Tax rate is in ${groups} tax group(s); remove it from them first`);
  rate.deletedAt = new Date();
  await ctx.em.flush();
  return rate;
}

// ---------------------------------------------------------------------------------------------------
// Tax groups

/** Live tax groups by name, each with its rates (all loaded together: no query per group). */
export function listTaxGroups(ctx: RequestContext): Promise<TaxGroup[]> {
  return ctx.em.find(
    TaxGroup,
    { deletedAt: null },
    { populate: ['rates.taxRate'], orderBy: { name: 'asc', id: 'asc' } },
  );
}

/** A live tax group with its rates, or NOT_FOUND. */
export function getTaxGroup(ctx: RequestContext, id: string): Promise<TaxGroup> {
  return ctx.em.findOneOrFail(TaxGroup, { id, deletedAt: null }, { populate: ['rates.taxRate'] });
}

/**
 * Creates a tax group. `rates` is required (an empty list is an explicit zero-tax group): a client that
 * forgets it must not create a group that silently charges nothing.
 */
export async function createTaxGroup(ctx: RequestContext, input: TaxGroupFields): Promise<TaxGroup> {
  await assertUnique(ctx, TaxGroup, 'name', input.name, { where: { deletedAt: null } });
  const rates = await attachableRates(ctx, input.rates);
  const group = ctx.em.create(TaxGroup, { name: input.name });
  for (const entry of input.rates) {
    group.rates.add(
      ctx.em.create(TaxGroupRate, {
        taxGroup: group,
        taxRate: rates.get(entry.taxRateId)!,
        sortOrder: entry.sortOrder,
      }),
    );
  }
  await ctx.em.flush();
  return group;
}

/**
 * Updates the fields given; `rates` replaces the whole set. The rates are part of the group, so a change
 * to them alone is a new version of the group (sync and optimistic checks see it).
 */
export async function updateTaxGroup(
  ctx: RequestContext,
  id: string,
  input: Partial<TaxGroupFields>,
): Promise<TaxGroup> {
  // Locked: two edits of one group's rates apply one after the other, never interleaved.
  const group = await lockLive(ctx, TaxGroup, id);
  await ctx.em.populate(group, ['rates.taxRate']);
  if (input.name != null && input.name !== group.name) {
    await assertUnique(ctx, TaxGroup, 'name', input.name, { exceptId: id, where: { deletedAt: null } });
    group.name = input.name;
  }
  if (input.rates && (await replaceRates(ctx, group, input.rates))) group.updatedAt = new Date();
  await ctx.em.flush();
  return group;
}

/**
 * Deletes a tax group (kept as a tombstone, with its rates, for sync). Refused while any product, active
 * or not, uses it: reactivating such a product would leave it without taxes.
 */
export async function deleteTaxGroup(ctx: RequestContext, id: string): Promise<TaxGroup> {
  // Locked so that no product can be moved into it between the count and the delete (product saves
  // share-lock the group they reference).
  const group = await lockLive(ctx, TaxGroup, id);
  const products = await ctx.em.count(Product, { taxGroup: id });
  if (products > 0)
    throw conflict(`Tax group has ${products} product(s); move them to another tax group first`);
  await ctx.em.populate(group, ['rates.taxRate']);
  group.deletedAt = new Date();
  await ctx.em.flush();
  return group;
}

/** A group's rates as responses show them, in the order they apply (the group's rates must be loaded). */
export function taxGroupMembers(group: TaxGroup): GroupedTaxRate[] {
  return group.rates
    .getItems()
    .map((link) => {
      const rate = link.taxRate.getEntity();
      return {
        taxRateId: rate.id,
        name: rate.name,
        rate: rate.rate,
        isCompound: rate.isCompound,
        sortOrder: link.sortOrder,
      };
    })
    .sort((a, b) => a.sortOrder - b.sortOrder); // distinct within a group
}

/**
 * Checks a group's rate list and share-locks the rates (none can be deleted until the group is saved).
 * Positions must be explicit and distinct: compound taxes depend on the order, which must never rest on
 * an accident of insertion.
 */
async function attachableRates(
  ctx: RequestContext,
  entries: readonly TaxGroupRateEntry[],
): Promise<Map<string, TaxRate>> {
  const rateAt = new Map<string, number>();
  const orderAt = new Map<number, number>();
  entries.forEach((entry, i) => {
    const sameRate = rateAt.get(entry.taxRateId);
    if (sameRate !== undefined)
      throw invalid(`rates.${i}.taxRateId`, `the same tax rate is already listed at rates.${sameRate}`);
    const sameOrder = orderAt.get(entry.sortOrder);
    if (sameOrder !== undefined)
      throw invalid(`rates.${i}.sortOrder`, `${entry.sortOrder} is already used by rates.${sameOrder}`);
    rateAt.set(entry.taxRateId, i);
    orderAt.set(entry.sortOrder, i);
  });
  if (entries.length === 0) return new Map();
  const found = await ctx.em.find(
    TaxRate,
    { id: { $in: [...rateAt.keys()] }, deletedAt: null },
    { lockMode: LockMode.PESSIMISTIC_READ, orderBy: { id: 'asc' } },
  );
  const byId = new Map(found.map((rate) => [rate.id, rate]));
  const unknown = entries.findIndex((entry) => !byId.has(entry.taxRateId));
  if (unknown >= 0) throw invalid(`rates.${unknown}.taxRateId`, 'no tax rate with this id');
  return byId;
}

/** Makes the group's rates exactly `entries`; true when anything changed. */
async function replaceRates(
  ctx: RequestContext,
  group: TaxGroup,
  entries: readonly TaxGroupRateEntry[],
): Promise<boolean> {
  const rates = await attachableRates(ctx, entries);
  const wanted = new Map(entries.map((entry) => [entry.taxRateId, entry.sortOrder]));
  let changed = false;
  for (const link of group.rates.getItems()) {
    const sortOrder = wanted.get(link.taxRate.id);
    wanted.delete(link.taxRate.id);
    if (sortOrder === undefined) {
      ctx.em.remove(link);
      changed = true;
    } else if (sortOrder !== link.sortOrder) {
      link.sortOrder = sortOrder;
      changed = true;
    }
  }
  for (const [taxRateId, sortOrder] of wanted) {
    group.rates.add(
      ctx.em.create(TaxGroupRate, { taxGroup: group, taxRate: rates.get(taxRateId)!, sortOrder }),
    );
    changed = true;
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------------
// Rates as they apply to products and sales

/** The live, active rates of each group, in the order they apply, by group id (one query). */
async function applicableRates(
  ctx: RequestContext,
  groupIds: readonly string[],
): Promise<Map<string, ProductTaxRate[]>> {
  const byGroup = new Map<string, ProductTaxRate[]>(groupIds.map((id) => [id, []]));
  if (byGroup.size === 0) return byGroup;
  const links = await ctx.em.find(
    TaxGroupRate,
    { taxGroup: { $in: [...byGroup.keys()] }, taxRate: { isActive: true, deletedAt: null } },
    { populate: ['taxRate'] },
  );
  for (const link of links) {
    const rate = link.taxRate.getEntity();
    byGroup.get(link.taxGroup.id)!.push({
      id: rate.id,
      name: rate.name,
      rate: rate.rate,
      isCompound: rate.isCompound,
      sortOrder: link.sortOrder,
    });
  }
  for (const [id, rates] of byGroup) byGroup.set(id, orderRates(rates));
  return byGroup;
}

/**
 * What a sale charges: for each tax group id, the rates of that group that apply (live and active, with
 * their names), in the order the tax engine applies them. Unknown ids map to an empty list. One query.
 */
export function taxRatesForGroups(
  ctx: RequestContext,
  groupIds: readonly string[],
): Promise<Map<string, ProductTaxRate[]>> {
  return applicableRates(ctx, groupIds);
}
