import { eventually, startSyncPair, type SyncPair } from '../support/sync';

let pair: SyncPair;
let hq: SyncPair['hq'];
let store: SyncPair['store'];
/** A second store at HQ: its prices must never reach the synced store. */
let otherStore: { id: string; code: string };

beforeAll(async () => {
  pair = await startSyncPair();
  ({ hq, store } = pair);
  otherStore = await hq.createStore('OTHER');
});
afterAll(() => pair?.close());

/** Calls HQ's REST API as its admin; fails the test on anything but the expected status. */
async function atHq<T = any>(
  method: string,
  path: string,
  body?: unknown,
  status = method === 'POST' ? 201 : 200,
) {
  const res = await hq.rest<{ data: T }>(method, path, { token: hq.adminToken, body });
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

const productRow = (t: typeof hq, id: string) =>
  t
    .sql(
      `select sku, barcode, name, department_id, tax_group_id, cost_price::int, sell_price::int, is_active, version
         from product where id = ?`,
      [id],
    )
    .then((rows) => rows[0]);

describe('first contact', () => {
  it('brings every kind of master data, store prices of this store only', async () => {
    const rate = await atHq('POST', '/taxes', { name: 'VAT fc', rate: 2000, isCompound: false });
    const rate2 = await atHq('POST', '/taxes', { name: 'Levy fc', rate: 150, isCompound: true });
    const group = await atHq('POST', '/taxes/groups', {
      name: 'Standard fc',
      rates: [
        { taxRateId: rate.id, sortOrder: 1 },
        { taxRateId: rate2.id, sortOrder: 2 },
      ],
    });
    const dept = await atHq('POST', '/departments', { name: 'Bakery fc', code: 'BAKFC' });
    const product = await atHq('POST', '/products', {
      sku: 'FC-1',
      barcode: '4000000000017',
      name: 'First contact bread',
      departmentId: dept.id,
      taxGroupId: group.id,
      costPrice: 120,
      sellPrice: 250,
    });
    const mine = await atHq(
      'POST',
      '/store-prices',
      { storeId: pair.storeRow.id, productId: product.id, sellPrice: 240 },
      200,
    );
    const theirs = await atHq(
      'POST',
      '/store-prices',
      { storeId: otherStore.id, productId: product.id, sellPrice: 260 },
      200,
    );

    // A second store server on the same token's store starts from nothing: first contact.
    await store.sql('update sync_local_state set cursor = null');
    await store.server.syncAgent!.syncNow();

    expect(await productRow(store, product.id)).toEqual({
      sku: 'FC-1',
      barcode: '4000000000017',
      name: 'First contact bread',
      department_id: dept.id,
      tax_group_id: group.id,
      cost_price: 120,
      sell_price: 250,
      is_active: true,
      version: 1,
    });
    expect(await store.sql('select name, version from tax_group where id = ?', [group.id])).toEqual([
      { name: 'Standard fc', version: 1 },
    ]);
    expect(
      await store.sql(
        'select tax_rate_id, sort_order from tax_group_rate where tax_group_id = ? order by sort_order',
        [group.id],
      ),
    ).toEqual([
      { tax_rate_id: rate.id, sort_order: 1 },
      { tax_rate_id: rate2.id, sort_order: 2 },
    ]);
    expect(
      await store.sql('select id, sell_price::int from store_price where product_id = ?', [product.id]),
    ).toEqual([{ id: mine.id, sell_price: 240 }]);
    expect(await store.sql('select 1 from store_price where id = ?', [theirs.id])).toEqual([]);
    // Every kind the store needs, row for row as HQ holds them (store prices: its own only).
    for (const table of [
      'store',
      'department',
      'tax_rate',
      'tax_group',
      'tax_group_rate',
      'supplier',
      'tender',
      'product',
      'product_supplier',
      'role',
      'app_user',
      'user_role',
      'customer',
      'sales_rep',
      'special',
    ]) {
      const sql = `select to_jsonb(t) as r from "${table}" t order by 1`;
      expect({ table, rows: await store.sql(sql) }).toEqual({ table, rows: await hq.sql(sql) });
    }
    const prices = 'select to_jsonb(t) as r from store_price t where store_id = ? order by 1';
    expect(await store.sql(prices, [pair.storeRow.id])).toEqual(await hq.sql(prices, [pair.storeRow.id]));
    expect(await store.count('store_price')).toBe(
      Number(
        (await hq.sql('select count(*) from store_price where store_id = ?', [pair.storeRow.id]))[0].count,
      ),
    );
  });
});

describe('changes after first contact', () => {
  it('a product created and one repriced at HQ reach the store on syncNow', async () => {
    const repriced = await atHq('POST', '/products', { sku: 'RP-1', name: 'Repriced', sellPrice: 100 });
    await store.server.syncAgent!.syncNow();
    expect((await productRow(store, repriced.id)).sell_price).toBe(100);

    await atHq('PUT', `/products/${repriced.id}`, { sellPrice: 130 });
    const created = await atHq('POST', '/products', { sku: 'NEW-1', name: 'New one', sellPrice: 500 });
    await store.server.syncAgent!.syncNow();
    expect(await productRow(store, repriced.id)).toEqual({
      ...(await productRow(hq, repriced.id)),
      sell_price: 130,
      version: 2,
    });
    expect(await productRow(store, created.id)).toEqual(await productRow(hq, created.id));
    void eventually;
  });
});
