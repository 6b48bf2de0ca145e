/**
 * The sync scenarios of `npm run bench`, on an HQ and a store server run as child processes, each on
 * its own database:
 * - `sync-initial`: a new store server's first sync of 100,000 products (target: under 60 s);
 * - `sync-price`: a price changed at HQ until the store serves it, 50 times (target: p95 under 1 s);
 * - `sync-push`: 10,000 sales made at the store while HQ is down, until HQ has them all after it comes
 *   back (target: under 60 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/db/embedded-postgres.js';
import { rest, seedProducts, waitForHealth } from './support.js';

const PRODUCTS = Number(process.env.BENCH_SYNC_PRODUCTS ?? 100_000);
const PRICE_CHANGES = 50;
const OFFLINE_SALES = Number(process.env.BENCH_SYNC_SALES ?? 10_000);
const SELLERS = 20;

export const SYNC_SCENARIOS = ['sync-initial', 'sync-price', 'sync-push'] as const;

interface Server {
  child: ChildProcess;
  base: string;
}

const SECRETS = {
  JWT_SECRET: 'bench-jwt-secret-of-at-least-32-characters',
  PIN_KEY: 'bench-pin-key-of-at-least-32-characters',
};

async function startProcess(env: Record<string, string>, port: number): Promise<Server> {
  const child = spawn(process.execPath, [resolve(__dirname, '../src/server/main.js')], {
    env: { ...process.env, ...SECRETS, HOST: '127.0.0.1', LOG_LEVEL: 'silent', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, () => child.exitCode !== null);
  return { child, base };
}

async function stop(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function one<T>(client: pg.Client, sql: string, params: unknown[] = []): Promise<T> {
  return (await client.query(sql, params)).rows[0] as T;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs the selected sync scenarios on databases created on `adminUrl`'s server; returns result rows
 * (scenario, figure, target). The store server of `sync-price` and `sync-push` is the one of
 * `sync-initial` (started here if that scenario is not selected).
 */
