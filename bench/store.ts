/**
 * The till where it stands: a store server provisioned from the bench's HQ (its own process and
 * database), for the `store-*` scenarios of `npm run bench`. Its sync agent runs as in a shop: every
 * sale commits locally, records a `sale.created` event in the outbox and asks for a push, which goes to
 * HQ while the load runs. That push is part of what the store rows measure (the store server's CPU
 * time includes it); HQ's side of it (applying the events) is reported beside them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/db/embedded-postgres.js';
import { rest, waitForHealth } from './support.js';

export interface StoreServer {
  child: ChildProcess;
  base: string;
  databaseUrl: string;
  /** The store's id (at HQ and at the store). */
  storeId: string;
  /** The admin's access token at the store server. */
  token: string;
  /** Its sales not yet acknowledged by HQ, and every sale HQ holds for it. */
  pending(): Promise<number>;
  salesAt(): Promise<{ store: number; hq: number }>;
  stop(): Promise<void>;
}

export interface StoreServerOptions {
  hqBase: string;
  hqToken: string;
  hqDatabaseUrl: string;
  /** An empty database for the store server. */
  databaseUrl: string;
  /** Products the store must hold before it is measured (the whole catalogue). */
  products: number;
  /** The environment the HQ server was started with (secrets, NODE_ENV, log level). */
  env: Record<string, string | undefined>;
}

/** Creates a store at HQ, issues its sync token, starts its server and waits for its first pull. */
export async function startStoreServer(opts: StoreServerOptions): Promise<StoreServer> {
  const shop = await rest<{ id: string }>(opts.hqBase, 'POST', '/stores', opts.hqToken, {
    code: 'TILL',
    name: 'Bench till store',
    timezone: 'America/New_York',
  });
  const { token: syncToken } = await rest<{ token: string }>(
    opts.hqBase,
    'POST',
    `/stores/${shop.id}/sync-token`,
    opts.hqToken,
  );
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(__dirname, '../src/server/main.js')], {
    env: {
      ...opts.env,
      MODE: 'store',
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      HQ_URL: opts.hqBase,
      SYNC_TOKEN: syncToken,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const storeDb = new pg.Client({ connectionString: opts.databaseUrl });
  const hqDb = new pg.Client({ connectionString: opts.hqDatabaseUrl });
  try {
    await waitForHealth(base, () => child.exitCode !== null);
    await storeDb.connect();
    await hqDb.connect();
    await untilPulled(storeDb, opts.products);
  } catch (err) {
    child.kill('SIGTERM');
    await Promise.all([storeDb.end(), hqDb.end()]).catch(() => undefined);
    throw err;
  }
  const { accessToken } = await rest<{ accessToken: string }>(base, 'POST', '/auth/login', undefined, {
    username: 'admin',
    pin: '1234',
  });
  const count = async (client: pg.Client, sql: string, params: unknown[] = []) =>
    Number((await client.query<{ n: string }>(sql, params)).rows[0].n);
  return {
    child,
    base,
    databaseUrl: opts.databaseUrl,
    storeId: shop.id,
    token: accessToken,
    pending: () => count(storeDb, 'select count(*) as n from sync_outbox where pushed_at is null'),
    salesAt: async () => ({
      store: await count(storeDb, 'select count(*) as n from sale'),
      hq: await count(hqDb, 'select count(*) as n from sale where store_id = $1', [shop.id]),
    }),
    async stop() {
      await Promise.all([storeDb.end(), hqDb.end()]).catch(() => undefined);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the store holds the whole catalogue, every product in its tax group (fails after 120 s). */
async function untilPulled(storeDb: pg.Client, products: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const { rows } = await storeDb.query<{ n: string }>(
      'select count(*) as n from product where tax_group_id is not null',
    );
    if (Number(rows[0].n) === products) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the store server did not pull the catalogue in 120 s');
}

/** Waits until HQ acknowledged every event of the store's outbox; returns how long that took (s). */
export async function drained(store: StoreServer, timeoutS = 120): Promise<number> {
  const start = performance.now();
  while ((await store.pending()) > 0) {
    if (performance.now() - start > timeoutS * 1000) throw new Error(`outbox not drained in ${timeoutS} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return (performance.now() - start) / 1000;
}
