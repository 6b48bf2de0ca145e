import { randomBytes } from 'node:crypto';
import {
  AdjustStockDocument,
  CrossStoreInventoryDocument,
  InventoryDocument,
  StockMovementsDocument,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
/** Views and adjusts at every store. */
let clerk: TestUser;
/** Views and adjusts at store A only, signed in for it. */
let clerkA: TestUser;
/** Views at store A only, signed in for it. */
let viewerA: TestUser;
/** Holds inventory.view at store A, signed in for no store. */
let viewerAnywhere: TestUser;
let outsider: TestUser;
let storeA: { id: string; code: string };
let storeB: { id: string; code: string };

const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

beforeAll(async () => {
  t = await startTestServer();
  [storeA, storeB] = [await t.createStore(), await t.createStore()];
  [clerk, clerkA, viewerA, outsider] = await Promise.all([
    t.userWith(['inventory.view', 'inventory.adjust']),
    t.userWith(['inventory.view', 'inventory.adjust'], { storeId: storeA.id }),
    t.userWith(['inventory.view'], { storeId: storeA.id }),
    t.userWith(['products.view']),
  ]);
  const held = await t.userWith(['inventory.view'], { storeId: storeA.id });
  viewerAnywhere = { ...held, token: await t.login(held.username, held.pin) };
});
afterAll(() => t.close());

interface Product {
  id: string;
  sku: string;
  name: string;
}

/** A product with a SKU that sorts after every earlier one in any collation (same prefix, same length). */
let skuCounter = 0;
const runTag = randomBytes(3).toString('hex').toUpperCase();
async function createProduct(fields: Record<string, unknown> = {}): Promise<Product> {
  skuCounter += 1;
  const sku = `INV-${runTag}-${String(skuCounter).padStart(4, '0')}`;
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku, name: `Stock item ${skuCounter}`, sellPrice: 500, ...fields },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

const adjust = (body: Record<string, unknown>, token = clerk.token) =>
  t.rest('POST', '/inventory/adjustments', { token, body });

async function adjustOk(body: Record<string, unknown>, token = clerk.token) {
  const res = await adjust({ reason: 'RECEIVED', ...body }, token);
  expect(res.status).toBe(201);
  return res.body.data;
}

const levelOf = async (storeId: string, productId: string): Promise<number | null> => {
  const [row] = await t.sql('select quantity from inventory_level where store_id = ? and product_id = ?', [
    storeId,
    productId,
  ]);
  return row ? Number(row.quantity) : null;
};

const movementsOf = (storeId: string, productId: string) =>
  t.sql(
    `select quantity::int, quantity_after::int, type, reason, notes
       from stock_movement where store_id = ? and product_id = ? order by id`,
    [storeId, productId],
  );

/** What a refused call must leave unchanged. */
const ledger = () =>
  t.sql(`select (select count(*) from stock_movement)::int as movements,
                (select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from inventory_level x) as levels`);

describe('POST /inventory/adjustments', () => {
  it('adds and removes stock (201), returning the movement with the new level', async () => {
    const product = await createProduct();
    const added = await adjust(
      { storeId: storeA.id, productId: product.id, quantity: 12_500, reason: 'RECEIVED', notes: 'van 3' },
      clerkA.token,
    );
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        storeId: storeA.id,
        productId: product.id,
        quantity: 12_500,
        type: 'ADJUSTMENT',
        reason: 'RECEIVED',
        quantityAfter: 12_500,
        referenceId: null,
        userId: clerkA.id,
        notes: 'van 3',
        createdAt: expect.stringMatching(ISO),
      },
    });
    const removed = await adjustOk(
      { storeId: storeA.id, productId: product.id, quantity: -2_000, reason: 'DAMAGED' },
      clerkA.token,
    );
    expect(removed).toMatchObject({
      quantity: -2_000,
      reason: 'DAMAGED',
      quantityAfter: 10_500,
      notes: null,
    });
    expect(await levelOf(storeA.id, product.id)).toBe(10_500);
    expect(await movementsOf(storeA.id, product.id)).toEqual([
      { quantity: 12_500, quantity_after: 12_500, type: 'ADJUSTMENT', reason: 'RECEIVED', notes: 'van 3' },
      { quantity: -2_000, quantity_after: 10_500, type: 'ADJUSTMENT', reason: 'DAMAGED', notes: null },
    ]);
  });

  it('goes below zero: negative stock is allowed', async () => {
    const product = await createProduct();
    const res = await adjustOk({
      storeId: storeA.id,
      productId: product.id,
      quantity: -1_500,
      reason: 'THEFT',
    });
    expect(res.quantityAfter).toBe(-1_500);
    expect(await levelOf(storeA.id, product.id)).toBe(-1_500);
  });

  it('records a physical count as the difference, and a matching count as a movement of 0', async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 7_000 });
    const count = await adjustOk({
      storeId: storeA.id,
      productId: product.id,
      newQuantity: 4_250,
      reason: 'PHYSICAL_COUNT',
    });
    expect(count).toMatchObject({ quantity: -2_750, quantityAfter: 4_250, reason: 'PHYSICAL_COUNT' });
    const same = await adjustOk({
      storeId: storeA.id,
      productId: product.id,
      newQuantity: 4_250,
      reason: 'PHYSICAL_COUNT',
    });
    expect(same).toMatchObject({ quantity: 0, quantityAfter: 4_250 });
    expect(await movementsOf(storeA.id, product.id)).toEqual([
      { quantity: 7_000, quantity_after: 7_000, type: 'ADJUSTMENT', reason: 'RECEIVED', notes: null },
      { quantity: -2_750, quantity_after: 4_250, type: 'ADJUSTMENT', reason: 'PHYSICAL_COUNT', notes: null },
      { quantity: 0, quantity_after: 4_250, type: 'ADJUSTMENT', reason: 'PHYSICAL_COUNT', notes: null },
    ]);
  });

  it('counts a product that never moved at the store from 0, a count of 0 included', async () => {
    const [product, other] = [await createProduct(), await createProduct()];
    const count = await adjustOk({
      storeId: storeB.id,
      productId: product.id,
      newQuantity: 3_000,
      reason: 'PHYSICAL_COUNT',
    });
    expect(count).toMatchObject({ quantity: 3_000, quantityAfter: 3_000 });
    const zero = await adjustOk({
      storeId: storeB.id,
      productId: other.id,
      newQuantity: 0,
      reason: 'PHYSICAL_COUNT',
    });
    expect(zero).toMatchObject({ quantity: 0, quantityAfter: 0 });
    expect(await levelOf(storeB.id, other.id)).toBe(0);
    expect(await movementsOf(storeB.id, other.id)).toHaveLength(1);
  });

  it.each(['PHYSICAL_COUNT', 'RECEIVED', 'DAMAGED', 'THEFT', 'EXPIRED', 'RETURN_TO_SUPPLIER', 'OTHER'])(
    'accepts the reason %s',
    async (reason) => {
      const product = await createProduct();
      const res = await adjustOk({ storeId: storeA.id, productId: product.id, quantity: -1, reason });
      expect(res.reason).toBe(reason);
    },
  );

  it("adjusts the caller's store when storeId is omitted", async () => {
    const product = await createProduct();
    const res = await adjustOk({ productId: product.id, quantity: 1_000 }, clerkA.token);
    expect(res.storeId).toBe(storeA.id);
  });

  it('adjusts an inactive product (counting old stock is legitimate)', async () => {
    const product = await createProduct();
    expect((await t.rest('DELETE', `/products/${product.id}`, { token: t.adminToken })).status).toBe(200);
    const res = await adjustOk({
      storeId: storeA.id,
      productId: product.id,
      quantity: -500,
      reason: 'EXPIRED',
    });
    expect(res.quantityAfter).toBe(-500);
  });

  describe('refuses bad input with 400 naming the field, nothing written', () => {
    let productId: string;
    beforeAll(async () => {
      productId = (await createProduct()).id;
    });

    it.each([
      [
        'both quantity and newQuantity',
        { quantity: 1_000, newQuantity: 5_000 },
        'newQuantity',
        'newQuantity: give either quantity (a change) or newQuantity (a count), not both',
      ],
      [
        'neither quantity nor newQuantity',
        {},
        'quantity',
        'quantity: give quantity (a change) or newQuantity (a count)',
      ],
      [
        'null for both',
        { quantity: null, newQuantity: null },
        'quantity',
        'quantity: give quantity (a change) or newQuantity (a count)',
      ],
      [
        'a zero change',
        { quantity: 0 },
        'quantity',
        'quantity: quantity must not be 0 (to record a count, give newQuantity)',
      ],
      ['a fractional change', { quantity: 1.5 }, 'quantity', /^quantity: /],
      ['a change given as a string', { quantity: '1000' }, 'quantity', /^quantity: /],
      ['a huge change', { quantity: 2_000_000_000_000 }, 'quantity', /^quantity: /],
      [
        'a negative count',
        { newQuantity: -1 },
        'newQuantity',
        'newQuantity: newQuantity must not be less than 0',
      ],
      ['an unknown reason', { quantity: 1, reason: 'LOST' }, 'reason', /^reason: /],
      ['a missing reason', { quantity: 1, reason: undefined }, 'reason', 'reason: is required'],
      ['a null reason', { quantity: 1, reason: null }, 'reason', /^reason: /],
      ['long notes', { quantity: 1, notes: 'x'.repeat(1001) }, 'notes', /^notes: /],
      ['a malformed product id', { quantity: 1, productId: 'x' }, 'productId', /^productId: /],
      ['a malformed store id', { quantity: 1, storeId: 'x' }, 'storeId', /^storeId: /],
      ['an unknown field', { quantity: 1, count: 3 }, 'count', 'count: unknown field'],
    ])('%s', async (_case, change, field, error) => {
      const before = await ledger();
      const res = await adjust({ storeId: storeA.id, productId, reason: 'OTHER', ...change });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ success: false, code: 'VALIDATION', field });
      if (typeof error === 'string') expect(res.body.error).toBe(error);
      else expect(res.body.error).toMatch(error);
      expect(await ledger()).toEqual(before);
    });
  });

  it('is 404 for an unknown product or store, nothing written', async () => {
    const product = await createProduct();
    const before = await ledger();
    const noProduct = await adjust({ storeId: storeA.id, productId: UNKNOWN, quantity: 1, reason: 'OTHER' });
    expect(noProduct.status).toBe(404);
    expect(noProduct.body).toMatchObject({ code: 'NOT_FOUND', error: `Product ${UNKNOWN} not found` });
    const noStore = await adjust({ storeId: UNKNOWN, productId: product.id, quantity: 1, reason: 'OTHER' });
    expect(noStore.status).toBe(404);
    expect(noStore.body).toMatchObject({ code: 'NOT_FOUND', error: `Store ${UNKNOWN} not found` });
    expect(await ledger()).toEqual(before);
  });

  it('is 409 for a product that does not track stock, or an inactive store; nothing written', async () => {
    const untracked = await createProduct({ trackStock: false });
    const tracked = await createProduct();
    const closed = await t.createStore();
    const update = await t.rest('PUT', `/stores/${closed.id}`, {
      token: t.adminToken,
      body: { isActive: false },
    });
    expect(update.status).toBe(200);
    const before = await ledger();
    const res = await adjust({ storeId: storeA.id, productId: untracked.id, quantity: 1, reason: 'OTHER' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'INVALID_STATE',
      field: 'productId',
      error: `productId: product ${untracked.sku} does not track stock`,
    });
    const count = await adjust({
      storeId: storeA.id,
      productId: untracked.id,
      newQuantity: 0,
      reason: 'PHYSICAL_COUNT',
    });
    expect(count.status).toBe(409);
    const inactive = await adjust({
      storeId: closed.id,
      productId: tracked.id,
      quantity: 1,
      reason: 'OTHER',
    });
    expect(inactive.status).toBe(409);
    expect(inactive.body).toMatchObject({ code: 'INVALID_STATE', field: 'storeId' });
    expect(await ledger()).toEqual(before);
  });

  it('is 401 anonymous, 403 without inventory.adjust or at another store; nothing written', async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeB.id, productId: product.id, quantity: 5_000 });
    const before = await ledger();
    const body = { storeId: storeB.id, productId: product.id, quantity: -1_000, reason: 'OTHER' };
    expect((await t.rest('POST', '/inventory/adjustments', { body })).status).toBe(401);
    const viewer = await adjust(body, viewerA.token);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error).toBe('Missing permission: inventory.adjust');
    const elsewhere = await adjust(body, clerkA.token);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toBe('Missing permission: inventory.adjust at this store');
    const count = await adjust({ ...body, quantity: undefined, newQuantity: 0 }, clerkA.token);
    expect(count.status).toBe(403);
    expect(await ledger()).toEqual(before);
    expect(await levelOf(storeB.id, product.id)).toBe(5_000);
  });
});

