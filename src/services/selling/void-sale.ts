import { LockMode } from '@mikro-orm/core';
import { RegisterSession, RegisterSessionStatus } from '../../entities/register-session.entity.js';
import { Sale, SaleStatus } from '../../entities/sale.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { AppError, notFound } from '../core/errors.js';
import { recordEvent } from '../events/outbox.js';
import { moveStock, type StockMoveResult } from '../inventory/index.js';
import { saleVoided } from './sale-events.js';
import { assertVoidable } from './sale.machine.js';
import { getSale } from './sale-queries.js';

/**
 * Voids a sale of a still-open register session: marks it VOIDED with who, when and why, and puts
 * back the stock it took. The session is share-locked, so a close cannot interleave; the sale is
 * row-locked, so voiding twice is a 409. (HQ's recording of a store's void is `recordStoreVoid`.)
 */
export async function voidSale(ctx: RequestContext, id: string, reason: string): Promise<Sale> {
  const sale = await ctx.em.findOne(Sale, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!sale) throw notFound('Sale', id);
  assertCan(ctx, 'pos.void', sale.storeId);
  assertVoidable(sale);
  const session = await ctx.em.findOneOrFail(
    RegisterSession,
    { id: sale.registerSessionId },
    { lockMode: LockMode.PESSIMISTIC_READ, refresh: true },
  );
  if (session.status !== RegisterSessionStatus.OPEN) {
    throw new AppError(
      'INVALID_STATE',
      'Only a sale of a still-open register session can be voided; later corrections are refunds',
    );
  }
  sale.status = SaleStatus.VOIDED;
  sale.voidedAt = ctx.runtime.now();
  sale.voidedById = ctx.user!.id;
  sale.voidReason = reason;
  await ctx.em.flush();
  const movements = await restoreStock(ctx, sale, reason);
  await recordEvent(ctx, saleVoided, () => saleVoided.build(sale, movements));
  return getSale(ctx, sale.id);
}

/** Puts back what the sale's SALE movements took, as VOID movements (none for untracked lines). */
async function restoreStock(ctx: RequestContext, sale: Sale, reason: string): Promise<StockMoveResult[]> {
  const taken = await ctx.em.execute<Array<{ product_id: string; quantity: string }>>(
    `select product_id, quantity from stock_movement where reference_id = ? and type = 'SALE'`,
    [sale.id],
  );
  if (!taken.length) return [];
  return moveStock(
    ctx,
    taken.map((m) => ({
      storeId: sale.storeId,
      productId: m.product_id,
      quantity: -Number(m.quantity),
      type: StockMovementType.VOID,
      referenceId: sale.id,
      notes: reason,
      // Putting stock back can take a level past its bound too: the void is what is refused.
      field: 'id',
    })),
  );
}
