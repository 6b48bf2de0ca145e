import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { startServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createTestDatabase } from '../support/database';
import { TestServer, testServerEnv } from '../support/server';

/**
 * A server whose database goes away (a TCP proxy in front of PostgreSQL, closed: open connections are
 * cut, new ones refused, as when the database host goes down) answers 503 with Retry-After on REST and
 * GraphQL, not 500, and serves again once the database is back.
 */

/** A TCP proxy to PostgreSQL that can be switched off and on again on the same port. */
class DatabaseLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    if (this.server?.listening) return;
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    const closed = new Promise((r) => this.server?.close(r));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

let t: TestServer;
let link: DatabaseLink;

beforeAll(async () => {
  const db = await createTestDatabase();
  const target = new URL(db.url);
  link = new DatabaseLink({ host: target.hostname, port: Number(target.port) });
  await link.up();
  const viaLink = new URL(db.url);
  viaLink.port = String(link.port);
  const config = loadConfig(testServerEnv(), { port: 0, host: '127.0.0.1' });
  t = new TestServer(await startServer(config, viaLink.toString()), db.drop);
  t.adminToken = await t.login('admin', '1234');
});

afterAll(async () => {
  await link.up();
  await t.close();
  await link.down();
});

const UNAVAILABLE = {
  success: false,
  error: 'The database is unavailable: retry shortly',
  code: 'UNAVAILABLE',
};

async function graphql(query: string, token: string) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

it('answers 503 with Retry-After while the database is down, on REST and GraphQL, and serves again when it is back', async () => {
  // Signed in and served once: the session is cached, so the next calls fail in their resolvers.
  expect((await t.rest('GET', '/departments', { token: t.adminToken })).body).toEqual({
    success: true,
    data: [],
  });

  await link.down();

  for (const [method, path, body] of [
    ['GET', '/departments', undefined],
    ['POST', '/departments', { name: 'Bakery' }],
    ['POST', '/auth/login', { username: 'admin', pin: '1234' }],
  ] as const) {
    const res = await t.rest(method, path, { token: t.adminToken, body });
    expect([path, res.status, res.headers.get('retry-after'), res.body]).toEqual([
      path,
      503,
      '5',
      UNAVAILABLE,
    ]);
  }
  const query = await graphql('{ departments { id name } }', t.adminToken);
  expect(query).toEqual({
    status: 503,
    retryAfter: '5',
    body: {
      data: null,
      errors: [
        {
          message: UNAVAILABLE.error,
          path: ['departments'],
          extensions: { code: 'UNAVAILABLE', retryAfter: 5 },
        },
      ],
    },
  });
  const mutation = await graphql('mutation { createDepartment(name: "Bakery") { id } }', t.adminToken);
  expect([mutation.status, mutation.retryAfter, mutation.body.errors[0].extensions]).toEqual([
    503,
    '5',
    { code: 'UNAVAILABLE', retryAfter: 5 },
  ]);

  // Without a cached session the request fails earlier, reading it: the same answer.
  t.server.runtime.sessions.clear();
  const rest = await t.rest('GET', '/departments', { token: t.adminToken });
  expect([rest.status, rest.headers.get('retry-after'), rest.body]).toEqual([503, '5', UNAVAILABLE]);
  t.server.runtime.sessions.clear();
  expect(await graphql('{ departments { id } }', t.adminToken)).toEqual({
    status: 503,
    retryAfter: '5',
    body: { errors: [{ message: UNAVAILABLE.error, extensions: { code: 'UNAVAILABLE', retryAfter: 5 } }] },
  });
  expect((await fetch(`${t.url}/health`)).status).toBe(503);

  await link.up();
  // Back: served again, and the refused writes wrote nothing.
  expect((await t.rest('GET', '/departments', { token: t.adminToken })).body).toEqual({
    success: true,
    data: [],
  });
  expect(await t.count('department')).toBe(0);
  expect((await fetch(`${t.url}/health`)).status).toBe(200);
});