describe('concurrency', () => {
  it('50 parallel adjustments of one product leave the exact level and 50 movements', async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 100_000 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        adjust({ storeId: storeA.id, productId: product.id, quantity: -1_000, reason: 'DAMAGED' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(await levelOf(storeA.id, product.id)).toBe(50_000);
    const movements = await movementsOf(storeA.id, product.id);
    expect(movements).toHaveLength(51);
    // Each change saw the one before it: the levels after them are 99,000 down to 50,000, each once.
    expect(
      movements
        .slice(1)
        .map((m) => m.quantity_after)
        .sort((a, b) => b - a),
    ).toEqual(Array.from({ length: 50 }, (_, i) => 99_000 - i * 1_000));
  });

  it('counts taken while stock moves are never lost: each count sets the level, the level is the sum', async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 10_000 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? adjust({
              storeId: storeA.id,
              productId: product.id,
              newQuantity: 20_000,
              reason: 'PHYSICAL_COUNT',
            })
          : adjust({ storeId: storeA.id, productId: product.id, quantity: -1_000, reason: 'DAMAGED' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    const movements = await movementsOf(storeA.id, product.id);
    expect(movements).toHaveLength(31);
    for (const m of movements.filter((m) => m.reason === 'PHYSICAL_COUNT'))
      expect(m.quantity_after).toBe(20_000);
    // The movements form one serial chain, each starting where another ended: the levels before them
    // are 0 and the levels after them, but the last.
    const before = movements.map((m) => m.quantity_after - m.quantity).sort((a, b) => a - b);
    const after = movements.map((m) => m.quantity_after);
    after.splice(after.indexOf(await levelOf(storeA.id, product.id)), 1, 0);
    expect(before).toEqual(after.sort((a, b) => a - b));
    const sum = movements.reduce((total, m) => total + m.quantity, 0);
    expect(await levelOf(storeA.id, product.id)).toBe(sum);
  });

  it('two products adjusted in parallel from many requests do not interfere', async () => {
    const [p1, p2] = [await createProduct(), await createProduct()];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        adjustOk({ storeId: storeB.id, productId: i % 2 ? p1.id : p2.id, quantity: 250 }),
      ),
    );
    expect(await levelOf(storeB.id, p1.id)).toBe(2_500);
    expect(await levelOf(storeB.id, p2.id)).toBe(2_500);
  });
});

