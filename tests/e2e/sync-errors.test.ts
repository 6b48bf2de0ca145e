import { startTestServer, type TestServer } from '../support/server';
import { createSellingFixture, type SellingFixture } from '../support/selling';
import { events, issueToken, push, pushSnapshot, registerOpened, saleCreated } from '../support/push-events';

let t: TestServer;
let f: SellingFixture;
let token: string;
let next = 1;
let sessionId: string;

beforeAll(async () => {
  t = await startTestServer();
  f = await createSellingFixture(t);
  token = await issueToken(t, f.store.id);
  const opened = registerOpened(f);
  sessionId = opened.id;
  expect((await push(t, token, events(next++, [{ type: 'register.opened', payload: opened }]))).status).toBe(
    200,
  );
});
afterAll(() => t.close());

/** Pushes one event that is parked (a tender HQ does not know yet) and returns its sync error id. */
async function parkSale(tenderCode: string) {
  const payload = saleCreated(f, sessionId, [{ product: f.products.bread }], {
    payments: [{ method: tenderCode, amount: 350 }],
  });
  const res = await push(t, token, events(next++, [{ type: 'sale.created', payload }]));
  expect(res.body.data.results[0].status).toBe('parked');
  return { errorId: res.body.data.results[0].errorId as string, payload };
}

const tenderCode = () => `GIFT${Math.random().toString(36).slice(2, 8).toUpperCase()}`;

async function createTender(code: string) {
  const res = await t.rest('POST', '/tenders', {
    token: t.adminToken,
    body: { code, name: code, isCash: false },
  });
  expect(res.status).toBe(201);
}

