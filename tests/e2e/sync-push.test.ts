import { startTestServer, type TestServer } from '../support/server';
import { createSellingFixture, type SellingFixture } from '../support/selling';
import {
  events,
  issueToken,
  push,
  pushSnapshot,
  registerOpened,
  saleCreated,
  type CraftedEvent,
} from '../support/push-events';

let t: TestServer;
let f: SellingFixture;
let token: string;
/** The next seq the store pushes. */
let next = 1;
let sessionId: string;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  token = await issueToken(t, f.store.id);
  const opened = registerOpened(f);
  sessionId = opened.id;
  const res = await push(t, token, events(next, [{ type: 'register.opened', payload: opened }]));
  expect(res.status).toBe(200);
  next += 1;
});
afterAll(() => t.close());

/** Pushes events from `next` on and advances it. */
async function pushNext(list: Array<{ type: string; payload: object }>) {
  const batch = events(next, list);
  const res = await push(t, token, batch);
  expect(res.status).toBe(200);
  next += batch.length;
  return { res, batch };
}

async function expectRefused(batch: CraftedEvent[], status: number, error: string) {
  const before = await pushSnapshot(t);
  const res = await push(t, token, batch);
  expect(res.status).toBe(status);
  expect(res.body.error).toBe(error);
  expect(await pushSnapshot(t)).toEqual(before);
  return res;
}

describe('POST /sync/push', () => {
  it('applies a sale.created: the same sale, lines, taxes, payments and stock at HQ', async () => {
    const payload = saleCreated(f, sessionId, [
      { product: f.products.coffee, quantity: 2000 },
      { product: f.products.watch },
    ]);
    const { res, batch } = await pushNext([{ type: 'sale.created', payload }]);
    expect(res.body.data).toEqual({
      ackedThroughSeq: batch[0].seq,
      results: [{ seq: batch[0].seq, status: 'applied', errorId: null }],
    });
    const [sale] = await t.sql('select * from sale where id = ?', [payload.id]);
    expect(sale).toMatchObject({
      store_id: f.store.id,
      register_session_id: sessionId,
      terminal_id: 'T01',
      receipt_number: payload.receiptNumber,
      cashier_id: f.cashier.id,
      status: 'COMPLETED',
      subtotal: String(payload.subtotal),
      grand_total: String(payload.grandTotal),
      amount_paid: String(payload.amountPaid),
      change_given: '0',
    });
    expect(new Date(sale.sold_at).toISOString()).toBe('2026-05-01T12:00:00.000Z');
    const items = await t.sql(
      'select id, line_number, product_id, sku, quantity, unit_price, effective_price, price_source, unit_cost, tax_amount, line_total from sale_item where sale_id = ? order by line_number',
      [payload.id],
    );
    expect(items).toEqual(
      payload.items.map((item, i) => ({
        id: item.id,
        line_number: i + 1,
        product_id: item.productId,
        sku: item.sku,
        quantity: String(item.quantity),
        unit_price: String(item.unitPrice),
        effective_price: String(item.effectivePrice),
        price_source: 'PRODUCT',
        unit_cost: String(item.unitCost),
        tax_amount: String(item.taxAmount),
        line_total: String(item.lineTotal),
      })),
    );
    const taxes = await t.sql(
      `select x.id, x.tax_rate_id, x.taxable_amount, x.tax_amount from sale_item_tax x join sale_item i on i.id = x.sale_item_id
        where i.sale_id = ? order by i.line_number, x.sort_order`,
      [payload.id],
    );
    expect(taxes).toEqual(
      payload.items.flatMap((item) =>
        item.taxes.map((tax) => ({
          id: tax.id,
          tax_rate_id: tax.taxRateId,
          taxable_amount: String(tax.taxableAmount),
          tax_amount: String(tax.taxAmount),
        })),
      ),
    );
    const payments = await t.sql('select id, method, amount from sale_payment where sale_id = ?', [
      payload.id,
    ]);
    expect(payments).toEqual([
      { id: payload.payments[0].id, method: f.tenders.cash, amount: String(payload.grandTotal) },
    ]);
    const moves = await t.sql(
      'select id, product_id, quantity, type, user_id from stock_movement where reference_id = ? order by id',
      [payload.id],
    );
    expect(moves).toEqual(
      payload.movements.map((m) => ({
        id: m.id,
        product_id: m.productId,
        quantity: String(m.quantity),
        type: 'SALE',
        user_id: f.cashier.id,
      })),
    );
    const levels = await t.sql(
      'select product_id, quantity from inventory_level where store_id = ? order by product_id',
      [f.store.id],
    );
    expect(levels).toEqual(
      [
        { product_id: f.products.coffee.id, quantity: '-2000' },
        { product_id: f.products.watch.id, quantity: '-1000' },
      ].sort((a, b) => (a.product_id < b.product_id ? -1 : 1)),
    );
  });
});