describe('GET /inventory', () => {
  /** A fresh store holding three products; the second is low, the third inactive. */
  async function stockedStore() {
    const store = await t.createStore();
    const products = [
      await createProduct({ lowStockThreshold: 1_000 }),
      await createProduct({ lowStockThreshold: 5_000 }),
      await createProduct({ lowStockThreshold: 0 }),
      await createProduct({ lowStockThreshold: 2_000 }),
    ];
    await adjustOk({ storeId: store.id, productId: products[0].id, quantity: 8_000 });
    await adjustOk({ storeId: store.id, productId: products[1].id, quantity: 5_000 });
    await adjustOk({ storeId: store.id, productId: products[2].id, quantity: 1_000 });
    await adjustOk({ storeId: store.id, productId: products[3].id, quantity: -3_000, reason: 'THEFT' });
    expect((await t.rest('DELETE', `/products/${products[2].id}`, { token: t.adminToken })).status).toBe(200);
    return { store, products };
  }

  const row = (storeId: string, p: Product, quantity: number, lowStockThreshold: number) => ({
    storeId,
    productId: p.id,
    sku: p.sku,
    productName: p.name,
    quantity,
    incoming: 0,
    lowStockThreshold,
    isLow: quantity <= lowStockThreshold,
  });

  it("lists a store's levels of active products by SKU, with the threshold and isLow", async () => {
    const { store, products } = await stockedStore();
    const res = await t.rest('GET', `/inventory?store_id=${store.id}`, { token: clerk.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [
        row(store.id, products[0], 8_000, 1_000),
        row(store.id, products[1], 5_000, 5_000),
        row(store.id, products[3], -3_000, 2_000),
      ],
      total: 3,
      page: 1,
      pageSize: 20,
    });
  });

  it('filters low stock (at or below the threshold, negative included) and the others', async () => {
    const { store, products } = await stockedStore();
    const low = await t.rest('GET', `/inventory?store_id=${store.id}&low_stock=true`, { token: clerk.token });
    expect(low.body.data).toEqual([
      row(store.id, products[1], 5_000, 5_000),
      row(store.id, products[3], -3_000, 2_000),
    ]);
    expect(low.body.total).toBe(2);
    const fine = await t.rest('GET', `/inventory?store_id=${store.id}&low_stock=false`, {
      token: clerk.token,
    });
    expect(fine.body.data).toEqual([row(store.id, products[0], 8_000, 1_000)]);
  });

  it('paginates', async () => {
    const { store, products } = await stockedStore();
    const second = await t.rest('GET', `/inventory?store_id=${store.id}&pageSize=2&page=2`, {
      token: clerk.token,
    });
    expect(second.body).toEqual({
      success: true,
      data: [row(store.id, products[3], -3_000, 2_000)],
      total: 3,
      page: 2,
      pageSize: 2,
    });
    const beyond = await t.rest('GET', `/inventory?store_id=${store.id}&pageSize=2&page=3`, {
      token: clerk.token,
    });
    expect(beyond.body).toMatchObject({ data: [], total: 3, page: 3 });
  });

  it('filters by product across every store, by SKU then store code', async () => {
    const product = await createProduct();
    const [s1, s2] = [await t.createStore(`Z1${runTag}`), await t.createStore(`Z0${runTag}`)];
    await adjustOk({ storeId: s1.id, productId: product.id, quantity: 1_000 });
    await adjustOk({ storeId: s2.id, productId: product.id, quantity: 2_000 });
    const res = await t.rest('GET', `/inventory?product_id=${product.id}`, { token: clerk.token });
    expect(res.body.data).toEqual([row(s2.id, product, 2_000, 0), row(s1.id, product, 1_000, 0)]);
    expect(res.body.total).toBe(2);
  });

  it("lists the caller's store when store_id is omitted", async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 1_000 });
    await adjustOk({ storeId: storeB.id, productId: product.id, quantity: 2_000 });
    const res = await t.rest('GET', `/inventory?product_id=${product.id}`, { token: viewerA.token });
    expect(res.body.data).toEqual([row(storeA.id, product, 1_000, 0)]);
  });

  it('needs inventory.view where the caller acts and at the store named; 400 for an unknown store', async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeB.id, productId: product.id, quantity: 1_000 });
    const other = await t.rest('GET', `/inventory?store_id=${storeB.id}`, { token: viewerA.token });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('Missing permission: inventory.view at this store');
    // Access is checked where the caller acts first: signed in for no store, a grant at store A is not
    // enough, even naming store A.
    for (const path of ['/inventory', `/inventory?store_id=${storeA.id}`]) {
      const res = await t.rest('GET', path, { token: viewerAnywhere.token });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('Missing permission: inventory.view');
    }
    const unknown = await t.rest('GET', `/inventory?store_id=${UNKNOWN}`, { token: clerk.token });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      success: false,
      error: 'store_id: no store with this id',
      code: 'VALIDATION',
      field: 'store_id',
    });
  });

  it('is 400 for malformed or misspelt parameters, 401 anonymous, 403 without inventory.view', async () => {
    const bad = await t.rest('GET', '/inventory?low_stock=yes', { token: clerk.token });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'low_stock', error: 'low_stock: must be true or false' });
    // The camelCase spelling of old is still taken, and named as the client spelt it.
    const camel = await t.rest('GET', '/inventory?lowStock=yes', { token: clerk.token });
    expect(camel.body).toMatchObject({ field: 'lowStock', error: 'lowStock: must be true or false' });
    const misspelt = await t.rest('GET', '/inventory?lowstock=true', { token: clerk.token });
    expect(misspelt.body.error).toBe('lowstock: unknown query parameter');
    const malformed = await t.rest('GET', '/inventory?product_id=x', { token: clerk.token });
    expect(malformed.body.field).toBe('product_id');
    expect((await t.rest('GET', '/inventory')).status).toBe(401);
    expect((await t.rest('GET', '/inventory', { token: outsider.token })).status).toBe(403);
  });
});

