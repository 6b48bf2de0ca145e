import { randomBytes } from 'node:crypto';
import {
  ActiveSpecialsDocument,
  CreateSpecialDocument,
  DeleteSpecialDocument,
  SpecialsDocument,
  UpdateSpecialDocument,
} from '../generated/graphql';
import { createRequestContext } from '../../src/services/core/context';
import { effectivePrice } from '../../src/services/catalog/product-lookup';
import { addDays, localDate } from '../../src/services/core/time';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let manager: TestUser;
let outsider: TestUser;

// The server's clock is pinned to this instant (taken when the file starts, so the tests run on any
// day) unless a test pins another one; "today" below is computed with the server's own helper.
const NOW = new Date();
const today = (timezone = 'UTC', at = NOW) => localDate(timezone, at);

let serverClock: () => Date;

beforeAll(async () => {
  t = await startTestServer();
  serverClock = t.server.runtime.now;
  [viewer, manager, outsider] = await Promise.all([
    t.userWith(['specials.view']),
    t.userWith(['specials.view', 'specials.manage']),
    t.userWith(['products.view']),
  ]);
});
beforeEach(() => pinClock(NOW));
afterAll(() => t.close());

function pinClock(at: Date): void {
  t.server.runtime.now = () => at;
}

/** Noon UTC of a date: the same date in London, whether in winter or summer time. */
const noonUtc = (date: string) => new Date(`${date}T12:00:00Z`);

const UNKNOWN = '01900000-0000-7000-8000-000000000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function createProduct(name = 'Special product', sellPrice = 1000) {
  const sku = `SPC-${randomBytes(4).toString('hex')}`;
  const res = await t.rest('POST', '/products', { token: t.adminToken, body: { sku, name, sellPrice } });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; sku: string };
}

async function createSpecial(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/specials', {
    token: manager.token,
    body: { specialPrice: 500, ...body },
  });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; startDate: string; endDate: string };
}

async function createStore(timezone: string) {
  const store = await t.createStore();
  await t.sql('update store set timezone = ? where id = ?', [timezone, store.id]);
  return store.id;
}

const specialRow = (id: string) =>
  t
    .sql(
      `select product_id, special_price, to_char(start_date, 'YYYY-MM-DD') as start_date,
              to_char(end_date, 'YYYY-MM-DD') as end_date, description, is_active, version
         from special where id = ?`,
      [id],
    )
    .then((rows) => rows[0]);

