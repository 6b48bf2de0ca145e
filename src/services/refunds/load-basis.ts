import type { RequestContext } from '../core/context.js';
import { AppError, invalid, notFound } from '../core/errors.js';
import { mergeBases, REFUND_BASIS_SQL, type RefundBasis } from './refund-basis.js';

/** A sale's basis from this server's own rows, or null when it holds no such sale. */
export async function localBasis(
  ctx: RequestContext,
  key: { id: string } | { storeId: string; terminalId: string; receiptNumber: string },
): Promise<RefundBasis | null> {
  const [where, params] =
    'id' in key
      ? ['s.id = ?', [key.id]]
      : [
          's.store_id = ? and s.terminal_id = ? and s.receipt_number = ?',
          [key.storeId, key.terminalId, key.receiptNumber],
        ];
  const [row] = await ctx.em.execute<Array<RefundBasis>>(`${REFUND_BASIS_SQL} where ${where}`, params);
  return row ?? null;
}

/**
 * What a refund of `saleId` is computed from, wherever this server is. HQ holds every sale and every
 * refund pushed to it. A store server asks HQ as well while HQ is reachable, and merges what HQ knows
 * (refunds made at other stores) with its own rows (refunds not pushed yet); offline it refunds its own
 * store's sales from its own rows, and another store's sale is a 409: only HQ knows it.
 */
export async function refundBasisFor(ctx: RequestContext, saleId: string): Promise<RefundBasis> {
  const local = await localBasis(ctx, { id: saleId });
  const sync = ctx.runtime.mode === 'store' ? ctx.runtime.sync : undefined;
  const remote = sync?.saleBasis ? await sync.saleBasis(saleId) : null;
  if (!local && remote === undefined) {
    throw new AppError('INVALID_STATE', {
      field: 'saleId',
      reason: `sale ${saleId} is not one of this store's and HQ, which knows every store's sales, cannot be reached now: refund it once HQ is back, or at HQ`,
    });
  }
  const basis = mergeBases(local, (remote ?? null) as RefundBasis | null);
  if (!basis) throw notFound('Sale', saleId);
  return basis;
}

/**
 * Makes the refunds of one sale one at a time: a transaction lock on the sale's id (an advisory lock, so
 * it works for a sale this server holds no row of), held until the refund commits or rolls back.
 */
export async function lockSale(ctx: RequestContext, saleId: string): Promise<void> {
  await ctx.em.execute(`select pg_advisory_xact_lock(hashtextextended('refund:' || ?, 0))`, [saleId]);
}

/**
 * HQ, for a store server (`syncSale`): a sale and every refund of it, by id or by its receipt key (400
 * when neither is given whole; 404 when HQ has no such sale).
 */
export async function saleForStore(
  ctx: RequestContext,
  key: {
    id?: string | null;
    storeId?: string | null;
    terminalId?: string | null;
    receiptNumber?: string | null;
  },
): Promise<RefundBasis> {
  const basis = key.id
    ? await localBasis(ctx, { id: key.id })
    : key.storeId && key.terminalId && key.receiptNumber
      ? await localBasis(ctx, {
          storeId: key.storeId,
          terminalId: key.terminalId,
          receiptNumber: key.receiptNumber,
        })
      : undefined;
  if (basis === undefined)
    throw invalid('id', 'name the sale by id, or by storeId, terminalId and receiptNumber');
  if (!basis) throw notFound('Sale', key.id ?? key.receiptNumber ?? undefined);
  return basis;
}