describe('GET /inventory/cross-store', () => {
  it("shows the product's level in every active store by code, 0 where it never moved", async () => {
    const product = await createProduct({ lowStockThreshold: 1_000 });
    await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 4_000 });
    await adjustOk({ storeId: storeB.id, productId: product.id, quantity: 500 });
    const res = await t.rest('GET', `/inventory/cross-store?product_id=${product.id}`, {
      token: viewerA.token,
    });
    expect(res.status).toBe(200);
    const stores: Array<{ id: string; code: string; name: string }> = await t.sql(
      'select id, code, name from store where is_active order by code',
    );
    const quantities: Record<string, number> = { [storeA.id]: 4_000, [storeB.id]: 500 };
    expect(res.body).toEqual({
      success: true,
      data: stores.map((s) => ({
        storeId: s.id,
        storeCode: s.code,
        storeName: s.name,
        quantity: quantities[s.id] ?? 0,
        incoming: 0,
        lowStockThreshold: 1_000,
        isLow: (quantities[s.id] ?? 0) <= 1_000,
      })),
    });
    expect(stores.length).toBeGreaterThan(2);
    expect(res.body.data.find((s: any) => s.storeId === storeB.id)).toMatchObject({
      quantity: 500,
      isLow: true,
    });
    expect(res.body.data.find((s: any) => s.storeId === storeA.id)).toMatchObject({
      quantity: 4_000,
      isLow: false,
    });
  });

  it('leaves out inactive stores', async () => {
    const product = await createProduct();
    const closed = await t.createStore();
    await adjustOk({ storeId: closed.id, productId: product.id, quantity: 1_000 });
    await t.rest('PUT', `/stores/${closed.id}`, { token: t.adminToken, body: { isActive: false } });
    const res = await t.rest('GET', `/inventory/cross-store?product_id=${product.id}`, {
      token: clerk.token,
    });
    expect(res.body.data.map((s: any) => s.storeId)).not.toContain(closed.id);
  });

  it('is 404 for an unknown product, 400 without product_id, 401 anonymous, 403 without inventory.view', async () => {
    const unknown = await t.rest('GET', `/inventory/cross-store?product_id=${UNKNOWN}`, {
      token: clerk.token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe(`Product ${UNKNOWN} not found`);
    const missing = await t.rest('GET', '/inventory/cross-store', { token: clerk.token });
    expect(missing.status).toBe(400);
    expect((await t.rest('GET', `/inventory/cross-store?product_id=${UNKNOWN}`)).status).toBe(401);
    const denied = await t.rest('GET', `/inventory/cross-store?product_id=${UNKNOWN}`, {
      token: outsider.token,
    });
    expect(denied.status).toBe(403);
  });
});

