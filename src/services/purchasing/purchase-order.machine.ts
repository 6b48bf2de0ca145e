import { PurchaseOrderStatus } from '../../entities/purchase-order.entity.js';
import { AppError } from '../core/errors.js';
import { defineStateMachine } from '../core/state-machine.js';

const {
  DRAFT,
  SUBMITTED,
  APPROVED,
  SENT,
  PARTIALLY_RECEIVED: PARTIAL,
  RECEIVED,
  CANCELLED,
} = PurchaseOrderStatus;

/**
 * A purchase order's lifecycle: DRAFT → SUBMITTED → APPROVED → SENT, then receipts: PARTIALLY_RECEIVED
 * (again with each further partial delivery) until RECEIVED (every line in full, or the rest closed
 * short). CANCELLED from any state before the first receipt; after one, only closing short ends it.
 */
export const purchaseOrderMachine = defineStateMachine<PurchaseOrderStatus>('purchase order', {
  [DRAFT]: [SUBMITTED, CANCELLED],
  [SUBMITTED]: [APPROVED, CANCELLED],
  [APPROVED]: [SENT, CANCELLED],
  [SENT]: [PARTIAL, RECEIVED, CANCELLED],
  [PARTIAL]: [PARTIAL, RECEIVED],
  [RECEIVED]: [],
  [CANCELLED]: [],
});

type Document = { number: string; status: PurchaseOrderStatus };

/** Refuses (409 `INVALID_STATE`) editing or deleting an order that is no longer a DRAFT. */
export function assertDraft(po: Document, what: 'edited' | 'deleted'): void {
  if (po.status === DRAFT) return;
  throw new AppError(
    'INVALID_STATE',
    `Purchase order ${po.number} is ${po.status}: only a DRAFT can be ${what}`,
  );
}

/** Refuses (409) a receipt unless the order is SENT or PARTIALLY_RECEIVED. */
export function assertReceivable(po: Document): void {
  purchaseOrderMachine.assert(
    po.status,
    RECEIVED,
    () =>
      `Purchase order ${po.number} is ${po.status}: only a SENT or PARTIALLY_RECEIVED purchase order is received`,
  );
}

/** Refuses (409) a cancellation after a receipt (close it short instead) or of a closed order. */
export function assertCancellable(po: Document): void {
  purchaseOrderMachine.assert(po.status, CANCELLED, () =>
    po.status === PARTIAL
      ? `Purchase order ${po.number} has receipts: close it short instead (receive with closeShort: true)`
      : `Purchase order ${po.number} is ${po.status}: it can no longer be cancelled`,
  );
}
