import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { MAX_MONEY, MAX_PAYMENTS, MAX_QUANTITY, MAX_STOCK_LEVEL } from '../../src/services/core/bounds';
import { startTestServer, type TestServer, type TestUser } from '../support/server';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  salesSnapshot,
  stockLevel,
  type Product,
  type SellingFixture,
} from '../support/selling';
import { events, issueToken, push, pushSnapshot, registerOpened, saleCreated } from '../support/push-events';

/** 2^53 − 1: the largest figure a JSON client reads exactly, and what a stored figure beyond it reads as. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** The largest bigint PostgreSQL holds (2^63 − 1), as SQL text. */
const BIGINT_MAX = '9223372036854775807';

let t: TestServer;
/** Sells at HQ (register T01 open). */
let f: SellingFixture;
/** Adjusts and views stock at f's store. */
let stockClerk: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  await openRegister(t, f, 'T01');
  stockClerk = await t.userWith(['inventory.adjust', 'inventory.view'], { storeId: f.store.id });
});
afterAll(() => t.close());

/** An untaxed product that tracks stock (a line of it has no taxes). */
async function plainProduct(sellPrice = 100): Promise<Product> {
  const s = randomBytes(3).toString('hex').toUpperCase();
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku: `NB-${s}`, name: `Bounded ${s}`, sellPrice },
  });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, sku: res.body.data.sku, name: res.body.data.name, sellPrice, taxes: [] };
}

/** Posts a sale that must be refused with this status, message and field, changing nothing. */
async function expectSaleRefused(body: unknown, status: number, error: string, field: string) {
  const before = await salesSnapshot(t);
  const res = await postSale(t, f, body);
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ success: false, error, field });
  expect(await salesSnapshot(t)).toEqual(before);
}

const adjust = (body: Record<string, unknown>) =>
  t.rest('POST', '/inventory/adjustments', {
    token: stockClerk.token,
    body: { storeId: f.store.id, reason: 'RECEIVED', ...body },
  });

/** Everything an adjustment can change: the ledger and the levels. */
const ledger = async () => ({
  movements: await t.count('stock_movement'),
  levels: await t.sql('select store_id, product_id, quantity, version from inventory_level order by id'),
});

