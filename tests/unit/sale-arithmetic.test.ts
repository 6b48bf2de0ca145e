import { AppError } from '../../src/services/core/errors';
import {
  checkPerson,
  priceLine,
  verifySale,
  verifyStatedLine,
  verifyStatedPayments,
  verifyTotals,
  type SaleFacts,
} from '../../src/services/selling/sale-arithmetic';
import type { SaleInput, SaleLineInput } from '../../src/services/selling/sale-input';

/*
 * The sale's arithmetic, rule by rule, in the manner of Vendure's order calculator spec: every expected
 * figure is worked out by hand here (banker's rounding, half to even), never by the code under test.
 *
 * The basket, at 8.25 % state tax and a 1 % city tax compounded on it:
 *   A: 2 × 10.99 = 21.98, no discount; state 2198 × 8.25 % = 181.335 → 181; total 2379; rate 825.
 *   B: 1.5 × 2.50 = 3.75, 0.25 off → net 350; state 350 × 8.25 % = 28.875 → 29;
 *      city (350 + 29) × 1 % = 3.79 → 4; tax 33; total 383; rate 925.
 *   subtotal 2198 + 375 = 2573; discounts 25; tax 181 + 33 = 214; grand total 2573 − 25 + 214 = 2762.
 */

const MAX_MONEY = 100_000_000_000;
const STATE = { id: 'rate-state', name: 'State', rate: 825, isCompound: false, sortOrder: 0 };
const CITY = { id: 'rate-city', name: 'City', rate: 100, isCompound: true, sortOrder: 1 };

function product(id: string, sku: string, taxGroupId: string | null, sellPrice: number, isActive = true) {
  return {
    id,
    sku,
    name: sku,
    isActive,
    trackStock: true,
    costPrice: 100,
    sellPrice,
    taxGroupId,
    storePrice: null,
    specials: null,
  };
}

function facts(overrides: Partial<SaleFacts> = {}): SaleFacts {
  return {
    sessionId: 'session-1',
    cashier: true,
    rep: null,
    customer: null,
    products: new Map([
      ['p-a', product('p-a', 'SKU-A', 'g-state', 1099)],
      ['p-b', product('p-b', 'SKU-B', 'g-both', 250)],
      ['p-free', product('p-free', 'SKU-FREE', null, MAX_MONEY)],
      ['p-old', product('p-old', 'SKU-OLD', null, 100, false)],
    ]),
    rates: new Map([
      ['g-state', [STATE]],
      ['g-both', [STATE, CITY]],
    ]),
    tenders: new Map([
      ['CASH', { id: 't-cash', code: 'CASH', isCash: true, usable: true }],
      ['CARD', { id: 't-card', code: 'CARD', isCash: false, usable: true }],
      ['CHEQUE', { id: 't-cheque', code: 'CHEQUE', isCash: false, usable: false }],
    ]),
    ...overrides,
  };
}

const lineA = (): SaleLineInput => ({
  productId: 'p-a',
  productName: 'A',
  quantity: 2000,
  unitPrice: 1099,
  taxRate: 825,
  taxAmount: 181,
  discountAmount: 0,
  lineTotal: 2379,
  taxes: [{ taxRateName: 'State', rate: 825, taxAmount: 181, isCompound: false, sortOrder: 0 }],
});

const lineB = (): SaleLineInput => ({
  productId: 'p-b',
  productName: 'B',
  quantity: 1500,
  unitPrice: 250,
  taxRate: 925,
  taxAmount: 33,
  discountAmount: 25,
  lineTotal: 383,
  taxes: [
    { taxRateName: 'State', rate: 825, taxAmount: 29, isCompound: false, sortOrder: 0 },
    { taxRateName: 'City', rate: 100, taxAmount: 4, isCompound: true, sortOrder: 1 },
  ],
});

function sale(overrides: Partial<SaleInput> = {}): SaleInput {
  return {
    receiptNumber: 'R-1',
    cashierId: 'user-1',
    terminalId: 'T01',
    subtotal: 2573,
    discountTotal: 25,
    taxTotal: 214,
    grandTotal: 2762,
    items: [lineA(), lineB()],
    payments: [{ method: 'CASH', amount: 3000 }],
    ...overrides,
  };
}

/** The 422 (or other AppError) a call throws, as a client reads it. */
function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const { field, stated, expected } = err.extensions as Record<string, unknown>;
    return { code: err.code, message: err.message, field, stated, expected };
  }
  throw new Error('not refused');
}

