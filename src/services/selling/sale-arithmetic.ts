import { assertComputedWithin, MAX_MONEY } from '../core/bounds.js';
import { mismatch, unprocessable } from '../core/errors.js';
import type { Permission } from '../auth/permissions.js';
import {
  choosePrice,
  computeLine,
  TaxInputError,
  type EffectivePrice,
  type LineResult,
  type ProductTaxRate,
} from '../pricing/index.js';
import type { ContextProduct, ContextTender, SaleContext } from './sale-context.js';
import type { PaymentInput, SaleInput, SaleLineInput, SaleTotals } from './sale-input.js';

/*
 * The sale's arithmetic, pure: what both writers check before a sale is recorded (the till's sale
 * against the server's own rates and tenders, a store's pushed sale against the taxes it states). Every
 * refusal is a 422 naming the field, with the stated and expected values when it is a figure.
 */

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Refuses (422) an unknown or inactive cashier, sales rep or customer named by the sale. */
export function checkPerson(
  field: string,
  id: string | null | undefined,
  state: boolean | null,
  what: string,
): void {
  if (!id) return;
  if (state === null) throw unprocessable(field, `no ${what} ${id}`);
  if (!state) throw unprocessable(field, `${what} ${id} is inactive`);
}

/** A line's figures as the tax engine reads them (both writers' lines have these). */
type LineFigures = Pick<SaleLineInput, 'unitPrice' | 'quantity' | 'discountAmount'>;

/** The line's figures from the tax engine, with its input errors named after the line. */
export function computeChecked(
  i: number,
  item: LineFigures,
  taxes: Parameters<typeof computeLine>[0]['taxes'],
): LineResult {
  try {
    return computeLine({
      unitPrice: item.unitPrice,
      quantity: item.quantity,
      discountAmount: item.discountAmount,
      taxes,
    });
  } catch (err) {
    if (err instanceof TaxInputError) throw unprocessable(`items.${i}.${err.field}`, err.reason);
    throw err;
  }
}

/**
 * Refuses (422) a line whose computed figures pass the largest amount, although each input was within
 * its own bound (a price × quantity beyond MAX_MONEY), naming the input that makes it so.
 */
export function checkLineBounds(i: number, computed: LineResult): void {
  assertComputedWithin(`items.${i}.quantity`, 'unitPrice × quantity', computed.extended, MAX_MONEY);
  assertComputedWithin(`items.${i}.lineTotal`, 'the line total', computed.lineTotal, MAX_MONEY);
}

/** Compares stated fields with expected ones, in the expected's order (422 on the first difference). */
function expectFields(at: string, stated: object, expected: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(expected)) {
    const given = (stated as Record<string, unknown>)[field];
    if (given !== value) throw mismatch(`${at}.${field}`, given, value);
  }
}

/** The line's own figures against the computed ones (both writers, after the line's taxes). */
function expectLineFigures(
  at: string,
  item: Pick<SaleLineInput, 'taxRate' | 'taxAmount' | 'lineTotal'>,
  computed: LineResult,
): void {
  expectFields(at, item, {
    taxRate: computed.taxRate,
    taxAmount: computed.taxAmount,
    lineTotal: computed.lineTotal,
  });
}

/**
 * A till's line against the server's rates for its product (in the order they apply): the taxes it
 * states must be those rates, with the tax the engine computes, and its figures the engine's.
 */
export function verifyLine(i: number, item: SaleLineInput, rates: readonly ProductTaxRate[]): LineResult {
  const computed = computeChecked(i, item, rates);
  checkLineBounds(i, computed);
  const at = `items.${i}`;
  if (item.taxes.length !== computed.taxes.length) {
    throw mismatch(`${at}.taxes`, `${item.taxes.length} taxes`, `${computed.taxes.length} taxes`);
  }
  computed.taxes.forEach((tax, t) =>
    expectFields(`${at}.taxes.${t}`, item.taxes[t], {
      taxRateName: rates[t].name,
      rate: tax.rate,
      isCompound: tax.isCompound,
      sortOrder: tax.sortOrder,
      taxAmount: tax.amount,
    }),
  );
  expectLineFigures(at, item, computed);
  return computed;
}

/** A line tax as a store states it in a pushed sale. */
export interface StatedStoreTax {
  taxRateId: string;
  rate: number;
  isCompound: boolean;
  sortOrder: number;
  taxableAmount: number;
  taxAmount: number;
}

