import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { Tender } from '../../entities/tender.entity.js';
import type { RequestContext } from '../core/context.js';
import { conflict, notFound } from '../core/errors.js';
import { assertCodeNeverUsed, assertUnchanged } from '../core/guards.js';

export interface TenderInput {
  code: string;
  name: string;
  isCash: boolean;
  isActive?: boolean | null;
  sortOrder?: number | null;
}

export interface TenderFilter {
  isActive?: boolean | null;
}

/** Live tenders in till order: sort order, then name. */
export function listTenders(ctx: RequestContext, filter: TenderFilter = {}): Promise<Tender[]> {
  const where: FilterQuery<Tender> = { deletedAt: null };
  if (filter.isActive != null) where.isActive = filter.isActive;
  return ctx.em.find(Tender, where, { orderBy: { sortOrder: 'asc', name: 'asc', id: 'asc' } });
}

/** A live tender by id, or NOT_FOUND. */
export async function getTender(ctx: RequestContext, id: string): Promise<Tender> {
  const tender = await ctx.em.findOne(Tender, { id, deletedAt: null });
  if (!tender) throw notFound('Tender', id);
  return tender;
}

/**
 * Locks the live active cash tenders. Every request that could take the last one away locks them first
 * (in id order, so concurrent requests queue rather than deadlock): the second of two requests
 * deactivating different cash tenders then sees the first one's change and is refused.
 */
function lockActiveCashTenders(ctx: RequestContext): Promise<Tender[]> {
  return ctx.em.find(
    Tender,
    { isCash: true, isActive: true, deletedAt: null },
    { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
}

/** Whether `tender` is the only active cash tender in `activeCash` (a till must always take cash). */
function isLastCash(tender: Tender, activeCash: Tender[]): boolean {
  return activeCash.length === 1 && activeCash[0].id === tender.id;
}

/**
 * Creates a tender. Its code (upper-cased) must never have been used, not even by a deleted tender:
 * recorded payments name their tender by code.
 */
export async function createTender(ctx: RequestContext, input: TenderInput): Promise<Tender> {
  const code = input.code.toUpperCase();
  await assertCodeNeverUsed(ctx, Tender, code, 'tender');
  const tender = ctx.em.create(Tender, {
    code,
    name: input.name,
    isCash: input.isCash,
    isActive: input.isActive ?? true,
    sortOrder: input.sortOrder ?? 0,
  });
  await ctx.em.flush();
  return tender;
}

/**
 * Updates the fields given. The code cannot change. The last active cash tender can be neither
 * deactivated nor turned into a non-cash tender.
 */
export async function updateTender(
  ctx: RequestContext,
  id: string,
  input: Partial<TenderInput>,
): Promise<Tender> {
  const mayRemoveCash = input.isActive === false || input.isCash === false;
  const activeCash = mayRemoveCash ? await lockActiveCashTenders(ctx) : [];
  const tender = await getTender(ctx, id);
  assertUnchanged('code', tender.code, input.code, (code) => code.toUpperCase());
  if (isLastCash(tender, activeCash)) {
    if (input.isCash === false)
      throw conflict({
        field: 'isCash',
        reason: 'this is the last active cash tender; a till must always take cash',
      });
    if (input.isActive === false)
      throw conflict({
        field: 'isActive',
        reason: 'this is the last active cash tender; a till must always take cash',
      });
  }
  if (input.name != null) tender.name = input.name;
  if (input.isCash != null) tender.isCash = input.isCash;
  if (input.isActive != null) tender.isActive = input.isActive;
  if (input.sortOrder != null) tender.sortOrder = input.sortOrder;
  await ctx.em.flush();
  return tender;
}

/**
 * Soft delete: the row stays (payments name it by code, and the code is never reused) but leaves
 * every list and the till. The last active cash tender cannot be deleted.
 */
export async function deleteTender(ctx: RequestContext, id: string): Promise<Tender> {
  const activeCash = await lockActiveCashTenders(ctx);
  const tender = await getTender(ctx, id);
  if (isLastCash(tender, activeCash))
    throw conflict('This is the last active cash tender and cannot be deleted: a till must always take cash');
  tender.deletedAt = new Date();
  tender.isActive = false;
  await ctx.em.flush();
  return tender;
}
