import { randomBytes } from 'node:crypto';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { ProductChangedDocument, type ProductChangedSubscription } from '../generated/graphql';
import { startTestServer, type TestServer } from '../support/server';

/**
 * A subscription keeps its socket for as long as the client likes: it must stop delivering once its
 * caller may no longer read what it streams (token expired, user deactivated, permission taken away).
 */
let t: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await t.close();
});

/** A role with these permissions and a user holding it, signed in. */
async function viewer(permissions: string[]) {
  const suffix = randomBytes(4).toString('hex');
  const role = await t.rest('POST', '/roles', {
    token: t.adminToken,
    body: { name: `sub-${suffix}`, permissions },
  });
  const pin = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const user = await t.rest('POST', '/users', {
    token: t.adminToken,
    body: { username: `sub-${suffix}`, displayName: 'Sub', pin, roles: [{ roleId: role.body.data.id }] },
  });
  expect(user.status).toBe(201);
  return {
    roleId: role.body.data.id as string,
    userId: user.body.data.id as string,
    token: await t.login(`sub-${suffix}`, pin),
  };
}

interface Watch {
  events: ProductChangedSubscription[];
  /** What ended the subscription: the GraphQL errors, or the socket's close event. */
  ended: Promise<unknown>;
  closeCode: Promise<number>;
}

/** Subscribes to product changes and waits until it is live (a warm-up change arrives). */
async function watchProducts(token: string): Promise<Watch> {
  let closed!: (code: number) => void;
  const closeCode = new Promise<number>((resolve) => (closed = resolve));
  const client = createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => closed((event as { code: number }).code) },
  });
  clients.push(client);
  const events: ProductChangedSubscription[] = [];
  const ended = new Promise((resolve) =>
    client.subscribe<ProductChangedSubscription>(
      { query: print(ProductChangedDocument) },
      { next: (value) => events.push(value.data!), error: resolve, complete: () => resolve('complete') },
    ),
  );
  const warmUp = await createProduct();
  for (let i = 0; i < 200 && events.length === 0; i++) {
    await t.rest('PATCH', `/products/${warmUp}/toggle-active`, { token: t.adminToken });
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(events.length).toBeGreaterThanOrEqual(1);
  return { events, ended, closeCode };
}

async function createProduct(): Promise<string> {
  const sku = `SUB-${randomBytes(3).toString('hex')}`;
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku, name: sku, sellPrice: 1 },
  });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** Changes products until the subscription has ended, then a few more: none of them may arrive. */
async function changeUntilEnded(watch: Watch): Promise<unknown> {
  let ended: unknown;
  void watch.ended.then((value) => (ended = value));
  const delivered = watch.events.length;
  for (let i = 0; i < 200 && ended === undefined; i++) {
    await createProduct();
    await new Promise((r) => setTimeout(r, 25));
  }
  for (let i = 0; i < 3; i++) await createProduct();
  await new Promise((r) => setTimeout(r, 100));
  expect(watch.events.length).toBe(delivered);
  return ended;
}

it('ends the subscription, and closes the socket with 4401, once the user is deactivated', async () => {
  const user = await viewer(['products.view']);
  const watch = await watchProducts(user.token);
  const off = await t.rest('PUT', `/users/${user.userId}`, {
    token: t.adminToken,
    body: { isActive: false },
  });
  expect(off.status).toBe(200);
  expect(await changeUntilEnded(watch)).toEqual([
    { message: 'Your session has ended: sign in again', extensions: { code: 'UNAUTHENTICATED' } },
  ]);
  expect(await watch.closeCode).toBe(4401);
});

it('ends the subscription once the permission it needs is taken away', async () => {
  const user = await viewer(['products.view']);
  const watch = await watchProducts(user.token);
  const changed = await t.rest('PUT', `/roles/${user.roleId}/permissions`, {
    token: t.adminToken,
    body: { permissions: ['pos.sell'] },
  });
  expect(changed.status).toBe(200);
  expect(await changeUntilEnded(watch)).toEqual([
    {
      message: 'Missing permission: products.view',
      extensions: { code: 'FORBIDDEN' },
    },
  ]);
});

it('closes the socket when its token expires, and delivers nothing after', async () => {
  const user = await viewer(['products.view']);
  // A token like the server's own, lapsing in 3 s.
  const shortLived = jwt.sign({ typ: 'access' }, t.server.runtime.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: 3,
    subject: user.userId,
    issuer: 'pos-platform',
  });
  const watch = await watchProducts(shortLived);
  expect(await watch.closeCode).toBe(4401);
  const delivered = watch.events.length;
  await createProduct();
  await new Promise((r) => setTimeout(r, 200));
  expect(watch.events.length).toBe(delivered);
});