/** Collects what is published on a topic from now on. */
function listen<T>(topic: 'SYNC_ERROR_RAISED' | 'SYNC_STATUS_CHANGED') {
  const iterator = t.server.runtime.events.subscribe(topic)[Symbol.asyncIterator]();
  const received: T[] = [];
  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      received.push(next.value as T);
    }
  })();
  return { received, stop: () => iterator.return?.() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('sync errors', () => {
  it('publishes a parked event (SYNC_ERROR_RAISED) and the store’s new state after the commit', async () => {
    const raised = listen<{ errorId: string; storeId: string }>('SYNC_ERROR_RAISED');
    const status = listen<{ storeId: string }>('SYNC_STATUS_CHANGED');
    const { errorId } = await parkSale(tenderCode());
    await settle();
    expect(raised.received).toEqual([{ errorId, storeId: f.store.id }]);
    expect(status.received).toEqual([{ storeId: f.store.id }]);
    // A refused push (a gap) publishes nothing.
    const gap = events(next + 5, [
      { type: 'sale.created', payload: saleCreated(f, sessionId, [{ product: f.products.bread }]) },
    ]);
    expect((await push(t, token, gap)).status).toBe(409);
    await settle();
    expect(raised.received).toHaveLength(1);
    expect(status.received).toHaveLength(1);
    // A retry that fails again raises it again.
    expect((await t.rest('POST', `/sync/retry/${errorId}`, { token: t.adminToken })).status).toBe(200);
    await settle();
    expect(raised.received).toEqual([
      { errorId, storeId: f.store.id },
      { errorId, storeId: f.store.id },
    ]);
    await raised.stop();
    await status.stop();
  });

  it('lists open errors of a store with their payload', async () => {
    const code = tenderCode();
    const { errorId, payload } = await parkSale(code);
    const res = await t.rest('GET', `/sync/errors?store_id=${f.store.id}`, { token: t.adminToken });
    expect(res.status).toBe(200);
    const error = res.body.data.find((e: { id: string }) => e.id === errorId);
    expect(error).toMatchObject({
      id: errorId,
      storeId: f.store.id,
      type: 'sale.created',
      code: 'UNPROCESSABLE',
      message: `payments.0.method: no tender ${code}`,
      attempts: 1,
      status: 'open',
      note: null,
      resolvedAt: null,
      resolvedById: null,
      payload,
    });
  });

  it('retries a parked event after the fix at HQ: applied once; a second retry is a 409', async () => {
    const code = tenderCode();
    const { errorId, payload } = await parkSale(code);
    // Still failing: one more attempt, still open.
    const failed = await t.rest('POST', `/sync/retry/${errorId}`, { token: t.adminToken });
    expect(failed.status).toBe(200);
    expect(failed.body.data).toMatchObject({ status: 'open', attempts: 2, code: 'UNPROCESSABLE' });
    expect(await t.sql('select id from sale where id = ?', [payload.id])).toEqual([]);

    await createTender(code);
    const admin = (await t.sql("select id from app_user where username = 'admin'"))[0].id;
    const ok = await t.rest('POST', `/sync/retry/${errorId}`, { token: t.adminToken });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ id: errorId, status: 'applied', attempts: 2, resolvedById: admin });
    expect(ok.body.data.resolvedAt).toEqual(expect.any(String));
    expect(await t.sql('select id, grand_total from sale where id = ?', [payload.id])).toEqual([
      { id: payload.id, grand_total: '350' },
    ]);
    expect(
      await t.sql(
        'select status from sync_event where event_id = (select event_id from sync_error where id = ?)',
        [errorId],
      ),
    ).toEqual([{ status: 'applied' }]);

    const before = await pushSnapshot(t);
    const again = await t.rest('POST', `/sync/retry/${errorId}`, { token: t.adminToken });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('The sync error is applied: only an open one can be retried or resolved');
    expect(await pushSnapshot(t)).toEqual(before);
    expect(await t.count('sale')).toBe(before.counts.sale);
  });

  it('applies a parked event once when two retries race', async () => {
    const code = tenderCode();
    const { errorId, payload } = await parkSale(code);
    await createTender(code);
    const results = await Promise.all(
      [1, 2, 3].map(() => t.rest('POST', `/sync/retry/${errorId}`, { token: t.adminToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await t.sql('select count(*)::int as n from sale where id = ?', [payload.id])).toEqual([{ n: 1 }]);
    expect(
      await t.sql('select count(*)::int as n from stock_movement where reference_id = ?', [payload.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('resolves an open error with a note; it can then be neither retried nor resolved', async () => {
    const { errorId, payload } = await parkSale(tenderCode());
    const res = await t.rest('POST', `/sync/resolve/${errorId}`, {
      token: t.adminToken,
      body: { note: 'Gift card sale re-entered by hand' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'resolved',
      note: 'Gift card sale re-entered by hand',
      attempts: 1,
    });
    const before = await pushSnapshot(t);
    for (const path of [`/sync/retry/${errorId}`, `/sync/resolve/${errorId}`]) {
      const refused = await t.rest('POST', path, {
        token: t.adminToken,
        body: path.includes('resolve') ? {} : undefined,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toBe(
        'The sync error is resolved: only an open one can be retried or resolved',
      );
    }
    expect(await pushSnapshot(t)).toEqual(before);
    expect(await t.sql('select id from sale where id = ?', [payload.id])).toEqual([]);
  });

  it('retries every open error in seq order and counts what it did', async () => {
    // Close what earlier tests left open, so that the counts are this test's.
    await t.sql("update sync_error set status = 'resolved' where status = 'open'");
    const fixed = tenderCode();
    const first = await parkSale(fixed);
    const second = await parkSale(fixed);
    const stuck = await parkSale(tenderCode());
    await createTender(fixed);
    const res = await t.rest('POST', '/sync/retry-all', {
      token: t.adminToken,
      body: { storeId: f.store.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ retried: 3, applied: 2, stillFailing: 1 });
    const rows = await t.sql(
      'select id, status, attempts from sync_error where id in (?, ?, ?) order by seq',
      [first.errorId, second.errorId, stuck.errorId],
    );
    expect(rows).toEqual([
      { id: first.errorId, status: 'applied', attempts: 1 },
      { id: second.errorId, status: 'applied', attempts: 1 },
      { id: stuck.errorId, status: 'open', attempts: 2 },
    ]);
    expect(
      await t.sql('select count(*)::int as n from sale where id in (?, ?)', [
        first.payload.id,
        second.payload.id,
      ]),
    ).toEqual([{ n: 2 }]);
  });

  it('refuses anonymous callers (401), users without the permission (403) and sync tokens, changing nothing', async () => {
    const { errorId } = await parkSale(tenderCode());
    const viewer = await t.userWith(['stores.view']);
    const nobody = await t.userWith(['pos.sell']);
    const before = await pushSnapshot(t);
    const calls: Array<[string, string, unknown?]> = [
      ['POST', `/sync/retry/${errorId}`],
      ['POST', `/sync/resolve/${errorId}`, { note: 'x' }],
      ['POST', '/sync/retry-all', {}],
    ];
    for (const [method, path, body] of calls) {
      expect((await t.rest(method, path, { body })).status).toBe(401);
      expect((await t.rest(method, path, { token: viewer.token, body })).status).toBe(403);
      expect((await t.rest(method, path, { token: nobody.token, body })).status).toBe(403);
      expect((await t.rest(method, path, { token, body })).status).toBe(401);
    }
    expect((await t.rest('GET', '/sync/errors')).status).toBe(401);
    expect((await t.rest('GET', '/sync/errors', { token: nobody.token })).status).toBe(403);
    expect((await t.rest('GET', '/sync/errors', { token: viewer.token })).status).toBe(200);
    expect(await pushSnapshot(t)).toEqual(before);
  });

  it('answers 404 for an unknown error', async () => {
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect((await t.rest('POST', `/sync/retry/${unknown}`, { token: t.adminToken })).status).toBe(404);
    expect((await t.rest('POST', `/sync/resolve/${unknown}`, { token: t.adminToken, body: {} })).status).toBe(
      404,
    );
  });
});
