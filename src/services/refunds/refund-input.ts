import { createHash } from 'node:crypto';
import type { RefundItemInput, RefundPaymentInput } from './refund-arithmetic.js';

/** `POST /refunds` as the till sends it: quantities and amounts positive (the refund records them negative). */
export interface RefundInput {
  saleId: string;
  receiptNumber: string;
  terminalId: string;
  cashierId: string;
  reason: string;
  items: RefundItemInput[];
  payments: RefundPaymentInput[];
  /**
   * A manager's PIN allowing payments to a tender the sale did not use, when the caller may not. Not part
   * of the digest: a retry is the same refund whoever approved it.
   */
  approvedBy?: string | null;
}

/**
 * A digest of everything a refund request says, in a fixed order, for its idempotency key (store,
 * terminal, receipt number): a retry must say the same. HQ recomputes it from the pushed refund.
 */
export function refundDigest(storeId: string, input: Omit<RefundInput, 'approvedBy'>): string {
  const canonical = [
    'REFUND',
    storeId,
    input.saleId,
    input.receiptNumber,
    input.terminalId,
    input.cashierId,
    input.reason,
    input.items.map((i) => [i.saleItemId, i.quantity, i.disposition]),
    input.payments.map((p) => [p.method, p.amount, p.reference ?? null]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