describe('POST /sync/push: exactly once', () => {
  it('answers the same batch again with duplicates and changes nothing', async () => {
    const payload = saleCreated(f, sessionId, [{ product: f.products.bread }]);
    const { batch } = await pushNext([
      { type: 'sale.created', payload },
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.coffee }]) },
    ]);
    const before = await pushSnapshot(t);
    const res = await push(t, token, batch);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      ackedThroughSeq: batch[1].seq,
      results: [
        { seq: batch[0].seq, status: 'duplicate', errorId: null },
        { seq: batch[1].seq, status: 'duplicate', errorId: null },
      ],
    });
    expect(await pushSnapshot(t)).toEqual(before);
  });

  it('applies the new events of a batch that starts with ones already received', async () => {
    const first = events(next, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    expect((await push(t, token, first)).status).toBe(200);
    const second = events(next + 1, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    const res = await push(t, token, [...first, ...second]);
    expect(res.status).toBe(200);
    expect(res.body.data.results).toEqual([
      { seq: next, status: 'duplicate', errorId: null },
      { seq: next + 1, status: 'applied', errorId: null },
    ]);
    next += 2;
  });

  it('applies a batch once when the same push arrives twice at the same time', async () => {
    const payload = saleCreated(f, sessionId, [{ product: f.products.coffee }]);
    const batch = events(next, [{ type: 'sale.created', payload }]);
    const [a, b] = await Promise.all([push(t, token, batch), push(t, token, batch)]);
    expect([a.body.data.results[0].status, b.body.data.results[0].status].sort()).toEqual([
      'applied',
      'duplicate',
    ]);
    expect(await t.sql('select count(*)::int as n from sale where id = ?', [payload.id])).toEqual([{ n: 1 }]);
    next += 1;
  });

  it('refuses a gap with 409 and expectedSeq, applying nothing', async () => {
    const batch = events(next + 1, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    const res = await expectRefused(batch, 409, `events.0.seq: expected seq ${next}, got ${next + 1}`);
    expect(res.body).toMatchObject({ code: 'CONFLICT', expectedSeq: next });
  });

  it('refuses seqs that do not increase by 1 within a batch (400)', async () => {
    const batch = events(next, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    batch[1].seq += 1;
    await expectRefused(batch, 400, `events.1.seq: must be ${next + 1}: seqs increase by 1 within a batch`);
  });

  it('refuses a known seq and eventId with another payload (409), applying nothing of the batch', async () => {
    const { batch } = await pushNext([
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    const changed = { ...batch[0], payload: { ...batch[0].payload, grandTotal: 1 } };
    const fresh = events(next, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    await expectRefused(
      [changed, ...fresh],
      409,
      `events.0.eventId: eventId/seq reused with another payload (seq ${batch[0].seq})`,
    );
    // Same payload and seq, another eventId: also a reuse.
    await expectRefused(
      [{ ...batch[0], eventId: fresh[0].eventId }],
      409,
      `events.0.eventId: eventId/seq reused with another payload (seq ${batch[0].seq})`,
    );
    // Another time is another payload too.
    await expectRefused(
      [{ ...batch[0], occurredAt: '2026-05-01T12:00:00.001Z' }],
      409,
      `events.0.eventId: eventId/seq reused with another payload (seq ${batch[0].seq})`,
    );
  });

  it('refuses a new event that reuses an eventId already received (409)', async () => {
    const { batch } = await pushNext([
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    const again = events(next, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    again[0].eventId = batch[0].eventId;
    await expectRefused(
      again,
      409,
      `events.0.eventId: eventId ${batch[0].eventId} was already used for another event`,
    );
  });

  it('refuses a user token (401) and an anonymous call (401), changing nothing', async () => {
    const batch = events(next, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    const before = await pushSnapshot(t);
    for (const auth of [t.adminToken, f.cashier.token, undefined]) {
      const res = await t.rest('POST', '/sync/push', { token: auth, body: { events: batch } });
      expect(res.status).toBe(401);
    }
    expect(await pushSnapshot(t)).toEqual(before);
  });
});

describe('POST /sync/push: parked events', () => {
  it('parks an event that fails, applies the next ones, and advances the sequence', async () => {
    const poison = saleCreated(f, sessionId, [{ product: f.products.bread }], {
      payments: [{ method: 'NOSUCH', amount: 350 }],
    });
    const good = saleCreated(f, sessionId, [{ product: f.products.coffee }]);
    const { res, batch } = await pushNext([
      { type: 'sale.created', payload: poison },
      { type: 'sale.created', payload: good },
    ]);
    const errorId = res.body.data.results[0].errorId;
    expect(res.body.data).toEqual({
      ackedThroughSeq: batch[1].seq,
      results: [
        { seq: batch[0].seq, status: 'parked', errorId: expect.any(String) },
        { seq: batch[1].seq, status: 'applied', errorId: null },
      ],
    });
    const [error] = await t.sql('select * from sync_error where id = ?', [errorId]);
    expect(error).toMatchObject({
      store_id: f.store.id,
      seq: String(batch[0].seq),
      event_id: batch[0].eventId,
      type: 'sale.created',
      code: 'UNPROCESSABLE',
      message: 'payments.0.method: no tender NOSUCH',
      attempts: 1,
      status: 'open',
      payload: poison,
    });
    expect(await t.sql('select status from sync_event where event_id = ?', [batch[0].eventId])).toEqual([
      { status: 'parked' },
    ]);
    expect(await t.sql('select id from sale where id = ?', [poison.id])).toEqual([]);
    expect(await t.sql('select id from sale where id = ?', [good.id])).toEqual([{ id: good.id }]);
    // The good sale once (the batch was tried whole first, then event by event), nothing of the parked one.
    expect(
      await t.sql('select count(*)::int as n from stock_movement where reference_id = ?', [good.id]),
    ).toEqual([{ n: 1 }]);
    expect(await t.sql('select id from stock_movement where reference_id = ?', [poison.id])).toEqual([]);
  });

  it('parks, as FORBIDDEN, an event naming another store: one store cannot push as another', async () => {
    const other = await t.createStore();
    const payload = { ...saleCreated(f, sessionId, [{ product: f.products.bread }]), storeId: other.id };
    const { res } = await pushNext([{ type: 'sale.created', payload }]);
    const [error] = await t.sql('select code, message from sync_error where id = ?', [
      res.body.data.results[0].errorId,
    ]);
    expect(error).toEqual({
      code: 'FORBIDDEN',
      message: `storeId: a store pushes only its own transactions (not ${other.id})`,
    });
    expect(await t.sql('select id from sale where id = ?', [payload.id])).toEqual([]);
  });

  it('parks an unknown event type and a malformed payload as VALIDATION', async () => {
    const { res } = await pushNext([
      { type: 'sale.refunded', payload: { storeId: f.store.id } },
      {
        type: 'sale.created',
        payload: { ...saleCreated(f, sessionId, [{ product: f.products.bread }]), grandTotal: '350' },
      },
    ]);
    const ids = res.body.data.results.map((r: { errorId: string }) => r.errorId);
    const rows = await t.sql('select code, message from sync_error where id in (?, ?) order by seq', ids);
    expect(rows).toEqual([
      { code: 'VALIDATION', message: 'type: unknown event type sale.refunded' },
      { code: 'VALIDATION', message: 'payload.grandTotal: must be an integer' },
    ]);
  });

  it('parks a sale whose arithmetic does not add up, naming the figure', async () => {
    const payload = saleCreated(f, sessionId, [{ product: f.products.coffee }]);
    payload.items[0].taxes[0].taxAmount += 1;
    const { res } = await pushNext([{ type: 'sale.created', payload }]);
    const [error] = await t.sql('select code, message from sync_error where id = ?', [
      res.body.data.results[0].errorId,
    ]);
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toMatch(/^items\.0\.taxes\.0\.taxAmount: stated \d+, expected \d+$/);
  });

  it('applies in one push a register opened and sales in it, and parks a sale naming an unknown product', async () => {
    const opened = registerOpened(f, 'T09');
    const first = saleCreated(f, opened.id, [{ product: f.products.coffee }], { terminalId: 'T09' });
    const unknown = saleCreated(f, opened.id, [{ product: f.products.bread }], { terminalId: 'T09' });
    unknown.items[0].productId = '01900000-0000-7000-8000-0000000000bb';
    const last = saleCreated(f, sessionId, [{ product: f.products.bread }]);
    const { res } = await pushNext([
      { type: 'register.opened', payload: opened },
      { type: 'sale.created', payload: first },
      { type: 'sale.created', payload: unknown },
      { type: 'sale.created', payload: last },
    ]);
    expect(res.body.data.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'parked',
      'applied',
    ]);
    const [error] = await t.sql('select code, message from sync_error where id = ?', [
      res.body.data.results[2].errorId,
    ]);
    expect(error).toEqual({
      code: 'UNPROCESSABLE',
      message: 'items.0.productId: no product 01900000-0000-7000-8000-0000000000bb',
    });
    const rows = await t.sql('select id, register_session_id from sale where id in (?, ?, ?)', [
      first.id,
      unknown.id,
      last.id,
    ]);
    expect(
      new Map(rows.map((r: { id: string; register_session_id: string }) => [r.id, r.register_session_id])),
    ).toEqual(
      new Map([
        [first.id, opened.id],
        [last.id, sessionId],
      ]),
    );
  });

  it('keeps the store’s prices although HQ’s changed meanwhile', async () => {
    const payload = saleCreated(f, sessionId, [{ product: f.products.coffee, unitPrice: 1234 }]);
    const { res } = await pushNext([{ type: 'sale.created', payload }]);
    expect(res.body.data.results[0].status).toBe('applied');
    expect(await t.sql('select unit_price from sale_item where sale_id = ?', [payload.id])).toEqual([
      { unit_price: '1234' },
    ]);
  });
});

describe('POST /sync/push: voids, adjustments, register close', () => {
  const level = async (productId: string) =>
    Number(
      (
        await t.sql('select quantity from inventory_level where store_id = ? and product_id = ?', [
          f.store.id,
          productId,
        ])
      )[0]?.quantity ?? 0,
    );

  it('applies a sale.voided: the sale VOIDED with the store’s who, when and why, its stock put back', async () => {
    const sale = saleCreated(f, sessionId, [{ product: f.products.watch, quantity: 2000 }]);
    const before = await level(f.products.watch.id);
    const voided = {
      saleId: sale.id,
      storeId: f.store.id,
      voidedAt: '2026-05-01T12:30:00.000Z',
      voidedById: f.cashier.id,
      reason: 'Customer changed mind',
      movements: [
        {
          id: '01900000-0000-7000-8000-00000000a001',
          productId: f.products.watch.id,
          quantity: 2000,
          userId: f.cashier.id,
          createdAt: '2026-05-01T12:30:00.000Z',
        },
      ],
    };
    const { res } = await pushNext([
      { type: 'sale.created', payload: sale },
      { type: 'sale.voided', payload: voided },
    ]);
    expect(res.body.data.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const [row] = await t.sql(
      'select status, voided_at, voided_by_id, void_reason, version from sale where id = ?',
      [sale.id],
    );
    expect({ ...row, voided_at: new Date(row.voided_at).toISOString() }).toEqual({
      status: 'VOIDED',
      voided_at: '2026-05-01T12:30:00.000Z',
      voided_by_id: f.cashier.id,
      void_reason: 'Customer changed mind',
      version: 2,
    });
    expect(
      await t.sql("select id, quantity, notes from stock_movement where reference_id = ? and type = 'VOID'", [
        sale.id,
      ]),
    ).toEqual([{ id: voided.movements[0].id, quantity: '2000', notes: 'Customer changed mind' }]);
    expect(await level(f.products.watch.id)).toBe(before);

    // The same void again (a new event) is parked: the sale is already voided.
    const again = await pushNext([{ type: 'sale.voided', payload: { ...voided, movements: [] } }]);
    const [error] = await t.sql('select code, message from sync_error where id = ?', [
      again.res.body.data.results[0].errorId,
    ]);
    expect(error).toEqual({
      code: 'INVALID_STATE',
      message: 'The sale was already voided at 2026-05-01T12:30:00.000Z',
    });
  });

  it('applies a stock.adjusted as a delta to HQ’s copy of the store’s level, with the store’s movement', async () => {
    const before = await level(f.products.bread.id);
    const payload = {
      id: '01900000-0000-7000-8000-00000000b001',
      storeId: f.store.id,
      productId: f.products.bread.id,
      quantity: 12_000,
      reason: 'RECEIVED',
      notes: 'Delivery without PO',
      userId: f.cashier.id,
      createdAt: '2026-05-01T13:00:00.000Z',
      // The store's own level: informational, HQ applies the change.
      quantityAfter: 99_000,
    };
    const { res } = await pushNext([{ type: 'stock.adjusted', payload }]);
    expect(res.body.data.results[0].status).toBe('applied');
    expect(await level(f.products.bread.id)).toBe(before + 12_000);
    const [move] = await t.sql('select * from stock_movement where id = ?', [payload.id]);
    expect({ ...move, created_at: new Date(move.created_at).toISOString() }).toMatchObject({
      store_id: f.store.id,
      product_id: f.products.bread.id,
      quantity: '12000',
      quantity_after: String(before + 12_000),
      type: 'ADJUSTMENT',
      reason: 'RECEIVED',
      notes: 'Delivery without PO',
      user_id: f.cashier.id,
      created_at: '2026-05-01T13:00:00.000Z',
      reference_id: null,
    });
  });

  it('applies a register.closed keeping the store’s Z number and figures; a second close is parked', async () => {
    const payload = {
      id: sessionId,
      storeId: f.store.id,
      terminalId: 'T01',
      closedAt: '2026-05-01T20:00:00.000Z',
      closedById: f.cashier.id,
      zNumber: 7,
      expectedCash: 12_345,
      declaredCash: 12_300,
      overShort: -45,
      zReport: { salesCount: 3, grandTotal: 2345, declaredCash: 12_300, overShort: -45 },
    };
    const { res } = await pushNext([{ type: 'register.closed', payload }]);
    expect(res.body.data.results[0].status).toBe('applied');
    const [row] = await t.sql(
      'select status, closed_by_id, z_number, expected_cash, declared_cash, over_short, z_report from register_session where id = ?',
      [sessionId],
    );
    expect(row).toEqual({
      status: 'CLOSED',
      closed_by_id: f.cashier.id,
      z_number: 7,
      expected_cash: '12345',
      declared_cash: '12300',
      over_short: '-45',
      z_report: payload.zReport,
    });
    const again = await pushNext([{ type: 'register.closed', payload: { ...payload, zNumber: 8 } }]);
    const [error] = await t.sql('select code from sync_error where id = ?', [
      again.res.body.data.results[0].errorId,
    ]);
    expect(error).toEqual({ code: 'INVALID_STATE' });
    expect((await t.sql('select z_number from register_session where id = ?', [sessionId]))[0].z_number).toBe(
      7,
    );
  });

  it('parks a register.opened for a terminal that HQ shows open, and a close whose figures do not add up', async () => {
    const opened = registerOpened(f, 'T02');
    const { res } = await pushNext([
      { type: 'register.opened', payload: opened },
      { type: 'register.opened', payload: { ...registerOpened(f, 'T02') } },
      {
        type: 'register.closed',
        payload: {
          id: opened.id,
          storeId: f.store.id,
          terminalId: 'T02',
          closedAt: '2026-05-01T20:00:00.000Z',
          closedById: f.cashier.id,
          zNumber: 1,
          expectedCash: 100,
          declaredCash: 100,
          overShort: 5,
          zReport: {},
        },
      },
    ]);
    const [, second, third] = res.body.data.results;
    expect(res.body.data.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'parked',
      'parked',
    ]);
    const errors = await t.sql('select code, message from sync_error where id in (?, ?) order by seq', [
      second.errorId,
      third.errorId,
    ]);
    expect(errors).toEqual([
      { code: 'INVALID_STATE', message: 'terminalId: T02 already has an open register session' },
      { code: 'UNPROCESSABLE', message: 'overShort: stated 5, expected 0' },
    ]);
  });
});
