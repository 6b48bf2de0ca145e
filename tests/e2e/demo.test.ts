import { seedDemoData, seedStoreTrading } from '../../src/server/demo/demo-data';
import { startTestServer, type TestServer } from '../support/server';
import { startStoreServer } from '../support/sync';

let t: TestServer;
let store: TestServer | undefined;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await store?.close();
  await t.close();
});

it('seeds a small chain once at HQ, and MAIN trades at its own store server; HQ serves all of it', async () => {
  expect(await seedDemoData(t.server.orm, t.server.runtime)).toBe(true);
  expect(await seedDemoData(t.server.orm, t.server.runtime)).toBe(false);
  const [mainRow] = await t.sql<{ id: string }>(`select id from store where code = 'MAIN'`);
  const issued = await t.rest('POST', `/stores/${mainRow.id}/sync-token`, { token: t.adminToken });
  store = await startStoreServer(t, issued.body.data.token);
  expect(store.server.storeCode).toBe('MAIN');
  expect(await seedStoreTrading(store.server.orm, store.server.runtime)).toBe(true);
  expect(await seedStoreTrading(store.server.orm, store.server.runtime)).toBe(false);
  await store.server.syncAgent!.syncNow();
  expect(
    (await store.sql(`select receipt_number, grand_total from sale order by receipt_number`)).map(
      (r: any) => [r.receipt_number, Number(r.grand_total)],
    ),
  ).toEqual([
    ['MAIN-T01-0001', 1807],
    ['MAIN-T01-0002', 5630],
    ['MAIN-T01-R0001', -300],
  ]);

  const stores = await t.rest('GET', '/stores', { token: t.adminToken });
  expect(stores.body.data.map((s: any) => [s.code, s.timezone])).toEqual([
    ['HARBOR', 'America/Chicago'],
    ['MAIN', 'America/New_York'],
  ]);
  const main = stores.body.data[1];

  const champagne = (await t.rest('GET', '/products?search=champagne', { token: t.adminToken })).body.data[0];
  const detail = await t.rest('GET', `/products/${champagne.id}`, { token: t.adminToken });
  expect(detail.body.data.taxRates.map((r: any) => [r.name, r.rate, r.isCompound, r.sortOrder])).toEqual([
    ['State sales tax', 625, false, 1],
    ['County tax', 100, false, 2],
    ['Luxury surcharge', 200, true, 3],
  ]);
  const links = await t.rest('GET', `/products/${champagne.id}/suppliers`, { token: t.adminToken });
  expect(
    links.body.data.map((l: any) => [l.supplierName, l.supplierSku, l.costPrice, l.isPreferred]),
  ).toEqual([['Acme Beverages Ltd', 'ACME-BEV-004', 2100, true]]);

  const active = await t.rest('GET', `/specials/active?store_id=${main.id}`, { token: t.adminToken });
  expect(active.body.data.map((s: any) => [s.specialPrice, s.description])).toEqual([
    [279, 'Juice fortnight'],
  ]);
  const tenders = await t.rest('GET', '/tenders', { token: t.adminToken });
  expect(tenders.body.data.map((x: any) => x.code)).toEqual(['CASH', 'CARD', 'GIFT']);
  expect(
    await t.sql(
      `select (select count(*) from product)::int products, (select count(*) from customer)::int customers,
              (select count(*) from sales_rep)::int reps, (select count(*) from supplier)::int suppliers,
              (select count(*) from store_price)::int store_prices, (select count(*) from tax_group)::int groups`,
    ),
  ).toEqual([{ products: 11, customers: 3, reps: 2, suppliers: 3, store_prices: 1, groups: 3 }]);

  // Till T01 at MAIN is open with two sales, worked out by hand:
  // coffee 999 + 62 + 10, sourdough 450 and 1.25 kg bananas 286 (food: exempt) = 1807, paid 2000 cash;
  // champagne 4599 + 287 + 46 + 99 (compound on 4932) and 2 juices at the special 279: 558 + 35 + 6 = 5630.
  // One juice came back: 558 / 2 = 279, State 35 / 2 = 17.5 -> 18 (even), County 6 / 2 = 3: 300 to the card.
  const dashboard = await t.rest('GET', '/stores/dashboard', { token: t.adminToken });
  expect(dashboard.body.data.find((d: any) => d.storeCode === 'MAIN')).toMatchObject({
    salesCount: 2,
    revenue: 6892 - 279,
    taxTotal: 545 - 21,
    grandTotal: 7437 - 300,
    voidCount: 0,
    openRegisters: 1,
    // MAIN's 17 events (11 opening adjustments, T01 opened, 2 sales, the refund, a transfer created
    // and sent) are all at HQ.
    sync: expect.objectContaining({ provisioned: true, ackedThroughSeq: 17, parkedErrors: 0 }),
  });
  // MAIN's store server shows its own side: nothing waiting in its outbox; what HQ parked it cannot know.
  const atStore = await store.rest('GET', '/stores/dashboard', { token: store.adminToken });
  expect(atStore.body.data.map((d: any) => [d.storeCode, d.salesCount, d.sync])).toEqual([
    [
      'MAIN',
      2,
      {
        provisioned: true,
        connected: expect.any(Boolean),
        lastPullAt: expect.any(String),
        lastPushAt: expect.any(String),
        ackedThroughSeq: 17,
        pendingEvents: 0,
        parkedErrors: null,
      },
    ],
  ]);
  const sales = await t.rest('GET', `/sales?store_id=${main.id}`, { token: t.adminToken });
  expect(
    sales.body.data.map((x: any) => [x.receiptNumber, x.grandTotal, x.amountPaid, x.changeGiven]),
  ).toEqual([
    ['MAIN-T01-R0001', -300, -300, 0],
    ['MAIN-T01-0002', 5630, 5630, 0],
    ['MAIN-T01-0001', 1807, 2000, 193],
  ]);

  // Stock: 24 of everything, less what the two sales took, plus the juice back; HARBOR is low on croissants.
  const coffee = await t.rest('GET', `/inventory?store_id=${main.id}&pageSize=100`, { token: t.adminToken });
  expect(
    coffee.body.data
      .filter((row: any) => ['BEV-001', 'BEV-002', 'PRO-001', 'PRO-003'].includes(row.sku))
      .map((row: any) => [row.sku, row.quantity]),
  ).toEqual([
    ['BEV-001', 23_000],
    ['BEV-002', 23_000],
    ['PRO-001', 22_750],
    ['PRO-003', 24_000],
  ]);
  const low = await t.rest('GET', '/inventory?low_stock=true', { token: t.adminToken });
  expect(
    low.body.data.map((row: any) => [row.sku, row.storeId, row.quantity, row.incoming, row.isLow]),
  ).toEqual([['BAK-002', stores.body.data[0].id, 4000, 6000, true]]);

  // MAIN sent HARBOR six croissants: they have left MAIN and are on their way, not in HARBOR's stock.
  const transfers = await t.rest('GET', `/transfers?store_id=${main.id}&direction=OUTGOING`, {
    token: t.adminToken,
  });
  expect(
    transfers.body.data.map((x: any) => [
      x.number,
      x.status,
      x.toStoreId,
      x.items.map((i: any) => [i.sku, i.quantityInTransit]),
    ]),
  ).toEqual([['MAIN-T000001', 'IN_TRANSIT', stores.body.data[0].id, [['BAK-002', 6000]]]]);
  // HQ ordered beverages for HARBOR from Acme: 24 coffees at 5.20 (12480), 36 juices at 1.50 (5400),
  // 6 champagnes at 19.50 (11700): 29580. The coffees and 30 juices are in, the champagne back-ordered.
  const orders = await t.rest('GET', '/purchase-orders', { token: t.adminToken });
  expect(
    orders.body.data.map((o: any) => [
      o.number,
      o.status,
      o.storeId,
      o.total,
      o.items.map((i: any) => i.quantityOpen),
    ]),
  ).toEqual([['PO-000001', 'PARTIALLY_RECEIVED', stores.body.data[0].id, 29_580, [0, 6_000, 6_000]]]);
  const croissants = coffee.body.data.find((row: any) => row.sku === 'BAK-002');
  expect([croissants.quantity, croissants.incoming]).toEqual([18_000, 0]);

  // The demo users sign in for MAIN at HQ, and the cashier by PIN alone at MAIN's store server.
  const manager = await t.rest('POST', '/auth/login', {
    body: { username: 'manager', pin: '2222', storeId: main.id },
  });
  expect(manager.status).toBe(200);
  const till = await store.rest('POST', '/auth/pin-login', { body: { pin: '1111' } });
  expect([till.status, till.body.data?.user.username]).toEqual([200, 'cashier']);
});