describe('POST /sales: every figure within its bound', () => {
  it('refuses 20 payments of 2^53 − 1 (400 naming the first), writing nothing', async () => {
    const body = saleBody(f, [{ product: f.products.coffee }], {
      payments: Array.from({ length: MAX_PAYMENTS }, () => ({
        method: f.tenders.cash,
        amount: MAX_SAFE,
        reference: null,
      })),
    });
    await expectSaleRefused(
      body,
      400,
      `payments.0.amount: amount must not be greater than ${MAX_MONEY}`,
      'payments.0.amount',
    );
  });

  it('refuses 20 payments of the largest amount: their sum passes it (422), writing nothing', async () => {
    const body = saleBody(f, [{ product: f.products.bread }], {
      payments: Array.from({ length: MAX_PAYMENTS }, () => ({
        method: f.tenders.cash,
        amount: MAX_MONEY,
        reference: null,
      })),
    });
    await expectSaleRefused(
      body,
      422,
      `payments: the sum of the payments is ${20 * MAX_MONEY}, beyond the largest accepted (${MAX_MONEY})`,
      'payments',
    );
  });

  it('refuses more payments than a sale may have', async () => {
    const body = saleBody(f, [{ product: f.products.bread }], {
      payments: Array.from({ length: MAX_PAYMENTS + 1 }, (_, i) => ({
        method: f.tenders.cash,
        amount: i === 0 ? 350 : 1,
        reference: null,
      })),
    });
    await expectSaleRefused(
      body,
      400,
      `payments: payments must contain no more than ${MAX_PAYMENTS} elements`,
      'payments',
    );
  });

  it('refuses a quantity of 2^53 − 1, and one past the largest line quantity', async () => {
    for (const quantity of [MAX_SAFE, MAX_QUANTITY + 1]) {
      const body = saleBody(f, [{ product: f.products.bread }]);
      body.items[0].quantity = quantity;
      await expectSaleRefused(
        body,
        400,
        `items.0.quantity: quantity must not be greater than ${MAX_QUANTITY}`,
        'items.0.quantity',
      );
    }
  });

  it('refuses a price past the largest amount', async () => {
    const body = saleBody(f, [{ product: f.products.bread }]);
    body.items[0].unitPrice = MAX_MONEY + 1;
    await expectSaleRefused(
      body,
      400,
      `items.0.unitPrice: unitPrice must not be greater than ${MAX_MONEY}`,
      'items.0.unitPrice',
    );
  });

  it('refuses (422) a line whose price × quantity passes the largest amount, each within its own', async () => {
    // A product priced at the largest amount: a line is never charged above its price.
    const body = saleBody(f, [{ product: await plainProduct(MAX_MONEY) }]);
    body.items[0].unitPrice = MAX_MONEY;
    body.items[0].quantity = 2000;
    await expectSaleRefused(
      body,
      422,
      `items.0.quantity: unitPrice × quantity is ${2 * MAX_MONEY}, beyond the largest accepted (${MAX_MONEY})`,
      'items.0.quantity',
    );
    // Both at their largest: 10^17, past 2^53 (the old code answered 500 here).
    body.items[0].quantity = MAX_QUANTITY;
    await expectSaleRefused(
      body,
      422,
      'items.0.quantity: unitPrice × quantity is beyond the safe integer range',
      'items.0.quantity',
    );
  });

  it('refuses (422) a sale whose lines, each within the bound, sum past it, naming the total', async () => {
    const line = { product: await plainProduct(60_000_000_000) };
    const body = saleBody(f, [line, line]);
    // As stated, each figure is within its bound; the server's sum is not.
    Object.assign(body, { subtotal: MAX_MONEY, grandTotal: MAX_MONEY });
    body.payments = [{ method: f.tenders.cash, amount: MAX_MONEY, reference: null }];
    await expectSaleRefused(
      body,
      422,
      `subtotal: the sum of the lines' amounts is 120000000000, beyond the largest accepted (${MAX_MONEY})`,
      'subtotal',
    );
  });

  it('records a sale of exactly the largest amount', async () => {
    const body = saleBody(f, [{ product: await plainProduct(MAX_MONEY) }]);
    const res = await postSale(t, f, body);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      subtotal: MAX_MONEY,
      grandTotal: MAX_MONEY,
      amountPaid: MAX_MONEY,
      changeGiven: 0,
    });
  });
});

describe('stock levels within ±MAX_STOCK_LEVEL', () => {
  it('refuses an adjustment that would take a level past the bound (422), writing nothing', async () => {
    const product = await plainProduct();
    const first = await adjust({ productId: product.id, quantity: MAX_STOCK_LEVEL });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ quantity: MAX_STOCK_LEVEL, quantityAfter: MAX_STOCK_LEVEL });

    const before = await ledger();
    const res = await adjust({ productId: product.id, quantity: 1 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      success: false,
      code: 'UNPROCESSABLE',
      field: 'quantity',
      error: `quantity: the stock level of product ${product.id} would become ${MAX_STOCK_LEVEL + 1}, beyond the largest accepted (±${MAX_STOCK_LEVEL})`,
    });
    expect(await ledger()).toEqual(before);

    const count = await adjust({ productId: product.id, newQuantity: MAX_STOCK_LEVEL + 1 });
    expect(count.status).toBe(400);
    expect(count.body).toMatchObject({
      field: 'newQuantity',
      error: `newQuantity: newQuantity must not be greater than ${MAX_STOCK_LEVEL}`,
    });
    const change = await adjust({ productId: product.id, quantity: MAX_SAFE });
    expect(change.status).toBe(400);
    expect(change.body).toMatchObject({
      field: 'quantity',
      error: `quantity: quantity must not be greater than ${MAX_STOCK_LEVEL}`,
    });
    expect(await ledger()).toEqual(before);
    expect(await stockLevel(t, f.store.id, product.id)).toBe(MAX_STOCK_LEVEL);
  });

  it('refuses (422) a sale that would take a level below the bound: nothing of the sale is recorded', async () => {
    const product = await plainProduct();
    expect((await adjust({ productId: product.id, quantity: -MAX_STOCK_LEVEL })).status).toBe(201);
    const body = saleBody(f, [{ product: f.products.bread }, { product }]);
    await expectSaleRefused(
      body,
      422,
      `items.1.quantity: the stock level of product ${product.id} would become ${-MAX_STOCK_LEVEL - 1000}, beyond the largest accepted (±${MAX_STOCK_LEVEL})`,
      'items.1.quantity',
    );
    // The receipt number was not taken: with stock back within reach, the same sale goes through.
    expect((await adjust({ productId: product.id, quantity: 1000 })).status).toBe(201);
    const res = await postSale(t, f, body);
    expect(res.status).toBe(201);
    expect(await stockLevel(t, f.store.id, product.id)).toBe(-MAX_STOCK_LEVEL);
  });
});

