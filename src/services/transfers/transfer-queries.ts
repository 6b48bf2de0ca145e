import type { FilterQuery } from '@mikro-orm/core';
import { Transfer, type TransferStatus } from '../../entities/transfer.entity.js';
import { holds } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { forbidden, invalid, notFound } from '../core/errors.js';
import { pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { readScope } from '../core/scope.js';

/** A transfer with its lines and steps, as it is in the database now (after a step's raw writes). */
export async function loadTransfer(ctx: RequestContext, id: string): Promise<Transfer> {
  const transfer = await ctx.em.findOne(Transfer, { id }, { populate: ['items', 'steps'], refresh: true });
  if (!transfer) throw notFound('Transfer', id);
  return transfer;
}

/** `GET /transfers/:id`: with its lines and steps, for a caller with `transfers.view` at either store. */
export async function getTransfer(ctx: RequestContext, id: string): Promise<Transfer> {
  const transfer = await loadTransfer(ctx, id);
  if (
    !holds(ctx, 'transfers.view', transfer.fromStoreId) &&
    !holds(ctx, 'transfers.view', transfer.toStoreId)
  ) {
    throw forbidden('Missing permission: transfers.view at either store of this transfer');
  }
  return transfer;
}

/** Which way a transfer goes, seen from the store listed. */
export enum TransferDirection {
  OUTGOING = 'OUTGOING',
  INCOMING = 'INCOMING',
}

/** The store (or every store) is the request's scope, decided by the access rule. */
export interface TransferFilter extends PageRequest {
  direction?: TransferDirection | null;
  status?: TransferStatus | null;
}

/**
 * `GET /transfers`: the transfers of a store, as source or destination (`direction` keeps one of the two;
 * it needs a store), or of every store; latest first, with lines and steps; paginated.
 */
export async function listTransfers(
  ctx: RequestContext,
  filter: TransferFilter,
): Promise<PageResult<Transfer>> {
  const storeId = await readScope(ctx);
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<Transfer> = {};
  if (filter.direction && !storeId) {
    throw invalid('direction', 'needs a store (store_id) to say which way');
  }
  if (storeId) {
    if (filter.direction === TransferDirection.OUTGOING) where.fromStoreId = storeId;
    else if (filter.direction === TransferDirection.INCOMING) where.toStoreId = storeId;
    else where.$or = [{ fromStoreId: storeId }, { toStoreId: storeId }];
  }
  if (filter.status) where.status = filter.status;
  const [items, total] = await ctx.em.findAndCount(Transfer, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    populate: ['items', 'steps'],
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}
