import { v7 as uuidv7 } from 'uuid';
import { Product } from '../../entities/product.entity.js';
import {
  StockMovement,
  StockMovementType,
  type AdjustmentReason,
} from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { recordEvent } from '../events/outbox.js';
import { stockAdjusted } from './stock-events.js';
import { AppError, invalid, notFound } from '../core/errors.js';
import { tradingScope } from '../core/scope.js';
import { recordMoves } from './stock-ledger.js';

/** The store is the request's scope (`ctx.scope`), decided by the access rule. */
export interface AdjustStockInput {
  productId: string;
  /** Signed change in thousandths; exactly one of `quantity` and `newQuantity`. */
  quantity?: number | null;
  /** The counted level in thousandths (a physical count); the change is the difference. */
  newQuantity?: number | null;
  reason: AdjustmentReason;
  notes?: string | null;
}

/**
 * Adjusts a product's stock at a store by hand: a signed change (`quantity`), or a physical count
 * (`newQuantity`) whose change is the count minus the level at that moment. Returns the ADJUSTMENT
 * movement; its `quantityAfter` is the new level.
 *
 * - The store is the request's scope, one the caller may trade for (`tradingScope`: the rule's
 *   `inventory.adjust` there).
 * - The product must exist and track stock (untracked products have no level: 409). Inactive products
 *   may be adjusted: counting or writing off old stock is legitimate.
 * - A count locks the level row before reading it, so a sale committing meanwhile is applied either
 *   before the count (and replaced by it) or after it (and kept), never lost. A count that matches
 *   records a movement of 0, so that the count itself is on record.
 */
export async function adjustStock(ctx: RequestContext, input: AdjustStockInput): Promise<StockMovement> {
  const isChange = input.quantity != null;
  const isCount = input.newQuantity != null;
  if (isChange === isCount) {
    throw invalid(
      isChange ? 'newQuantity' : 'quantity',
      isChange
        ? 'give either quantity (a change) or newQuantity (a count), not both'
        : 'give quantity (a change) or newQuantity (a count)',
    );
  }
  const store = await tradingScope(ctx);
  const product = await ctx.em.findOne(Product, { id: input.productId });
  if (!product) throw notFound('Product', input.productId);
  if (!product.trackStock) {
    throw new AppError('INVALID_STATE', {
      field: 'productId',
      reason: `product ${product.sku} does not track stock`,
    });
  }
  const quantity = isCount
    ? input.newQuantity! - (await lockedLevel(ctx, store.id, product.id))
    : input.quantity!;
  const [row] = await recordMoves(ctx, [
    {
      storeId: store.id,
      productId: product.id,
      quantity,
      type: StockMovementType.ADJUSTMENT,
      reason: input.reason,
      notes: input.notes ?? null,
      field: isCount ? 'newQuantity' : 'quantity',
    },
  ]);
  const movement = ctx.em.map(StockMovement, row as Record<string, unknown>);
  await recordEvent(ctx, stockAdjusted, () => ({
    id: movement.id,
    storeId: store.id,
    productId: product.id,
    quantity: movement.quantity,
    reason: input.reason,
    notes: movement.notes,
    userId: ctx.user?.id ?? null,
    createdAt: movement.createdAt.toISOString(),
    quantityAfter: movement.quantityAfter,
  }));
  return movement;
}

async function lockedLevel(ctx: RequestContext, storeId: string, productId: string): Promise<number> {
  const select = () =>
    ctx.em.execute<Array<{ quantity: string }>>(
      'select quantity from inventory_level where store_id = ? and product_id = ? for update',
      [storeId, productId],
    );
  let [level] = await select();
  if (!level) {
    const now = ctx.runtime.now();
    await ctx.em.execute(
      `insert into inventory_level (id, created_at, updated_at, version, store_id, product_id, quantity)
       values (?, ?, ?, 1, ?, ?, 0) on conflict (store_id, product_id) do nothing`,
      [uuidv7(), now, now, storeId, productId],
    );
    [level] = await select();
  }
  return Number(level.quantity);
}
