import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase } from '../support/database';
import { api, freePort, ServerProcess } from '../support/processes';
import { eventually } from '../support/sync';

/**
 * HQ and a store server as two real processes on two databases: the store sells while HQ is down, and
 * HQ crashes (kill -9) in the middle of receiving a push; every sale reaches HQ exactly once.
 */
jest.setTimeout(120_000);

const secrets = () => ({
  JWT_SECRET: randomBytes(32).toString('hex'),
  PIN_KEY: randomBytes(32).toString('hex'),
});

async function ok(base: string, method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await api(base, method, path, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

let hqDb: { url: string; drop(): Promise<void> };
let storeDb: { url: string; drop(): Promise<void> };
let hqEnv: Record<string, string>;
let hq: ServerProcess;
let store: ServerProcess;
let hqSql: pg.Client;
let storeSql: pg.Client;
let storeId: string;
let productId: string;
let cashierId: string;
let cashierToken: string;
let receipt = 0;

async function startHq(): Promise<void> {
  hq = await ServerProcess.start(hqEnv);
}

/** A one-line cash sale of the 10 %-taxed product at 10.00: 11.00 paid exactly. */
function sellOne(): Promise<{ status: number; body: any }> {
  receipt += 1;
  return api(store.url, 'POST', '/sales', cashierToken, {
    receiptNumber: `P-${receipt}`,
    cashierId,
    terminalId: 'T01',
    subtotal: 1000,
    taxTotal: 100,
    discountTotal: 0,
    grandTotal: 1100,
    items: [
      {
        productId,
        productName: 'Tea',
        quantity: 1000,
        unitPrice: 1000,
        taxRate: 1000,
        taxAmount: 100,
        discountAmount: 0,
        lineTotal: 1100,
        taxes: [{ taxRateName: 'VAT10', rate: 1000, taxAmount: 100, isCompound: false, sortOrder: 1 }],
      },
    ],
    payments: [{ method: 'CASH', amount: 1100 }],
  });
}

const count = async (client: pg.Client, sql: string, params: unknown[] = []) =>
  Number((await client.query(sql, params)).rows[0].n);

/** Every sale of the store is at HQ once, with an unbroken sequence of applied events and nothing parked. */
async function expectExactlyOnce(): Promise<void> {
  const storeSales = (await storeSql.query('select id, grand_total from sale order by id')).rows;
  const total = await count(storeSql, 'select count(*) as n from sync_outbox');
  await eventually(
    async () =>
      (await count(hqSql, 'select last_seq as n from store_sync where store_id = $1', [storeId])) === total,
    60_000,
  );
  const hqSales = (
    await hqSql.query('select id, grand_total from sale where store_id = $1 order by id', [storeId])
  ).rows;
  expect(hqSales).toEqual(storeSales);
  const events = (
    await hqSql.query('select seq, status from sync_event where store_id = $1 order by seq', [storeId])
  ).rows;
  expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(events.every((e) => e.status === 'applied')).toBe(true);
  expect(await count(hqSql, 'select count(*) as n from sync_error')).toBe(0);
  await eventually(
    async () =>
      (await count(storeSql, 'select count(*) as n from sync_outbox where pushed_at is null')) === 0,
  );
}

beforeAll(async () => {
  hqDb = await createTestDatabase();
  storeDb = await createTestDatabase();
  hqEnv = {
    MODE: 'hq',
    PORT: String(await freePort()),
    DATABASE_URL: hqDb.url,
    ADMIN_PIN: '1234',
    ...secrets(),
  };
  await startHq();
  hqSql = new pg.Client({ connectionString: hqDb.url });
  storeSql = new pg.Client({ connectionString: storeDb.url });
  await hqSql.connect();
  await storeSql.connect();

  const admin = (await ok(hq.url, 'POST', '/auth/login', undefined, { username: 'admin', pin: '1234' }))
    .accessToken;
  const shop = await ok(hq.url, 'POST', '/stores', admin, {
    code: 'PROC',
    name: 'Process shop',
    timezone: 'UTC',
  });
  storeId = shop.id;
  const vat = await ok(hq.url, 'POST', '/taxes', admin, { name: 'VAT10', rate: 1000, isCompound: false });
  const group = await ok(hq.url, 'POST', '/taxes/groups', admin, {
    name: 'Standard',
    rates: [{ taxRateId: vat.id, sortOrder: 1 }],
  });
  productId = (
    await ok(hq.url, 'POST', '/products', admin, {
      sku: 'TEA',
      name: 'Tea',
      sellPrice: 1000,
      taxGroupId: group.id,
    })
  ).id;
  const role = await ok(hq.url, 'POST', '/roles', admin, {
    name: 'Till',
    permissions: ['pos.sell', 'pos.void', 'registers.open', 'registers.close'],
  });
  cashierId = (
    await ok(hq.url, 'POST', '/users', admin, {
      username: 'till',
      displayName: 'Till',
      pin: '24682468',
      roles: [{ roleId: role.id, storeId }],
    })
  ).id;
  const { token } = await ok(hq.url, 'POST', `/stores/${storeId}/sync-token`, admin);

  store = await ServerProcess.start({
    MODE: 'store',
    PORT: '0',
    DATABASE_URL: storeDb.url,
    HQ_URL: hq.url,
    SYNC_TOKEN: token,
    SYNC_INTERVAL_MS: '300',
    // Small batches: HQ dies with some batches committed and one in flight.
    SYNC_PUSH_BATCH: '25',
    ...secrets(),
  });
  await eventually(
    async () =>
      (await count(storeSql, 'select count(*) as n from app_user where id = $1', [cashierId])) === 1,
  );
  cashierToken = (await ok(store.url, 'POST', '/auth/pin-login', undefined, { pin: '24682468' })).accessToken;
  await ok(store.url, 'POST', '/registers/open', cashierToken, { terminalId: 'T01', openingAmount: 5000 });
});

afterAll(async () => {
  await store?.kill('SIGTERM');
  await hq?.kill('SIGTERM');
  await hqSql?.end();
  await storeSql?.end();
  await hqDb?.drop();
  await storeDb?.drop();
});

it('sells while HQ is stopped; everything arrives exactly once when HQ is back', async () => {
  const pending = () => count(storeSql, 'select count(*) as n from sync_outbox where pushed_at is null');
  await eventually(async () => (await pending()) === 0);
  await hq.kill('SIGTERM');
  for (let i = 0; i < 20; i++) expect((await sellOne()).status).toBe(201);
  const health = await (await fetch(`${store.url}/health`)).json();
  expect(health).toEqual({ status: 'ok', mode: 'store', storeId, storeCode: 'PROC' });
  expect(await pending()).toBe(20);
  await startHq();
  await expectExactlyOnce();
});

it('loses and doubles nothing when HQ is killed (kill -9) in the middle of a push', async () => {
  await hq.kill();
  for (let i = 0; i < 300; i++) expect((await sellOne()).status).toBe(201);
  await startHq();
  // Kill HQ once a few batches have landed, while the next one is being applied.
  const acked = () => count(hqSql, 'select last_seq as n from store_sync where store_id = $1', [storeId]);
  await eventually(async () => (await acked()) >= 21 + 50, 30_000);
  await hq.kill();
  const landed = await acked();
  expect(landed).toBeLessThan(321);
  await startHq();
  await expectExactlyOnce();
});
