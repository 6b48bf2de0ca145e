/**
 * The sync socket under abuse (issue 11, low items): a replaced token's socket closes at once, not at the
 * next 30 s ping; a flood of status messages is not a database write each.
 */
import { WebSocket } from 'ws';
import { TOKEN_REPLACED_CLOSE_CODE } from '../../src/sync/hq/notifier';
import { startServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createTestDatabase } from '../support/database';
import { startTestServer, testServerEnv, type TestServer } from '../support/server';
import { eventually } from '../support/sync';

let hq: TestServer;
let store: { id: string; code: string };

beforeAll(async () => {
  hq = await startTestServer();
  store = await hq.createStore('SOCK');
});
afterAll(() => hq?.close());

async function issueToken(): Promise<string> {
  const res = await hq.rest('POST', `/stores/${store.id}/sync-token`, { token: hq.adminToken });
  expect(res.status).toBe(201);
  return res.body.data.token;
}

/** An open sync socket of the store, as its server would hold it. */
async function openSocket(token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${hq.url.replace(/^http/, 'ws')}/api/v1/sync/ws`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // the welcome
    ws.once('error', reject);
  });
  return ws;
}

it('closes a socket as soon as its token is replaced (well before the next ping)', async () => {
  const ws = await openSocket(await issueToken());
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const issuedAt = Date.now();
  const fresh = await issueToken();
  // Pings come every 30 s: a close in the next 10 s can only come from the replacement itself.
  const code = await Promise.race([
    closed,
    new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 10_000)),
  ]);
  expect(code).toBe(TOKEN_REPLACED_CLOSE_CODE);
  expect(Date.now() - issuedAt).toBeLessThan(10_000);
  // The new token's socket stays open.
  const second = await openSocket(fresh);
  expect(second.readyState).toBe(WebSocket.OPEN);
  second.close();
});

it('writes a flood of status messages as one: the latest one, at most every 2 s', async () => {
  const ws = await openSocket(await issueToken());
  await eventually(
    async () =>
      (await hq.sql('select connected from store_sync where store_id = ?', [store.id]))[0].connected,
  );
  const publish = jest.spyOn(hq.server.runtime.events, 'publish');
  try {
    for (let i = 1; i <= 500; i++) {
      ws.send(JSON.stringify({ type: 'status', pendingEvents: i, clock: new Date().toISOString() }));
    }
    await eventually(
      async () =>
        (await hq.sql('select pending_events from store_sync where store_id = ?', [store.id]))[0]
          .pending_events === 500,
    );
    const writes = publish.mock.calls.filter(
      ([topic, payload]) =>
        topic === 'SYNC_STATUS_CHANGED' && (payload as { storeId: string }).storeId === store.id,
    );
    // The first message is written at once, the rest as one trailing write of the latest.
    expect(writes.length).toBeLessThanOrEqual(2);
  } finally {
    publish.mockRestore();
    ws.close();
  }
});

describe('an HQ starting', () => {
  it('records every store disconnected: no socket outlives the process that held it', async () => {
    const db = await createTestDatabase();
    const config = loadConfig(testServerEnv(), { port: 0, host: '127.0.0.1' });
    const first = await startServer(config, db.url);
    try {
      const em = first.orm.em.fork();
      await em.execute(`insert into store (id, code, name, timezone, created_at, updated_at, version, is_active)
                        values ('01900000-0000-7000-8000-0000000000a1', 'GONE', 'Gone', 'UTC', now(), now(), 1, true)`);
      await em.execute(
        `insert into store_sync (store_id, connected) values ('01900000-0000-7000-8000-0000000000a1', true)`,
      );
    } finally {
      await first.close();
    }
    const second = await startServer(config, db.url);
    try {
      const rows = await second.orm.em.fork().execute('select connected from store_sync');
      expect(rows).toEqual([{ connected: false }]);
    } finally {
      await second.close();
      await db.drop();
    }
  });
});