describe('the price a line must be charged (priceLine)', () => {
  const coffee = { ...product('p-c', 'COFFEE', null, 999), storePrice: 949 };
  const line = (unitPrice: number, discountAmount = 0) => ({ unitPrice, discountAmount });

  it('is the store price over the product price, and a special over both (the lowest, then the oldest)', () => {
    expect(priceLine(0, line(949), coffee)).toEqual({
      price: { price: 949, source: 'STORE_PRICE' },
      needs: [],
    });
    const specials = [
      { id: 'b-special', specialPrice: 800 },
      { id: 'a-special', specialPrice: 800 },
      { id: 'c-special', specialPrice: 850 },
    ];
    expect(priceLine(0, line(800), { ...coffee, specials })).toEqual({
      price: { price: 800, source: 'SPECIAL', specialId: 'a-special' },
      needs: [],
    });
    expect(priceLine(0, line(999), { ...coffee, storePrice: null }).price).toEqual({
      price: 999,
      source: 'PRODUCT',
    });
  });

  it('refuses (422) a line charged above it, naming the line with both prices', () => {
    expect(refusal(() => priceLine(2, line(950), coffee))).toEqual({
      code: 'UNPROCESSABLE',
      field: 'items.2.unitPrice',
      message:
        'items.2.unitPrice: 950 is above the price of COFFEE, 949 (STORE_PRICE): a line is never charged more',
      stated: 950,
      expected: 949,
    });
  });

  it('needs pos.price_override below it, and pos.discount for any discount', () => {
    expect(priceLine(0, line(1), coffee).needs).toEqual(['pos.price_override']);
    expect(priceLine(0, line(949, 1), coffee).needs).toEqual(['pos.discount']);
    expect(priceLine(0, line(900, 100), coffee).needs).toEqual(['pos.price_override', 'pos.discount']);
  });
});