describe('GET /inventory/movements', () => {
  it('lists the ledger latest first, filtered by store, product, type and reference; paginated', async () => {
    const product = await createProduct();
    const first = await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 3_000 });
    const second = await adjustOk({
      storeId: storeA.id,
      productId: product.id,
      quantity: -1_000,
      reason: 'THEFT',
    });
    await adjustOk({ storeId: storeB.id, productId: product.id, quantity: 9_000 });
    const res = await t.rest('GET', `/inventory/movements?store_id=${storeA.id}&product_id=${product.id}`, {
      token: clerk.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: [second, first], total: 2, page: 1, pageSize: 20 });
    expect(second).toMatchObject({ userId: clerk.id, quantityAfter: 2_000 });
    const paged = await t.rest(
      'GET',
      `/inventory/movements?store_id=${storeA.id}&product_id=${product.id}&pageSize=1&page=2`,
      { token: clerk.token },
    );
    expect(paged.body).toMatchObject({ data: [first], total: 2, page: 2, pageSize: 1 });
    const typed = await t.rest('GET', `/inventory/movements?product_id=${product.id}&type=SALE`, {
      token: clerk.token,
    });
    expect(typed.body).toMatchObject({ data: [], total: 0 });
    const everywhere = await t.rest('GET', `/inventory/movements?product_id=${product.id}&type=ADJUSTMENT`, {
      token: clerk.token,
    });
    expect(everywhere.body.total).toBe(3);
    const referenced = await t.rest('GET', `/inventory/movements?reference_id=${UNKNOWN}`, {
      token: clerk.token,
    });
    expect(referenced.body).toMatchObject({ data: [], total: 0 });
    const badType = await t.rest('GET', '/inventory/movements?type=LOST', { token: clerk.token });
    expect(badType.status).toBe(400);
  });

  it("is scoped like the levels: the caller's store by default, 403 at another store", async () => {
    const product = await createProduct();
    await adjustOk({ storeId: storeA.id, productId: product.id, quantity: 1_000 });
    await adjustOk({ storeId: storeB.id, productId: product.id, quantity: 2_000 });
    const own = await t.rest('GET', `/inventory/movements?product_id=${product.id}`, {
      token: viewerA.token,
    });
    expect(own.body.data.map((m: any) => m.storeId)).toEqual([storeA.id]);
    const other = await t.rest('GET', `/inventory/movements?store_id=${storeB.id}`, { token: viewerA.token });
    expect(other.status).toBe(403);
    expect((await t.rest('GET', '/inventory/movements', { token: viewerAnywhere.token })).status).toBe(403);
  });
});