describe('POST /sync/push: a store’s figures within the same bounds', () => {
  let s: SellingFixture;
  let token: string;
  let sessionId: string;
  let next = 1;

  beforeAll(async () => {
    s = await createSellingFixture(t);
    token = await issueToken(t, s.store.id);
    const opened = registerOpened(s);
    sessionId = opened.id;
    expect(
      (await push(t, token, events(next++, [{ type: 'register.opened', payload: opened }]))).status,
    ).toBe(200);
  });

  /** Pushes one event that must be parked with this code and message, changing nothing else. */
  async function expectParked(type: string, payload: object, code: string, message: string) {
    const before = await pushSnapshot(t);
    const res = await push(t, token, events(next++, [{ type, payload }]));
    expect(res.status).toBe(200);
    const [result] = res.body.data.results;
    expect(result.status).toBe('parked');
    const [error] = await t.sql('select code, message from sync_error where id = ?', [result.errorId]);
    expect(error).toEqual({ code, message });
    const after = await pushSnapshot(t);
    // Only the sequence, its event record and the parked error moved on.
    expect(after.counts).toEqual({
      ...before.counts,
      sync_event: before.counts.sync_event + 1,
      sync_error: before.counts.sync_error + 1,
    });
    expect(after.levels).toEqual(before.levels);
    expect(after.sales).toEqual(before.sales);
  }

  it('parks a sale paid with 20 × (2^53 − 1)', async () => {
    const payload = saleCreated(s, sessionId, [{ product: s.products.bread }], {
      payments: Array.from({ length: MAX_PAYMENTS }, () => ({ method: s.tenders.cash, amount: MAX_SAFE })),
    });
    await expectParked(
      'sale.created',
      payload,
      'VALIDATION',
      `payload.amountPaid: must be an integer from -${MAX_MONEY} to ${MAX_MONEY}`,
    );
  });

  it('parks a sale whose payment alone passes the largest amount, and one with too many payments', async () => {
    const payload = saleCreated(s, sessionId, [{ product: s.products.bread }]);
    payload.payments[0].amount = MAX_SAFE;
    await expectParked(
      'sale.created',
      payload,
      'VALIDATION',
      `payload.payments.0.amount: must be an integer from -${MAX_MONEY} to ${MAX_MONEY}`,
    );
    const many = saleCreated(s, sessionId, [{ product: s.products.bread }], {
      payments: Array.from({ length: MAX_PAYMENTS + 1 }, (_, i) => ({
        method: s.tenders.cash,
        amount: i === 0 ? 330 : 1,
      })),
    });
    await expectParked(
      'sale.created',
      many,
      'VALIDATION',
      `payload.payments: must be an array of at most ${MAX_PAYMENTS}`,
    );
  });

  it('parks a sale line of quantity 2^53 − 1', async () => {
    const payload = saleCreated(s, sessionId, [{ product: s.products.bread }]);
    payload.items[0].quantity = MAX_SAFE;
    await expectParked(
      'sale.created',
      payload,
      'VALIDATION',
      `payload.items.0.quantity: must be an integer from -${MAX_QUANTITY} to ${MAX_QUANTITY}`,
    );
  });

  it('parks an adjustment that would take HQ’s copy of the level past the bound', async () => {
    const level = await stockLevel(t, s.store.id, s.products.bread.id);
    const payload = {
      id: uuidv7(),
      storeId: s.store.id,
      productId: s.products.bread.id,
      quantity: MAX_SAFE,
      reason: 'RECEIVED',
      notes: null,
      userId: s.cashier.id,
      createdAt: '2026-05-01T13:00:00.000Z',
      quantityAfter: MAX_SAFE,
    };
    await expectParked(
      'stock.adjusted',
      payload,
      'UNPROCESSABLE',
      `quantity: the stock level of product ${s.products.bread.id} would become ${BigInt(level) + BigInt(MAX_SAFE)}, beyond the largest accepted (±${MAX_STOCK_LEVEL})`,
    );
  });
});