describe('a till sale (verifySale)', () => {
  it('accepts the hand-worked basket and returns the server figures', () => {
    const checked = verifySale(sale(), facts());
    expect(checked.totals).toEqual({ subtotal: 2573, discountTotal: 25, taxTotal: 214, grandTotal: 2762 });
    expect(checked).toMatchObject({ amountPaid: 3000, changeGiven: 238 });
    expect(checked.lines.map((l) => l.computed)).toEqual([
      {
        extended: 2198,
        discountAmount: 0,
        net: 2198,
        taxAmount: 181,
        lineTotal: 2379,
        taxRate: 825,
        taxes: [
          {
            taxRateId: 'rate-state',
            rate: 825,
            isCompound: false,
            sortOrder: 0,
            taxableAmount: 2198,
            amount: 181,
          },
        ],
      },
      {
        extended: 375,
        discountAmount: 25,
        net: 350,
        taxAmount: 33,
        lineTotal: 383,
        taxRate: 925,
        taxes: [
          {
            taxRateId: 'rate-state',
            rate: 825,
            isCompound: false,
            sortOrder: 0,
            taxableAmount: 350,
            amount: 29,
          },
          {
            taxRateId: 'rate-city',
            rate: 100,
            isCompound: true,
            sortOrder: 1,
            taxableAmount: 379,
            amount: 4,
          },
        ],
      },
    ]);
    expect(checked.lines.map((l) => l.product.sku)).toEqual(['SKU-A', 'SKU-B']);
  });

  it('lets a card pay exactly and cash give the change of a split payment', () => {
    expect(verifySale(sale({ payments: [{ method: 'CARD', amount: 2762 }] }), facts())).toMatchObject({
      amountPaid: 2762,
      changeGiven: 0,
    });
    // 1000 on card + 2000 cash = 3000: 238 change, which the 2000 of cash covers.
    const split = [
      { method: 'CARD', amount: 1000 },
      { method: 'CASH', amount: 2000 },
    ];
    expect(verifySale(sale({ payments: split }), facts())).toMatchObject({
      amountPaid: 3000,
      changeGiven: 238,
    });
  });

  it('needs a line and an open session', () => {
    expect(refusal(() => verifySale(sale({ items: [] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items: a sale needs at least one item',
      field: 'items',
    });
    expect(refusal(() => verifySale(sale(), facts({ sessionId: null })))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'terminalId: T01 has no open register session: open the register first',
      field: 'terminalId',
    });
  });

  it('refuses an unknown or inactive cashier, rep or customer', () => {
    expect(refusal(() => verifySale(sale(), facts({ cashier: null })))).toMatchObject({
      message: 'cashierId: no user user-1',
      field: 'cashierId',
    });
    expect(refusal(() => verifySale(sale(), facts({ cashier: false })))).toMatchObject({
      message: 'cashierId: user user-1 is inactive',
    });
    expect(refusal(() => verifySale(sale({ salesRepId: 'rep-1' }), facts({ rep: null })))).toMatchObject({
      message: 'salesRepId: no sales rep rep-1',
      field: 'salesRepId',
    });
    expect(refusal(() => verifySale(sale({ customerId: 'c-1' }), facts({ customer: false })))).toMatchObject({
      message: 'customerId: customer c-1 is inactive',
      field: 'customerId',
    });
    // Not named: nothing to check, whatever the context says.
    expect(() => checkPerson('salesRepId', null, null, 'sales rep')).not.toThrow();
  });

  it('refuses an unknown or inactive product, naming the line', () => {
    const unknown = { ...lineA(), productId: 'p-none' };
    expect(refusal(() => verifySale(sale({ items: [lineA(), unknown] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.1.productId: no product p-none',
      field: 'items.1.productId',
    });
    const old = { ...lineA(), productId: 'p-old' };
    expect(refusal(() => verifySale(sale({ items: [old] }), facts()))).toMatchObject({
      message: 'items.0.productId: SKU-OLD is inactive',
    });
  });

  it("names the line in the tax engine's input errors", () => {
    // B's amount is 375: a 376 discount is more than the line.
    const b = { ...lineB(), discountAmount: 376 };
    expect(refusal(() => verifySale(sale({ items: [lineA(), b] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.1.discountAmount: must not exceed the line amount (375)',
      field: 'items.1.discountAmount',
    });
  });

  it('refuses a line whose amount passes the largest accepted', () => {
    // 1,000,000,000.00 × 2 = 2,000,000,000.00 = 200000000000 cents, over MAX_MONEY.
    const big = { ...lineA(), productId: 'p-free', unitPrice: MAX_MONEY, taxes: [] };
    expect(refusal(() => verifySale(sale({ items: [big] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: `items.0.quantity: unitPrice × quantity is 200000000000, beyond the largest accepted (${MAX_MONEY})`,
      field: 'items.0.quantity',
    });
  });

  it("compares the stated taxes with the product's rates, field by field", () => {
    const none = { ...lineA(), taxes: [] };
    expect(refusal(() => verifySale(sale({ items: [none] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.0.taxes: stated 0 taxes, expected 1 taxes',
      field: 'items.0.taxes',
      stated: '0 taxes',
      expected: '1 taxes',
    });
    const renamed = lineB();
    renamed.taxes[1] = { ...renamed.taxes[1], taxRateName: 'Town' };
    expect(refusal(() => verifySale(sale({ items: [lineA(), renamed] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.1.taxes.1.taxRateName: stated Town, expected City',
      field: 'items.1.taxes.1.taxRateName',
      stated: 'Town',
      expected: 'City',
    });
    const notCompound = lineB();
    notCompound.taxes[1] = { ...notCompound.taxes[1], isCompound: false };
    expect(refusal(() => verifySale(sale({ items: [lineA(), notCompound] }), facts()))).toMatchObject({
      message: 'items.1.taxes.1.isCompound: stated false, expected true',
      stated: false,
      expected: true,
    });
    // 181.335 rounds to 181, not up.
    const roundedUp = lineA();
    roundedUp.taxes[0] = { ...roundedUp.taxes[0], taxAmount: 182 };
    expect(refusal(() => verifySale(sale({ items: [roundedUp] }), facts()))).toMatchObject({
      message: 'items.0.taxes.0.taxAmount: stated 182, expected 181',
      field: 'items.0.taxes.0.taxAmount',
      stated: 182,
      expected: 181,
    });
  });

  it("compares the line's rate, tax and total, in that order", () => {
    expect(refusal(() => verifySale(sale({ items: [{ ...lineB(), taxRate: 825 }] }), facts()))).toMatchObject(
      {
        message: 'items.0.taxRate: stated 825, expected 925',
      },
    );
    // The city tax compounds on the state tax: 33, not 29 + 3.50 → 32.
    const b = { ...lineB(), taxAmount: 32, lineTotal: 382 };
    expect(refusal(() => verifySale(sale({ items: [b] }), facts()))).toMatchObject({
      message: 'items.0.taxAmount: stated 32, expected 33',
      field: 'items.0.taxAmount',
    });
    expect(refusal(() => verifySale(sale({ items: [{ ...lineA(), lineTotal: 2380 }] }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.0.lineTotal: stated 2380, expected 2379',
      field: 'items.0.lineTotal',
      stated: 2380,
      expected: 2379,
    });
  });

  it('compares each total with the sum of the lines', () => {
    expect(refusal(() => verifySale(sale({ subtotal: 2548 }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'subtotal: stated 2548, expected 2573',
      field: 'subtotal',
      stated: 2548,
      expected: 2573,
    });
    expect(refusal(() => verifySale(sale({ discountTotal: 0 }), facts()))).toMatchObject({
      message: 'discountTotal: stated 0, expected 25',
    });
    expect(refusal(() => verifySale(sale({ taxTotal: 213 }), facts()))).toMatchObject({
      message: 'taxTotal: stated 213, expected 214',
    });
    expect(refusal(() => verifySale(sale({ grandTotal: 2787 }), facts()))).toMatchObject({
      message: 'grandTotal: stated 2787, expected 2762',
      field: 'grandTotal',
    });
  });

  it('refuses totals past the largest amount before comparing them', () => {
    // Two untaxed lines of 600,000,000.00 each: each within MAX_MONEY, their sum (120000000000) not.
    const line = { ...lineA(), productId: 'p-free', unitPrice: 60_000_000_000, quantity: 1000 };
    const big = { ...line, taxRate: 0, taxAmount: 0, lineTotal: 60_000_000_000, taxes: [] };
    expect(refusal(() => verifySale(sale({ items: [big, big], subtotal: 0 }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: `subtotal: the sum of the lines' amounts is 120000000000, beyond the largest accepted (${MAX_MONEY})`,
      field: 'subtotal',
    });
  });

  it('refuses unknown and inactive tenders, an underpayment and a non-cash overpayment', () => {
    expect(
      refusal(() => verifySale(sale({ payments: [{ method: 'GIFT', amount: 2762 }] }), facts())),
    ).toEqual({
      code: 'UNPROCESSABLE',
      message: 'payments.0.method: no tender GIFT',
      field: 'payments.0.method',
    });
    const cheque = [
      { method: 'CASH', amount: 10 },
      { method: 'CHEQUE', amount: 2752 },
    ];
    expect(refusal(() => verifySale(sale({ payments: cheque }), facts()))).toMatchObject({
      message: 'payments.1.method: tender CHEQUE is inactive',
      field: 'payments.1.method',
    });
    expect(
      refusal(() => verifySale(sale({ payments: [{ method: 'CASH', amount: 2000 }] }), facts())),
    ).toEqual({
      code: 'UNPROCESSABLE',
      message: 'payments: paid 2000, due 2762',
      field: 'payments',
      stated: 2000,
      expected: 2762,
    });
    // 3000 by card on 2762: 238 over, and no cash to give it back from.
    expect(
      refusal(() => verifySale(sale({ payments: [{ method: 'CARD', amount: 3000 }] }), facts())),
    ).toEqual({
      code: 'UNPROCESSABLE',
      message: 'payments: overpaid by 238 but only cash may be overpaid (cash tendered: 0)',
      field: 'payments',
      stated: 3000,
      expected: 2762,
    });
    // 2800 card + 30 cash = 2830: 68 over, but only 30 of it was cash.
    const short = [
      { method: 'CARD', amount: 2800 },
      { method: 'CASH', amount: 30 },
    ];
    expect(refusal(() => verifySale(sale({ payments: short }), facts()))).toMatchObject({
      message: 'payments: overpaid by 68 but only cash may be overpaid (cash tendered: 30)',
    });
  });

  it('refuses payments whose sum passes the largest amount', () => {
    const payments = [
      { method: 'CASH', amount: 60_000_000_000 },
      { method: 'CASH', amount: 60_000_000_000 },
    ];
    expect(refusal(() => verifySale(sale({ payments }), facts()))).toEqual({
      code: 'UNPROCESSABLE',
      message: `payments: the sum of the payments is 120000000000, beyond the largest accepted (${MAX_MONEY})`,
      field: 'payments',
    });
  });
});

describe("a store's pushed line (verifyStatedLine)", () => {
  const pushed = () => ({
    ...lineB(),
    taxes: [
      {
        taxRateId: 'rate-state',
        rate: 825,
        isCompound: false,
        sortOrder: 0,
        taxableAmount: 350,
        taxAmount: 29,
      },
      { taxRateId: 'rate-city', rate: 100, isCompound: true, sortOrder: 1, taxableAmount: 379, taxAmount: 4 },
    ],
  });

  it('recomputes the line from the taxes the store states', () => {
    expect(verifyStatedLine(0, pushed())).toMatchObject({
      extended: 375,
      net: 350,
      taxAmount: 33,
      lineTotal: 383,
    });
    // HQ trusts the store's rates: at 9 % state tax (no longer HQ's), 350 × 9 % = 31.5 → 32 (half to even),
    // city (350 + 32) × 1 % = 3.82 → 4.
    const line = pushed();
    line.taxes[0] = { ...line.taxes[0], rate: 900, taxAmount: 32 };
    line.taxes[1] = { ...line.taxes[1], taxableAmount: 382 };
    expect(verifyStatedLine(0, { ...line, taxRate: 1000, taxAmount: 36, lineTotal: 386 })).toMatchObject({
      taxAmount: 36,
      lineTotal: 386,
    });
  });

  it("refuses a tax's base or amount that the engine does not give", () => {
    const line = pushed();
    line.taxes[1] = { ...line.taxes[1], taxableAmount: 350 };
    expect(refusal(() => verifyStatedLine(3, line))).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.3.taxes.1.taxableAmount: stated 350, expected 379',
      field: 'items.3.taxes.1.taxableAmount',
      stated: 350,
      expected: 379,
    });
    // Stated out of order: the engine applies the state tax first.
    const swapped = pushed();
    swapped.taxes.reverse();
    expect(refusal(() => verifyStatedLine(0, swapped))).toMatchObject({
      message: 'items.0.taxes.0.taxRateId: stated rate-city, expected rate-state',
    });
    expect(refusal(() => verifyStatedLine(0, { ...pushed(), lineTotal: 384 }))).toMatchObject({
      message: 'items.0.lineTotal: stated 384, expected 383',
    });
  });
});

describe('totals and stated payments', () => {
  const line = (extended: number, discountAmount: number, taxAmount: number) => ({
    extended,
    discountAmount,
    net: extended - discountAmount,
    taxes: [],
    taxAmount,
    lineTotal: extended - discountAmount + taxAmount,
    taxRate: 0,
  });

  it('adds the lines: grand total = subtotal − discounts + tax', () => {
    // 1000 + 500 = 1500; discounts 100 + 0; tax 80 + 41 = 121; 1500 − 100 + 121 = 1521.
    const stated = { subtotal: 1500, discountTotal: 100, taxTotal: 121, grandTotal: 1521 };
    expect(verifyTotals(stated, [line(1000, 100, 80), line(500, 0, 41)])).toEqual(stated);
  });

  it("checks the store's amount paid and change", () => {
    const payments = [{ amount: 2000 }, { amount: 1000 }];
    expect(verifyStatedPayments({ amountPaid: 3000, changeGiven: 238 }, payments, 2762)).toEqual({
      amountPaid: 3000,
      changeGiven: 238,
    });
    expect(
      refusal(() => verifyStatedPayments({ amountPaid: 2999, changeGiven: 237 }, payments, 2762)),
    ).toEqual({
      code: 'UNPROCESSABLE',
      message: 'amountPaid: stated 2999, expected 3000',
      field: 'amountPaid',
      stated: 2999,
      expected: 3000,
    });
    expect(
      refusal(() => verifyStatedPayments({ amountPaid: 3000, changeGiven: 0 }, payments, 2762)),
    ).toMatchObject({
      message: 'changeGiven: stated 0, expected 238',
    });
    // Paid 2000 of 2762: the "change" would be −762, never accepted; the expected change is 0.
    expect(
      refusal(() => verifyStatedPayments({ amountPaid: 2000, changeGiven: -762 }, [{ amount: 2000 }], 2762)),
    ).toMatchObject({ message: 'changeGiven: stated -762, expected 0', stated: -762, expected: 0 });
  });
});
