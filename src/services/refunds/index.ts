/**
 * Refunds: a refund is a sale of type REFUND against an earlier sale, line by line, exact to the cent
 * (`refund-arithmetic.ts`), made at any store, offline for a store's own sales, and recorded at HQ once
 * it is checked against every refund of that sale.
 */
export { createRefund } from './create-refund.js';
export { refundableOf, type RefundableLine, type RefundableSale } from './refund-queries.js';
export type { RefundInput } from './refund-input.js';
export type { TaxRemaining, TenderRemaining } from './refund-arithmetic.js';
export { localBasis, saleForStore } from './load-basis.js';
export type { RefundBasis } from './refund-basis.js';
export { refundCreated, type RefundCreatedPayload } from './refund-events.js';
