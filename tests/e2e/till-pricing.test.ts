import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  salesSnapshot,
  type SellingFixture,
} from '../support/selling';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/**
 * The price a till charges and who may change it: the scan prices the product at the till's store, a
 * line above that price is refused, and a line below it or discounted needs the permission or a
 * manager's PIN, recorded on the line. Figures are the fixture's: coffee 999 (state 6.25 % + county 1 %).
 */

let t: TestServer;
let f: SellingFixture;
/** May sell and scan, nothing more. */
let cashier: TestUser;
/** May charge below the price and discount, at the store. */
let manager: TestUser;
/** A colleague with no override rights (their PIN approves nothing). */
let clerk: TestUser;
let scanned: { id: string; barcode: string };

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  await openRegister(t, f, 'T01');
  [cashier, manager, clerk] = await Promise.all([
    t.userWith(['pos.sell', 'products.view'], { storeId: f.store.id }),
    t.userWith(['pos.price_override', 'pos.discount'], { storeId: f.store.id }),
    t.userWith(['pos.sell'], { storeId: f.store.id }),
  ]);
  const barcode = '5000000000017';
  const res = await t.rest('PUT', `/products/${f.products.watch.id}`, {
    token: t.adminToken,
    body: { barcode },
  });
  scanned = { id: res.body.data.id, barcode };
});
afterAll(() => t.close());

const coffeeAt = (unitPrice: number, discountAmount = 0, cashierId = cashier.id) =>
  saleBody(f, [{ product: f.products.coffee, unitPrice, discountAmount }], { cashierId });

describe('the scan at a till', () => {
  it("prices the product at the caller's store: the store's price, then a special, with the rates in order", async () => {
    const scan = () => t.rest('GET', `/products/barcode/${scanned.barcode}`, { token: cashier.token });
    const plain = await scan();
    expect(plain.status).toBe(200);
    expect(plain.body.data).toMatchObject({
      id: scanned.id,
      storeId: f.store.id,
      sellPrice: 25000,
      effectivePrice: 25000,
      priceSource: 'PRODUCT',
      specialId: null,
      specialEndDate: null,
      costPrice: null,
    });
    // The watch's group: State 6.25 %, County 1 %, then Luxury 2 % compounded, in that order.
    expect(plain.body.data.taxRates).toEqual([
      { id: f.rates.state.id, name: f.rates.state.name, rate: 625, isCompound: false, sortOrder: 0 },
      { id: f.rates.county.id, name: f.rates.county.name, rate: 100, isCompound: false, sortOrder: 1 },
      { id: f.rates.luxury.id, name: f.rates.luxury.name, rate: 200, isCompound: true, sortOrder: 2 },
    ]);

    await t.rest('POST', '/store-prices', {
      token: t.adminToken,
      body: { storeId: f.store.id, productId: scanned.id, sellPrice: 24000 },
    });
    expect((await scan()).body.data).toMatchObject({ effectivePrice: 24000, priceSource: 'STORE_PRICE' });

    const special = await t.rest('POST', '/specials', {
      token: t.adminToken,
      body: { productId: scanned.id, specialPrice: 19900, startDate: '2020-01-01', endDate: '2099-12-31' },
    });
    expect((await scan()).body.data).toMatchObject({
      effectivePrice: 19900,
      priceSource: 'SPECIAL',
      specialId: special.body.data.id,
      specialEndDate: '2099-12-31',
    });
    // The same answer by id; another store is priced without this store's price (but with the special).
    const byId = await t.rest('GET', `/products/${scanned.id}`, { token: cashier.token });
    expect(byId.body.data).toEqual((await scan()).body.data);
    const other = await t.createStore();
    const elsewhere = await t.rest('GET', `/products/${scanned.id}?store_id=${other.id}`, {
      token: t.adminToken,
    });
    expect(elsewhere.body.data).toMatchObject({ storeId: other.id, effectivePrice: 19900, costPrice: 12500 });
    await t.rest('DELETE', `/specials/${special.body.data.id}`, { token: t.adminToken });
    const noSpecial = await t.rest('GET', `/products/${scanned.id}?store_id=${other.id}`, {
      token: t.adminToken,
    });
    expect(noSpecial.body.data).toMatchObject({ effectivePrice: 25000, priceSource: 'PRODUCT' });
  });

  it('refuses pricing at a store the caller may not see (403) or that does not exist (400)', async () => {
    const other = await t.createStore();
    const denied = await t.rest('GET', `/products/barcode/${scanned.barcode}?store_id=${other.id}`, {
      token: cashier.token,
    });
    expect([denied.status, denied.body.error]).toEqual([
      403,
      'Missing permission: products.view at this store',
    ]);
    const unknown = await t.rest(
      'GET',
      `/products/${scanned.id}?store_id=01900000-0000-7000-8000-000000000000`,
      {
        token: t.adminToken,
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ field: 'store_id', error: 'store_id: no store with this id' });
  });
});

