import { startTestServer, type TestServer, type TestUser } from '../support/server';
import {
  createSellingFixture,
  movementsOf,
  openRegister,
  postSale,
  saleBody,
  salesSnapshot,
  stockLevel,
  TILL_PERMISSIONS,
  type SellingFixture,
} from '../support/selling';

/*
 * Refunds at one server (HQ for a store without its own server). Every expected figure below is worked
 * out by hand from DOMAIN.md, not by the code under test.
 */

let t: TestServer;
let f: SellingFixture;
let refunder: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  refunder = await t.userWith([...TILL_PERMISSIONS, 'pos.refund'], { storeId: f.store.id });
  await openRegister(t, f, 'T01');
});
afterAll(() => t.close());

let receipt = 0;
const nextReceipt = () => `RF-${++receipt}-${Date.now()}`;

async function sell(lines: Parameters<typeof saleBody>[1], opts: Parameters<typeof saleBody>[2] = {}) {
  const res = await postSale(t, f, saleBody(f, lines, opts));
  expect(res.status).toBe(201);
  return res.body.data;
}

function refundBody(
  sale: { id: string; items: Array<{ id: string }> },
  items: Array<{ line?: number; quantity: number; disposition?: string }>,
  payments: Array<{ method: string; amount: number }>,
  extra: Record<string, unknown> = {},
) {
  return {
    saleId: sale.id,
    receiptNumber: nextReceipt(),
    terminalId: 'T01',
    cashierId: f.cashier.id,
    storeId: f.store.id,
    reason: 'Customer changed their mind',
    items: items.map((i) => ({
      saleItemId: sale.items[i.line ?? 0].id,
      quantity: i.quantity,
      disposition: i.disposition ?? 'RESTOCK',
    })),
    payments,
    ...extra,
  };
}

const refund = (body: unknown, token = refunder.token) => t.rest('POST', '/refunds', { token, body });
const refundable = (saleId: string, token = refunder.token) =>
  t.rest('GET', `/sales/${saleId}/refundable`, { token });

/** A refund refused with this status, code and field, that changed nothing. */
async function expectRefused(body: unknown, status: number, code: string, field?: string, token?: string) {
  const before = await salesSnapshot(t);
  const res = await refund(body, token);
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
  expect(await salesSnapshot(t)).toEqual(before);
  return res.body;
}

