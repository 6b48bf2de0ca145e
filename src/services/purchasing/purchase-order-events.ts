import type { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { MAX_DOCUMENT_LINES } from '../core/bounds.js';
import { defineStoreEvent } from '../events/registry.js';
import { list, shape, type Infer } from '../events/shape.js';
import { MOVEMENT, movementPayload } from '../selling/index.js';
import type { AppliedReceipt } from './apply-receipt.js';
import { recordStoreReceipt } from './record-store-receipt.js';

/**
 * `purchase_order.received`: one receipt as the store recorded it (its id, time, user, lines, whether it
 * closed the order short and the note), with the PO_RECEIPT movements it made (their ids, one per product
 * whose stock the store tracks). HQ applies it to its copy of the order once, checked against what is
 * still open there: a receipt of an order HQ cancelled meanwhile, or of more than is open, is parked.
 */
const PURCHASE_ORDER_RECEIVED = shape({
  /** The receipt's id. */
  id: 'uuid',
  purchaseOrderId: 'uuid',
  storeId: 'uuid',
  userId: 'uuid',
  createdAt: 'date',
  note: 'string?',
  closeShort: 'bool',
  lines: list({ itemId: 'uuid', quantityReceived: 'quantity', unitCost: 'money' }, MAX_DOCUMENT_LINES),
  movements: list(MOVEMENT, MAX_DOCUMENT_LINES),
});
export type PurchaseOrderReceivedPayload = Infer<typeof PURCHASE_ORDER_RECEIVED>;

/** A receipt as it travels to HQ. */
function purchaseOrderReceivedPayload(
  po: PurchaseOrder,
  { receipt, movements }: AppliedReceipt,
): PurchaseOrderReceivedPayload {
  return {
    id: receipt.id,
    purchaseOrderId: po.id,
    storeId: receipt.storeId,
    userId: receipt.userId,
    createdAt: receipt.createdAt.toISOString(),
    note: receipt.note,
    closeShort: receipt.closeShort,
    lines: receipt.lines.map((line) => ({ ...line })),
    movements: movements.map((m) => movementPayload(m, receipt.userId)),
  };
}

/** A receipt of a purchase order at its store; HQ records it once (`recordStoreReceipt`). */
export const purchaseOrderReceived = defineStoreEvent('purchase_order.received', {
  shape: PURCHASE_ORDER_RECEIVED,
  build: purchaseOrderReceivedPayload,
  applyAtHq: recordStoreReceipt,
});
