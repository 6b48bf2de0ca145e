import { StoreDashboardDocument } from '../generated/graphql';
import { startTestServer, type TestServer } from '../support/server';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  type SellingFixture,
} from '../support/selling';

let t: TestServer;
/** New York: now is 08:00 on 2026-06-10 there. */
let ny: SellingFixture;
/** Tokyo: now is 21:00 on 2026-06-10 there. */
let tokyo: SellingFixture;
/** Inactive: never listed. */
let shut: SellingFixture;

const NOW = new Date('2026-06-10T12:00:00.000Z');
const at = (iso: string) => {
  t.server.runtime.now = () => new Date(iso);
};

async function sell(fx: SellingFixture, body: ReturnType<typeof saleBody>) {
  const res = await postSale(t, fx, body);
  expect(res.status).toBe(201);
  return res.body.data as { id: string };
}

beforeAll(async () => {
  t = await startTestServer();
  ny = await createSellingFixture(t);
  tokyo = await createSellingFixture(t);
  shut = await createSellingFixture(t);
  await t.sql("update store set timezone = 'Asia/Tokyo' where id = ?", [tokyo.store.id]);

  at('2026-06-09T12:00:00.000Z');
  await openRegister(t, ny, 'T01', 1000);
  await openRegister(t, tokyo, 'T01', 1000);
  await openRegister(t, shut, 'T01', 1000);
  // Yesterday in New York (22:00 on 06-09), although the same UTC date as now: not counted.
  at('2026-06-10T02:00:00.000Z');
  await sell(ny, saleBody(ny, [{ product: ny.products.watch }]));
  // Midnight in New York: the first instant of today, counted.
  at('2026-06-10T04:00:00.000Z');
  await sell(ny, saleBody(ny, [{ product: ny.products.coffee, quantity: 2000, discountAmount: 100 }]));
  at('2026-06-10T11:00:00.000Z');
  await sell(ny, saleBody(ny, [{ product: ny.products.watch }]));
  at('2026-06-10T11:30:00.000Z');
  const voided = await sell(ny, saleBody(ny, [{ product: ny.products.bread }]));
  expect(
    (await t.rest('PUT', `/sales/${voided.id}/void`, { token: ny.cashier.token, body: { reason: 'x' } }))
      .status,
  ).toBe(200);
  await openRegister(t, ny, 'T02', 0);
  // 01:00 on 06-10 in Tokyo (still 06-09 in UTC): counted there.
  at('2026-06-09T16:00:00.000Z');
  await sell(tokyo, saleBody(tokyo, [{ product: tokyo.products.bread, quantity: 2000 }]));
  // 23:59 on 06-09 in Tokyo: yesterday there.
  at('2026-06-09T14:59:00.000Z');
  await sell(tokyo, saleBody(tokyo, [{ product: tokyo.products.coffee }]));
  at('2026-06-10T05:00:00.000Z');
  await sell(shut, saleBody(shut, [{ product: shut.products.coffee }]));
  expect(
    (await t.rest('PUT', `/stores/${shut.store.id}`, { token: t.adminToken, body: { isActive: false } }))
      .status,
  ).toBe(200);
  t.server.runtime.now = () => NOW;
});
afterAll(() => t.close());

const zero = { salesCount: 0, revenue: 0, taxTotal: 0, grandTotal: 0, voidCount: 0, openRegisters: 0 };

/** The sync column of a store without a store server of its own (HQ records its trading). */
const noStoreServer = {
  provisioned: false,
  connected: false,
  lastPullAt: null,
  lastPushAt: null,
  ackedThroughSeq: 0,
  pendingEvents: null,
  parkedErrors: 0,
};

/**
 * New York today: coffee 2 × 9.99 − 1.00 = 1898, tax 119 (118.625) + 19 (18.98) = 138, total 2036;
 * watch 25000, tax 1562 + 250 + 536 = 2348, total 27348; a voided bread. Two registers open.
 */
const nyToday = () => ({
  storeId: ny.store.id,
  storeCode: ny.store.code,
  storeName: expect.any(String),
  date: '2026-06-10',
  salesCount: 2,
  revenue: 26_898,
  taxTotal: 2_486,
  grandTotal: 29_384,
  voidCount: 1,
  openRegisters: 2,
  sync: noStoreServer,
});

/** Tokyo today: 2 exempt breads, 700; one register open. */
const tokyoToday = () => ({
  storeId: tokyo.store.id,
  storeCode: tokyo.store.code,
  storeName: expect.any(String),
  date: '2026-06-10',
  salesCount: 1,
  revenue: 700,
  taxTotal: 0,
  grandTotal: 700,
  voidCount: 0,
  openRegisters: 1,
  sync: noStoreServer,
});

describe('GET /stores/dashboard', () => {
  it("a store viewer sees only their store's day, in the store's time zone", async () => {
    const res = await t.rest('GET', '/stores/dashboard', { token: ny.cashier.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: [nyToday()] });
    const jp = await t.rest('GET', '/stores/dashboard', { token: tokyo.cashier.token });
    expect(jp.body.data).toEqual([tokyoToday()]);
  });

  it('a chain-wide viewer sees every active store, by code; inactive ones are left out', async () => {
    const res = await t.rest('GET', '/stores/dashboard', { token: t.adminToken });
    expect(res.status).toBe(200);
    const active = await t.sql<{ id: string; code: string }>(
      'select id, code from store where is_active order by code',
    );
    expect(res.body.data.map((s: { storeId: string }) => s.storeId)).toEqual(active.map((s) => s.id));
    expect(res.body.data).not.toContainEqual(expect.objectContaining({ storeId: shut.store.id }));
    expect(res.body.data).toContainEqual(nyToday());
    expect(res.body.data).toContainEqual(tokyoToday());
    for (const row of res.body.data.filter(
      (s: { storeId: string }) => ![ny.store.id, tokyo.store.id].includes(s.storeId),
    )) {
      expect(row).toMatchObject(zero);
    }
  });

  it("rolls over at the store's midnight: a minute before, the figures are the day before's", async () => {
    // 23:59 on 06-09 in New York: only the watch sold at 22:00 counts.
    t.server.runtime.now = () => new Date('2026-06-10T03:59:00.000Z');
    const res = await t.rest('GET', '/stores/dashboard', { token: ny.cashier.token });
    expect(res.body.data).toEqual([
      {
        ...nyToday(),
        date: '2026-06-09',
        salesCount: 1,
        revenue: 25_000,
        taxTotal: 2_348,
        grandTotal: 27_348,
        voidCount: 0,
      },
    ]);
    t.server.runtime.now = () => NOW;
  });

  it('is 401 anonymous, 403 without stores.view, 403 for a caller with no store and no chain-wide grant', async () => {
    expect((await t.rest('GET', '/stores/dashboard')).status).toBe(401);
    const seller = await t.userWith(['pos.sell'], { storeId: ny.store.id });
    const denied = await t.rest('GET', '/stores/dashboard', { token: seller.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('Missing permission: stores.view');
    const local = await t.userWith(['stores.view'], { storeId: ny.store.id });
    const nowhere = await t.login(local.username, local.pin);
    expect((await t.rest('GET', '/stores/dashboard', { token: nowhere })).status).toBe(403);
  });

  it('GraphQL storeDashboard gives the same figures', async () => {
    const res = await t.gql(StoreDashboardDocument, undefined, ny.cashier.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.storeDashboard).toEqual([nyToday()]);
  });
});