describe('a 3-unit line with a discount and two taxes, one compound, refunded 1 + 1 + 1', () => {
  // 3 watches at 25000 with 1000 off: extended 75000, net 74000; State 6.25 % 4625, County 1 % 740,
  // Luxury 2 % compound on 74000 + 4625 + 740 = 79365: 1587.3 -> 1587; tax 6952; total 80952.
  let sale: any;
  beforeAll(async () => {
    sale = await sell([{ product: f.products.watch, quantity: 3000, discountAmount: 1000 }]);
    expect(sale.grandTotal).toBe(80952);
  });

  // Each refund by hand: net, discount, State, County, Luxury (round half to even), then tax and total.
  const expected = [
    // 1 of 3: 74000/3 = 24666.67 -> 24667; 1000/3 -> 333; 4625/3 -> 1542; 740/3 -> 247; 1587/3 = 529.
    { net: 24667, discount: 333, taxes: [1542, 247, 529], tax: 2318, total: 26985 },
    // 1 of 2 left: 49333/2 = 24666.5 -> 24666 (even); 667/2 -> 334; 3083/2 -> 1542; 493/2 -> 246; 1058/2 = 529.
    { net: 24666, discount: 334, taxes: [1542, 246, 529], tax: 2317, total: 26983 },
    // The last unit takes exactly what is left: 24667, 333, 1541, 247, 529.
    { net: 24667, discount: 333, taxes: [1541, 247, 529], tax: 2317, total: 26984 },
  ];

  it('takes each share exactly, and the three add up to the sale in every figure', async () => {
    const level = await stockLevel(t, f.store.id, f.products.watch.id);
    const refunds: any[] = [];
    for (const [k, e] of expected.entries()) {
      const preview = await refundable(sale.id);
      expect(preview.status).toBe(200);
      expect(preview.body.data.lines[0]).toMatchObject({
        saleItemId: sale.items[0].id,
        quantitySold: 3000,
        quantityRefunded: 1000 * k,
        quantityRefundable: 3000 - 1000 * k,
      });
      const res = await refund(
        refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: e.total }]),
      );
      expect(res.status).toBe(201);
      const r = res.body.data;
      expect(r).toMatchObject({
        type: 'REFUND',
        refundOfId: sale.id,
        status: 'COMPLETED',
        subtotal: -(e.net + e.discount),
        discountTotal: -e.discount,
        taxTotal: -e.tax,
        grandTotal: -e.total,
        amountPaid: -e.total,
        changeGiven: 0,
        reason: 'Customer changed their mind',
      });
      expect(r.items).toHaveLength(1);
      expect(r.items[0]).toMatchObject({
        refundOfItemId: sale.items[0].id,
        disposition: 'RESTOCK',
        productId: f.products.watch.id,
        quantity: -1000,
        unitPrice: 25000,
        extendedAmount: -(e.net + e.discount),
        discountAmount: -e.discount,
        taxAmount: -e.tax,
        lineTotal: -e.total,
      });
      expect(r.items[0].taxes.map((x: any) => x.taxAmount)).toEqual(e.taxes.map((v) => -v));
      expect(r.payments).toEqual([
        expect.objectContaining({ method: f.tenders.cash, amount: -e.total, approvedById: null }),
      ]);
      refunds.push(r);
    }
    // Sale plus refunds: zero in every figure, every tax.
    const all = [sale, ...refunds];
    for (const field of ['subtotal', 'discountTotal', 'taxTotal', 'grandTotal']) {
      expect(all.reduce((a, s) => a + s[field], 0)).toBe(0);
    }
    for (let i = 0; i < 3; i++) {
      expect(all.reduce((a, s) => a + s.items[0].taxes[i].taxAmount, 0)).toBe(0);
      expect(all.reduce((a, s) => a + s.items[0].taxes[i].taxableAmount, 0)).toBe(0);
    }
    // Each unit came back on the shelf (RETURN).
    expect(await stockLevel(t, f.store.id, f.products.watch.id)).toBe(level + 3000);
    expect((await movementsOf(t, refunds[0].id)).map((m) => [m.type, Number(m.quantity)])).toEqual([
      ['RETURN', 1000],
    ]);
    // Nothing is left.
    const after = (await refundable(sale.id)).body.data;
    expect(after.lines[0]).toMatchObject({
      quantityRefundable: 0,
      netRefundable: 0,
      discountRefundable: 0,
      taxRefundable: 0,
      totalRefundable: 0,
    });
    expect(after.tenders).toEqual([
      { method: f.tenders.cash, isCash: true, paid: 80952, refunded: 80952, refundable: 0 },
    ]);
  });

  it('refuses a fourth unit (409 OVER_REFUND, naming the quantity and what is left), changing nothing', async () => {
    const body = await expectRefused(
      refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1 }]),
      409,
      'OVER_REFUND',
      'items.0.quantity',
    );
    expect(body.error).toBe(
      `items.0.quantity: 1000 of line 1 (${f.products.watch.sku}) asked, 0 still refundable (sold 3000, refunded 3000)`,
    );
  });
});

describe('quantities and refusals', () => {
  it('refunds a fractional line: 0.5 of 1.5 kg, then the last 1 kg takes the rest', async () => {
    // 1.5 x 350 = 525, exempt. 0.5 of 1.5: 525 x 500 / 1500 = 175; the last 1000 takes 350.
    const sale = await sell([{ product: f.products.bread, quantity: 1500 }]);
    const first = await refund(
      refundBody(sale, [{ quantity: 500 }], [{ method: f.tenders.cash, amount: 175 }]),
    );
    expect(first.status).toBe(201);
    expect(first.body.data.grandTotal).toBe(-175);
    expect(first.body.data.items[0].quantity).toBe(-500);
    const over = await refund(
      refundBody(sale, [{ quantity: 1001 }], [{ method: f.tenders.cash, amount: 350 }]),
    );
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'OVER_REFUND', field: 'items.0.quantity' });
    expect(over.body.error).toMatch(
      /1001 of line 1 .* asked, 1000 still refundable \(sold 1500, refunded 500\)$/,
    );
    const last = await refund(
      refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 350 }]),
    );
    expect(last.status).toBe(201);
    expect(last.body.data.grandTotal).toBe(-350);
  });

  it('refuses a voided sale, a refund, a payment total that differs, a foreign line, and a caller without pos.refund', async () => {
    const voided = await sell([{ product: f.products.coffee }]);
    expect(
      (await t.rest('PUT', `/sales/${voided.id}/void`, { token: f.cashier.token, body: { reason: 'x' } }))
        .status,
    ).toBe(200);
    await expectRefused(
      refundBody(voided, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1082 }]),
      409,
      'INVALID_STATE',
      'saleId',
    );
    // Coffee 999: State 62.4375 -> 62, County 9.99 -> 10: 1071.
    const sale = await sell([{ product: f.products.coffee }]);
    expect(sale.grandTotal).toBe(1071);
    const wrong = await expectRefused(
      refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1070 }]),
      422,
      'UNPROCESSABLE',
      'payments',
    );
    expect(wrong.error).toBe("payments: pay out 1070, but the refund's total is 1071");
    const other = await sell([{ product: f.products.bread }]);
    await expectRefused(
      {
        ...refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1071 }]),
        items: [{ saleItemId: other.items[0].id, quantity: 1000, disposition: 'RESTOCK' }],
      },
      422,
      'UNPROCESSABLE',
      'items.0.saleItemId',
    );
    await expectRefused(
      refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1071 }]),
      403,
      'FORBIDDEN',
      undefined,
      f.cashier.token,
    );
    const made = await refund(
      refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1071 }]),
    );
    expect(made.status).toBe(201);
    await expectRefused(
      refundBody(made.body.data, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1071 }]),
      409,
      'INVALID_STATE',
      'saleId',
    );
    // A refund cannot be voided either.
    const before = await salesSnapshot(t);
    const v = await t.rest('PUT', `/sales/${made.body.data.id}/void`, {
      token: f.cashier.token,
      body: { reason: 'x' },
    });
    expect(v.status).toBe(409);
    expect(await salesSnapshot(t)).toEqual(before);
  });
});

