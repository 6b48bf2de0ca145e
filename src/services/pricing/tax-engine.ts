import { multiplyDivide } from '../core/money.js';

/**
 * The tax engine: pure arithmetic on integers, no database. Every place that computes a sale's figures
 * (the sale itself, receipts, reports' checks) goes through here, so that they agree to the cent.
 *
 * Per line, in this order (DOMAIN.md):
 * 1. `extended = round(unitPrice × quantity / 1000)` (quantity in thousandths)
 * 2. `net = extended − discountAmount`
 * 3. the rates of the product's tax group in `sortOrder`: a plain tax is `round(net × rate / 10000)`, a
 *    compound tax `round((net + the line's earlier taxes) × rate / 10000)` (rate in basis points)
 * 4. `taxAmount = Σ taxes`, `lineTotal = net + taxAmount`, `taxRate = Σ rates` (informational)
 *
 * Every rounding is half to even, per line and per rate. A tax-exempt line is one with no rates.
 * A discount never takes a line below 0 (`discountAmount` is at most `extended`, else refused). A
 * negative quantity (a return, for the refunds to come) mirrors a sale exactly: negative net and taxes.
 * Extension points: tax-inclusive prices would back the tax out of `net` at step 3 with the same
 * rounding; exemptions per customer would filter the rates before calling in.
 */

/** Basis points in 100 %. */
export const BASIS_POINTS = 10_000;
/** Thousandths in one unit of quantity. */
export const QUANTITY_SCALE = 1_000;
/** The highest rate accepted: 1000 %. */
export const MAX_TAX_RATE = 100_000;

/** A rate as it applies to a line. */
export interface TaxRateInput {
  /** Tax rate id (kept on the computed tax, so stored line taxes can name their rate). */
  id: string;
  /** Basis points, 0..MAX_TAX_RATE. */
  rate: number;
  isCompound: boolean;
  /** Position in the group; ties break by id so the order is always the same. */
  sortOrder: number;
}

export interface LineInput {
  /** Cents per unit. */
  unitPrice: number;
  /** Thousandths of a unit (2000 = 2 units, 1500 = 1.5 kg). */
  quantity: number;
  /** Cents off this line, 0..extended. Default 0. */
  discountAmount?: number;
  /** The rates of the product's tax group; empty for untaxed products. */
  taxes: readonly TaxRateInput[];
}

/** One tax charged on one line. */
export interface LineTax {
  taxRateId: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
  /** The amount this tax was computed on, in cents. */
  taxableAmount: number;
  /** The tax, in cents. */
  amount: number;
}

export interface LineResult {
  extended: number;
  discountAmount: number;
  net: number;
  taxes: LineTax[];
  taxAmount: number;
  lineTotal: number;
  /** Sum of the rates, in basis points (informational only: compounding makes it inexact). */
  taxRate: number;
}

export interface SaleResult {
  lines: LineResult[];
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  grandTotal: number;
}

/** Thrown for input the engine cannot compute (not an integer, out of range). `field` names it. */
export class TaxInputError extends RangeError {
  constructor(
    readonly field: string,
    /** What is wrong with the field (the message names the field first). */
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

function requireInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new TaxInputError(field, 'must be an integer');
}

/**
 * `a × b / denominator` (see `multiplyDivide`), or a TaxInputError naming `field` when the result is not
 * a safe integer: input the engine cannot compute exactly, never a 500.
 */
function scaled(field: string, what: string, a: number, b: number, denominator: number): number {
  try {
    return multiplyDivide(a, b, denominator);
  } catch (err) {
    if (err instanceof RangeError) throw new TaxInputError(field, `${what} is beyond the safe integer range`);
    throw err;
  }
}

/** `value` when it is a safe integer, else a TaxInputError naming `field` (a sum that passed 2^53). */
function safeSum(field: string, what: string, value: number): number {
  if (!Number.isSafeInteger(value))
    throw new TaxInputError(field, `${what} is beyond the safe integer range`);
  return value;
}

/** The rates in the order they apply. */
export function orderRates<T extends TaxRateInput>(taxes: readonly T[]): T[] {
  return [...taxes].sort((a, b) => a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The figures of one line. */
export function computeLine(line: LineInput): LineResult {
  const discountAmount = line.discountAmount ?? 0;
  requireInteger('unitPrice', line.unitPrice);
  requireInteger('quantity', line.quantity);
  requireInteger('discountAmount', discountAmount);
  const extended = scaled('quantity', 'unitPrice × quantity', line.unitPrice, line.quantity, QUANTITY_SCALE);
  if (discountAmount < 0) throw new TaxInputError('discountAmount', 'must not be negative');
  if (discountAmount > Math.max(extended, 0))
    throw new TaxInputError('discountAmount', `must not exceed the line amount (${extended})`);
  const net = extended - discountAmount;

  const taxes: LineTax[] = [];
  let taxAmount = 0;
  let taxRate = 0;
  for (const tax of orderRates(line.taxes)) {
    requireInteger('rate', tax.rate);
    if (tax.rate < 0 || tax.rate > MAX_TAX_RATE)
      throw new TaxInputError('rate', `must be between 0 and ${MAX_TAX_RATE}`);
    const taxableAmount = safeSum(
      'taxAmount',
      'the compound tax base',
      tax.isCompound ? net + taxAmount : net,
    );
    const amount = scaled('taxAmount', 'the tax', taxableAmount, tax.rate, BASIS_POINTS);
    taxes.push({
      taxRateId: tax.id,
      rate: tax.rate,
      isCompound: tax.isCompound,
      sortOrder: tax.sortOrder,
      taxableAmount,
      amount,
    });
    taxAmount = safeSum('taxAmount', 'the line tax', taxAmount + amount);
    taxRate += tax.rate;
  }
  const lineTotal = safeSum('lineTotal', 'the line total', net + taxAmount);
  return { extended, discountAmount, net, taxes, taxAmount, lineTotal, taxRate };
}

/** The figures of a sale: each line, then the totals (`grandTotal = subtotal − discounts + tax`). */
export function computeSale(lines: readonly LineInput[]): SaleResult {
  const computed = lines.map(computeLine);
  let subtotal = 0;
  let discountTotal = 0;
  let taxTotal = 0;
  for (const line of computed) {
    subtotal += line.extended;
    discountTotal += line.discountAmount;
    taxTotal += line.taxAmount;
  }
  return {
    lines: computed,
    subtotal,
    discountTotal,
    taxTotal,
    grandTotal: subtotal - discountTotal + taxTotal,
  };
}
