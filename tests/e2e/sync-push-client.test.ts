import { HqClient, HqUnreachable } from '../../src/sync/store/hq-client';
import { pendingCount, pushPending } from '../../src/sync/store/push-client';
import { startTestServer, type TestServer } from '../support/server';
import { createSellingFixture, postSale, saleBody, type SellingFixture } from '../support/selling';
import { issueToken } from '../support/push-events';

/**
 * The store's push client against a real HQ. The store server here stands alone (its master data is its
 * own, unknown at HQ), so HQ parks what it receives: these tests are about transport (order, batches,
 * acknowledgements, realignment), not application, which sync-push.test.ts and sync-e2e.test.ts cover.
 */
let hq: TestServer;
let store: TestServer;
let f: SellingFixture;
let client: HqClient;

beforeAll(async () => {
  hq = await startTestServer();
  const row = await hq.createStore();
  client = new HqClient(hq.url, await issueToken(hq, row.id));
  store = await startTestServer({ mode: 'store', storeId: row.id });
  f = await createSellingFixture(store, { storeId: row.id });
  await store.sql(`insert into sync_local_state (id, store_id, store_code, pin_key) values (1, ?, ?, 'k')`, [
    row.id,
    row.code,
  ]);
  const open = await store.rest('POST', '/registers/open', {
    token: f.cashier.token,
    body: { terminalId: 'T01', openingAmount: 0 },
  });
  expect(open.status).toBe(201);
});
afterAll(async () => {
  await store.close();
  await hq.close();
});

const sell = async () =>
  expect((await postSale(store, f, saleBody(f, [{ product: f.products.bread }]))).status).toBe(201);
const pushedSeqs = async () =>
  (await store.sql('select seq from sync_outbox where pushed_at is not null order by seq')).map((r) =>
    Number(r.seq),
  );
const hqSeqs = async () =>
  (await hq.sql('select seq from sync_event order by seq')).map((r: { seq: string }) => Number(r.seq));
const hqLastSeq = async () => Number((await hq.sql('select last_seq from store_sync'))[0].last_seq);
const ackedSeq = async () => Number((await store.sql('select acked_seq from sync_local_state'))[0].acked_seq);

describe('pushPending', () => {
  it('pushes the outbox in seq order, in batches, and marks what HQ acknowledged', async () => {
    for (let i = 0; i < 4; i++) await sell();
    expect(await pendingCount(store.server.orm)).toBe(5);
    expect(await pushPending(store.server.orm, client, { batchSize: 2 })).toEqual({ pushed: 5, pending: 0 });
    expect(await pushedSeqs()).toEqual([1, 2, 3, 4, 5]);
    expect(await hqSeqs()).toEqual([1, 2, 3, 4, 5]);
    expect(await hqLastSeq()).toBe(5);
    expect(await ackedSeq()).toBe(5);
    // The store's events, with their ids, payloads and types, are what HQ received.
    const sent = await store.sql('select event_id, type from sync_outbox order by seq');
    expect(await hq.sql('select event_id, type from sync_event order by seq')).toEqual(sent);
  });

  it('has nothing to do when the outbox is empty', async () => {
    expect(await pushPending(store.server.orm, client)).toEqual({ pushed: 0, pending: 0 });
  });

  it('pushes again what it did not know was acknowledged (a lost ack): HQ answers duplicates', async () => {
    await store.sql('update sync_outbox set pushed_at = null where seq >= 4');
    const before = await hq.sql('select count(*)::int as n from sync_event');
    expect(await pushPending(store.server.orm, client)).toEqual({ pushed: 2, pending: 0 });
    expect(await hq.sql('select count(*)::int as n from sync_event')).toEqual(before);
    expect(await pushedSeqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends again from expectedSeq when HQ lost events it had acknowledged (restored from a backup)', async () => {
    await hq.sql('delete from sync_error where seq > 3');
    await hq.sql('delete from sync_event where seq > 3');
    await hq.sql('update store_sync set last_seq = 3');
    await sell();
    expect(await pushPending(store.server.orm, client)).toEqual({ pushed: 3, pending: 0 });
    expect(await hqSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await hqLastSeq()).toBe(6);
    expect(await ackedSeq()).toBe(6);
  });

  it('throws when HQ cannot be reached, leaving the outbox as it was', async () => {
    await sell();
    const down = new HqClient('http://127.0.0.1:1', 'pst_x', 2000);
    await expect(pushPending(store.server.orm, down)).rejects.toBeInstanceOf(HqUnreachable);
    expect(await pendingCount(store.server.orm)).toBe(1);
    expect(await pushPending(store.server.orm, client)).toEqual({ pushed: 1, pending: 0 });
  });
});