/** Rows in order of a numeric field (lists whose order the API does not promise). */
const byKey = (rows: any[], key: string): any[] => [...rows].sort((a, b) => a[key] - b[key]);

describe('reads of figures stored beyond 2^53 (before the bounds, or by hand)', () => {
  let r: SellingFixture;
  let sessionId: string;
  let first: { id: string; grandTotal: number };
  let second: { id: string; grandTotal: number };

  beforeAll(async () => {
    r = await createSellingFixture(t);
    sessionId = (await openRegister(t, r, 'T01')).id;
    const sell = async (body: ReturnType<typeof saleBody>) => {
      const res = await postSale(t, r, body);
      expect(res.status).toBe(201);
      return res.body.data;
    };
    first = await sell(
      saleBody(r, [{ product: r.products.coffee }, { product: r.products.bread }], {
        payments: [{ method: r.tenders.cash, amount: 5000, reference: null }],
      }),
    );
    second = await sell(saleBody(r, [{ product: r.products.bread }]));
    // 20 × (2^53 − 1): the payment the old code committed and then could not answer.
    const paid = '180143985094819820';
    await t.sql(`update sale_payment set amount = ${paid} where sale_id = ?`, [first.id]);
    await t.sql(`update sale set amount_paid = ${paid}, change_given = ${paid} - grand_total where id = ?`, [
      first.id,
    ]);
    await t.sql(`update sale_item set quantity = ${BIGINT_MAX} where sale_id = ? and line_number = 2`, [
      first.id,
    ]);
    await t.sql(
      `update sale_item_tax set taxable_amount = ${BIGINT_MAX}
        where sort_order = 0 and sale_item_id = (select id from sale_item where sale_id = ? and line_number = 1)`,
      [first.id],
    );
    // subtotal − discount_total overflows bigint itself.
    await t.sql(`update sale set subtotal = ${BIGINT_MAX}, discount_total = -1 where id = ?`, [second.id]);
    await t.sql(`update inventory_level set quantity = ${BIGINT_MAX} where store_id = ? and product_id = ?`, [
      r.store.id,
      r.products.bread.id,
    ]);
    await t.sql(
      `update stock_movement set quantity_after = ${BIGINT_MAX} where reference_id = ? and product_id = ?`,
      [second.id, r.products.bread.id],
    );
  });

  it('GET /sales answers the whole list, the oversized figures saturated at ±(2^53 − 1)', async () => {
    const res = await t.rest('GET', `/sales?store_id=${r.store.id}`, { token: r.cashier.token });
    expect(res.status).toBe(200);
    const sales = res.body.data;
    expect(sales.map((s: { id: string }) => s.id)).toEqual([second.id, first.id]);
    expect(sales[1]).toMatchObject({
      amountPaid: MAX_SAFE,
      changeGiven: MAX_SAFE,
      grandTotal: first.grandTotal,
    });
    expect(sales[1].payments[0].amount).toBe(MAX_SAFE);
    const [coffee, bread] = byKey(sales[1].items, 'lineNumber');
    expect([coffee.quantity, bread.quantity]).toEqual([1000, MAX_SAFE]);
    expect(byKey(coffee.taxes, 'sortOrder').map((x) => x.taxableAmount)).toEqual([MAX_SAFE, 999]);
    expect(sales[0]).toMatchObject({ subtotal: MAX_SAFE, discountTotal: -1 });
  });

  it('POST /sales/print answers the receipt', async () => {
    const res = await t.rest('POST', '/sales/print', { token: r.cashier.token, body: { saleId: first.id } });
    expect(res.status).toBe(200);
    expect(res.body.data.sale).toMatchObject({ amountPaid: MAX_SAFE, changeGiven: MAX_SAFE });
    expect(byKey(res.body.data.taxSummary, 'rate')).toEqual([
      { taxRateName: r.rates.county.name, rate: 100, taxableAmount: 999, taxAmount: 10 },
      { taxRateName: r.rates.state.name, rate: 625, taxableAmount: MAX_SAFE, taxAmount: 62 },
    ]);
  });

  it('GET /stores/dashboard answers, its revenue saturated', async () => {
    const res = await t.rest('GET', '/stores/dashboard', { token: r.cashier.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ storeId: r.store.id, salesCount: 2, revenue: MAX_SAFE }),
    ]);
  });

  it('the X report, the close and the Z report answer: exact sums, saturated figures', async () => {
    const expected = {
      salesCount: 2,
      grossSales: MAX_SAFE,
      discountTotal: -1,
      netSales: MAX_SAFE,
      grandTotal: first.grandTotal + second.grandTotal,
      cashTaken: MAX_SAFE,
      changeGiven: MAX_SAFE,
      // Worked out exactly before saturating: opening + paid − change = opening + the sales' totals.
      expectedCash: 10_000 + first.grandTotal + second.grandTotal,
      tenders: [{ method: r.tenders.cash, isCash: true, count: 2, amount: MAX_SAFE }],
    };
    const x = await t.rest('GET', `/reports/x-report?session_id=${sessionId}`, { token: r.cashier.token });
    expect(x.status).toBe(200);
    expect(x.body.data).toMatchObject(expected);
    // By rate name: County, then State (its one stored base is 2^63 − 1).
    expect(x.body.data.taxes.map((tax: { taxableAmount: number }) => tax.taxableAmount)).toEqual([
      999,
      MAX_SAFE,
    ]);

    const close = await t.rest('POST', '/registers/close', {
      token: r.cashier.token,
      body: { storeId: r.store.id, terminalId: 'T01', declaredCash: expected.expectedCash },
    });
    expect(close.status).toBe(200);
    expect(close.body.data).toMatchObject({ expectedCash: expected.expectedCash, overShort: 0 });
    const z = await t.rest('GET', `/reports/z-report?session_id=${sessionId}`, { token: r.cashier.token });
    expect(z.status).toBe(200);
    expect(z.body.data).toMatchObject({ ...expected, status: 'CLOSED', overShort: 0 });
  });

  it('GET /inventory, cross-store and movements answer, the level saturated', async () => {
    const list = await t.rest('GET', `/inventory?store_id=${r.store.id}`, { token: r.cashier.token });
    expect(list.status).toBe(200);
    expect(
      list.body.data.map((row: { productId: string; quantity: number; isLow: boolean }) => [
        row.productId,
        row.quantity,
        row.isLow,
      ]),
    ).toEqual([
      [r.products.bread.id, MAX_SAFE, false],
      [r.products.coffee.id, -1000, true],
    ]);
    const cross = await t.rest('GET', `/inventory/cross-store?product_id=${r.products.bread.id}`, {
      token: r.cashier.token,
    });
    expect(cross.status).toBe(200);
    expect(cross.body.data.find((row: { storeId: string }) => row.storeId === r.store.id).quantity).toBe(
      MAX_SAFE,
    );
    const movements = await t.rest(
      'GET',
      `/inventory/movements?store_id=${r.store.id}&product_id=${r.products.bread.id}`,
      { token: r.cashier.token },
    );
    expect(movements.status).toBe(200);
    expect(movements.body.data.map((m: { quantityAfter: number }) => m.quantityAfter)).toEqual([
      MAX_SAFE,
      -1000,
    ]);
  });

  it('still sells from a level stored beyond the bound (a move back towards it is allowed)', async () => {
    await openRegister(t, r, 'T02');
    const res = await postSale(t, r, saleBody(r, [{ product: r.products.bread }], { terminalId: 'T02' }));
    expect(res.status).toBe(201);
    const [{ quantity }] = await t.sql<{ quantity: string }>(
      'select quantity::text as quantity from inventory_level where store_id = ? and product_id = ?',
      [r.store.id, r.products.bread.id],
    );
    expect(quantity).toBe('9223372036854774807');
  });
});