describe('tenders', () => {
  // Two coffees: 1998, State 124.875 -> 125, County 19.98 -> 20: 2143, paid 1000 by card and 2000 cash:
  // change 857, so cash took 1143.
  let sale: any;
  beforeAll(async () => {
    sale = await sell([{ product: f.products.coffee, quantity: 2000 }], {
      payments: [
        { method: f.tenders.card, amount: 1000 },
        { method: f.tenders.cash, amount: 2000 },
      ],
    });
    expect(sale).toMatchObject({ grandTotal: 2143, changeGiven: 857 });
  });

  it('caps each tender at what it took less earlier refunds', async () => {
    const preview = (await refundable(sale.id)).body.data;
    expect(preview.tenders).toEqual([
      { method: f.tenders.card, isCash: false, paid: 1000, refunded: 0, refundable: 1000 },
      { method: f.tenders.cash, isCash: true, paid: 1143, refunded: 0, refundable: 1143 },
    ]);
    // One coffee of two: 999, State 125/2 = 62.5 -> 62, County 10: 1071, more than the card's 1000.
    const over = await expectRefused(
      refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.card, amount: 1071 }]),
      409,
      'OVER_REFUND',
      'payments.0.amount',
    );
    expect(over.error).toBe(
      `payments.0.amount: ${f.tenders.card} took 1000 in the sale and 0 of it was refunded already: 1000 can still go back to it`,
    );
    const split = await refund(
      refundBody(
        sale,
        [{ quantity: 1000 }],
        [
          { method: f.tenders.card, amount: 1000 },
          { method: f.tenders.cash, amount: 71 },
        ],
      ),
    );
    expect(split.status).toBe(201);
    const after = (await refundable(sale.id)).body.data;
    expect(after.tenders).toEqual([
      { method: f.tenders.card, isCash: false, paid: 1000, refunded: 1000, refundable: 0 },
      { method: f.tenders.cash, isCash: true, paid: 1143, refunded: 71, refundable: 1072 },
    ]);
  });

  it("pays out to another tender only with pos.refund_other_tender or a manager's PIN, recorded", async () => {
    const cardSale = await sell([{ product: f.products.bread }], {
      payments: [{ method: f.tenders.card, amount: 350 }],
    });
    const body = refundBody(cardSale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 350 }]);
    await expectRefused(body, 403, 'FORBIDDEN', 'payments.0.method');
    const manager = await t.userWith(['pos.refund_other_tender'], { storeId: f.store.id });
    const res = await refund({ ...body, approvedBy: manager.pin });
    expect(res.status).toBe(201);
    expect(res.body.data.payments[0]).toMatchObject({
      method: f.tenders.cash,
      amount: -350,
      approvedById: manager.id,
    });
  });
});