/**
 * A store's line against the engine run on the taxes it states (HQ trusts the store's rates, which HQ's
 * may no longer be): each tax's base and amount, then the line's figures.
 */
export function verifyStatedLine(
  i: number,
  item: LineFigures &
    Pick<SaleLineInput, 'taxRate' | 'taxAmount' | 'lineTotal'> & { taxes: StatedStoreTax[] },
): LineResult {
  const stated = item.taxes.map((t) => ({
    id: t.taxRateId,
    rate: t.rate,
    isCompound: t.isCompound,
    sortOrder: t.sortOrder,
  }));
  const computed = computeChecked(i, item, stated);
  checkLineBounds(i, computed);
  computed.taxes.forEach((tax, t) =>
    expectFields(`items.${i}.taxes.${t}`, item.taxes[t], {
      taxRateId: tax.taxRateId,
      taxableAmount: tax.taxableAmount,
      taxAmount: tax.amount,
    }),
  );
  expectLineFigures(`items.${i}`, item, computed);
  return computed;
}

const TOTALS = {
  subtotal: "the sum of the lines' amounts",
  discountTotal: "the sum of the lines' discounts",
  taxTotal: "the sum of the lines' taxes",
  grandTotal: "the sale's total",
} as const;

/**
 * The sale's totals from its checked lines, compared with the stated ones. They are first refused (422)
 * when they pass the largest amount (many lines each within it): nothing is written that a report could
 * not add up.
 */
export function verifyTotals(stated: SaleTotals, lines: readonly LineResult[]): SaleTotals {
  const subtotal = sum(lines.map((l) => l.extended));
  const discountTotal = sum(lines.map((l) => l.discountAmount));
  const taxTotal = sum(lines.map((l) => l.taxAmount));
  const figures = { subtotal, discountTotal, taxTotal, grandTotal: subtotal - discountTotal + taxTotal };
  for (const [field, what] of Object.entries(TOTALS)) {
    assertComputedWithin(field, what, figures[field as keyof SaleTotals], MAX_MONEY);
  }
  for (const [field, expected] of Object.entries(figures)) {
    const given = stated[field as keyof SaleTotals];
    if (given !== expected) throw mismatch(field, given, expected);
  }
  return figures;
}

/** The sum of the payments, refused (422) beyond the largest amount. */
export function sumPayments(payments: ReadonlyArray<{ amount: number }>): number {
  const amountPaid = sum(payments.map((p) => p.amount));
  // Each payment is at most MAX_MONEY and there are at most MAX_PAYMENTS: the sum is exact, then bounded.
  assertComputedWithin('payments', 'the sum of the payments', amountPaid, MAX_MONEY);
  return amountPaid;
}

/**
 * A till's payments: known, active tenders; the sum covers the total; only cash may overpay, and the
 * overpayment is the change given.
 */
export function verifyPayments(
  payments: readonly PaymentInput[],
  tenders: ReadonlyMap<string, ContextTender>,
  grandTotal: number,
): { amountPaid: number; changeGiven: number } {
  payments.forEach((payment, i) => {
    const tender = tenders.get(payment.method);
    if (!tender) throw unprocessable(`payments.${i}.method`, `no tender ${payment.method}`);
    if (!tender.usable) throw unprocessable(`payments.${i}.method`, `tender ${payment.method} is inactive`);
  });
  const amountPaid = sumPayments(payments);
  if (amountPaid < grandTotal) {
    throw unprocessable('payments', `paid ${amountPaid}, due ${grandTotal}`, {
      stated: amountPaid,
      expected: grandTotal,
    });
  }
  const changeGiven = amountPaid - grandTotal;
  const cash = sum(payments.filter((p) => tenders.get(p.method)!.isCash).map((p) => p.amount));
  if (changeGiven > cash) {
    throw unprocessable(
      'payments',
      `overpaid by ${changeGiven} but only cash may be overpaid (cash tendered: ${cash})`,
      { stated: amountPaid, expected: grandTotal },
    );
  }
  return { amountPaid, changeGiven };
}

/**
 * A store's stated payment figures: what was paid is the sum of its payments, and the change is the
 * overpayment (never negative). The store already checked its tenders and who may overpay.
 */
