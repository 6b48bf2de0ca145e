import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { startServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createTestDatabase } from './database';
import { startTestServer, TestServer } from './server';

/** An HQ and one provisioned store server, in this process, each on its own database. */
export interface SyncPair {
  hq: TestServer;
  store: TestServer;
  /** The store's row at HQ. */
  storeRow: { id: string; code: string };
  /** Its sync token. */
  token: string;
  close(): Promise<void>;
}

/**
 * Starts a store server for `storeId`'s token against `hq` on a fresh database; it learns its identity,
 * pulls everything once, and its admin signs in. The timer is slow: tests sync with `syncNow()` (or wait
 * for HQ's hints).
 */
export async function startStoreServer(
  hq: TestServer,
  token: string,
  opts: { intervalMs?: number } = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const config = loadConfig(
    {
      MODE: 'store',
      HQ_URL: hq.url,
      SYNC_TOKEN: token,
      SYNC_INTERVAL_MS: String(opts.intervalMs ?? 600_000),
      JWT_SECRET: randomBytes(32).toString('hex'),
      PIN_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env.TEST_LOG ? 'info' : 'silent',
    },
    { port: 0, host: '127.0.0.1' },
  );
  const server = await startServer(config, db.url);
  const store = new TestServer(server, db.drop);
  await server.syncAgent!.syncNow();
  store.adminToken = await store.login('admin', '1234');
  return store;
}

/** HQ with a new store, provisioned, and that store's server synced once. */
export async function startSyncPair(opts: { intervalMs?: number } = {}): Promise<SyncPair> {
  const hq = await startTestServer();
  const code = `ST${randomBytes(2).toString('hex').toUpperCase()}`;
  const storeRow = await hq.createStore(code);
  const issued = await hq.rest('POST', `/stores/${storeRow.id}/sync-token`, { token: hq.adminToken });
  if (issued.status !== 201) throw new Error(`sync token: ${JSON.stringify(issued.body)}`);
  const token: string = issued.body.data.token;
  const store = await startStoreServer(hq, token, opts);
  return {
    hq,
    store,
    storeRow: { id: storeRow.id, code: storeRow.code },
    token,
    async close() {
      await store.close();
      await hq.close();
    },
  };
}

/** Waits until `check` returns a value other than undefined/false (polls; fails after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
