import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { SalesRep } from '../../entities/sales-rep.entity.js';
import type { RequestContext } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { assertCodeNeverUsed, assertUnchanged } from '../core/guards.js';
import { likePattern, pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { nameConditions, normalizeSearch, tidyName } from '../core/name-search.js';

export interface SalesRepInput {
  code: string;
  firstName: string;
  lastName: string;
  phone?: string | null;
  email?: string | null;
  isActive?: boolean | null;
}

export interface SalesRepFilter extends PageRequest {
  /** Matches code, first, last or full name, case-insensitively. */
  search?: string | null;
  isActive?: boolean | null;
}

/** Live sales reps matching the filter, by code. */
export async function listSalesReps(
  ctx: RequestContext,
  filter: SalesRepFilter,
): Promise<PageResult<SalesRep>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<SalesRep> = { deletedAt: null };
  const search = normalizeSearch(filter.search);
  if (search) where.$or = [{ code: { $ilike: likePattern(search) } }, ...nameConditions<SalesRep>(search)];
  if (filter.isActive != null) where.isActive = filter.isActive;
  const [items, total] = await ctx.em.findAndCount(SalesRep, where, {
    orderBy: { code: 'asc', id: 'asc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

async function findLive(ctx: RequestContext, id: string, lockMode?: LockMode): Promise<SalesRep> {
  const rep = await ctx.em.findOne(SalesRep, { id, deletedAt: null }, { lockMode });
  if (!rep) throw notFound('Sales rep', id);
  return rep;
}

/** A live sales rep, or NOT_FOUND. */
export function getSalesRep(ctx: RequestContext, id: string): Promise<SalesRep> {
  return findLive(ctx, id);
}

/**
 * Creates a sales rep. The code is stored upper-case and never reused, not even after a delete:
 * commission reports group history by code.
 */
export async function createSalesRep(ctx: RequestContext, input: SalesRepInput): Promise<SalesRep> {
  const code = input.code.toUpperCase();
  await assertCodeNeverUsed(ctx, SalesRep, code, 'sales rep');
  const rep = ctx.em.create(SalesRep, {
    code,
    firstName: tidyName(input.firstName),
    lastName: tidyName(input.lastName),
    phone: input.phone?.trim() ?? null,
    email: input.email?.toLowerCase() ?? null,
    isActive: input.isActive ?? true,
  });
  await ctx.em.flush();
  return rep;
}

/** Updates the fields given; `null` clears an optional field. The code cannot change. */
export async function updateSalesRep(
  ctx: RequestContext,
  id: string,
  input: Partial<SalesRepInput>,
): Promise<SalesRep> {
  const rep = await getSalesRep(ctx, id);
  assertUnchanged('code', rep.code, input.code, (code) => code.toUpperCase());
  if (input.firstName != null) rep.firstName = tidyName(input.firstName);
  if (input.lastName != null) rep.lastName = tidyName(input.lastName);
  if (input.phone !== undefined) rep.phone = input.phone?.trim() ?? null;
  if (input.email !== undefined) rep.email = input.email?.toLowerCase() ?? null;
  if (input.isActive != null) rep.isActive = input.isActive;
  await ctx.em.flush();
  return rep;
}

/** Flips the active flag (inactive reps cannot be credited with new sales). */
export async function toggleSalesRepActive(ctx: RequestContext, id: string): Promise<SalesRep> {
  const rep = await getSalesRep(ctx, id);
  rep.isActive = !rep.isActive;
  await ctx.em.flush();
  return rep;
}

/**
 * Soft delete: the rep becomes inactive and disappears from lists and look-ups; sales keep pointing at
 * it and its code stays taken. Locked so that a sale checking the rep either sees it deleted or
 * finishes first.
 */
export async function deleteSalesRep(ctx: RequestContext, id: string): Promise<SalesRep> {
  const rep = await findLive(ctx, id, LockMode.PESSIMISTIC_WRITE);
  rep.deletedAt = new Date();
  rep.isActive = false;
  await ctx.em.flush();
  return rep;
}
