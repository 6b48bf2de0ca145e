import { AdjustmentReason } from '../../entities/stock-movement.entity.js';
import { defineStoreEvent } from '../events/registry.js';
import { oneOf, shape, type Infer } from '../events/shape.js';
import { recordStoreAdjustment } from './record-store-adjustment.js';

/**
 * `stock.adjusted`: the ADJUSTMENT movement (a count travels as the change it made at the store), with
 * the movement's id, time and user.
 */
const STOCK_ADJUSTED = shape({
  /** The movement's id. */
  id: 'uuid',
  storeId: 'uuid',
  productId: 'uuid',
  // A change may be as large as a level (a count); HQ's ledger refuses one that leaves the level out of bounds.
  quantity: 'int',
  reason: oneOf(AdjustmentReason),
  notes: 'string?',
  userId: 'uuid?',
  createdAt: 'date',
  /** The store's level after it (informational: HQ applies the delta). */
  quantityAfter: 'int',
});
export type StockAdjustedPayload = Infer<typeof STOCK_ADJUSTED>;

/** A store's stock adjustment, recorded at HQ by `recordStoreAdjustment` (`record-store-adjustment.ts`). */
export const stockAdjusted = defineStoreEvent('stock.adjusted', {
  shape: STOCK_ADJUSTED,
  applyAtHq: recordStoreAdjustment,
});
