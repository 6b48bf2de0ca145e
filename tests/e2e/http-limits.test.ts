import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { startServer, type RunningServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createTestDatabase } from '../support/database';
import { startTestServer, testServerEnv, type TestServer } from '../support/server';
import { eventually } from '../support/sync';

/**
 * The HTTP server's own limits (header and request deadlines, idle keep-alive, connections per client
 * address) and the headers every answer carries.
 */

let t: TestServer;
/** A server on the same database with small limits: 3 connections per address, 500 ms for headers. */
let tight: RunningServer;
let dropTight: () => Promise<void>;

beforeAll(async () => {
  t = await startTestServer();
  const db = await createTestDatabase();
  dropTight = db.drop;
  const config = loadConfig(testServerEnv({ MAX_CONNECTIONS_PER_ADDRESS: '3' }), {
    port: 0,
    host: '127.0.0.1',
  });
  tight = await startServer(
    { ...config, http: { ...config.http, headersTimeoutMs: 500, requestTimeoutMs: 1_000 } },
    db.url,
  );
});

afterAll(async () => {
  await tight.close();
  await dropTight();
  await t.close();
});

/** A raw TCP connection to the tight server, with what it received and whether it was closed. */
async function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<unknown> }> {
  const socket = connect(tight.port, '127.0.0.1');
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  await once(socket, 'connect');
  return { socket, received: () => data, closed };
}

/** Connections the tight server holds open. */
const openConnections = () =>
  new Promise<number>((resolve, reject) =>
    tight.httpServer.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );

/** Sends GET /health on a kept-alive connection and waits for its whole answer. */
async function health(conn: Awaited<ReturnType<typeof open>>): Promise<string> {
  const before = conn.received().length;
  conn.socket.write(`GET /health HTTP/1.1\r\nHost: local\r\n\r\n`);
  await eventually(async () => conn.received().slice(before).includes('"status":"ok"'), 10_000);
  return conn.received().slice(before).split('\r\n')[0];
}

it('sets its own header, request and keep-alive deadlines, and caps connections per address at 256', () => {
  expect(loadConfig({ DATA_DIR: '.tmp/config', JWT_SECRET: 'x', PIN_KEY: 'y' }).http).toEqual({
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
    keepAliveTimeoutMs: 5_000,
    maxConnectionsPerAddress: 256,
  });
  const server = t.server.httpServer;
  expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([
    10_000, 60_000, 5_000,
  ]);
  expect(() => loadConfig({ MAX_CONNECTIONS_PER_ADDRESS: '-1', JWT_SECRET: 'x', PIN_KEY: 'y' })).toThrow(
    'MAX_CONNECTIONS_PER_ADDRESS must be a whole number (0: no cap), got "-1"',
  );
});

it('closes a connection beyond the cap of one address at once; the others are served, and a freed place is taken again', async () => {
  const first = [await open(), await open(), await open()];
  for (const conn of first) expect(await health(conn)).toBe('HTTP/1.1 200 OK');

  const extra = await open();
  extra.socket.write(`GET /health HTTP/1.1\r\nHost: local\r\n\r\n`);
  await extra.closed;
  expect(extra.received()).toBe('');
  // The three are still open and served.
  for (const conn of first) expect(await health(conn)).toBe('HTTP/1.1 200 OK');

  first[0].socket.destroy();
  await first[0].closed;
  // Once the server has seen it close, a new connection is served.
  const again = await eventually(async () => {
    const conn = await open();
    conn.socket.write(`GET /health HTTP/1.1\r\nHost: local\r\n\r\n`);
    const answered = await Promise.race([
      conn.closed.then(() => false),
      eventually(async () => conn.received().includes('"status":"ok"'), 10_000),
    ]);
    if (answered) return conn;
    return undefined;
  }, 10_000);
  expect(again.received().split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  for (const conn of [...first.slice(1), again]) conn.socket.destroy();
  await eventually(async () => (await openConnections()) === 0, 10_000);
});

it('answers 408 and hangs up on a client that does not finish its headers in time', async () => {
  const slow = await open();
  slow.socket.write('GET /health HTTP/1.1\r\nHost: local\r\n');
  await slow.closed;
  expect(slow.received().split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
});

it('says nosniff on every answer and no-store on every answer, those carrying tokens first', async () => {
  const login = await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } });
  const refresh = await t.rest('POST', '/auth/refresh', {
    body: { refreshToken: login.body.data.refreshToken },
  });
  const pinLogin = await t.rest('POST', '/auth/pin-login', { body: { pin: '1234' } });
  const store = await t.createStore();
  const syncToken = await t.rest('POST', `/stores/${store.id}/sync-token`, { token: t.adminToken });
  expect([login.status, refresh.status, pinLogin.status, syncToken.status]).toEqual([200, 200, 403, 201]);
  expect(typeof syncToken.body.data.token).toBe('string');

  const others = await Promise.all(
    [
      ['GET', '/health'],
      ['GET', '/nowhere'],
      ['GET', '/api/v1/departments'],
      ['GET', '/api/v1/nowhere'],
      ['GET', '/api/v1/openapi.json'],
      ['POST', '/graphql'],
    ].map(([method, path]) =>
      fetch(`${t.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
        body: method === 'POST' ? JSON.stringify({ query: '{ departments { id } }' }) : undefined,
      }),
    ),
  );
  expect(others.map((r) => r.status)).toEqual([200, 404, 200, 404, 200, 200]);
  for (const headers of [login, refresh, pinLogin, syncToken]
    .map((r) => r.headers)
    .concat(others.map((r) => r.headers))) {
    expect([headers.get('x-content-type-options'), headers.get('cache-control')]).toEqual([
      'nosniff',
      'no-store',
    ]);
  }
});
