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

let t: TestServer;
let f: SellingFixture;
let realClock: () => Date;

beforeAll(async () => {
  t = await startTestServer();
  realClock = t.server.runtime.now;
  f = await createSellingFixture(t);
  await openRegister(t, f, 'T01');
});
afterEach(() => {
  t.server.runtime.now = realClock;
});
afterAll(() => t.close());

const UNKNOWN = '01900000-0000-7000-8000-000000000000';

const pinClock = (iso: string) => {
  t.server.runtime.now = () => new Date(iso);
};

async function sell(
  fx: SellingFixture,
  lines: Parameters<typeof saleBody>[1],
  opts: Parameters<typeof saleBody>[2] = {},
) {
  const res = await postSale(t, fx, saleBody(fx, lines, opts));
  expect(res.status).toBe(201);
  return res.body.data;
}

const voidSale = (id: string, reason: unknown, token = f.cashier.token) =>
  t.rest('PUT', `/sales/${id}/void`, { token, body: { reason } });

/** A void refused with this status and message that changed nothing. */
async function expectVoidRefused(
  id: string,
  status: number,
  error: string,
  token = f.cashier.token,
  reason = 'x',
) {
  const before = await salesSnapshot(t);
  const res = await voidSale(id, reason, token);
  expect(res.status).toBe(status);
  expect(res.body.error).toBe(error);
  expect(await salesSnapshot(t)).toEqual(before);
  return res;
}

describe('PUT /sales/:id/void', () => {
  it('marks the sale VOIDED with who, when and why, and puts the stock back with VOID movements', async () => {
    const sale = await sell(f, [
      { product: f.products.coffee, quantity: 2000 },
      { product: f.products.service },
      { product: f.products.watch },
    ]);
    const coffee = await stockLevel(t, f.store.id, f.products.coffee.id);
    const watch = await stockLevel(t, f.store.id, f.products.watch.id);
    pinClock('2026-05-01T15:00:00.000Z');
    const res = await voidSale(sale.id, 'Rang up the wrong basket');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: sale.id,
      status: 'VOIDED',
      voidedById: f.cashier.id,
      voidedAt: '2026-05-01T15:00:00.000Z',
      voidReason: 'Rang up the wrong basket',
      grandTotal: sale.grandTotal,
    });
    expect(res.body.data.items).toHaveLength(3);
    expect(await stockLevel(t, f.store.id, f.products.coffee.id)).toBe(coffee + 2000);
    expect(await stockLevel(t, f.store.id, f.products.watch.id)).toBe(watch + 1000);
    const moves = await movementsOf(t, sale.id);
    expect(
      moves
        .filter((m) => m.type === 'VOID')
        .map((m) => [m.product_id, m.quantity])
        .sort(),
    ).toEqual(
      [
        [f.products.coffee.id, '2000'],
        [f.products.watch.id, '1000'],
      ].sort(),
    );
    expect(moves.filter((m) => m.type === 'SALE')).toHaveLength(2);
    const [notes] = await t.sql(
      `select distinct notes from stock_movement where reference_id = ? and type = 'VOID'`,
      [sale.id],
    );
    expect(notes).toEqual({ notes: 'Rang up the wrong basket' });
    // The sale's figures and rows stay as they were: a void is a status, not a deletion.
    const [row] = await t.sql('select status, grand_total, void_reason from sale where id = ?', [sale.id]);
    expect(row).toEqual({
      status: 'VOIDED',
      grand_total: String(sale.grandTotal),
      void_reason: 'Rang up the wrong basket',
    });
  });

  it('refuses a second void (409), changing nothing', async () => {
    const sale = await sell(f, [{ product: f.products.bread }]);
    pinClock('2026-05-01T15:00:00.000Z');
    expect((await voidSale(sale.id, 'first')).status).toBe(200);
    await expectVoidRefused(sale.id, 409, 'The sale was already voided at 2026-05-01T15:00:00.000Z');
    const [row] = await t.sql('select void_reason from sale where id = ?', [sale.id]);
    expect(row.void_reason).toBe('first');
  });

  it('lets only one of two simultaneous voids through', async () => {
    const sale = await sell(f, [{ product: f.products.bread }]);
    const level = await stockLevel(t, f.store.id, f.products.bread.id);
    const results = await Promise.all([voidSale(sale.id, 'a'), voidSale(sale.id, 'b')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await stockLevel(t, f.store.id, f.products.bread.id)).toBe(level + 1000);
  });

  it('refuses a sale whose register session was closed (409), changing nothing', async () => {
    await openRegister(t, f, 'T03');
    const sale = await sell(f, [{ product: f.products.bread }], { terminalId: 'T03' });
    const closed = await t.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId: 'T03', declaredCash: 10_350 },
    });
    expect(closed.status).toBe(200);
    await expectVoidRefused(
      sale.id,
      409,
      'Only a sale of a still-open register session can be voided; later corrections are refunds',
    );
  });

  it('refuses a caller without pos.void (403), or holding it only at another store, changing nothing', async () => {
    const sale = await sell(f, [{ product: f.products.bread }]);
    const seller = await t.userWith(['pos.sell'], { storeId: f.store.id });
    await expectVoidRefused(sale.id, 403, 'Missing permission: pos.void', seller.token);
    const elsewhere = await createSellingFixture(t);
    await expectVoidRefused(
      sale.id,
      403,
      'Missing permission: pos.void at this store',
      elsewhere.cashier.token,
    );
    expect((await t.rest('PUT', `/sales/${sale.id}/void`, { body: { reason: 'x' } })).status).toBe(401);
  });

  it('answers 404 for an unknown sale and 400 for a blank or missing reason', async () => {
    const res = await voidSale(UNKNOWN, 'x');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe(`Sale ${UNKNOWN} not found`);
    const sale = await sell(f, [{ product: f.products.bread }]);
    const blank = await expectVoidRefused(
      sale.id,
      400,
      'reason: reason must not be blank',
      f.cashier.token,
      '   ',
    );
    expect(blank.body.field).toBe('reason');
    const missing = await t.rest('PUT', `/sales/${sale.id}/void`, { token: f.cashier.token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'reason: is required', field: 'reason' });
  });
});

