import { createHash } from 'node:crypto';
import type { RequestContext } from '../core/context.js';
import { conflict } from '../core/errors.js';
import type { SaleInput } from './sale-input.js';

/*
 * Idempotency of a sale on (store, terminal, receiptNumber): a retry must say the same as the first
 * request (its digest), or it is a 409.
 */

/** What the digest reads of a sale: a till's body, or a store's pushed sale (which says the same). */
export type DigestedSale = SaleInput;

/**
 * A digest of everything a sale request says, in a fixed order: a retry must say the same. Optional
 * fields count as null, so omitting one and sending null are the same request.
 */
export function requestDigest(storeId: string, input: DigestedSale): string {
  const canonical = [
    storeId,
    input.receiptNumber,
    input.cashierId,
    input.terminalId,
    input.subtotal,
    input.taxTotal,
    input.discountTotal,
    input.grandTotal,
    input.salesRepId ?? null,
    input.customerId ?? null,
    input.items.map((i) => [
      i.productId,
      i.productName,
      i.quantity,
      i.unitPrice,
      i.taxRate,
      i.taxAmount,
      i.discountAmount,
      i.lineTotal,
      i.taxes.map((t) => [t.taxRateName, t.rate, t.taxAmount, t.isCompound, t.sortOrder]),
    ]),
    input.payments.map((p) => [p.method, p.amount, p.reference ?? null]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The sale already recorded under a key, with its digest (read after losing the race at the insert). */
export async function saleByKey(
  ctx: RequestContext,
  key: { storeId: string; terminalId: string; receiptNumber: string },
): Promise<{ id: string; digest: string }> {
  const [row] = await ctx.em.execute<Array<{ id: string; request_digest: string }>>(
    'select id, request_digest from sale where store_id = ? and terminal_id = ? and receipt_number = ?',
    [key.storeId, key.terminalId, key.receiptNumber],
  );
  return { id: row.id, digest: row.request_digest };
}

/** Refuses (409) a request that reuses a sale's key with another body. */
export function assertSameRequest(
  input: Pick<SaleInput, 'receiptNumber' | 'terminalId'>,
  digest: string,
  existing: { digest: string },
): void {
  if (existing.digest !== digest) {
    throw conflict({
      field: 'receiptNumber',
      reason: `${input.receiptNumber} of terminal ${input.terminalId} was already used for another sale`,
    });
  }
}
