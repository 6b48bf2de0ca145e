import { startTestServer, type TestServer } from '../support/server';

/**
 * Where a permission is held decides what it changes: a role held at one store manages that store (its
 * price overrides, its record); what every store shares (catalogue, taxes, tenders, suppliers, specials,
 * reps, new stores) needs the permission at every store.
 */
let t: TestServer;
let storeA: { id: string };
let storeB: { id: string };
let productId: string;

beforeAll(async () => {
  t = await startTestServer();
  [storeA, storeB] = await Promise.all([t.createStore('SCOPE-A'), t.createStore('SCOPE-B')]);
  productId = (
    await t.rest('POST', '/products', {
      token: t.adminToken,
      body: { sku: 'SCOPE-1', name: 'Scoped', sellPrice: 500 },
    })
  ).body.data.id;
});
afterAll(() => t.close());

describe('what the whole chain shares', () => {
  it.each([
    ['/products', { sku: 'SCOPE-2', name: 'Nope', sellPrice: 100 }, 'products.create', 'product'],
    ['/taxes', { name: 'Scoped tax', rate: 100, isCompound: false }, 'taxes.manage', 'tax_rate'],
    ['/tenders', { code: 'SCOPED', name: 'Scoped', isCash: false }, 'tenders.manage', 'tender'],
    ['/suppliers', { name: 'Scoped supplier' }, 'suppliers.create', 'supplier'],
    ['/stores', { code: 'SCOPE-C', name: 'C', timezone: 'UTC' }, 'stores.create', 'store'],
  ] as const)(
    'POST %s needs %s at every store, not only at the store signed in for',
    async (path, body, perm, table) => {
      const local = await t.userWith([perm], { storeId: storeA.id });
      const before = await t.count(table);
      const refused = await t.rest('POST', path, { token: local.token, body });
      expect([refused.status, refused.body.error]).toEqual([
        403,
        `Missing permission: ${perm} at every store (this changes what all stores share)`,
      ]);
      expect(await t.count(table)).toBe(before);

      const chain = await t.userWith([perm]);
      expect((await t.rest('POST', path, { token: chain.token, body })).status).toBe(201);
      expect(await t.count(table)).toBe(before + 1);
    },
  );

  it('says plainly "missing" to a caller that holds the permission nowhere', async () => {
    const none = await t.userWith(['products.view'], { storeId: storeA.id });
    const res = await t.rest('POST', '/taxes', {
      token: none.token,
      body: { name: 'x', rate: 1, isCompound: false },
    });
    expect([res.status, res.body.error]).toEqual([403, 'Missing permission: taxes.manage']);
  });
});

describe("one store's own data", () => {
  const priceRows = () =>
    t.sql('select store_id, sell_price, version from store_price where product_id = ? order by store_id', [
      productId,
    ]);

  it('sets and deletes price overrides only at the stores where the permission is held', async () => {
    const manager = await t.userWith(['store_prices.manage', 'store_prices.view'], { storeId: storeA.id });
    const own = await t.rest('POST', '/store-prices', {
      token: manager.token,
      body: { storeId: storeA.id, productId, sellPrice: 450 },
    });
    expect([own.status, own.body.data.sellPrice]).toEqual([200, 450]);

    const other = await t.rest('POST', '/store-prices', {
      token: manager.token,
      body: { storeId: storeB.id, productId, sellPrice: 1 },
    });
    expect([other.status, other.body.error]).toEqual([
      403,
      'Missing permission: store_prices.manage at this store',
    ]);
    expect(await priceRows()).toEqual([{ store_id: storeA.id, sell_price: '450', version: 1 }]);

    const theirs = await t.rest('POST', '/store-prices', {
      token: t.adminToken,
      body: { storeId: storeB.id, productId, sellPrice: 520 },
    });
    const refusedDelete = await t.rest('DELETE', `/store-prices/${theirs.body.data.id}`, {
      token: manager.token,
    });
    expect(refusedDelete.status).toBe(403);
    expect((await priceRows()).length).toBe(2);
    expect(
      (await t.rest('DELETE', `/store-prices/${own.body.data.id}`, { token: manager.token })).status,
    ).toBe(200);
    expect(await priceRows()).toEqual([{ store_id: storeB.id, sell_price: '520', version: 1 }]);
  });

  it('edits only the store records where stores.edit is held, by a role there or at every store', async () => {
    const editor = await t.userWith(['stores.edit'], { storeId: storeA.id });
    const own = await t.rest('PUT', `/stores/${storeA.id}`, {
      token: editor.token,
      body: { name: 'Store A' },
    });
    expect([own.status, own.body.data.name]).toEqual([200, 'Store A']);
    const other = await t.rest('PUT', `/stores/${storeB.id}`, {
      token: editor.token,
      body: { isActive: false },
    });
    expect([other.status, other.body.error]).toEqual([403, 'Missing permission: stores.edit at this store']);
    expect(await t.sql('select is_active, version from store where id = ?', [storeB.id])).toEqual([
      { is_active: true, version: 1 },
    ]);
    const chain = await t.userWith(['stores.edit']);
    expect(
      (await t.rest('PUT', `/stores/${storeB.id}`, { token: chain.token, body: { phone: '+1 555 0199' } }))
        .status,
    ).toBe(200);
  });
});
