import { assertComputedWithin, MAX_MONEY } from '../core/bounds.js';
import { AppError, unprocessable } from '../core/errors.js';
import { multiplyDivide } from '../core/money.js';

/*
 * The figures of a purchase order, pure: a line's total from its quantity (thousandths) and unit cost
 * (cents), the order's total, and what a receipt does to each line. Nothing here trusts a figure given
 * by the caller: totals are computed, and a receipt is checked against what is still open.
 */

/**
 * A line's total in cents: round_half_even(quantity × unitCost / 1000). Refused (422 naming `field`)
 * beyond the largest amount of money, or beyond what can be computed exactly.
 */
export function lineTotalOf(quantity: number, unitCost: number, field: string): number {
  let total: number;
  try {
    total = multiplyDivide(quantity, unitCost, 1000);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw unprocessable(field, 'quantity × unitCost is beyond the safe integer range');
  }
  assertComputedWithin(field, 'quantity × unitCost / 1000', total, MAX_MONEY);
  return total;
}

/** The order's total: the sum of its line totals (422 naming `field` beyond the largest amount). */
export function orderTotalOf(lineTotals: readonly number[], field = 'items'): number {
  const total = lineTotals.reduce((a, b) => a + b, 0);
  assertComputedWithin(field, 'the purchase order total', total, MAX_MONEY);
  return total;
}

/** A line as a receipt is checked against it (thousandths; cents). */
export interface ReceivableLine {
  id: string;
  lineNumber: number;
  productId: string;
  quantity: number;
  unitCost: number;
  quantityReceived: number;
  quantityClosedShort: number;
}

/** One line of a receipt as asked: which line, how much arrived, at what cost (default the line's). */
export interface PurchaseReceiptLineInput {
  itemId: string;
  quantityReceived: number;
  unitCost?: number | null;
}

/** What a receipt does: each line received (in the order asked), what it closes short, and whether it closes the order. */
export interface ReceiptPlan {
  received: Array<{ item: ReceivableLine; quantityReceived: number; unitCost: number }>;
  closedShort: Array<{ item: ReceivableLine; quantity: number }>;
  /** Every line is received in full, or closed short, after it: the order becomes RECEIVED. */
  complete: boolean;
}

const openOf = (item: ReceivableLine) => item.quantity - item.quantityReceived - item.quantityClosedShort;

/**
 * Checks a receipt against the order's lines as they stand (locked by the caller) and says what it
 * does. Refused (422, naming `items.N.…`): an unknown or repeated line, a quantity below 1, a negative
 * cost, or more than is still open on the line (received so far + now > ordered). Closing short an order
 * nothing was ever received on is a 409: that is a cancellation.
 */
export function planReceipt(
  items: readonly ReceivableLine[],
  input: { items: readonly PurchaseReceiptLineInput[]; closeShort?: boolean | null },
): ReceiptPlan {
  const byId = new Map(items.map((item) => [item.id, item]));
  const seen = new Set<string>();
  const received = input.items.map((line, i) => {
    const at = `items.${i}`;
    const item = byId.get(line.itemId);
    if (!item) throw unprocessable(`${at}.itemId`, `${line.itemId} is not a line of this purchase order`);
    if (seen.has(line.itemId)) throw unprocessable(`${at}.itemId`, `line ${item.lineNumber} is named twice`);
    seen.add(line.itemId);
    if (line.quantityReceived < 1) throw unprocessable(`${at}.quantityReceived`, 'must be at least 1');
    const unitCost = line.unitCost ?? item.unitCost;
    if (unitCost < 0) throw unprocessable(`${at}.unitCost`, 'must not be negative');
    const open = openOf(item);
    if (line.quantityReceived > open) {
      throw unprocessable(
        `${at}.quantityReceived`,
        `receives ${line.quantityReceived}, but only ${open} of line ${item.lineNumber} is still open (ordered ${item.quantity}, received ${item.quantityReceived})`,
        { open },
      );
    }
    return { item, quantityReceived: line.quantityReceived, unitCost };
  });
  const now = new Map(received.map((r) => [r.item.id, r.quantityReceived]));
  const left = items.map((item) => ({ item, quantity: openOf(item) - (now.get(item.id) ?? 0) }));
  if (!input.closeShort) return { received, closedShort: [], complete: left.every((l) => l.quantity === 0) };
  if (received.length === 0 && items.every((item) => item.quantityReceived === 0)) {
    throw new AppError(
      'INVALID_STATE',
      'Nothing has been received on this purchase order: cancel it instead of closing it short',
    );
  }
  return { received, closedShort: left.filter((l) => l.quantity > 0), complete: true };
}
