import { startTestServer, type TestServer } from '../support/server';
import { createSellingFixture, postSale, saleBody, type SellingFixture } from '../support/selling';

/** The outbox of a store server: every store transaction writes its event in its own transaction. */
let s: TestServer;
let f: SellingFixture;

beforeAll(async () => {
  s = await startTestServer({ mode: 'store' });
  f = await createSellingFixture(s, { storeId: s.storeId });
});
afterAll(() => s.close());

const outbox = (fromSeq = 1) =>
  s.sql<{ seq: string; event_id: string; type: string; occurred_at: string; payload: any; pushed_at: null }>(
    'select * from sync_outbox where seq >= ? order by seq',
    [fromSeq],
  );
const lastSeq = async () => Number((await s.sql('select last_seq from sync_outbox_seq'))[0].last_seq);

describe('store outbox', () => {
  let sessionId: string;

  it('records register.opened with the session as written', async () => {
    const res = await s.rest('POST', '/registers/open', {
      token: f.cashier.token,
      body: { terminalId: 'T01', openingAmount: 2500 },
    });
    expect(res.status).toBe(201);
    sessionId = res.body.data.id;
    const [event] = await outbox();
    expect(event).toMatchObject({ seq: '1', type: 'register.opened', pushed_at: null });
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.payload).toEqual({
      id: sessionId,
      storeId: f.store.id,
      terminalId: 'T01',
      openedById: f.cashier.id,
      openedAt: res.body.data.openedAt,
      openingAmount: 2500,
    });
  });

  it('records sale.created with the sale, its derived figures and movements; a replay records nothing', async () => {
    const body = saleBody(
      f,
      [{ product: f.products.coffee, quantity: 2000 }, { product: f.products.service }],
      {
        payments: [{ method: f.tenders.cash, amount: 10_000 }],
      },
    );
    const res = await postSale(s, f, body);
    expect(res.status).toBe(201);
    const sale = res.body.data;
    const [event] = await outbox(2);
    expect(event.seq).toBe('2');
    expect(event.type).toBe('sale.created');
    const items = await s.sql('select id from sale_item where sale_id = ? order by line_number', [sale.id]);
    const moves = await s.sql('select id, created_at from stock_movement where reference_id = ?', [sale.id]);
    expect(event.payload).toEqual({
      id: sale.id,
      storeId: f.store.id,
      registerSessionId: sessionId,
      terminalId: 'T01',
      receiptNumber: body.receiptNumber,
      cashierId: f.cashier.id,
      salesRepId: null,
      customerId: null,
      subtotal: body.subtotal,
      discountTotal: 0,
      taxTotal: body.taxTotal,
      grandTotal: body.grandTotal,
      amountPaid: 10_000,
      changeGiven: 10_000 - body.grandTotal,
      soldAt: sale.soldAt,
      items: body.items.map((item, i) => ({
        ...item,
        id: items[i].id,
        sku: [f.products.coffee, f.products.service][i].sku,
        effectivePrice: item.unitPrice,
        priceSource: 'PRODUCT',
        specialId: null,
        overrideRequestedById: null,
        overrideApprovedById: null,
        unitCost: Math.floor(item.unitPrice / 2),
        taxes: item.taxes.map((tax, t) => ({
          ...tax,
          id: expect.any(String),
          taxRateId: [f.products.coffee, f.products.service][i].taxes[t].id,
          taxableAmount: item.lineTotal - item.taxAmount,
        })),
      })),
      payments: [{ id: expect.any(String), method: f.tenders.cash, amount: 10_000, reference: null }],
      // The service is not stock-tracked: one movement, the coffee's.
      movements: [
        {
          id: moves[0].id,
          productId: f.products.coffee.id,
          quantity: -2000,
          userId: f.cashier.id,
          createdAt: new Date(moves[0].created_at).toISOString(),
        },
      ],
    });

    const again = await postSale(s, f, body);
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(sale.id);
    expect(await lastSeq()).toBe(2);
  });

  it('records nothing for a refused sale, and the next event takes the next seq (no gap)', async () => {
    const bad = { ...saleBody(f, [{ product: f.products.bread }]), grandTotal: 1 };
    expect((await postSale(s, f, bad)).status).toBe(422);
    expect(await lastSeq()).toBe(2);
    const ok = await postSale(s, f, saleBody(f, [{ product: f.products.bread }]));
    expect(ok.status).toBe(201);
    expect((await outbox(3)).map((e) => [e.seq, e.type, e.payload.id])).toEqual([
      ['3', 'sale.created', ok.body.data.id],
    ]);
  });

  it('gives parallel sales consecutive seqs, one event each', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => postSale(s, f, saleBody(f, [{ product: f.products.coffee }]))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const events = await outbox(4);
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: 12 }, (_, i) => 4 + i));
    expect(new Set(events.map((e) => e.payload.id))).toEqual(new Set(results.map((r) => r.body.data.id)));
  });

  it('records sale.voided with who, when, why and the VOID movements', async () => {
    const sale = (await postSale(s, f, saleBody(f, [{ product: f.products.watch }]))).body.data;
    const res = await s.rest('PUT', `/sales/${sale.id}/void`, {
      token: f.cashier.token,
      body: { reason: 'Wrong watch' },
    });
    expect(res.status).toBe(200);
    const seq = await lastSeq();
    const [event] = await outbox(seq);
    const [move] = await s.sql(
      "select id, created_at from stock_movement where reference_id = ? and type = 'VOID'",
      [sale.id],
    );
    expect(event.type).toBe('sale.voided');
    expect(event.payload).toEqual({
      saleId: sale.id,
      storeId: f.store.id,
      voidedAt: res.body.data.voidedAt,
      voidedById: f.cashier.id,
      reason: 'Wrong watch',
      movements: [
        {
          id: move.id,
          productId: f.products.watch.id,
          quantity: 1000,
          userId: f.cashier.id,
          createdAt: new Date(move.created_at).toISOString(),
        },
      ],
    });
  });

  it('records stock.adjusted as the change it made (a count too)', async () => {
    const user = await s.userWith(['inventory.adjust'], { storeId: s.storeId });
    const res = await s.rest('POST', '/inventory/adjustments', {
      token: user.token,
      body: {
        productId: f.products.bread.id,
        newQuantity: 5000,
        reason: 'PHYSICAL_COUNT',
        notes: 'Shelf count',
      },
    });
    expect(res.status).toBe(201);
    const [event] = await outbox(await lastSeq());
    expect(event.type).toBe('stock.adjusted');
    expect(event.payload).toEqual({
      id: res.body.data.id,
      storeId: f.store.id,
      productId: f.products.bread.id,
      quantity: res.body.data.quantity,
      reason: 'PHYSICAL_COUNT',
      notes: 'Shelf count',
      userId: user.id,
      createdAt: res.body.data.createdAt,
      quantityAfter: 5000,
    });
    // Bread sold once before (-1): the count of 5 made a change of +6.
    expect(res.body.data.quantity).toBe(6000);
  });

  it('records register.closed with the Z number, figures and frozen Z report', async () => {
    const res = await s.rest('POST', '/registers/close', {
      token: f.cashier.token,
      body: { terminalId: 'T01', declaredCash: 5000 },
    });
    expect(res.status).toBe(200);
    const [event] = await outbox(await lastSeq());
    const [row] = await s.sql('select z_report from register_session where id = ?', [sessionId]);
    expect(event.type).toBe('register.closed');
    expect(event.payload).toEqual({
      id: sessionId,
      storeId: f.store.id,
      terminalId: 'T01',
      closedAt: res.body.data.closedAt,
      closedById: f.cashier.id,
      zNumber: 1,
      expectedCash: res.body.data.expectedCash,
      declaredCash: 5000,
      overShort: 5000 - res.body.data.expectedCash,
      zReport: row.z_report,
    });
  });
});
