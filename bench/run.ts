/**
 * `npm run bench`: measures the till's hot path through the REST API (never asserted in tests).
 *
 * Seeds a database with 10,000 products, starts one HQ server as a child process, then drives it with
 * autocannon (20 connections), one scenario after the other, and reports throughput, latency, errors
 * and the server's peak RSS. The `store-*` scenarios drive a store server provisioned from that HQ
 * (bench/store.ts), the `bare-*` ones the bare reference (bench/bare-server.ts); the till's paths are
 * then printed side by side with their ratios to bare. Uses DATABASE_URL's server when set, else an
 * embedded PostgreSQL under .tmp/bench-postgres.
 *
 * Then the sync scenarios (bench/sync.ts): an HQ and a store server as two processes.
 *
 * Environment: BENCH_SECONDS (per scenario, default 10), BENCH_SCENARIOS (comma-separated names, default
 * all), BENCH_PROFILE=1 (CPU profile of the server under .tmp/profile), BENCH_SYNC_PRODUCTS (default
 * 100000) and BENCH_SYNC_SALES (default 10000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEmbeddedPostgres, freePort } from '../src/db/embedded-postgres.js';
import { openRegisters, saleBody, seedSelling, type SellingSetup } from './selling.js';
import { drained, startStoreServer, type StoreServer } from './store.js';
import { rest, seedProducts, waitForHealth } from './support.js';
import { runSyncBench, SYNC_SCENARIOS } from './sync.js';

const PRODUCTS = 10_000;
const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
/** Load before each measurement, so that the JIT has compiled the hot path. */
const WARMUP_S = 2;

/** What every scenario gets: the running server, a signed-in admin and the seeded catalogue. */
interface BenchEnv {
  base: string;
  token: string;
  databaseUrl: string;
  /** Signs in (e.g. another user a scenario created) and returns the access token. */
  login(username: string, pin: string): Promise<string>;
  /** Calls the REST API once (for a scenario's own set-up), returning the envelope's `data`. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** The server process the scenario drives. */
  server: ChildProcess;
  /** The same environment pointed at the bare reference server (started on first use). */
  bare(): Promise<BenchEnv>;
  /** The same environment pointed at a store server provisioned from this HQ (started on first use). */
  store(): Promise<StoreEnv>;
  /** The process this one pushes to while it is measured (a store server's HQ). */
  upstream?: ChildProcess;
}

/** A store server's environment: the till's, signed in as the admin at that store. */
interface StoreEnv extends BenchEnv {
  storeServer: StoreServer;
}

/** One request of a scenario's load; `i` counts the requests sent so far. */
interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/** A scenario: set-up of its own if it needs any, then load through `measure`. */
type Scenario = (env: BenchEnv) => Promise<autocannon.Result>;

const barcodeOf = (i: number) => `20${String(i).padStart(11, '0')}`;

/** The till's scan: one product by barcode. */
const barcodeLookup: Scenario = (env) =>
  measure(env, (i) => ({ method: 'GET', path: `/api/v1/products/barcode/${barcodeOf(i % PRODUCTS)}` }));

/** The back office's product search: a page of 20 by substring. */
const productSearch: Scenario = (env) =>
  measure(env, (i) => ({
    method: 'GET',
    path: `/api/v1/products?search=${String(i % 1000).padStart(4, '0')}&pageSize=20`,
  }));

/** The till's sale: 3 lines, cash, over 20 open registers at one store (set-up in selling.ts). */
const sale: Scenario = async (env) => {
  const setup = await sellingSetup(env);
  const run = `S${Date.now().toString(36)}`;
  return measure(env, (i) => ({ method: 'POST', path: '/api/v1/sales', body: saleBody(setup, run, i) }));
};

let selling: Promise<SellingSetup> | undefined;
/** The selling set-up, made once per run (the real and the bare sale scenarios share it). */
function sellingSetup(env: BenchEnv): Promise<SellingSetup> {
  selling ??= (async () => {
    const setup = await seedSelling(env.databaseUrl);
    await openRegisters(env.base, env.token, setup.storeId);
    return setup;
  })();
  return selling;
}

