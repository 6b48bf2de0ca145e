import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { api, ServerProcess } from '../support/processes';
import { eventually } from '../support/sync';

/**
 * A server process on its own embedded PostgreSQL (no DATABASE_URL), crashed with kill -9 and started
 * again on the same DATA_DIR: it comes back healthy on the same remembered port with nothing lost, and
 * no PostgreSQL outlives its server.
 */
jest.setTimeout(180_000);

// As root the cluster runs as the `postgres` user, who must be able to reach it: mkdtemp makes a 0700
// directory, and /tmp's would be owned by root.
mkdirSync(resolve('.tmp'), { recursive: true });
const dataDir = mkdtempSync(join(resolve('.tmp'), 'restart-'));
chmodSync(dataDir, 0o755);
const clusterDir = join(dataDir, 'postgres', 'cluster');
// ServerProcess builds the child's environment from scratch: the suite's DATABASE_URL does not reach it.
const env = {
  MODE: 'hq',
  PORT: '0',
  DATA_DIR: dataDir,
  ADMIN_PIN: '1234',
  JWT_SECRET: randomBytes(32).toString('hex'),
  PIN_KEY: randomBytes(32).toString('hex'),
  // Logs on: a clean stop must log no error.
  LOG_LEVEL: 'info',
};
const started: ServerProcess[] = [];

async function start(): Promise<ServerProcess> {
  const server = await ServerProcess.start(env);
  started.push(server);
  return server;
}

/** Running (not zombie) processes whose command line names the cluster: its postmaster and watchdog. */
function processesOfCluster(): Array<{ pid: number; ppid: number; program: string }> {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!args.includes(clusterDir)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') continue;
      found.push({ pid: Number(entry), ppid: Number(ppid), program: args[0].split('/').pop()! });
    } catch {
      // It exited while we looked.
    }
  }
  return found.sort((a, b) => a.program.localeCompare(b.program));
}

/**
 * Stops a server as an operator does (SIGTERM): it exits 0 with its PostgreSQL already stopped, and
 * logs no error (no session cut from under it, as when something stopped PostgreSQL first).
 */
async function stopCleanly(server: ServerProcess): Promise<void> {
  expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  expect(processesOfCluster().filter((p) => p.program === 'postgres')).toEqual([]);
  expect(server.log.split('\n').filter((line) => /"level":(40|50|60)/.test(line))).toEqual([]);
  // Its watchdog, killed last, is gone too.
  await eventually(async () => processesOfCluster().length === 0, 10_000);
}

const postmasterPid = () => Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const rememberedPort = () => readFileSync(join(dataDir, 'postgres', 'port'), 'utf8');

const login = async (server: ServerProcess) =>
  (await api(server.url, 'POST', '/auth/login', undefined, { username: 'admin', pin: '1234' })).body.data
    .accessToken as string;

async function departments(server: ServerProcess): Promise<Array<[string, string]>> {
  const res = await api(server.url, 'GET', '/departments', await login(server));
  return res.body.data.map((d: any) => [d.code, d.name]);
}

async function expectHealthy(server: ServerProcess): Promise<void> {
  const res = await fetch(`${server.url}/health`);
  expect([res.status, await res.json()]).toEqual([200, { status: 'ok', mode: 'hq' }]);
}

let port: string;

