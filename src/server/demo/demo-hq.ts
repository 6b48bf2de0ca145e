/**
 * The demo's HQ, a process of its own (`npm start` starts it; `npm run demo:hq` starts it again after
 * it was stopped): an HQ server on `PORT` (3000) with the demo data, on an embedded PostgreSQL under
 * `DATA_DIR/hq` (or `DATABASE_URL`). It issues store MAIN's sync token once and keeps it under
 * `DATA_DIR` for MAIN's server. Prints `HQ ready` when it serves.
 */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDatabase } from '../../db/database-url.js';
import { Store } from '../../entities/store.entity.js';
import { inTransaction } from '../../services/core/index.js';
import { issueSyncToken } from '../../sync/hq/token.service.js';
import { startServer, type RunningServer } from '../app.js';
import { loadConfig } from '../config.js';
import { exitOnStartFailure, stopOnSignals } from '../main.js';
import { adminContext, seedDemoData } from './demo-data.js';
import { demoDataDir, mainTokenFile } from './demo-paths.js';

/** MAIN's sync token, issued once and kept (HQ keeps only its hash). */
async function mainStoreToken(hq: RunningServer, storeId: string): Promise<void> {
  const file = mainTokenFile();
  const [known] = existsSync(file)
    ? await hq.orm.em
        .fork()
        .execute<Array<{ store_id: string }>>(
          'select store_id from store_sync where store_id = ? and token_hash is not null',
          [storeId],
        )
    : [];
  if (known && readFileSync(file, 'utf8').trim()) return;
  const ctx = await adminContext(hq.orm, hq.runtime);
  const { token } = await inTransaction(ctx, () => issueSyncToken(ctx, storeId));
  writeFileSync(file, token + '\n', { mode: 0o600 });
}

async function demoHq(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    MODE: 'hq',
    PORT: process.env.PORT ?? '3000',
    DATA_DIR: join(demoDataDir(), 'hq'),
    ADMIN_PIN: '1234',
  });
  const db = await resolveDatabase(config.databaseUrl, config.dataDir, 'pos_hq');
  const hq = await startServer(config, db.url);
  stopOnSignals([hq], db.embedded);
  console.log('Seeding the demo data at HQ (stores, catalogue, users)...');
  const seeded = await seedDemoData(hq.orm, hq.runtime);
  const main = await hq.orm.em.fork().findOneOrFail(Store, { code: 'MAIN' });
  await mainStoreToken(hq, main.id);
  console.log(
    `HQ ready on ${hq.url}: store MAIN is ${main.id} (${seeded ? 'demo data created' : 'data kept'})`,
  );
}

demoHq().catch(exitOnStartFailure);