/** The same load on the bare reference server (bench/bare-server.ts): what this machine can do. */
const bareBarcode: Scenario = async (env) =>
  measure(await env.bare(), (i) => ({
    method: 'GET',
    path: `/api/v1/products/barcode/${barcodeOf(i % PRODUCTS)}`,
  }));

const bareSale: Scenario = async (env) => {
  const setup = await sellingSetup(env);
  const run = `B${Date.now().toString(36)}`;
  return measure(await env.bare(), (i) => ({
    method: 'POST',
    path: '/api/v1/sales',
    body: saleBody(setup, run, i),
  }));
};

/** The till's scan at its store server. */
const storeBarcode: Scenario = async (env) =>
  measure(await env.store(), (i) => ({
    method: 'GET',
    path: `/api/v1/products/barcode/${barcodeOf(i % PRODUCTS)}`,
  }));

/**
 * The till's sale at its store server, which records each one in its outbox and pushes it to HQ after
 * the commit, as in a shop; the measurement lasts until HQ has acknowledged them all.
 */
const storeSale: Scenario = async (env) => {
  const store = await env.store();
  const setup = { ...(await sellingSetup(env)), storeId: store.storeServer.storeId };
  const run = `T${Date.now().toString(36)}`;
  const result = await measure(store, (i) => ({
    method: 'POST',
    path: '/api/v1/sales',
    body: saleBody(setup, run, i),
  }));
  const pending = await store.storeServer.pending();
  const drainS = await drained(store.storeServer);
  const sales = await store.storeServer.salesAt();
  notes.push(
    `store-sale: outbox pushed to HQ during the load; ${pending} events were pending when it stopped, ` +
      `acknowledged ${drainS.toFixed(2)} s later; sales at the store ${fmt(sales.store)}, at HQ ${fmt(sales.hq)}`,
  );
  return result;
};

/** Every scenario, in the order they run (BENCH_SCENARIOS picks some by name). */
const SCENARIOS: Record<string, Scenario> = {
  barcode: barcodeLookup,
  search: productSearch,
  sale,
  'store-barcode': storeBarcode,
  'store-sale': storeSale,
  'bare-barcode': bareBarcode,
  'bare-sale': bareSale,
};

async function main(): Promise<void> {
  const known = [...Object.keys(SCENARIOS), ...SYNC_SCENARIOS];
  const chosen = (process.env.BENCH_SCENARIOS ?? known.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of chosen) {
    if (!known.includes(name)) throw new Error(`unknown scenario "${name}" (known: ${known})`);
  }
  const selected = chosen.filter((name) => SCENARIOS[name]);
  const syncSelected = chosen.filter((name) => (SYNC_SCENARIOS as readonly string[]).includes(name));

  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(resolve('.tmp/bench-postgres'));
  const adminUrl = process.env.DATABASE_URL ?? embedded!.adminUrl;
  try {
    if (selected.length) await httpBench(adminUrl, selected);
    if (syncSelected.length) {
      console.log('Sync (HQ and a store server, each its own process and database):\n');
      const syncRows = await runSyncBench(adminUrl, syncSelected);
      console.log(table([['scenario', 'result', 'target'], ...syncRows]) + '\n');
    }
  } finally {
    await embedded?.stop();
  }
}

/** The HQ server's environment: its secrets, and the settings of a production start. */
const SERVER_ENV = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'bench-jwt-secret-of-at-least-32-characters',
  PIN_KEY: 'bench-pin-key-of-at-least-32-characters',
  ADMIN_PIN: '1234',
  NODE_ENV: 'production',
};

/** One row of the results: the scenario's figures, kept as numbers for the side-by-side table. */
interface Row {
  name: string;
  result: autocannon.Result;
  cpuPerRequestUs: number;
  peakMb: number;
}