afterAll(async () => {
  for (const server of started) await server.kill();
  // Whatever a failed test left behind.
  for (const { pid } of processesOfCluster()) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('a server killed with kill -9 takes its PostgreSQL with it and comes back on the same DATA_DIR: same port, the write kept', async () => {
  const first = await start();
  const created = await api(first.url, 'POST', '/departments', await login(first), {
    code: 'BAKERY',
    name: 'Bakery',
  });
  expect(created.status).toBe(201);
  port = rememberedPort();
  const postmaster = postmasterPid();
  expect(processesOfCluster()).toEqual([
    { pid: postmaster, ppid: first.pid, program: 'postgres' },
    { pid: expect.any(Number), ppid: first.pid, program: 'sh' },
  ]);

  await first.kill('SIGKILL');
  // Its watchdog stopped the PostgreSQL (before the fix it ran on, an orphan holding port and directory).
  await eventually(async () => processesOfCluster().length === 0, 60_000);

  const second = await start();
  await expectHealthy(second);
  expect(await departments(second)).toEqual([['BAKERY', 'Bakery']]);
  expect(rememberedPort()).toBe(port);
  expect(postmasterPid()).not.toBe(postmaster);
});

it('a PostgreSQL orphaned with its watchdog (the whole process group killed) is stopped by the next start', async () => {
  const second = started[started.length - 1];
  const [postmaster, watchdog] = processesOfCluster();
  expect([postmaster.program, watchdog.program]).toEqual(['postgres', 'sh']);
  process.kill(watchdog.pid, 'SIGKILL');
  await second.kill('SIGKILL');
  // An orphan now: alive, handed to another parent, holding the data directory and the port.
  const orphan = processesOfCluster();
  expect(orphan).toEqual([{ pid: postmaster.pid, ppid: expect.any(Number), program: 'postgres' }]);
  expect(orphan[0].ppid).not.toBe(second.pid);

  const third = await start();
  await expectHealthy(third);
  expect(await departments(third)).toEqual([['BAKERY', 'Bakery']]);
  expect(rememberedPort()).toBe(port);
  expect(processesOfCluster()).toEqual([
    { pid: postmasterPid(), ppid: third.pid, program: 'postgres' },
    { pid: expect.any(Number), ppid: third.pid, program: 'sh' },
  ]);
  expect(postmasterPid()).not.toBe(postmaster.pid);
});

it('a second server on a DATA_DIR in use is refused, naming the server that uses it; that one serves on', async () => {
  const third = started[started.length - 1];
  const before = processesOfCluster();
  await expect(start()).rejects.toThrow(
    `Start failed: The embedded PostgreSQL under ${clusterDir} (pid ${postmasterPid()}) belongs to server process ${third.pid}, which is still running`,
  );
  expect(processesOfCluster()).toEqual(before);
  await expectHealthy(third);
  expect(await departments(third)).toEqual([['BAKERY', 'Bakery']]);
});

it("a start that fails prints PostgreSQL's reason, keeps the remembered port, and leaves no process behind", async () => {
  const third = started[started.length - 1];
  await stopCleanly(third);

  const version = readFileSync(join(clusterDir, 'PG_VERSION'), 'utf8');
  writeFileSync(join(clusterDir, 'PG_VERSION'), '9.6\n');
  const failure = start().then(
    () => undefined,
    (err: Error) => err.message,
  );
  const message = await failure;
  expect(message).toContain(
    `Start failed: PostgreSQL did not start on port ${port} (cluster ${clusterDir}): FATAL: database files are incompatible with server DETAIL: The data directory was initialized by PostgreSQL version 9.6, which is not compatible with this version 18.`,
  );
  expect(message).not.toContain('undefined');
  expect(rememberedPort()).toBe(port);
  expect(processesOfCluster()).toEqual([]);

  // Repaired, it starts again.
  writeFileSync(join(clusterDir, 'PG_VERSION'), version);
  const fourth = await start();
  await expectHealthy(fourth);
  expect(await departments(fourth)).toEqual([['BAKERY', 'Bakery']]);
  await stopCleanly(fourth);
  // Nothing outlives the server: no postgres, no watchdog.
  expect(processesOfCluster()).toEqual([]);
});

it('Ctrl+C (SIGINT to its process group, its PostgreSQL included) stops it cleanly: exit 0, no error, no stack', async () => {
  const server = await start();
  await expectHealthy(server);
  expect(await server.interrupt()).toEqual({ code: 0, signal: null });
  expect(server.log.split('\n').filter((line) => /"level":(40|50|60)|\n\s+at /.test(line))).toEqual([]);
  expect(server.log).not.toMatch(/^\s+at /m);
  await eventually(async () => processesOfCluster().length === 0, 10_000);
});

it('a busy port is one clear line naming the setting, no stack, no process left behind', async () => {
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  const busy = (blocker.address() as AddressInfo).port;
  try {
    const failure = await ServerProcess.start({ ...env, PORT: String(busy) }).then(
      () => 'started',
      (err: Error) => err.message,
    );
    expect(failure).toContain(
      `Start failed: port ${busy} on 127.0.0.1 is already in use: set PORT to a free port`,
    );
    expect(failure).not.toMatch(/^\s+at /m);
    await eventually(async () => processesOfCluster().length === 0, 10_000);
  } finally {
    blocker.close();
  }
});
