import { startSyncPair, type SyncPair } from '../support/sync';
import { createSellingFixture, saleBody, type SellingFixture } from '../support/selling';
import type { TestServer } from '../support/server';

/**
 * HQ and a provisioned store server, each on its own database: what the store records reaches HQ
 * identical (same ids, times and figures), once.
 */
let pair: SyncPair;
let f: SellingFixture;
/** The cashier's token at the store server. */
let cashier: string;

beforeAll(async () => {
  pair = await startSyncPair();
  f = await createSellingFixture(pair.hq, { storeId: pair.storeRow.id });
  await pair.store.server.syncAgent!.syncNow();
  cashier = await pair.store.login(f.cashier.username, f.cashier.pin);
});
afterAll(() => pair.close());

const sync = () => pair.store.server.syncAgent!.syncNow();

/** Rows of a query on both servers, without the columns each side stamps itself. */
async function both(sql: string, params: unknown[], omit: string[] = []) {
  const strip = (rows: Array<Record<string, unknown>>) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !omit.includes(k))));
  const [atStore, atHq] = await Promise.all([pair.store.sql(sql, params), pair.hq.sql(sql, params)]);
  return { atStore: strip(atStore), atHq: strip(atHq) };
}

async function expectSame(sql: string, params: unknown[], omit: string[] = []) {
  const { atStore, atHq } = await both(sql, params, omit);
  expect(atStore.length).toBeGreaterThan(0);
  expect(atHq).toEqual(atStore);
}

const store = (): TestServer => pair.store;

describe('push, end to end', () => {
  let sessionId: string;
  let saleId: string;

  it('brings a register opened and a sale made at the store to HQ identical', async () => {
    const open = await store().rest('POST', '/registers/open', {
      token: cashier,
      body: { terminalId: 'T01', openingAmount: 5000 },
    });
    expect(open.status).toBe(201);
    sessionId = open.body.data.id;
    const body = saleBody(
      f,
      [{ product: f.products.coffee, quantity: 2000 }, { product: f.products.watch }],
      {
        payments: [
          { method: f.tenders.card, amount: 10_000, reference: 'AUTH-1' },
          { method: f.tenders.cash, amount: 30_000 },
        ],
      },
    );
    const { storeId: _storeId, ...bodyAtStore } = body;
    const sale = await store().rest('POST', '/sales', { token: cashier, body: bodyAtStore });
    expect(sale.status).toBe(201);
    saleId = sale.body.data.id;

    await sync();
    await expectSame('select * from register_session where id = ?', [sessionId]);
    await expectSame('select * from sale where id = ?', [saleId]);
    await expectSame('select * from sale_item where sale_id = ? order by line_number', [saleId]);
    await expectSame(
      'select x.* from sale_item_tax x join sale_item i on i.id = x.sale_item_id where i.sale_id = ? order by x.id',
      [saleId],
    );
    await expectSame('select * from sale_payment where sale_id = ? order by position', [saleId]);
    await expectSame('select * from stock_movement where reference_id = ? order by id', [saleId]);
    await expectSame('select store_id, product_id, quantity from inventory_level order by product_id', []);
    expect(await store().sql('select count(*)::int as n from sync_outbox where pushed_at is null')).toEqual([
      { n: 0 },
    ]);
    const [state] = await pair.hq.sql('select last_seq from store_sync where store_id = ?', [
      pair.storeRow.id,
    ]);
    expect(state.last_seq).toBe('2');
  });

  it('brings a void, a stock adjustment and the register close to HQ', async () => {
    const voided = await store().rest('PUT', `/sales/${saleId}/void`, {
      token: cashier,
      body: { reason: 'Wrong basket' },
    });
    expect(voided.status).toBe(200);
    const adjuster = await store().login('admin', '1234');
    const adjust = await store().rest('POST', '/inventory/adjustments', {
      token: adjuster,
      body: { productId: f.products.bread.id, newQuantity: 24_000, reason: 'PHYSICAL_COUNT' },
    });
    expect(adjust.status).toBe(201);
    const close = await store().rest('POST', '/registers/close', {
      token: cashier,
      body: { terminalId: 'T01', declaredCash: 5000 },
    });
    expect(close.status).toBe(200);

    await sync();
    // Each side stamps updated_at when it writes the change.
    await expectSame('select * from sale where id = ?', [saleId], ['updated_at']);
    await expectSame('select * from stock_movement where reference_id = ? order by id', [saleId]);
    await expectSame('select * from stock_movement where id = ?', [adjust.body.data.id]);
    await expectSame('select * from register_session where id = ?', [sessionId], ['updated_at']);
    await expectSame('select store_id, product_id, quantity from inventory_level order by product_id', []);
    const [state] = await pair.hq.sql('select last_seq from store_sync where store_id = ?', [
      pair.storeRow.id,
    ]);
    expect(state.last_seq).toBe('5');
    expect(await pair.hq.count('sync_error')).toBe(0);
  });

  it('pushes after each sale by itself (the agent is asked after the commit)', async () => {
    const open = await store().rest('POST', '/registers/open', {
      token: cashier,
      body: { terminalId: 'T02', openingAmount: 0 },
    });
    expect(open.status).toBe(201);
    const { storeId: _storeId, ...body } = saleBody(f, [{ product: f.products.bread }], {
      terminalId: 'T02',
    });
    const sale = await store().rest('POST', '/sales', { token: cashier, body });
    expect(sale.status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const rows = await pair.hq.sql('select id from sale where id = ?', [sale.body.data.id]);
      if (rows.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expectSame('select * from sale where id = ?', [sale.body.data.id]);
  });
});
