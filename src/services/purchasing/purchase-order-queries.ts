import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { PurchaseOrder, type PurchaseOrderStatus } from '../../entities/purchase-order.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { readScope } from '../core/scope.js';

/** The store (or every store) is the request's scope, decided by the access rule. */
export interface PurchaseOrderFilter extends PageRequest {
  status?: PurchaseOrderStatus | null;
  supplierId?: string | null;
}

/**
 * A purchase order with its lines and receipts, read afresh (a receipt writes its figures with SQL), or
 * NOT_FOUND.
 */
export async function getPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  const po = await ctx.em.findOne(PurchaseOrder, { id }, { populate: ['items', 'receipts'], refresh: true });
  if (!po) throw notFound('Purchase order', id);
  return po;
}

/** A purchase order for a caller holding purchase_orders.view at its store (403 otherwise). */
export async function viewPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  const po = await getPurchaseOrder(ctx, id);
  assertCan(ctx, 'purchase_orders.view', po.storeId);
  return po;
}

/**
 * Purchase orders matching the filter, latest first, each with its lines and receipts; paginated. Scoped
 * like every list of store records (`readScope`): a store-level grant reads its own store's.
 */
export async function listPurchaseOrders(
  ctx: RequestContext,
  filter: PurchaseOrderFilter,
): Promise<PageResult<PurchaseOrder>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const storeId = await readScope(ctx);
  const where: FilterQuery<PurchaseOrder> = {};
  if (storeId) where.storeId = storeId;
  if (filter.status) where.status = filter.status;
  if (filter.supplierId) where.supplierId = filter.supplierId;
  const [items, total] = await ctx.em.findAndCount(PurchaseOrder, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit,
    offset,
  });
  await ctx.em.populate(items, ['items', 'receipts']);
  return { items, total, page, pageSize };
}

/**
 * The purchase order locked for writing until the transaction ends, with its lines, or NOT_FOUND: every
 * change of an order or its lines takes it first, so that two edits, or two receipts, of one order run
 * one after the other (and parallel receipts cannot both take what is left of a line).
 */
export async function lockPurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  const po = await findLockedPurchaseOrder(ctx, id);
  if (!po) throw notFound('Purchase order', id);
  return po;
}

/** `lockPurchaseOrder`, null when there is no such order (HQ applying a store's receipt says why itself). */
export async function findLockedPurchaseOrder(
  ctx: RequestContext,
  id: string,
): Promise<PurchaseOrder | null> {
  // Locked alone, then its lines read: a lock cannot be taken across the outer join of a populate.
  const po = await ctx.em.findOne(
    PurchaseOrder,
    { id },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (po) await ctx.em.populate(po, ['items'], { refresh: true });
  return po;
}
