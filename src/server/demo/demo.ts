/**
 * `npm start`: the demo. No configuration: an embedded PostgreSQL under ./data with two databases, an
 * HQ server on port 3000 with demo data, and store MAIN's own store server on port 3002, provisioned
 * with a sync token and syncing with HQ. URLs and demo sign-ins are printed.
 */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../app.js';
import { loadConfig } from '../config.js';
import { ensureDatabase, resolveDatabase } from '../../db/database-url.js';
import { adminContext, DEMO_USERS, seedDemoData, seedStoreTrading } from './demo-data.js';
import { exitOnStartFailure, stopOnSignals } from '../main.js';
import { Store } from '../../entities/store.entity.js';
import { inTransaction } from '../../services/core/index.js';
import { issueSyncToken } from '../../sync/hq/token.service.js';

/** MAIN's sync token, issued once and kept under the data directory (HQ keeps only its hash). */
async function mainStoreToken(hq: RunningServer, dataDir: string, storeId: string): Promise<string> {
  const file = join(dataDir, 'sync-token-MAIN');
  const [known] = existsSync(file)
    ? await hq.orm.em
        .fork()
        .execute<Array<{ store_id: string }>>(
          'select store_id from store_sync where store_id = ? and token_hash is not null',
          [storeId],
        )
    : [];
  if (known) return readFileSync(file, 'utf8').trim();
  const ctx = await adminContext(hq.orm, hq.runtime);
  const { token } = await inTransaction(ctx, () => issueSyncToken(ctx, storeId));
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

/** The store server's database: a second database beside HQ's, on the same PostgreSQL. */
async function storeDatabaseUrl(hqUrl: string): Promise<string> {
  const url = new URL(hqUrl);
  const name = `${url.pathname.slice(1) || 'pos'}_store_main`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new URL(hqUrl);
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
  url.pathname = `/${name}`;
  return url.toString();
}

async function demo(): Promise<void> {
  const hqConfig = loadConfig({
    ...process.env,
    MODE: 'hq',
    PORT: process.env.PORT ?? '3000',
    ADMIN_PIN: '1234',
  });
  console.log(
    `Starting the demo (${hqConfig.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL under ${hqConfig.dataDir}`})...`,
  );
  const db = await resolveDatabase(hqConfig.databaseUrl, hqConfig.dataDir, 'pos_hq');
  const hq = await startServer(hqConfig, db.url);
  const servers: RunningServer[] = [hq];
  stopOnSignals(servers, db.embedded);
  console.log('Seeding the demo data at HQ (stores, catalogue, users)...');
  const seeded = await seedDemoData(hq.orm, hq.runtime);
  const main = await hq.orm.em.fork().findOneOrFail(Store, { code: 'MAIN' });

  const storeConfig = loadConfig({
    ...process.env,
    MODE: 'store',
    PORT: process.env.STORE_PORT ?? '3002',
    HQ_URL: hq.url,
    SYNC_TOKEN: await mainStoreToken(hq, hqConfig.dataDir, main.id),
    SYNC_INTERVAL_MS: process.env.SYNC_INTERVAL_MS ?? '10000',
  });
  storeConfig.portSetting = 'STORE_PORT';
  console.log("Starting store MAIN's server and its first sync from HQ...");
  const store = await startServer(storeConfig, await storeDatabaseUrl(db.url));
  // Stopped before HQ, and both before the embedded PostgreSQL.
  servers.unshift(store);
  await store.syncAgent!.syncNow();
  console.log("Recording MAIN's opening stock, till T01 and two sales at the store...");
  await seedStoreTrading(store.orm, store.runtime);
  await store.syncAgent!.syncNow();

  console.log(`
  POS platform demo ${seeded ? '(demo data created)' : '(existing data kept)'}
  HQ server      ${hq.url}
  GraphQL        ${hq.url}/graphql   (GraphiQL in a browser; graphql-ws subscriptions on the same path)
  REST API       ${hq.url}/api/v1    (Swagger UI: ${hq.url}/api/docs, OpenAPI: ${hq.url}/api/v1/openapi.json)
  Sync           ${hq.url}/api/v1/sync/dashboard (signed in), store servers on ${hq.url}/api/v1/sync/ws
  Store server   ${store.url}   store MAIN, syncing with HQ (REST ${store.url}/api/v1, health ${store.url}/health)

  Sign in (POST ${hq.url}/api/v1/auth/login {"username":"admin","pin":"1234"}):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(8)} PIN ${u.pin}${u.password ? `, password ${u.password}` : ''}  ${u.role}`).join('\n')}

  At the till (store server): POST ${store.url}/api/v1/auth/pin-login {"pin":"1111"}
  manager and cashier hold their roles at store MAIN: on HQ they sign in for it with
    {"username":"manager","pin":"2222","storeId":"${main.id}"}

  Ctrl+C stops the servers and the embedded PostgreSQL.
`);
}

demo().catch(exitOnStartFailure);