/** The REST scenarios on one HQ server seeded with the catalogue (and its store server, and bare). */
async function httpBench(adminUrl: string, selected: string[]): Promise<void> {
  // Databases of this run's own: benches of other checkouts may share the PostgreSQL server.
  const database = `pos_bench_${process.pid}`;
  const dbUrl = databaseUrl(adminUrl, database);
  await adminQuery(adminUrl, `create database ${database}`);

  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.tmp/profile'] : []),
      resolve(__dirname, '../src/server/main.js'),
    ],
    {
      env: { ...process.env, ...SERVER_ENV, DATABASE_URL: dbUrl, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    // Progress on stderr, the results table on stdout.
    console.error(`Seeding ${PRODUCTS} products...`);
    await seedProducts(dbUrl, PRODUCTS);
    console.error('Setting up the tills and the store server...');
    const env = await benchEnv(base, dbUrl, server, adminUrl);

    const rows: Row[] = [];
    let runPeak = peakRssMb(server);
    for (const [n, name] of selected.entries()) {
      console.error(
        `Scenario ${n + 1} of ${selected.length}: ${name} (${WARMUP_S} s warm-up, ${DURATION_S} s measured)...`,
      );
      const result = await SCENARIOS[name](env);
      const { server: driven, cpuAtStart, upstream } = measured!;
      const requests = Math.max(1, result.requests.total);
      const peakMb = peakRssMb(driven);
      if (driven === server) runPeak = Math.max(runPeak, peakMb);
      if (upstream) {
        const hqUs = Math.round(((cpuMs(upstream.child) - upstream.cpuAtStart) * 1000) / requests);
        notes.push(`${name}: HQ, which the store pushes to, spent ${hqUs} µs of CPU per request meanwhile`);
      }
      rows.push({
        name,
        result,
        cpuPerRequestUs: Math.round(((cpuMs(driven) - cpuAtStart) * 1000) / requests),
        peakMb,
      });
    }
    printResults(rows, runPeak);
  } finally {
    for (const stop of helpers.reverse()) await stop();
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    for (const name of [database, ...databases]) {
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    }
  }
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Notes the scenarios leave for under the table (the store's outbox, HQ's share). */
const notes: string[] = [];

function printResults(rows: Row[], runPeak: number): void {
  console.log(
    `\nProducts: ${PRODUCTS}, connections: ${CONNECTIONS}, ${DURATION_S} s per scenario (after ${WARMUP_S} s warm-up)\n`,
  );
  console.log(
    table([
      ['scenario', 'req/s', 'p50', 'p99', 'errors', 'server CPU/req', 'peak RSS'],
      ...rows.map(({ name, result, cpuPerRequestUs, peakMb }) => [
        name,
        fmt(result.requests.average),
        `${result.latency.p50} ms`,
        `${result.latency.p99} ms`,
        String(result.non2xx + result.errors),
        `${cpuPerRequestUs} µs`,
        `${peakMb} MB`,
      ]),
    ]),
  );
  console.log(`\nServer peak RSS: ${runPeak} MB over the whole run\n`);
  for (const note of notes) console.log(note);
  if (notes.length) console.log('');
  const sideBySide = sideBySideRows(rows);
  if (sideBySide.length) {
    console.log(
      'The till side by side, as ratios to bare measured in this run (req/s: higher is better; CPU/req: lower is better):\n',
    );
    console.log(
      table([
        ['path', 'bare req/s', 'HQ req/s', 'store req/s', 'bare CPU/req', 'HQ CPU/req', 'store CPU/req'],
        ...sideBySide,
      ]),
    );
    console.log('');
  }
}

/** For the barcode look-up and the sale: bare, HQ and store, each figure with its ratio to bare. */
function sideBySideRows(rows: Row[]): string[][] {
  const byName = new Map(rows.map((row) => [row.name, row]));
  return ['barcode', 'sale'].flatMap((path) => {
    const bare = byName.get(`bare-${path}`);
    if (!bare) return [];
    const hq = byName.get(path);
    const store = byName.get(`store-${path}`);
    const rps = (row: Row | undefined) =>
      row
        ? `${fmt(row.result.requests.average)} (${ratio(row.result.requests.average, bare.result.requests.average)})`
        : '—';
    const cpu = (row: Row | undefined) =>
      row ? `${row.cpuPerRequestUs} µs (${ratio(row.cpuPerRequestUs, bare.cpuPerRequestUs)})` : '—';
    return [
      [
        path,
        fmt(bare.result.requests.average),
        rps(hq),
        rps(store),
        `${bare.cpuPerRequestUs} µs`,
        cpu(hq),
        cpu(store),
      ],
    ];
  });
}

const ratio = (value: number, bare: number) => `${bare > 0 ? (value / bare).toFixed(2) : '—'}×`;

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function benchEnv(
  base: string,
  databaseUrl: string,
  server: ChildProcess,
  adminUrl: string,
): Promise<BenchEnv> {
  const { call, login, token } = await signedIn(base);
  let bare: Promise<BenchEnv> | undefined;
  let store: Promise<StoreEnv> | undefined;
  const env: BenchEnv = {
    base,
    token,
    databaseUrl,
    login,
    call,
    server,
    bare: () => (bare ??= startBare(env)),
    store: () => (store ??= startStore(env, adminUrl)),
  };
  return env;
}

/** REST calls to `base`, and the admin signed in there. */
async function signedIn(base: string): Promise<Pick<BenchEnv, 'call' | 'login' | 'token'>> {
  const login = async (username: string, pin: string) =>
    (await rest<{ accessToken: string }>(base, 'POST', '/auth/login', undefined, { username, pin }))
      .accessToken;
  const token = await login('admin', '1234');
  return { login, token, call: (method, path, body) => rest(base, method, path, token, body) };
}

/** Starts the bare reference server on the bench's database. */
async function startBare(env: BenchEnv): Promise<BenchEnv> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(__dirname, 'bare-server.js')], {
    env: { ...process.env, DATABASE_URL: env.databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  helpers.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base);
  return { ...env, base, server: child };
}