describe('a line priced above its price', () => {
  it('is refused (422) naming the line with both prices, nothing written', async () => {
    const before = await salesSnapshot(t);
    const res = await postSale(t, f, coffeeAt(1000), cashier.token);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      success: false,
      code: 'UNPROCESSABLE',
      field: 'items.0.unitPrice',
      error: `items.0.unitPrice: 1000 is above the price of ${f.products.coffee.sku}, 999 (PRODUCT): a line is never charged more`,
    });
    expect(await salesSnapshot(t)).toEqual(before);
  });
});

describe('a line below its price, or discounted', () => {
  it('is refused (403) to a cashier with only pos.sell, naming the line, nothing written', async () => {
    const before = await salesSnapshot(t);
    const cheap = await postSale(t, f, coffeeAt(1), cashier.token);
    expect([cheap.status, cheap.body.field, cheap.body.error]).toEqual([
      403,
      'items.0.unitPrice',
      "items.0.unitPrice: 1 is below the price 999 needs pos.price_override, or a manager's approval (approvedBy: their PIN)",
    ]);
    const discounted = await postSale(t, f, coffeeAt(999, 100), cashier.token);
    expect([discounted.status, discounted.body.field]).toEqual([403, 'items.0.discountAmount']);
    expect(await salesSnapshot(t)).toEqual(before);
  });

  it("is recorded with a manager's PIN: who asked and who approved, on the line", async () => {
    const body = { ...coffeeAt(899, 50), approvedBy: manager.pin };
    const res = await postSale(t, f, body, cashier.token);
    expect(res.status).toBe(201);
    // 899 − 50 = 849 net; state 849 × 6.25 % = 53.0625 → 53; county 849 × 1 % = 8.49 → 8; 849 + 61 = 910.
    expect(res.body.data).toMatchObject({ subtotal: 899, discountTotal: 50, taxTotal: 61, grandTotal: 910 });
    expect(res.body.data.items[0]).toMatchObject({
      unitPrice: 899,
      effectivePrice: 999,
      overrideRequestedById: cashier.id,
      overrideApprovedById: manager.id,
    });
    const [line] = await t.sql(
      'select override_requested_by_id, override_approved_by_id from sale_item where sale_id = ?',
      [res.body.data.id],
    );
    expect(line).toEqual({ override_requested_by_id: cashier.id, override_approved_by_id: manager.id });
  });

  it("refuses a PIN that is not a manager's, alike whether wrong or without the right (403), nothing written", async () => {
    const before = await salesSnapshot(t);
    for (const pin of [clerk.pin, '98765432']) {
      const res = await postSale(t, f, { ...coffeeAt(500), approvedBy: pin }, cashier.token);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        success: false,
        code: 'FORBIDDEN',
        field: 'approvedBy',
        error: 'approvedBy: not the PIN of a user who may approve pos.price_override at this store',
      });
    }
    const malformed = await postSale(t, f, { ...coffeeAt(500), approvedBy: '12' }, cashier.token);
    expect([malformed.status, malformed.body.field]).toEqual([400, 'approvedBy']);
    expect(await salesSnapshot(t)).toEqual(before);
  });

  it('is approved by the cashier themselves when they hold the permission', async () => {
    const res = await postSale(t, f, coffeeAt(500, 0, f.cashier.id));
    expect(res.status).toBe(201);
    expect(res.body.data.items[0]).toMatchObject({
      overrideRequestedById: f.cashier.id,
      overrideApprovedById: f.cashier.id,
    });
  });

  it('records nothing for a line at its price', async () => {
    const res = await postSale(t, f, coffeeAt(999), cashier.token);
    expect(res.status).toBe(201);
    expect(res.body.data.items[0]).toMatchObject({ overrideRequestedById: null, overrideApprovedById: null });
  });
});
