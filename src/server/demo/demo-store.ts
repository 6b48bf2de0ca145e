/**
 * The demo's store server for MAIN, a process of its own (`npm start` starts it; `npm run demo:store`
 * alone): on `STORE_PORT` (3002), an embedded PostgreSQL under `DATA_DIR/store-main` (or a database
 * beside `DATABASE_URL`'s), syncing with HQ at `HQ_URL` (`http://127.0.0.1:$PORT`). It records MAIN's
 * opening stock, till T01 and two sales once. It starts and sells without HQ once it has synced.
 * Prints `Store MAIN ready` when it serves.
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabase, resolveDatabase } from '../../db/database-url.js';
import { startServer } from '../app.js';
import { loadConfig } from '../config.js';
import { exitOnStartFailure, stopOnSignals } from '../main.js';
import { seedStoreTrading } from './demo-data.js';
import { demoDataDir, mainTokenFile } from './demo-paths.js';

/** With `DATABASE_URL`: the store's own database beside it, on the same PostgreSQL. */
async function storeDatabaseUrl(hqUrl: string): Promise<string> {
  const url = new URL(hqUrl);
  const name = `${url.pathname.slice(1) || 'pos'}_store_main`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new URL(hqUrl);
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
  url.pathname = `/${name}`;
  return url.toString();
}

/** MAIN's sync token, once the demo's HQ has issued it (waits up to a minute). */
async function mainToken(): Promise<string> {
  for (let i = 0; i < 600; i++) {
    if (existsSync(mainTokenFile())) return readFileSync(mainTokenFile(), 'utf8').trim();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `no sync token for MAIN in ${mainTokenFile()}: start the demo's HQ first (npm run demo:hq)`,
  );
}

async function demoStore(): Promise<void> {
  const config = loadConfig(
    {
      ...process.env,
      MODE: 'store',
      PORT: process.env.STORE_PORT ?? '3002',
      DATA_DIR: join(demoDataDir(), 'store-main'),
      HQ_URL: process.env.HQ_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`,
      SYNC_TOKEN: await mainToken(),
      SYNC_INTERVAL_MS: process.env.SYNC_INTERVAL_MS ?? '5000',
    },
    { portSetting: 'STORE_PORT' },
  );
  const db = config.databaseUrl
    ? { url: await storeDatabaseUrl(config.databaseUrl), embedded: undefined }
    : await resolveDatabase(undefined, config.dataDir, 'pos_store_main');
  const store = await startServer(config, db.url);
  stopOnSignals([store], db.embedded);
  await store.syncAgent!.syncNow();
  console.log("Recording MAIN's opening stock, till T01 and two sales at the store...");
  await seedStoreTrading(store.orm, store.runtime);
  await store.syncAgent!.syncNow();
  console.log(`Store MAIN ready on ${store.url}`);
}

demoStore().catch(exitOnStartFailure);
