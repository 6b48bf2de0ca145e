/**
 * Purchase orders: goods ordered from a supplier for one store. HQ owns the order (created, edited while
 * DRAFT, submitted, approved, sent and cancelled there: `purchase-order.machine.ts`); its store receives
 * it, on its own server and offline too, and each receipt (`applyReceipt`, the one writer of receipts)
 * brings the goods into stock and reaches HQ as `purchase_order.received`. Totals are computed
 * (`purchase-order-arithmetic.ts`), never taken from the caller.
 */
export { createPurchaseOrder, type PurchaseOrderInput } from './create-purchase-order.js';
export {
  addPurchaseOrderItem,
  deletePurchaseOrder,
  removePurchaseOrderItem,
  updatePurchaseOrder,
  updatePurchaseOrderItem,
  type PurchaseOrderChanges,
} from './edit-purchase-order.js';
export type { PurchaseOrderLineInput } from './purchase-order-lines.js';
export {
  approvePurchaseOrder,
  cancelPurchaseOrder,
  sendPurchaseOrder,
  submitPurchaseOrder,
} from './purchase-order-steps.js';
export { receivePurchaseOrder } from './receive-purchase-order.js';
export type { ReceiptInput } from './apply-receipt.js';
export type { PurchaseReceiptLineInput } from './purchase-order-arithmetic.js';
export { listPurchaseOrders, viewPurchaseOrder, type PurchaseOrderFilter } from './purchase-order-queries.js';
export { purchaseOrderMachine } from './purchase-order.machine.js';
export { purchaseOrderReceived, type PurchaseOrderReceivedPayload } from './purchase-order-events.js';