/** Ids of the active specials listed for this query, restricted to the given products. */
async function activeIds(query: string, productIds: string[], token = viewer.token) {
  const res = await t.rest('GET', `/specials/active${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.data.filter((s: any) => productIds.includes(s.productId)).map((s: any) => s.id);
}

describe('POST /specials', () => {
  it('creates a special (201) with defaults', async () => {
    const product = await createProduct();
    const res = await t.rest('POST', '/specials', {
      token: manager.token,
      body: { productId: product.id, specialPrice: 799, startDate: '2026-03-01', endDate: '2026-03-31' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        productId: product.id,
        specialPrice: 799,
        startDate: '2026-03-01',
        endDate: '2026-03-31',
        description: null,
        isActive: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      },
    });
    expect(await specialRow(res.body.data.id)).toEqual({
      product_id: product.id,
      special_price: '799',
      start_date: '2026-03-01',
      end_date: '2026-03-31',
      description: null,
      is_active: true,
      version: 1,
    });
  });

  it('accepts a one-day special, a description and an inactive flag', async () => {
    const product = await createProduct();
    const res = await t.rest('POST', '/specials', {
      token: manager.token,
      body: {
        productId: product.id,
        specialPrice: 0,
        startDate: '2028-02-29',
        endDate: '2028-02-29',
        description: 'Leap day giveaway',
        isActive: false,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      specialPrice: 0,
      startDate: '2028-02-29',
      endDate: '2028-02-29',
      description: 'Leap day giveaway',
      isActive: false,
    });
  });

  describe('refuses bad input with 400 naming the field, writing nothing', () => {
    let productId: string;
    beforeAll(async () => {
      productId = (await createProduct()).id;
    });

    it.each([
      [
        'an end before the start',
        { startDate: '2026-03-10', endDate: '2026-03-09' },
        'endDate: must not be before startDate (2026-03-10)',
      ],
      [
        'an impossible date',
        { startDate: '2026-02-30' },
        'startDate: Value is not a valid LocalDate: 2026-02-30',
      ],
      ['a date with a time', { endDate: '2026-03-31T23:59:59Z' }, /^endDate: /],
      ['a missing end', { endDate: undefined }, 'endDate: is required'],
      ['an unknown product', { productId: UNKNOWN }, 'productId: no product with this id'],
      ['a negative price', { specialPrice: -1 }, 'specialPrice: specialPrice must not be less than 0'],
      ['a fractional price', { specialPrice: 4.99 }, /^specialPrice: /],
      ['a null flag', { isActive: null }, 'isActive: isActive must not be null'],
      ['a long description', { description: 'x'.repeat(201) }, /^description: /],
    ])('%s', async (_case, change, error) => {
      const before = await t.count('special');
      const res = await t.rest('POST', '/specials', {
        token: manager.token,
        body: { productId, specialPrice: 100, startDate: '2026-03-01', endDate: '2026-03-31', ...change },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
      if (typeof error === 'string') expect(res.body.error).toBe(error);
      else expect(res.body.error).toMatch(error);
      expect(await t.count('special')).toBe(before);
    });
  });

  it('is 401 anonymous and 403 without specials.manage; nothing written', async () => {
    const product = await createProduct();
    const body = { productId: product.id, specialPrice: 1, startDate: '2026-01-01', endDate: '2026-01-02' };
    const before = await t.count('special');
    expect((await t.rest('POST', '/specials', { body })).status).toBe(401);
    const denied = await t.rest('POST', '/specials', { token: viewer.token, body });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: specials.manage');
    expect(await t.count('special')).toBe(before);
  });
});

describe('dates a shop can use', () => {
  it('refuses dates before 1900 (PostgreSQL has no year 0) with 400, nothing written', async () => {
    const product = await createProduct();
    const before = await t.count('special');
    const res = await t.rest('POST', '/specials', {
      token: manager.token,
      body: { productId: product.id, specialPrice: 100, startDate: '0000-01-01', endDate: '2026-01-01' },
    });
    expect(res.body).toEqual({
      success: false,
      error: 'startDate: startDate must not be before 1900-01-01',
      code: 'VALIDATION',
      field: 'startDate',
    });
    expect(res.status).toBe(400);
    const special = await createSpecial({
      productId: product.id,
      startDate: '2026-01-01',
      endDate: '2026-01-31',
    });
    const moved = await t.rest('PUT', `/specials/${special.id}`, {
      token: manager.token,
      body: { startDate: '1899-12-31' },
    });
    expect([moved.status, moved.body.field]).toEqual([400, 'startDate']);
    const cleared = await t.rest('PUT', `/specials/${special.id}`, {
      token: manager.token,
      body: { endDate: null },
    });
    expect([cleared.status, cleared.body.error]).toEqual([400, 'endDate: endDate must not be null']);
    expect(await t.count('special')).toBe(before + 1);
    expect(await specialRow(special.id)).toMatchObject({
      start_date: '2026-01-01',
      end_date: '2026-01-31',
      version: 1,
    });
  });
});

describe('PUT /specials/:id', () => {
  it('updates only the fields given; null clears the description', async () => {
    const product = await createProduct();
    const special = await createSpecial({
      productId: product.id,
      startDate: '2026-05-01',
      endDate: '2026-05-31',
      description: 'May deal',
    });
    const res = await t.rest('PUT', `/specials/${special.id}`, {
      token: manager.token,
      body: { specialPrice: 450, description: null },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      ...special,
      specialPrice: 450,
      description: null,
      version: 2,
      updatedAt: expect.stringMatching(ISO),
    });
    const moved = await t.rest('PUT', `/specials/${special.id}`, {
      token: manager.token,
      body: { startDate: '2026-06-01', endDate: '2026-06-30', isActive: false },
    });
    expect(moved.body.data).toMatchObject({
      startDate: '2026-06-01',
      endDate: '2026-06-30',
      isActive: false,
      version: 3,
    });
    expect(await specialRow(special.id)).toMatchObject({
      special_price: '450',
      start_date: '2026-06-01',
      end_date: '2026-06-30',
      is_active: false,
    });
  });

  it('moves the special to another product', async () => {
    const [from, to] = [await createProduct(), await createProduct()];
    const special = await createSpecial({
      productId: from.id,
      startDate: '2026-01-01',
      endDate: '2026-01-31',
    });
    const res = await t.rest('PUT', `/specials/${special.id}`, {
      token: manager.token,
      body: { productId: to.id },
    });
    expect(res.body.data.productId).toBe(to.id);
    expect((await specialRow(special.id)).product_id).toBe(to.id);
  });

  describe('checks the dates as they would be after the change', () => {
    let id: string;
    beforeAll(async () => {
      const product = await createProduct();
      id = (await createSpecial({ productId: product.id, startDate: '2026-04-10', endDate: '2026-04-20' }))
        .id;
    });

    it.each([
      [
        'an end before the kept start',
        { endDate: '2026-04-09' },
        'endDate: must not be before startDate (2026-04-10)',
      ],
      [
        'a start after the kept end',
        { startDate: '2026-04-21' },
        'endDate: must not be before startDate (2026-04-21)',
      ],
      ['swapped dates', { startDate: '2026-04-20', endDate: '2026-04-10' }, /^endDate: /],
      ['a null date', { startDate: null }, 'startDate: startDate must not be null'],
      ['a null price', { specialPrice: null }, 'specialPrice: specialPrice must not be null'],
      ['an unknown product', { productId: UNKNOWN }, 'productId: no product with this id'],
    ])('refuses %s with 400, changing nothing', async (_case, body, error) => {
      const res = await t.rest('PUT', `/specials/${id}`, { token: manager.token, body });
      expect(res.status).toBe(400);
      if (typeof error === 'string') expect(res.body.error).toBe(error);
      else expect(res.body.error).toMatch(error);
      expect(await specialRow(id)).toMatchObject({
        start_date: '2026-04-10',
        end_date: '2026-04-20',
        special_price: '500',
        version: 1,
      });
    });
  });

  it('accepts moving one date as far as the other', async () => {
    const product = await createProduct();
    const special = await createSpecial({
      productId: product.id,
      startDate: '2026-04-10',
      endDate: '2026-04-20',
    });
    const res = await t.rest('PUT', `/specials/${special.id}`, {
      token: manager.token,
      body: { endDate: '2026-04-10' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ startDate: '2026-04-10', endDate: '2026-04-10', version: 2 });
  });

  it('is 404 for an unknown id, 401 anonymous, 403 without specials.manage; nothing changed', async () => {
    const product = await createProduct();
    const special = await createSpecial({
      productId: product.id,
      startDate: '2026-02-01',
      endDate: '2026-02-02',
    });
    const missing = await t.rest('PUT', `/specials/${UNKNOWN}`, {
      token: manager.token,
      body: { specialPrice: 1 },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe(`Special ${UNKNOWN} not found`);
    const body = { specialPrice: 1 };
    expect((await t.rest('PUT', `/specials/${special.id}`, { body })).status).toBe(401);
    expect((await t.rest('PUT', `/specials/${special.id}`, { token: viewer.token, body })).status).toBe(403);
    expect(await specialRow(special.id)).toMatchObject({ special_price: '500', version: 1 });
  });
});

describe('DELETE /specials/:id', () => {
  it('removes the special and returns it; a second delete is 404', async () => {
    const product = await createProduct();
    const special = await createSpecial({
      productId: product.id,
      startDate: '2026-02-01',
      endDate: '2026-02-02',
    });
    const res = await t.rest('DELETE', `/specials/${special.id}`, { token: manager.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: special });
    expect(await specialRow(special.id)).toBeUndefined();
    const again = await t.rest('DELETE', `/specials/${special.id}`, { token: manager.token });
    expect(again.status).toBe(404);
  });

  it('is 401 anonymous and 403 without specials.manage; nothing deleted', async () => {
    const product = await createProduct();
    const special = await createSpecial({
      productId: product.id,
      startDate: '2026-02-01',
      endDate: '2026-02-02',
    });
    expect((await t.rest('DELETE', `/specials/${special.id}`)).status).toBe(401);
    const before = await specialRow(special.id);
    expect((await t.rest('DELETE', `/specials/${special.id}`, { token: viewer.token })).status).toBe(403);
    expect(before).toMatchObject({ product_id: product.id, start_date: '2026-02-01', version: 1 });
    expect(await specialRow(special.id)).toEqual(before);
  });
});

describe('GET /specials', () => {
  let productId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    productId = (await createProduct()).id;
    ids.march = (await createSpecial({ productId, startDate: '2026-03-01', endDate: '2026-03-31' })).id;
    ids.may = (await createSpecial({ productId, startDate: '2026-05-01', endDate: '2026-05-31' })).id;
    ids.mayToo = (
      await createSpecial({ productId, startDate: '2026-05-01', endDate: '2026-05-02', isActive: false })
    ).id;
    ids.april = (await createSpecial({ productId, startDate: '2026-04-01', endDate: '2026-04-30' })).id;
  });

  it('filters by product, latest start first (then id)', async () => {
    const res = await t.rest('GET', `/specials?productId=${productId}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(res.body.data.map((s: any) => s.id)).toEqual([ids.may, ids.mayToo, ids.april, ids.march]);
  });

  it('filters by the active flag and paginates', async () => {
    const inactive = await t.rest('GET', `/specials?productId=${productId}&isActive=false`, {
      token: viewer.token,
    });
    expect(inactive.body.data.map((s: any) => s.id)).toEqual([ids.mayToo]);
    const active = await t.rest('GET', `/specials?productId=${productId}&isActive=true&page=2&pageSize=2`, {
      token: viewer.token,
    });
    expect(active.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(active.body.data.map((s: any) => s.id)).toEqual([ids.march]);
  });

  it.each([
    ['productId=1', 'productId: Value is not a valid UUID: 1'],
    ['isActive=1', 'isActive: must be true or false'],
    ['productid=' + UNKNOWN, 'productid: unknown query parameter'],
  ])('rejects ?%s with 400', async (query, error) => {
    const res = await t.rest('GET', `/specials?${query}`, { token: viewer.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
  });

  it('is 401 anonymous and 403 without specials.view', async () => {
    expect((await t.rest('GET', '/specials')).status).toBe(401);
    expect((await t.rest('GET', '/specials', { token: outsider.token })).status).toBe(403);
  });
});

describe('GET /specials/active', () => {
  it('lists the specials in force today: flag on, product active, today within the dates', async () => {
    const d = today('Europe/London');
    const product = await createProduct();
    const retired = await createProduct();
    await t.rest('DELETE', `/products/${retired.id}`, { token: t.adminToken });
    const store = (await t.createStore()).id; // Europe/London
    const endedYesterday = await createSpecial({
      productId: product.id,
      startDate: addDays(d, -7),
      endDate: addDays(d, -1),
    });
    const startsTomorrow = await createSpecial({
      productId: product.id,
      startDate: addDays(d, 1),
      endDate: addDays(d, 7),
    });
    const todayOnly = await createSpecial({ productId: product.id, startDate: d, endDate: d });
    const around = await createSpecial({
      productId: product.id,
      startDate: addDays(d, -10),
      endDate: addDays(d, 10),
    });
    await createSpecial({
      productId: product.id,
      startDate: addDays(d, -1),
      endDate: addDays(d, 1),
      isActive: false,
    });
    await createSpecial({ productId: retired.id, startDate: d, endDate: d });

    const listed = await activeIds(`?store_id=${store}`, [product.id, retired.id]);
    expect(listed).toEqual([todayOnly.id, around.id]);

    // Tomorrow the one-day special is over and the next one has begun.
    pinClock(noonUtc(addDays(d, 1)));
    expect(await activeIds(`?store_id=${store}`, [product.id])).toEqual([startsTomorrow.id, around.id]);
    // Yesterday the one that has since ended was still on.
    pinClock(noonUtc(addDays(d, -1)));
    expect(await activeIds(`?store_id=${store}`, [product.id])).toEqual([endedYesterday.id, around.id]);
  });

  describe("reads today in the store's time zone", () => {
    // 04:30 UTC on 1 March 2026: 28 February in New York, 1 March in London and in UTC.
    const AT = new Date('2026-03-01T04:30:00Z');
    let productId: string;
    let newYork: string;
    let london: string;
    let feb28: string;
    let mar1: string;

    beforeAll(async () => {
      productId = (await createProduct()).id;
      [newYork, london] = [await createStore('America/New_York'), await createStore('Europe/London')];
      feb28 = (await createSpecial({ productId, startDate: '2026-02-28', endDate: '2026-02-28' })).id;
      mar1 = (await createSpecial({ productId, startDate: '2026-03-01', endDate: '2026-03-01' })).id;
    });
    beforeEach(() => pinClock(AT));

    it('of the store named by store_id', async () => {
      expect(await activeIds(`?store_id=${newYork}`, [productId])).toEqual([feb28]);
      expect(await activeIds(`?store_id=${london}`, [productId])).toEqual([mar1]);
    });

    it('of the store the caller signed in for, else UTC', async () => {
      const atNewYork = await t.userWith(['specials.view'], { storeId: newYork });
      expect(await activeIds('', [productId], atNewYork.token)).toEqual([feb28]);
      expect(await activeIds(`?store_id=${london}`, [productId], atNewYork.token)).toEqual([mar1]);
      expect(await activeIds('', [productId])).toEqual([mar1]);
    });

    it('moves with the clock at the store’s midnight', async () => {
      pinClock(new Date('2026-03-01T04:59:59.999Z'));
      expect(await activeIds(`?store_id=${newYork}`, [productId])).toEqual([feb28]);
      pinClock(new Date('2026-03-01T05:00:00Z'));
      expect(await activeIds(`?store_id=${newYork}`, [productId])).toEqual([mar1]);
      pinClock(new Date('2026-02-28T23:59:59.999Z'));
      expect(await activeIds(`?store_id=${london}`, [productId])).toEqual([feb28]);
    });
  });

  it('uses the real clock by default', async () => {
    t.server.runtime.now = serverClock;
    const product = await createProduct();
    // Wide enough to hold whatever day it is in UTC when the server looks.
    const d = today('UTC', new Date());
    const special = await createSpecial({
      productId: product.id,
      startDate: addDays(d, -1),
      endDate: addDays(d, 1),
    });
    expect(await activeIds('', [product.id])).toEqual([special.id]);
  });

  it('paginates like the list', async () => {
    // A day no other test's specials reach, so that the page holds exactly these.
    const day = '2099-07-15';
    pinClock(noonUtc(day));
    const productId = (await createProduct()).id;
    const older = await createSpecial({ productId, startDate: addDays(day, -2), endDate: day });
    const newer = await createSpecial({ productId, startDate: day, endDate: addDays(day, 2) });
    const first = await t.rest('GET', '/specials/active?pageSize=1', { token: viewer.token });
    expect(first.body).toMatchObject({ total: 2, page: 1, pageSize: 1, data: [{ id: newer.id }] });
    const second = await t.rest('GET', '/specials/active?pageSize=1&page=2', { token: viewer.token });
    expect(second.body.data.map((s: any) => s.id)).toEqual([older.id]);
  });

  it('is 400 naming store_id for an unknown or malformed store', async () => {
    const unknown = await t.rest('GET', `/specials/active?store_id=${UNKNOWN}`, { token: viewer.token });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      success: false,
      error: 'store_id: no store with this id',
      code: 'VALIDATION',
      field: 'store_id',
    });
    const malformed = await t.rest('GET', '/specials/active?store_id=x', { token: viewer.token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('store_id');
    const camel = await t.rest('GET', `/specials/active?storeId=${UNKNOWN}`, { token: viewer.token });
    expect(camel.body.error).toBe('storeId: no store with this id');
  });

  it('is 401 anonymous and 403 without specials.view', async () => {
    expect((await t.rest('GET', '/specials/active')).status).toBe(401);
    expect((await t.rest('GET', '/specials/active', { token: outsider.token })).status).toBe(403);
  });
});

describe('effectivePrice', () => {
  const priceOf = (productId: string, storeId: string, at?: Date) =>
    effectivePrice(createRequestContext(t.server.runtime, t.server.orm.em.fork()), {
      productId,
      storeId,
      at,
    });

  it("is an active special (the lowest), else the store's override, else the product's price", async () => {
    const d = today('Europe/London');
    const product = await createProduct('Priced', 1000);
    const [store, other] = [(await t.createStore()).id, (await t.createStore()).id];
    expect(await priceOf(product.id, store)).toEqual({ price: 1000, source: 'PRODUCT' });

    await t.rest('POST', '/store-prices', {
      token: t.adminToken,
      body: { storeId: store, productId: product.id, sellPrice: 900 },
    });
    expect(await priceOf(product.id, store)).toEqual({ price: 900, source: 'STORE_PRICE' });
    expect(await priceOf(product.id, other)).toEqual({ price: 1000, source: 'PRODUCT' });

    const cheap = await createSpecial({ productId: product.id, specialPrice: 700, startDate: d, endDate: d });
    await createSpecial({ productId: product.id, specialPrice: 800, startDate: d, endDate: d });
    await createSpecial({
      productId: product.id,
      specialPrice: 100,
      startDate: d,
      endDate: d,
      isActive: false,
    });
    const later = await createSpecial({
      productId: product.id,
      specialPrice: 950,
      startDate: addDays(d, 1),
      endDate: addDays(d, 1),
    });
    expect(await priceOf(product.id, store)).toEqual({ price: 700, source: 'SPECIAL', specialId: cheap.id });
    expect(await priceOf(product.id, other)).toEqual({ price: 700, source: 'SPECIAL', specialId: cheap.id });
    // `at` overrides the clock: tomorrow only the dearer special runs, and still beats the override.
    expect(await priceOf(product.id, store, noonUtc(addDays(d, 1)))).toEqual({
      price: 950,
      source: 'SPECIAL',
      specialId: later.id,
    });
  });

  it("reads the special's dates in the store's time zone", async () => {
    const product = await createProduct('Zoned', 1000);
    const [newYork, london] = [await createStore('America/New_York'), await createStore('Europe/London')];
    const feb28 = await createSpecial({
      productId: product.id,
      specialPrice: 600,
      startDate: '2026-02-28',
      endDate: '2026-02-28',
    });
    const at = new Date('2026-03-01T04:30:00Z');
    expect(await priceOf(product.id, newYork, at)).toEqual({
      price: 600,
      source: 'SPECIAL',
      specialId: feb28.id,
    });
    expect(await priceOf(product.id, london, at)).toEqual({ price: 1000, source: 'PRODUCT' });
  });

  it('names the unknown product or store', async () => {
    const product = await createProduct();
    const store = (await t.createStore()).id;
    await expect(priceOf(UNKNOWN, store)).rejects.toMatchObject({
      message: 'productId: no product with this id',
    });
    await expect(priceOf(product.id, UNKNOWN)).rejects.toMatchObject({
      message: 'storeId: no store with this id',
    });
  });
});

describe('GraphQL', () => {
  it('creates, updates, lists and deletes a special', async () => {
    const product = await createProduct();
    const d = today();
    const created = await t.gql(
      CreateSpecialDocument,
      {
        productId: product.id,
        specialPrice: 250,
        startDate: d,
        endDate: addDays(d, 2),
        description: 'Two for one',
      },
      manager.token,
    );
    expect(created.errors).toBeUndefined();
    const special = created.data!.createSpecial;
    expect(special).toEqual({
      id: expect.any(String),
      productId: product.id,
      specialPrice: 250,
      startDate: d,
      endDate: addDays(d, 2),
      description: 'Two for one',
      isActive: true,
      version: 1,
    });

    const backwards = await t.gql(
      UpdateSpecialDocument,
      { id: special.id, endDate: addDays(d, -1) },
      manager.token,
    );
    expect(backwards.errors![0]).toMatchObject({
      message: `endDate: must not be before startDate (${d})`,
      extensions: { code: 'VALIDATION', field: 'endDate' },
    });

    const updated = await t.gql(UpdateSpecialDocument, { id: special.id, specialPrice: 200 }, manager.token);
    expect(updated.data!.updateSpecial).toEqual({ ...special, specialPrice: 200, version: 2 });

    const listed = await t.gql(SpecialsDocument, { productId: product.id }, viewer.token);
    expect(listed.data!.specials).toEqual({
      items: [updated.data!.updateSpecial],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    const active = await t.gql(ActiveSpecialsDocument, { pageSize: 100 }, viewer.token);
    expect(active.data!.activeSpecials.items.filter((s) => s.productId === product.id)).toEqual([
      updated.data!.updateSpecial,
    ]);
    const unknownStore = await t.gql(ActiveSpecialsDocument, { storeId: UNKNOWN }, viewer.token);
    expect(unknownStore.errors![0]).toMatchObject({
      message: 'storeId: no store with this id',
      extensions: { field: 'storeId' },
    });

    const deleted = await t.gql(DeleteSpecialDocument, { id: special.id }, manager.token);
    expect(deleted.data!.deleteSpecial).toEqual({ id: special.id });
    expect(await specialRow(special.id)).toBeUndefined();
  });
});
