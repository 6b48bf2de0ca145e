import { randomBytes } from 'node:crypto';
import { DeleteStorePriceDocument, SetStorePriceDocument, StorePricesDocument } from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let manager: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, manager, outsider] = await Promise.all([
    t.userWith(['store_prices.view']),
    t.userWith(['store_prices.view', 'store_prices.manage']),
    t.userWith(['products.view']),
  ]);
});
afterAll(() => t.close());

const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function createProduct(name: string, sellPrice = 1000) {
  const sku = `SP-${randomBytes(4).toString('hex')}`;
  const res = await t.rest('POST', '/products', { token: t.adminToken, body: { sku, name, sellPrice } });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; sku: string; name: string };
}

const setPrice = (body: Record<string, unknown>, token = manager.token) =>
  t.rest('POST', '/store-prices', { token, body });

const rowsOf = (storeId: string, productId: string) =>
  t.sql('select id, sell_price, version from store_price where store_id = ? and product_id = ?', [
    storeId,
    productId,
  ]);

describe('POST /store-prices', () => {
  it('creates an override (200: an upsert) with the product shown beside it', async () => {
    const store = await t.createStore();
    const product = await createProduct('Espresso beans');
    const res = await setPrice({ storeId: store.id, productId: product.id, sellPrice: 1299 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        storeId: store.id,
        productId: product.id,
        sku: product.sku,
        productName: 'Espresso beans',
        sellPrice: 1299,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      },
    });
    expect(await rowsOf(store.id, product.id)).toEqual([
      { id: res.body.data.id, sell_price: '1299', version: 1 },
    ]);
  });

  it('replaces the price of an existing override: one row, same id, version 2', async () => {
    const store = await t.createStore();
    const product = await createProduct('Oat milk');
    const first = await setPrice({ storeId: store.id, productId: product.id, sellPrice: 300 });
    const second = await setPrice({ storeId: store.id, productId: product.id, sellPrice: 0 });
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({
      ...first.body.data,
      sellPrice: 0,
      version: 2,
      updatedAt: expect.stringMatching(ISO),
    });
    expect(Date.parse(second.body.data.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(first.body.data.updatedAt),
    );
    expect(await rowsOf(store.id, product.id)).toEqual([
      { id: first.body.data.id, sell_price: '0', version: 2 },
    ]);
  });

  it('keeps one row when concurrent requests set the same store and product', async () => {
    const store = await t.createStore();
    const product = await createProduct('Race condition cookies');
    const prices = [101, 102, 103, 104, 105];
    const results = await Promise.all(
      prices.map((sellPrice) => setPrice({ storeId: store.id, productId: product.id, sellPrice })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const rows = await rowsOf(store.id, product.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].version).toBe(5);
    expect(new Set(results.map((r) => r.body.data.id))).toEqual(new Set([rows[0].id]));
    expect(results.map((r) => r.body.data.version).sort((x: number, y: number) => x - y)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('gives the same product different prices at different stores', async () => {
    const [north, south] = [await t.createStore(), await t.createStore()];
    const product = await createProduct('Sparkling water');
    await setPrice({ storeId: north.id, productId: product.id, sellPrice: 150 });
    await setPrice({ storeId: south.id, productId: product.id, sellPrice: 175 });
    expect(await rowsOf(north.id, product.id)).toMatchObject([{ sell_price: '150' }]);
    expect(await rowsOf(south.id, product.id)).toMatchObject([{ sell_price: '175' }]);
  });

  describe('refuses bad input with 400 naming the field, writing nothing', () => {
    let storeId: string;
    let productId: string;
    beforeAll(async () => {
      storeId = (await t.createStore()).id;
      productId = (await createProduct('Validated')).id;
    });

    it.each([
      ['an unknown store', { storeId: UNKNOWN }, 'storeId: no store with this id'],
      ['an unknown product', { productId: UNKNOWN }, 'productId: no product with this id'],
      ['a malformed store id', { storeId: 'nope' }, 'storeId: Value is not a valid UUID: nope'],
      ['a negative price', { sellPrice: -1 }, 'sellPrice: sellPrice must not be less than 0'],
      ['a price with cents as a fraction', { sellPrice: 9.99 }, /^sellPrice: /],
      ['a price as a string', { sellPrice: '999' }, /^sellPrice: /],
      ['a null price', { sellPrice: null }, /^sellPrice: /],
      ['no product', { productId: undefined }, 'productId: is required'],
      ['an unknown field', { price: 5 }, 'price: unknown field'],
    ])('%s', async (_case, change, error) => {
      const before = await t.count('store_price');
      const res = await setPrice({ storeId, productId, sellPrice: 500, ...change });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
      if (typeof error === 'string') expect(res.body.error).toBe(error);
      else expect(res.body.error).toMatch(error);
      expect(await t.count('store_price')).toBe(before);
    });
  });

  it('is 401 anonymous and 403 without store_prices.manage; nothing written', async () => {
    const store = await t.createStore();
    const product = await createProduct('Guarded');
    const body = { storeId: store.id, productId: product.id, sellPrice: 1 };
    const before = await t.count('store_price');
    const anonymous = await t.rest('POST', '/store-prices', { body });
    expect(anonymous.status).toBe(401);
    const denied = await setPrice(body, viewer.token);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      success: false,
      error: 'Missing permission: store_prices.manage',
      code: 'FORBIDDEN',
    });
    expect(await t.count('store_price')).toBe(before);
  });
});

describe('GET /store-prices', () => {
  let east: string;
  let west: string;
  let apple: { id: string; sku: string };
  let banana: { id: string; sku: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // Store codes sort EAST before WEST: the list orders by product name, then store code.
    const tag = randomBytes(2).toString('hex').toUpperCase();
    west = (await t.createStore(`WEST-${tag}`)).id;
    east = (await t.createStore(`EAST-${tag}`)).id;
    banana = await createProduct('Listed banana');
    apple = await createProduct('Listed apple');
    for (const [key, storeId, productId, sellPrice] of [
      ['westBanana', west, banana.id, 40],
      ['westApple', west, apple.id, 30],
      ['eastBanana', east, banana.id, 45],
      ['eastApple', east, apple.id, 35],
    ] as const) {
      ids[key] = (await setPrice({ storeId, productId, sellPrice })).body.data.id;
    }
  });

  it('filters by store_id, ordered by product name', async () => {
    const res = await t.rest('GET', `/store-prices?store_id=${west}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [
        expect.objectContaining({
          id: ids.westApple,
          storeId: west,
          productId: apple.id,
          sku: apple.sku,
          productName: 'Listed apple',
          sellPrice: 30,
          version: 1,
        }),
        expect.objectContaining({
          id: ids.westBanana,
          storeId: west,
          productId: banana.id,
          sku: banana.sku,
          productName: 'Listed banana',
          sellPrice: 40,
          version: 1,
        }),
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    });
  });

  it('filters by product_id, ordered by store code', async () => {
    const res = await t.rest('GET', `/store-prices?product_id=${banana.id}`, { token: viewer.token });
    expect(res.body.data.map((r: any) => [r.id, r.sellPrice])).toEqual([
      [ids.eastBanana, 45],
      [ids.westBanana, 40],
    ]);
    expect(res.body.total).toBe(2);
  });

  it('combines both filters and paginates', async () => {
    const one = await t.rest('GET', `/store-prices?store_id=${east}&product_id=${apple.id}`, {
      token: viewer.token,
    });
    expect(one.body.data.map((r: any) => r.id)).toEqual([ids.eastApple]);
    const page2 = await t.rest('GET', `/store-prices?store_id=${east}&page=2&pageSize=1`, {
      token: viewer.token,
    });
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.body.data.map((r: any) => r.id)).toEqual([ids.eastBanana]);
  });

  it('lists every override without filters, by product name then store code', async () => {
    const res = await t.rest('GET', '/store-prices?pageSize=100', { token: viewer.token });
    const mine = res.body.data.filter((r: any) => Object.values(ids).includes(r.id));
    expect(mine.map((r: any) => r.id)).toEqual([
      ids.eastApple,
      ids.westApple,
      ids.eastBanana,
      ids.westBanana,
    ]);
    expect(res.body.total).toBe(await t.count('store_price'));
  });

  it("shows a store-level viewer its own store's overrides only; naming another store is 403", async () => {
    const local = await t.userWith(['store_prices.view'], { storeId: east });
    const own = await t.rest('GET', '/store-prices?pageSize=100', { token: local.token });
    expect(own.status).toBe(200);
    expect(own.body.data.map((r: any) => r.id)).toEqual([ids.eastApple, ids.eastBanana]);
    expect(own.body.total).toBe(2);
    const named = await t.rest('GET', `/store-prices?store_id=${east}`, { token: local.token });
    expect(named.body.data.map((r: any) => r.id)).toEqual([ids.eastApple, ids.eastBanana]);
    const other = await t.rest('GET', `/store-prices?store_id=${west}`, { token: local.token });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('Missing permission: store_prices.view at this store');
    const byProduct = await t.rest('GET', `/store-prices?product_id=${apple.id}`, { token: local.token });
    expect(byProduct.body.data.map((r: any) => r.id)).toEqual([ids.eastApple]);
  });

  it.each([
    ['storeid=' + UNKNOWN, 'storeid: unknown query parameter'],
    ['storeId=abc', 'storeId: Value is not a valid UUID: abc'],
    ['store_id=abc', 'store_id: Value is not a valid UUID: abc'],
    ['product_id=abc', 'product_id: Value is not a valid UUID: abc'],
    ['pageSize=0', /^pageSize: /],
  ])('rejects ?%s with 400', async (query, error) => {
    const res = await t.rest('GET', `/store-prices?${query}`, { token: viewer.token });
    expect(res.status).toBe(400);
    if (typeof error === 'string') expect(res.body.error).toBe(error);
    else expect(res.body.error).toMatch(error);
  });

  it('is 401 anonymous and 403 without store_prices.view', async () => {
    expect((await t.rest('GET', '/store-prices')).status).toBe(401);
    const denied = await t.rest('GET', '/store-prices', { token: outsider.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: store_prices.view');
  });
});

describe('DELETE /store-prices/:id', () => {
  it('removes the override and returns it; a second delete is 404', async () => {
    const store = await t.createStore();
    const product = await createProduct('Deleted override');
    const created = (await setPrice({ storeId: store.id, productId: product.id, sellPrice: 777 })).body.data;
    const res = await t.rest('DELETE', `/store-prices/${created.id}`, { token: manager.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: created });
    expect(await rowsOf(store.id, product.id)).toEqual([]);
    const listed = await t.rest('GET', `/store-prices?product_id=${product.id}`, { token: viewer.token });
    expect(listed.body.total).toBe(0);
    const again = await t.rest('DELETE', `/store-prices/${created.id}`, { token: manager.token });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({
      success: false,
      error: `StorePrice ${created.id} not found`,
      code: 'NOT_FOUND',
    });
  });

  it('is 400 for a malformed id, 401 anonymous, 403 without store_prices.manage; nothing deleted', async () => {
    const store = await t.createStore();
    const product = await createProduct('Kept override');
    const created = (await setPrice({ storeId: store.id, productId: product.id, sellPrice: 5 })).body.data;
    expect((await t.rest('DELETE', '/store-prices/123', { token: manager.token })).status).toBe(400);
    expect((await t.rest('DELETE', `/store-prices/${created.id}`)).status).toBe(401);
    const denied = await t.rest('DELETE', `/store-prices/${created.id}`, { token: viewer.token });
    expect(denied.status).toBe(403);
    expect(await rowsOf(store.id, product.id)).toEqual([{ id: created.id, sell_price: '5', version: 1 }]);
  });
});

describe('GraphQL', () => {
  it('sets, lists and deletes a store price', async () => {
    const store = await t.createStore();
    const product = await createProduct('GraphQL granola');
    const set = await t.gql(
      SetStorePriceDocument,
      { storeId: store.id, productId: product.id, sellPrice: 4_500_000_000 },
      manager.token,
    );
    expect(set.errors).toBeUndefined();
    const price = set.data!.setStorePrice;
    expect(price).toEqual({
      id: expect.any(String),
      storeId: store.id,
      productId: product.id,
      sku: product.sku,
      productName: 'GraphQL granola',
      sellPrice: 4_500_000_000,
      version: 1,
    });

    const list = await t.gql(StorePricesDocument, { storeId: store.id }, viewer.token);
    expect(list.data!.storePrices).toEqual({ items: [price], total: 1, page: 1, pageSize: 20 });

    const unknownStore = await t.gql(
      SetStorePriceDocument,
      { storeId: UNKNOWN, productId: product.id, sellPrice: 1 },
      manager.token,
    );
    expect(unknownStore.errors![0]).toMatchObject({
      message: 'storeId: no store with this id',
      extensions: { code: 'VALIDATION', field: 'storeId' },
    });

    const deleted = await t.gql(DeleteStorePriceDocument, { id: price.id }, manager.token);
    expect(deleted.data!.deleteStorePrice).toEqual(price);
    expect(await rowsOf(store.id, product.id)).toEqual([]);
  });
});