describe('stock and registers', () => {
  it('DAMAGED takes the goods in and writes them off; NO_RESTOCK and untracked products move nothing', async () => {
    const sale = await sell([
      { product: f.products.coffee, quantity: 2000 },
      { product: f.products.service },
    ]);
    const level = await stockLevel(t, f.store.id, f.products.coffee.id);
    // 1 coffee 1071; the service 5000: State 312.5 -> 312, County 50: 5362.
    const res = await refund(
      refundBody(
        sale,
        [
          { line: 0, quantity: 1000, disposition: 'DAMAGED' },
          { line: 1, quantity: 1000, disposition: 'RESTOCK' },
        ],
        [{ method: f.tenders.cash, amount: 1071 + 5362 }],
      ),
    );
    expect(res.status).toBe(201);
    expect((await movementsOf(t, res.body.data.id)).map((m) => [m.type, Number(m.quantity)])).toEqual([
      ['RETURN', 1000],
      ['RETURN_DAMAGED', -1000],
    ]);
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(level);
    // The last coffee takes what is left: 999, State 125 - 62 = 63, County 10: 1072.
    const kept = await refund(
      refundBody(
        sale,
        [{ line: 0, quantity: 1000, disposition: 'NO_RESTOCK' }],
        [{ method: f.tenders.cash, amount: 1072 }],
      ),
    );
    expect(kept.status).toBe(201);
    expect(await movementsOf(t, kept.body.data.id)).toEqual([]);
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(level);
  });

  it('X and Z count refunds apart, net the taxes, and take cash refunded out of the expected cash', async () => {
    await openRegister(t, f, 'T09', 5000);
    // Sold at T09: 2 breads (700, exempt) and a coffee (1071) for 1771 cash; refunded there: a coffee in cash.
    const sale = await sell([{ product: f.products.bread, quantity: 2000 }, { product: f.products.coffee }], {
      terminalId: 'T09',
    });
    expect(sale.grandTotal).toBe(1771);
    const res = await refund({
      ...refundBody(sale, [{ line: 1, quantity: 1000 }], [{ method: f.tenders.cash, amount: 1071 }]),
      terminalId: 'T09',
    });
    expect(res.status).toBe(201);
    const session = res.body.data.registerSessionId;
    const x = await t.rest('GET', `/reports/x-report?session_id=${session}`, { token: f.cashier.token });
    expect(x.status).toBe(200);
    expect(x.body.data).toMatchObject({
      salesCount: 1,
      grossSales: 1699,
      grandTotal: 1771,
      refundCount: 1,
      refundNet: 999,
      refundTax: 72,
      refundTotal: 1071,
      cashTaken: 1771,
      changeGiven: 0,
      cashRefunded: 1071,
      // 5000 + 1771 - 0 - 1071
      expectedCash: 5700,
    });
    // Tax by rate net of the refund: the coffee's 62 and 10 came back.
    expect(x.body.data.taxes.map((r: any) => [r.taxAmount, r.taxableAmount])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(x.body.data.tenders).toEqual([
      { method: f.tenders.cash, isCash: true, count: 1, amount: 1771, refundCount: 1, refunded: 1071 },
    ]);
    const close = await t.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId: 'T09', declaredCash: 5700 },
    });
    expect(close.status).toBe(200);
    const z = await t.rest('GET', `/reports/z-report?session_id=${session}`, { token: f.cashier.token });
    expect(z.body.data).toMatchObject({
      refundCount: 1,
      refundTotal: 1071,
      expectedCash: 5700,
      overShort: 0,
    });
  });
});

describe('idempotency', () => {
  it('the same body again answers the first refund; another body with that key is 409; parallel retries make one', async () => {
    const sale = await sell([{ product: f.products.coffee, quantity: 3000 }]);
    const body = refundBody(sale, [{ quantity: 1000 }], [{ method: f.tenders.cash, amount: 1071 }]);
    const results = await Promise.all([refund(body), refund(body), refund(body), refund(body)]);
    const ids = new Set(results.map((r) => r.body.data?.id));
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect(ids.size).toBe(1);
    const [{ n }] = await t.sql<{ n: string }>('select count(*) as n from sale where refund_of_id = ?', [
      sale.id,
    ]);
    expect(Number(n)).toBe(1);
    await expectRefused(
      {
        ...body,
        items: [{ ...body.items[0], quantity: 2000 }],
        payments: [{ method: f.tenders.cash, amount: 2142 }],
      },
      409,
      'CONFLICT',
      'receiptNumber',
    );
  });

  it('lists refunds apart, and sales by type', async () => {
    const list = await t.rest('GET', `/refunds?store_id=${f.store.id}&page_size=100`, {
      token: refunder.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(5);
    expect(list.body.data.every((s: any) => s.type === 'REFUND')).toBe(true);
    const sales = await t.rest('GET', `/sales?store_id=${f.store.id}&type=SALE&page_size=100`, {
      token: refunder.token,
    });
    expect(sales.body.data.length).toBeGreaterThan(5);
    expect(sales.body.data.every((s: any) => s.type === 'SALE' && s.refundOfId === null)).toBe(true);
    const printed = await t.rest('POST', '/sales/print', {
      token: refunder.token,
      body: { saleId: list.body.data[0].id },
    });
    expect(printed.status).toBe(200);
    expect(printed.body.data.sale.type).toBe('REFUND');
  });
});