describe('POST /sales/print', () => {
  it('returns the receipt data: header, local time, lines with taxes, tax summary, totals, payments, names', async () => {
    const rep = (
      await t.rest('POST', '/sales-reps', {
        token: t.adminToken,
        body: { code: 'PRINT', firstName: 'Rita', lastName: 'Rep' },
      })
    ).body.data;
    const customer = (
      await t.rest('POST', '/customers', {
        token: t.adminToken,
        body: { firstName: 'Cora', lastName: 'Client' },
      })
    ).body.data;
    // 16:05:09 UTC on 4 July is 12:05:09 in New York (EDT, UTC−4).
    pinClock('2026-07-04T16:05:09.000Z');
    const sale = await sell(
      f,
      [
        { product: f.products.coffee, quantity: 2000 },
        { product: f.products.watch },
        { product: f.products.bread },
      ],
      {
        salesRepId: rep.id,
        customerId: customer.id,
        payments: [
          { method: f.tenders.card, amount: 27_000, reference: 'slip 7' },
          { method: f.tenders.cash, amount: 3_000, reference: null },
        ],
      },
    );
    // 2143 + 27348 + 350 = 29841; paid 30000, change 159.
    expect(sale).toMatchObject({ grandTotal: 29_841, amountPaid: 30_000, changeGiven: 159 });
    t.server.runtime.now = realClock;
    const res = await t.rest('POST', '/sales/print', { token: f.cashier.token, body: { saleId: sale.id } });
    expect(res.status).toBe(200);
    const receipt = res.body.data;
    const [cashier] = await t.sql('select display_name from app_user where id = ?', [f.cashier.id]);
    expect(receipt).toMatchObject({
      localTime: '2026-07-04 12:05:09',
      cashierName: cashier.display_name,
      salesRepName: 'Rita Rep',
      customerName: 'Cora Client',
      store: { id: f.store.id, code: f.store.code, timezone: 'America/New_York', address: '1 Main St' },
      sale: {
        id: sale.id,
        receiptNumber: sale.receiptNumber,
        terminalId: 'T01',
        soldAt: '2026-07-04T16:05:09.000Z',
        subtotal: 27_348,
        discountTotal: 0,
        taxTotal: 2_493,
        grandTotal: 29_841,
        amountPaid: 30_000,
        changeGiven: 159,
      },
    });
    expect(receipt.sale.items.map((i: any) => [i.productName, i.quantity, i.unitPrice, i.lineTotal])).toEqual(
      [
        [f.products.coffee.name, 2000, 999, 2143],
        [f.products.watch.name, 1000, 25_000, 27_348],
        [f.products.bread.name, 1000, 350, 350],
      ],
    );
    expect(receipt.sale.items[1].taxes.map((x: any) => [x.taxRateName, x.taxAmount])).toEqual([
      [f.rates.state.name, 1562],
      [f.rates.county.name, 250],
      [f.rates.luxury.name, 536],
    ]);
    // State: 125 + 1562 on 1998 + 25000; County: 20 + 250; Luxury: 536 on 26812.
    expect(receipt.taxSummary).toEqual([
      { taxRateName: f.rates.state.name, rate: 625, taxableAmount: 26_998, taxAmount: 1687 },
      { taxRateName: f.rates.county.name, rate: 100, taxableAmount: 26_998, taxAmount: 270 },
      { taxRateName: f.rates.luxury.name, rate: 200, taxableAmount: 26_812, taxAmount: 536 },
    ]);
    expect(receipt.sale.payments.map((p: any) => [p.method, p.isCash, p.amount, p.reference])).toEqual([
      [f.tenders.card, false, 27_000, 'slip 7'],
      [f.tenders.cash, true, 3_000, null],
    ]);
  });

  it('prints a sale without rep or customer with null names, and refuses strangers and unknown sales', async () => {
    const sale = await sell(f, [{ product: f.products.bread }]);
    const res = await t.rest('POST', '/sales/print', { token: f.cashier.token, body: { saleId: sale.id } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ salesRepName: null, customerName: null, taxSummary: [] });
    const elsewhere = await createSellingFixture(t);
    const denied = await t.rest('POST', '/sales/print', {
      token: elsewhere.cashier.token,
      body: { saleId: sale.id },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: pos.sell at this store');
    const unknown = await t.rest('POST', '/sales/print', {
      token: f.cashier.token,
      body: { saleId: UNKNOWN },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /sales', () => {
  let g: SellingFixture;
  let other: TestUser;
  let s1: any;
  let s2: any;
  let s3: any;

  beforeAll(async () => {
    // A store of their own, so these lists hold only the sales made here.
    g = await createSellingFixture(t);
    other = await t.userWith(TILL_PERMISSIONS, { storeId: g.store.id });
    await openRegister(t, g, 'T01');
    await openRegister(t, g, 'T02');
    // New York is on EDT (UTC−4) from 8 March 2026.
    pinClock('2026-03-11T03:30:00.000Z'); // 10 March, 23:30 local
    s1 = await sell(g, [{ product: g.products.bread }]);
    pinClock('2026-03-11T04:30:00.000Z'); // 11 March, 00:30 local
    s2 = await sell(g, [{ product: g.products.coffee }]);
    pinClock('2026-03-12T14:00:00.000Z'); // 12 March, 10:00 local
    s3 = await sell(g, [{ product: g.products.bread }], { terminalId: 'T02', cashierId: other.id });
    expect((await voidSale(s3.id, 'test', g.cashier.token)).status).toBe(200);
    t.server.runtime.now = realClock;
  });

  const list = async (query: string, token = g.cashier.token) => {
    const res = await t.rest('GET', `/sales${query}`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const ids = (page: any) => page.data.map((s: any) => s.id);

  it("lists the caller's store, latest first, with lines and payments", async () => {
    const page = await list('');
    expect(ids(page)).toEqual([s3.id, s2.id, s1.id]);
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(page.data[1].items[0].taxes.map((x: any) => x.taxAmount)).toEqual([62, 10]);
    expect(page.data[1].payments).toHaveLength(1);
  });

  it("filters by the store's local days", async () => {
    expect(ids(await list('?date_from=2026-03-10&date_to=2026-03-10'))).toEqual([s1.id]);
    expect(ids(await list('?date_from=2026-03-11&date_to=2026-03-11'))).toEqual([s2.id]);
    expect(ids(await list('?date_from=2026-03-11'))).toEqual([s3.id, s2.id]);
    expect(ids(await list('?date_to=2026-03-11'))).toEqual([s2.id, s1.id]);
    expect(ids(await list('?date_from=2026-03-13'))).toEqual([]);
  });

  it('filters by status, terminal, cashier and store', async () => {
    expect(ids(await list('?status=VOIDED'))).toEqual([s3.id]);
    expect(ids(await list('?status=COMPLETED'))).toEqual([s2.id, s1.id]);
    expect(ids(await list('?terminal_id=T02'))).toEqual([s3.id]);
    expect(ids(await list(`?cashier_id=${g.cashier.id}`))).toEqual([s2.id, s1.id]);
    expect(ids(await list(`?store_id=${g.store.id}&terminal_id=T01`))).toEqual([s2.id, s1.id]);
    // The admin (every permission everywhere) names the store.
    expect(ids(await list(`?store_id=${g.store.id}`, t.adminToken))).toEqual([s3.id, s2.id, s1.id]);
  });

  it('paginates with totals', async () => {
    const first = await list('?pageSize=2');
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(ids(first)).toEqual([s3.id, s2.id]);
    const second = await list('?pageSize=2&page=2');
    expect(ids(second)).toEqual([s1.id]);
    expect(second.total).toBe(3);
  });

  it('refuses date_to before date_from (400) and a store without pos.sell there (403)', async () => {
    const bad = await t.rest('GET', '/sales?date_from=2026-03-11&date_to=2026-03-10', {
      token: g.cashier.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: 'date_to: must not be before the first day asked for (2026-03-11)',
      field: 'date_to',
    });
    const denied = await t.rest('GET', `/sales?store_id=${f.store.id}`, { token: g.cashier.token });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    expect((await t.rest('GET', '/sales')).status).toBe(401);
  });
});