export function verifyStatedPayments(
  stated: { amountPaid: number; changeGiven: number },
  payments: ReadonlyArray<{ amount: number }>,
  grandTotal: number,
): { amountPaid: number; changeGiven: number } {
  const amountPaid = sumPayments(payments);
  if (stated.amountPaid !== amountPaid) throw mismatch('amountPaid', stated.amountPaid, amountPaid);
  if (stated.changeGiven !== amountPaid - grandTotal || stated.changeGiven < 0) {
    throw mismatch('changeGiven', stated.changeGiven, Math.max(amountPaid - grandTotal, 0));
  }
  return { amountPaid, changeGiven: stated.changeGiven };
}

/** What a line charged below its price, or discounted, needs of whoever rings it up or approves it. */
export type OverridePermission = Extract<Permission, 'pos.price_override' | 'pos.discount'>;

/**
 * The price a line must be charged (a special, the store's price, else the product's), refusing (422) a
 * line priced above it: a till must never overcharge. Below it, or with a discount, the line needs an
 * override permission (`needs`), checked by the caller against the cashier or a manager's approval.
 */
export function priceLine(
  i: number,
  item: Pick<SaleLineInput, 'unitPrice' | 'discountAmount'>,
  product: ContextProduct,
): { price: EffectivePrice; needs: OverridePermission[] } {
  const price = choosePrice({
    productPrice: product.sellPrice,
    storePrice: product.storePrice,
    specials: product.specials ?? [],
  });
  if (item.unitPrice > price.price) {
    throw unprocessable(
      `items.${i}.unitPrice`,
      `${item.unitPrice} is above the price of ${product.sku}, ${price.price} (${price.source}): a line is never charged more`,
      { stated: item.unitPrice, expected: price.price },
    );
  }
  const needs: OverridePermission[] = [];
  if (item.unitPrice < price.price) needs.push('pos.price_override');
  if (item.discountAmount > 0) needs.push('pos.discount');
  return { price, needs };
}

/** A till's line once checked: what it stated, the product it sells, its price, the engine's figures. */
export interface CheckedLine {
  item: SaleLineInput;
  product: ContextProduct;
  price: EffectivePrice;
  /** The override permissions it needs (none when charged its price without discount). */
  needs: OverridePermission[];
  computed: LineResult;
  rates: readonly ProductTaxRate[];
}

/** A till's sale once checked: its lines, totals and payment figures, all the server's. */
export interface CheckedSale {
  lines: CheckedLine[];
  totals: SaleTotals;
  amountPaid: number;
  changeGiven: number;
}

/** What a till's sale is checked against: the facts `loadSaleContext` read. */
export type SaleFacts = Pick<
  SaleContext,
  'sessionId' | 'cashier' | 'rep' | 'customer' | 'tenders' | 'products' | 'rates'
>;

/**
 * Checks a till's sale against the server's facts, in order: lines present, an open session, the
 * people, each line (its product, its price, its figures), the totals, the payments. The first
 * difference is the 422.
 */
export function verifySale(input: SaleInput, c: SaleFacts): CheckedSale {
  if (input.items.length === 0) throw unprocessable('items', 'a sale needs at least one item');
  if (!c.sessionId) {
    throw unprocessable(
      'terminalId',
      `${input.terminalId} has no open register session: open the register first`,
    );
  }
  checkPerson('cashierId', input.cashierId, c.cashier, 'user');
  checkPerson('salesRepId', input.salesRepId, c.rep, 'sales rep');
  checkPerson('customerId', input.customerId, c.customer, 'customer');
  const lines = input.items.map((item, i): CheckedLine => {
    const product = c.products.get(item.productId);
    if (!product) throw unprocessable(`items.${i}.productId`, `no product ${item.productId}`);
    if (!product.isActive) throw unprocessable(`items.${i}.productId`, `${product.sku} is inactive`);
    const { price, needs } = priceLine(i, item, product);
    const rates = (product.taxGroupId && c.rates.get(product.taxGroupId)) || [];
    return { item, product, price, needs, computed: verifyLine(i, item, rates), rates };
  });
  const totals = verifyTotals(
    input,
    lines.map((l) => l.computed),
  );
  return { lines, totals, ...verifyPayments(input.payments, c.tenders, totals.grandTotal) };
}
