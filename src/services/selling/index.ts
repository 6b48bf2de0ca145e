/**
 * Sales: the till's write path, voids, the reads, and HQ's recording of the sales a store pushed.
 */
export { createSale } from './create-sale.js';
export { voidSale } from './void-sale.js';
export {
  getSale,
  listSales,
  receipt,
  type ReceiptData,
  type ReceiptTaxTotal,
  type SaleFilter,
} from './sale-queries.js';
export type { PaymentInput, SaleInput, SaleLineInput, SaleTotals, StatedLineTax } from './sale-input.js';
// The statements the bench's bare reference server runs as they are.
export { SALE_CONTEXT_SQL } from './sale-context.js';
export { INSERT_SALE_SQL } from './sale-writer.js';
// The pure arithmetic both writers check a sale with (unit-tested on its own).
export * from './sale-arithmetic.js';
export { saleMachine } from './sale.machine.js';
// The aggregate's one builder and writer, and the idempotency key's rules: refunds are sales too.
export { buildSaleAggregate, type SaleLineRow, type SalePaymentRow, type SaleRows } from './sale-rows.js';
export { insertSale } from './sale-writer.js';
export { assertSameRequest, saleByKey } from './idempotency.js';
// Store events and HQ's side of them.
export * from './sale-events.js';
export {
  applyStoreMovements,
  lookUpStoreSales,
  recordStoreSale,
  recordStoreVoid,
  type StoreSalesLookup,
} from './record-store-sale.js';