export async function runSyncBench(adminUrl: string, selected: string[]): Promise<string[][]> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const names = { hq: `pos_bench_sync_hq_${process.pid}`, store: `pos_bench_sync_store_${process.pid}` };
  const urlOf = (db: string) => Object.assign(new URL(adminUrl), { pathname: `/${db}` }).toString();
  for (const db of Object.values(names)) await admin.query(`create database ${db}`);
  const rows: string[][] = [];
  const report = (row: string[]) => {
    rows.push(row);
    console.log(`  ${row[0]}: ${row[1]}`);
  };
  const servers: Server[] = [];
  const hqDb = new pg.Client({ connectionString: urlOf(names.hq) });
  const storeDb = new pg.Client({ connectionString: urlOf(names.store) });
  try {
    const hqPort = await freePort();
    const hqEnv = { MODE: 'hq', DATABASE_URL: urlOf(names.hq), ADMIN_PIN: '1234', NODE_ENV: 'production' };
    let hq = await startProcess(hqEnv, hqPort);
    servers.push(hq);
    await hqDb.connect();
    await storeDb.connect();

    // The catalogue (SQL: the change log's triggers record it as HQ's API would), a store,
    // a cashier there, and the store's sync token.
    console.error(`Sync bench: seeding ${PRODUCTS.toLocaleString('en-US')} products at HQ...`);
    await seedProducts(hqDb, PRODUCTS);
    const adminToken = (
      await rest<{ accessToken: string }>(hq.base, 'POST', '/auth/login', undefined, {
        username: 'admin',
        pin: '1234',
      })
    ).accessToken;
    const shop = await rest<{ id: string }>(hq.base, 'POST', '/stores', adminToken, {
      code: 'SYNC',
      name: 'Sync bench',
      timezone: 'UTC',
    });
    const role = await rest<{ id: string }>(hq.base, 'POST', '/roles', adminToken, {
      name: 'Till',
      permissions: ['pos.sell', 'registers.open'],
    });
    const cashier = await rest<{ id: string }>(hq.base, 'POST', '/users', adminToken, {
      username: 'benchtill',
      displayName: 'Bench till',
      pin: '97531',
      roles: [{ roleId: role.id, storeId: shop.id }],
    });
    const { token } = await rest<{ token: string }>(
      hq.base,
      'POST',
      `/stores/${shop.id}/sync-token`,
      adminToken,
    );

    // sync-initial: from the store server's start until it holds every product.
    console.error("Sync bench: the store server's first sync...");
    const startedAt = performance.now();
    const store = await startProcess(
      { MODE: 'store', DATABASE_URL: urlOf(names.store), HQ_URL: hq.base, SYNC_TOKEN: token },
      await freePort(),
    );
    servers.push(store);
    const listeningAt = performance.now();
    for (;;) {
      const { n } = await one<{ n: string }>(storeDb, 'select count(*) as n from product');
      if (Number(n) === PRODUCTS) break;
      await sleep(50);
    }
    const initialS = (performance.now() - startedAt) / 1000;
    if (selected.includes('sync-initial')) {
      report([
        'sync-initial',
        `${PRODUCTS.toLocaleString('en-US')} products in ${initialS.toFixed(1)} s (server start ${((listeningAt - startedAt) / 1000).toFixed(1)} s)`,
        'under 60 s',
      ]);
    }

    if (selected.includes('sync-price')) {
      const { rows: picks } = await hqDb.query<{ id: string; sell_price: string }>(
        `select id, sell_price from product order by random() limit ${PRICE_CHANGES}`,
      );
      const latencies: number[] = [];
      for (const [i, product] of picks.entries()) {
        const price = Number(product.sell_price) + 1 + i;
        const t0 = performance.now();
        await rest(hq.base, 'PUT', `/products/${product.id}`, adminToken, { sellPrice: price });
        for (;;) {
          const row = await one<{ sell_price: string }>(
            storeDb,
            'select sell_price from product where id = $1',
            [product.id],
          );
          if (Number(row.sell_price) === price) break;
          await sleep(2);
        }
        latencies.push(performance.now() - t0);
        await sleep(100);
      }
      latencies.sort((a, b) => a - b);
      report([
        'sync-price',
        `p50 ${Math.round(percentile(latencies, 50))} ms, p95 ${Math.round(percentile(latencies, 95))} ms, max ${Math.round(latencies.at(-1)!)} ms (${PRICE_CHANGES} changes)`,
        'p95 under 1 s',
      ]);
    }

    if (selected.includes('sync-push')) {
      const till = (
        await rest<{ accessToken: string }>(store.base, 'POST', '/auth/pin-login', undefined, {
          pin: '97531',
        })
      ).accessToken;
      const terminals = Array.from({ length: SELLERS }, (_, i) => `B${String(i + 1).padStart(2, '0')}`);
      for (const terminalId of terminals) {
        await rest(store.base, 'POST', '/registers/open', till, { terminalId, openingAmount: 0 });
      }
      const { rows: products } = await storeDb.query<{ id: string; name: string; sell_price: string }>(
        'select id, name, sell_price from product order by sku limit 100',
      );
      // Wait until HQ has everything so far, then take it down and sell.
      const seqOf = async (client: pg.Client, sql: string, params: unknown[] = []) =>
        Number((await one<{ n: string | null }>(client, sql, params)).n ?? 0);
      const storeSeq = () => seqOf(storeDb, 'select max(seq) as n from sync_outbox');
      const hqSeq = () => seqOf(hqDb, 'select last_seq as n from store_sync where store_id = $1', [shop.id]);
      while ((await hqSeq()) < (await storeSeq())) await sleep(50);
      await stop(hq);
      let next = 0;
      const sellAt = async (terminalId: string) => {
        for (let i = next++; i < OFFLINE_SALES; i = next++) {
          const p = products[i % products.length];
          const price = Number(p.sell_price);
          await rest(store.base, 'POST', '/sales', till, {
            receiptNumber: `OFF-${i}`,
            cashierId: cashier.id,
            terminalId,
            subtotal: price,
            taxTotal: 0,
            discountTotal: 0,
            grandTotal: price,
            items: [
              {
                productId: p.id,
                productName: p.name,
                quantity: 1000,
                unitPrice: price,
                taxRate: 0,
                taxAmount: 0,
                discountAmount: 0,
                lineTotal: price,
                taxes: [],
              },
            ],
            payments: [{ method: 'CASH', amount: price }],
          });
        }
      };
      const sellStart = performance.now();
      await Promise.all(terminals.map(sellAt));
      const sellS = (performance.now() - sellStart) / 1000;
      const target = await storeSeq();
      const back = performance.now();
      hq = await startProcess(hqEnv, hqPort);
      servers.push(hq);
      while ((await hqSeq()) < target) await sleep(50);
      const pushS = (performance.now() - back) / 1000;
      const { n: atHq } = await one<{ n: string }>(
        hqDb,
        'select count(*) as n from sale where store_id = $1',
        [shop.id],
      );
      report([
        'sync-push',
        `${Number(atHq).toLocaleString('en-US')} sales at HQ ${pushS.toFixed(1)} s after it came back (${Math.round(OFFLINE_SALES / pushS)}/s; selling them offline took ${sellS.toFixed(1)} s)`,
        'under 60 s',
      ]);
    }
  } finally {
    for (const server of servers.reverse()) await stop(server);
    await hqDb.end().catch(() => undefined);
    await storeDb.end().catch(() => undefined);
    for (const db of Object.values(names)) await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
  return rows;
}
