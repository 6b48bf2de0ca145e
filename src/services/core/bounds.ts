/**
 * The largest figures the product accepts: every money, quantity and stock input is checked against
 * one of these (`Money()`, `Quantity()`, `StockLevel()` in `schema/validators.ts` for the API, the
 * kinds of `sync/apply-event.ts` for what stores push), and so are the figures the server computes
 * from them before anything is written. Each is far beyond what a shop means, and small enough that
 * any sum the server makes of them stays an exact JavaScript number (below 2^53 ≈ 9.007 × 10^15), so
 * nothing is ever committed that cannot be read back.
 */
import { AppError } from './errors.js';

/**
 * One amount of money, in cents: 10^11 cents = 1,000,000,000.00 in the currency. A price, a cost, a
 * payment, a float, a count of cash, a line's figures, a sale's totals. 500 lines or 20 payments of
 * it sum to at most 5 × 10^13.
 */
export const MAX_MONEY = 100_000_000_000;

/** The quantity of one sale line, in thousandths: 10^9 = 1,000,000 units (or kg). */
export const MAX_QUANTITY = 1_000_000_000;

/**
 * A stock level, a physical count and a hand adjustment, in thousandths: 10^12 = a billion units,
 * either way (levels may be negative). A level is a running sum of movements, so the ledger checks it
 * after every move (`moveStock`).
 */
export const MAX_STOCK_LEVEL = 1_000_000_000_000;

/** Most lines a sale may have: far beyond any basket, small enough to bound one request's work. */
export const MAX_SALE_LINES = 500;

/** Most lines a purchase order may have (one per product). */
export const MAX_PURCHASE_ORDER_LINES = 500;

/** Most payments of one sale (split tenders). */
export const MAX_PAYMENTS = 20;

/** Most taxes on one line (a tax group holds at most 20 rates; room for groups changed meanwhile). */
export const MAX_LINE_TAXES = 50;

/** Whether `value` is an integer within ±`max` (a safe integer, since every bound is below 2^53). */
export function isWithin(value: unknown, max: number): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= max;
}

/**
 * Refuses (422) a figure the server computed from bounded inputs that still passes its bound (a line
 * whose price × quantity, or a sale whose lines, pass the largest amount), naming the input field.
 */
export function assertComputedWithin(field: string, what: string, value: number, max: number): void {
  if (!isWithin(value, max)) {
    throw new AppError('UNPROCESSABLE', {
      field,
      reason: `${what} is ${String(value)}, beyond the largest accepted (${max})`,
    });
  }
}
