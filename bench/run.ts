/**
 * `npm run bench`: measures the till's hot path through the REST API (never asserted in tests).
 *
 * Seeds a database with 10,000 products, starts one HQ server as a child process, then drives it
 * with autocannon (20 connections) and reports throughput, p99 latency and the server's peak RSS.
 * Uses DATABASE_URL's server when set, else an embedded PostgreSQL under .tmp/bench-postgres.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/server/embedded-postgres.js';
import { freePort } from '../src/server/embedded-postgres.js';
import { openRegisters, saleBody, seedSelling } from './selling.js';

const PRODUCTS = 10_000;
const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(resolve('.tmp/bench-postgres'));
  const adminUrl = process.env.DATABASE_URL ?? embedded!.adminUrl;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists pos_bench with (force)');
  await admin.query('create database pos_bench');
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = '/pos_bench';

  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.tmp/profile'] : []),
      resolve(__dirname, '../src/server/main.js'),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl.toString(),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'bench-secret',
        PIN_KEY: 'bench-pin-key',
        ADMIN_PIN: '1234',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    await seed(dbUrl.toString());
    const selling = await seedSelling(dbUrl.toString());
    const token = await login(base);
    await openRegisters(base, token, selling.storeId);
    const [admin] = (await queryOnce(
      dbUrl.toString(),
      `select id from app_user where username = 'admin'`,
    )) as Array<{ id: string }>;
    const setup = { ...selling, cashierId: admin.id };

    const rows: Array<[string, string, string, string]> = [];
    const lookups = await run(base, token, (i) => ({
      method: 'GET',
      path: `/api/v1/products/barcode/${barcodeOf(i % PRODUCTS)}`,
    }));
    rows.push([
      'barcode look-up',
      fmt(lookups.requests.average),
      `${lookups.latency.p99} ms`,
      `${lookups.non2xx} non-2xx`,
    ]);
    const lists = await run(base, token, (i) => ({
      method: 'GET',
      path: `/api/v1/products?search=${String(i % 1000).padStart(4, '0')}&pageSize=20`,
    }));
    rows.push([
      'product search',
      fmt(lists.requests.average),
      `${lists.latency.p99} ms`,
      `${lists.non2xx} non-2xx`,
    ]);

    const run_ = `S${Date.now().toString(36)}`;
    const sales = await run(base, token, (i) => ({
      method: 'POST',
      path: '/api/v1/sales',
      body: saleBody(setup, run_, i),
    }));
    rows.push([
      'sale (3 lines, cash)',
      fmt(sales.requests.average),
      `${sales.latency.p99} ms`,
      `${sales.non2xx} non-2xx`,
    ]);

    console.log(`\nProducts: ${PRODUCTS}, connections: ${CONNECTIONS}, ${DURATION_S} s per scenario\n`);
    console.log(table([['scenario', 'req/s', 'p99', 'errors'], ...rows]));
    console.log(`\nServer peak RSS: ${peakRssMb(server)} MB\n`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await embedded?.stop();
  }
}

const barcodeOf = (i: number) => `20${String(i).padStart(11, '0')}`;

async function seed(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `insert into product (id, created_at, updated_at, version, sku, barcode, name, cost_price, sell_price)
     select gen_random_uuid(), now(), now(), 1, 'SKU-' || lpad(i::text, 6, '0'), '20' || lpad(i::text, 11, '0'),
            'Product ' || lpad(i::text, 6, '0'), 100 + i % 500, 199 + i % 900
       from generate_series(0, $1 - 1) as i`,
    [PRODUCTS],
  );
  await client.query('analyze product');
  await client.end();
}

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', pin: '1234' }),
  });
  return ((await res.json()) as { data: { accessToken: string } }).data.accessToken;
}

async function queryOnce(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function run(
  base: string,
  token: string,
  request: (i: number) => { method: 'GET' | 'POST'; path: string; body?: string },
) {
  let i = 0;
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, ...request(i++) }) }],
  });
}

function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