describe('the ledger', () => {
  it('every level equals the sum of its movements, and every movement has its level', async () => {
    const mismatches = await t.sql(
      `select coalesce(l.store_id, m.store_id) as store_id, coalesce(l.product_id, m.product_id) as product_id,
              l.quantity, m.total
         from inventory_level l
         full join (select store_id, product_id, sum(quantity) as total from stock_movement group by 1, 2) m
           on m.store_id = l.store_id and m.product_id = l.product_id
        where l.quantity is distinct from m.total`,
    );
    expect(mismatches).toEqual([]);
    expect(await t.count('stock_movement')).toBeGreaterThan(100);
    const [{ n }] = await t.sql(`select count(*)::int as n from stock_movement where user_id is null`);
    expect(n).toBe(0);
  });
});

describe('GraphQL', () => {
  it('adjusts, lists levels, the cross-store view and the movements', async () => {
    const product = await createProduct({ lowStockThreshold: 2_000 });
    const adjusted = await t.gql(
      AdjustStockDocument,
      {
        storeId: storeA.id,
        productId: product.id,
        newQuantity: 1_500,
        reason: 'PHYSICAL_COUNT',
        notes: 'shelf 4',
      },
      clerk.token,
    );
    expect(adjusted.errors).toBeUndefined();
    expect(adjusted.data!.adjustStock).toMatchObject({
      storeId: storeA.id,
      quantity: 1_500,
      quantityAfter: 1_500,
      type: 'ADJUSTMENT',
      reason: 'PHYSICAL_COUNT',
      notes: 'shelf 4',
      userId: clerk.id,
    });
    const levels = await t.gql(InventoryDocument, { productId: product.id, lowStock: true }, clerk.token);
    expect(levels.data!.inventory).toEqual({
      items: [
        {
          storeId: storeA.id,
          productId: product.id,
          sku: product.sku,
          productName: product.name,
          quantity: 1_500,
          incoming: 0,
          lowStockThreshold: 2_000,
          isLow: true,
        },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    const cross = await t.gql(CrossStoreInventoryDocument, { productId: product.id }, viewerA.token);
    expect(cross.data!.crossStoreInventory.find((s) => s.storeId === storeA.id)).toMatchObject({
      quantity: 1_500,
    });
    expect(cross.data!.crossStoreInventory.find((s) => s.storeId === storeB.id)).toMatchObject({
      quantity: 0,
    });
    const movements = await t.gql(StockMovementsDocument, { productId: product.id }, clerk.token);
    expect(movements.data!.stockMovements.items).toEqual([adjusted.data!.adjustStock]);
  });

  it('names the field of a bad argument and refuses without the permission', async () => {
    const product = await createProduct();
    const both = await t.gql(
      AdjustStockDocument,
      { storeId: storeA.id, productId: product.id, quantity: 1, newQuantity: 1, reason: 'OTHER' },
      clerk.token,
    );
    expect(both.errors![0].extensions).toMatchObject({ code: 'VALIDATION', field: 'newQuantity' });
    const denied = await t.gql(
      AdjustStockDocument,
      { storeId: storeA.id, productId: product.id, quantity: 1, reason: 'OTHER' },
      viewerA.token,
    );
    expect(denied.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await levelOf(storeA.id, product.id)).toBeNull();
  });
});

describe('on a store server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ mode: 'store' });
  });
  afterAll(() => s.close());

  it('adjusts and lists its own store only', async () => {
    const sku = `STORE-${runTag}`;
    // Master data comes from HQ: a store server refuses to create it.
    const refusedCreate = await s.rest('POST', '/products', {
      token: s.adminToken,
      body: { sku, name: 'Local', sellPrice: 1 },
    });
    expect([refusedCreate.status, refusedCreate.body.code]).toEqual([403, 'FORBIDDEN']);
    const created = await s.hq!.rest('POST', '/products', {
      token: s.hq!.adminToken,
      body: { sku, name: 'Local', sellPrice: 1 },
    });
    const productId = created.body.data.id;
    const res = await s.rest('POST', '/inventory/adjustments', {
      token: s.adminToken,
      body: { productId, quantity: 2_000, reason: 'RECEIVED' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ storeId: s.storeId, quantityAfter: 2_000 });
    const other = await s.createStore('OTHER');
    const refused = await s.rest('POST', '/inventory/adjustments', {
      token: s.adminToken,
      body: { storeId: other.id, productId, quantity: 2_000, reason: 'RECEIVED' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      field: 'storeId',
      error: 'storeId: this server trades only for its own store',
    });
    const list = await s.rest('GET', '/inventory', { token: s.adminToken });
    expect(list.body.data.map((r: any) => [r.storeId, r.quantity])).toEqual([[s.storeId, 2_000]]);
  });
});
