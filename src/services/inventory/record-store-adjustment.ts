import { Product } from '../../entities/product.entity.js';
import { StockMovementType, type AdjustmentReason } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import type { StockAdjustedPayload } from './stock-events.js';
import { unprocessable } from '../core/errors.js';
import { recordMoves } from './stock-ledger.js';

/**
 * HQ: applies a store's stock adjustment (pushed as `stock.adjusted`) to HQ's copy of that store's
 * levels: the same movement (id, time, user), its change applied as a delta. No permission check (the
 * store checked its user); the product must exist.
 */
export async function recordStoreAdjustment(
  ctx: RequestContext,
  storeId: string,
  event: StockAdjustedPayload,
): Promise<void> {
  if (!(await ctx.em.count(Product, { id: event.productId }))) {
    throw unprocessable('productId', `no product ${event.productId}`);
  }
  await recordMoves(
    ctx,
    [
      {
        id: event.id,
        storeId,
        productId: event.productId,
        quantity: event.quantity,
        type: StockMovementType.ADJUSTMENT,
        reason: event.reason as AdjustmentReason,
        notes: event.notes,
      },
    ],
    { at: new Date(event.createdAt), userId: event.userId },
  );
}

/**
 * The level of a product at a store, its row locked until the transaction ends (created at 0 when the
 * product has never moved there: a lock needs a row, and two first counts must not both start at 0).
 */