/**
 * Starts a store server provisioned from the bench's HQ, once the selling set-up (tax group, the
 * HQ's registers) is in HQ's catalogue, so that its first pull brings it; opens its registers.
 */
async function startStore(env: BenchEnv, adminUrl: string): Promise<StoreEnv> {
  await sellingSetup(env);
  const database = `pos_bench_store_${process.pid}`;
  await adminQuery(adminUrl, `create database ${database}`);
  databases.push(database);
  const storeServer = await startStoreServer({
    hqBase: env.base,
    hqToken: env.token,
    hqDatabaseUrl: env.databaseUrl,
    databaseUrl: databaseUrl(adminUrl, database),
    products: PRODUCTS,
    env: { ...process.env, ...SERVER_ENV },
  });
  helpers.push(() => storeServer.stop());
  await openRegisters(storeServer.base, storeServer.token, storeServer.storeId);
  return {
    ...env,
    ...(await signedIn(storeServer.base)),
    base: storeServer.base,
    databaseUrl: storeServer.databaseUrl,
    server: storeServer.child,
    upstream: env.server,
    storeServer,
  };
}

/**
 * The process the last measurement drove and its CPU time (ms) when the measurement started; with
 * the process it pushed to meanwhile (a store server's HQ) and its CPU time then.
 */
let measured:
  | { server: ChildProcess; cpuAtStart: number; upstream?: { child: ChildProcess; cpuAtStart: number } }
  | undefined;
/** How to stop what the bench started besides the HQ server (bare reference, store server), in order. */
const helpers: Array<() => Promise<void>> = [];
/** Databases the bench created besides HQ's (the store server's). */
const databases: string[] = [];

/** Drives the server with `request` for WARMUP_S, then measures DURATION_S. */
async function measure(
  env: BenchEnv,
  request: (i: number) => BenchRequest,
  token = env.token,
): Promise<autocannon.Result> {
  let i = 0;
  const run = (duration: number) =>
    autocannon({
      url: env.base,
      connections: CONNECTIONS,
      duration,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const { method, path, body } = request(i++);
            return { ...req, method, path, body: body === undefined ? undefined : JSON.stringify(body) };
          },
        },
      ],
    });
  resetPeakRss(env.server);
  await run(WARMUP_S);
  measured = {
    server: env.server,
    cpuAtStart: cpuMs(env.server),
    upstream: env.upstream && { child: env.upstream, cpuAtStart: cpuMs(env.upstream) },
  };
  return run(DURATION_S);
}

/** The server's CPU time so far (user + system, in ms): per request, steadier than req/s on a shared machine. */
function cpuMs(child: ChildProcess): number {
  // utime and stime: fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms.
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts a new peak for VmHWM (Linux: writing 5 to clear_refs resets it to the current RSS). */
function resetPeakRss(child: ChildProcess): void {
  try {
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
  } catch {
    // not Linux, or not allowed: the peak then covers the run so far
  }
}

/** The server's peak RSS (VmHWM) since it started or since the last `resetPeakRss`. */
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
