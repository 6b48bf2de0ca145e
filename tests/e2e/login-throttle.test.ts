import { request } from 'node:http';
import pg from 'pg';
import { startServer, type RunningServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { DEFAULT_THROTTLE } from '../../src/services/auth/login-throttle';
import { createTestDatabase } from '../support/database';
import { startTestServer, testServerEnv, type TestServer } from '../support/server';
import { throttleOn, throttleWith } from '../support/throttle';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

interface Answer {
  status: number;
  body: any;
  retryAfter: number | undefined;
}

/**
 * An HTTP call from a chosen local address (every 127.x.x.x reaches the server on 127.0.0.1), with the
 * Content-Type given verbatim (none when undefined): how tills at several addresses, and a web page
 * posting a form, reach a server.
 */
function call(
  url: string,
  method: string,
  path: string,
  opts: { body?: string; contentType?: string; token?: string; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.contentType !== undefined) headers['content-type'] = opts.contentType;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = request(
      `${url}${path}`,
      { method, headers, localAddress: opts.from ?? '127.0.0.1' },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
            retryAfter: retryAfter === undefined ? undefined : Number(retryAfter),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = 'application/json';
const login = (url: string, body: Record<string, unknown>, from?: string) =>
  call(url, 'POST', '/api/v1/auth/login', { body: JSON.stringify(body), contentType: json, from });
const pinLogin = (url: string, body: Record<string, unknown>, from?: string) =>
  call(url, 'POST', '/api/v1/auth/pin-login', { body: JSON.stringify(body), contentType: json, from });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function makeUser(server: TestServer, username: string, pin: string, storeId?: string) {
  const token = server.adminToken;
  const role = await server.rest('POST', '/roles', {
    token,
    body: { name: `role-${username}`, permissions: ['pos.sell'] },
  });
  const res = await server.rest('POST', '/users', {
    token,
    body: { username, displayName: username, pin, roles: [{ roleId: role.body.data.id, storeId }] },
  });
  expect(res.status).toBe(201);
}

const attemptRow = (server: TestServer, key: string) =>
  server
    .sql<{
      failures: number;
      wait_ms: number;
    }>(
      `select failures, case when blocked_until = '-infinity' then 0
                               else round(extract(epoch from blocked_until - updated_at) * 1000)::int end as wait_ms
         from login_attempt where key = ?`,
      [key],
    )
    .then((rows) => rows[0]);

/** Waits until `n` sign-in attempts wait for a row lock of `login_attempt` (a test holds it). */
async function attemptsWaitingForALock(n: number): Promise<void> {
  for (let waiting = 0; waiting < n;) {
    await sleep(20);
    const [row] = await t.sql<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query like '%login_attempt as a%'`,
    );
    waiting = row.n;
  }
}

/** Every row of `login_attempt`, to show that a refused request counted nothing. */
const attempts = () => t.sql('select * from login_attempt order by key');

describe('sign-in throttling', () => {
  it('lets the admin in with the right PIN once the wait after wrong ones is over; refusals do not lengthen it', async () => {
    // A short wait that still dwarfs the ten refused calls below.
    throttleWith(t, { user: { free: 5, baseMs: 2000, capMs: 30_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await login(t.url, { username: 'admin', pin: '9999' })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
      expect(await attemptRow(t, 'user:admin')).toEqual({ failures: 6, wait_ms: 2000 });

      // A stranger hammering on: refused without being counted, so the wait does not grow.
      for (let i = 0; i < 10; i++) {
        const refused = await login(t.url, { username: 'admin', pin: '9999' });
        expect(refused.status).toBe(429);
        expect(refused.body.code).toBe('RATE_LIMITED');
      }
      const early = await login(t.url, { username: 'admin', pin: '1234' });
      expect(early.status).toBe(429);
      expect([1, 2]).toContain(early.retryAfter);
      expect(await attemptRow(t, 'user:admin')).toEqual({ failures: 6, wait_ms: 2000 });

      await sleep(early.retryAfter! * 1000 + 50);
      const ok = await login(t.url, { username: 'admin', pin: '1234' });
      expect(ok.status).toBe(200);
      expect(ok.body.data.user.username).toBe('admin');
      // The right PIN forgets the username's failures.
      expect(await attemptRow(t, 'user:admin')).toBeUndefined();
    } finally {
      throttleWith(t, {});
    }
  });

  it('never makes the right user wait longer than the cap, however many failures a stranger piles up', async () => {
    await makeUser(t, 'capped', '24681357');
    const cap = DEFAULT_THROTTLE.user.capMs;
    expect(cap).toBe(30_000);
    // A long attack, as it leaves the row: hundreds of failures, its last wait just over.
    await t.sql(
      `insert into login_attempt (key, failures, blocked_until, updated_at)
       values ('user:capped', 500, now() - interval '1 millisecond', now() - interval '30 seconds')`,
    );
    expect((await login(t.url, { username: 'capped', pin: '00000000' })).status).toBe(401);
    expect(await attemptRow(t, 'user:capped')).toEqual({ failures: 501, wait_ms: cap });

    const waiting = await login(t.url, { username: 'capped', pin: '24681357' });
    expect(waiting.status).toBe(429);
    expect([29, 30]).toContain(waiting.retryAfter);
    // The cap passes (moved back in the row rather than waited for): the right PIN works at once.
    await t.sql(
      `update login_attempt set blocked_until = blocked_until - interval '30 seconds',
                                updated_at = updated_at - interval '30 seconds'
        where key = 'user:capped'`,
    );
    expect((await login(t.url, { username: 'capped', pin: '24681357' })).status).toBe(200);
    expect(await attemptRow(t, 'user:capped')).toBeUndefined();
  });

  it('forgets the failures of a key quiet for the forgetting window, and purges such rows', async () => {
    await makeUser(t, 'returning', '35353535');
    const quiet = `now() - interval '${DEFAULT_THROTTLE.forgetMs + 1000} milliseconds'`;
    await t.sql(
      `insert into login_attempt (key, failures, blocked_until, updated_at)
       values ('user:returning', 40, ${quiet}, ${quiet}), ('user:long-gone', 3, ${quiet}, ${quiet})`,
    );
    // A wrong PIN after the quiet window counts as the first failure again: no wait.
    expect((await login(t.url, { username: 'returning', pin: '00000000' })).status).toBe(401);
    expect(await attemptRow(t, 'user:returning')).toEqual({ failures: 1, wait_ms: 0 });
    // A success purges rows quiet for that long.
    expect((await login(t.url, { username: 'returning', pin: '35353535' })).status).toBe(200);
    expect(await attemptRow(t, 'user:long-gone')).toBeUndefined();
    expect(await attemptRow(t, 'user:returning')).toBeUndefined();
  });

  it("slows one address or terminal of a store down without stopping the shop's other tills", async () => {
    const store = await startTestServer({ mode: 'store' });
    try {
      // Waits long enough that the 29 calls after the free failures all fall inside the first one.
      const slow = { free: 20, baseMs: 20_000, capMs: 30_000 };
      throttleWith(store, { address: slow, terminal: slow });
      await makeUser(store.hq!, 'till-user', '97979797', store.storeId);

      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) {
        statuses.push((await pinLogin(store.url, { pin: '10000000', terminalId: 'T1' }, '127.0.0.1')).status);
      }
      expect(statuses).toEqual([...Array(21).fill(401), ...Array(29).fill(429)]);

      // The attacked address and terminal wait, even with a right PIN...
      const sameAddress = await pinLogin(store.url, { pin: '97979797', terminalId: 'T2' }, '127.0.0.1');
      expect(sameAddress.status).toBe(429);
      const sameTerminal = await pinLogin(store.url, { pin: '97979797', terminalId: 'T1' }, '127.0.0.3');
      expect(sameTerminal.status).toBe(429);
      // ...but every other till of the shop signs in.
      const otherTill = await pinLogin(store.url, { pin: '97979797', terminalId: 'T2' }, '127.0.0.2');
      expect(otherTill.status).toBe(200);
      expect(otherTill.body.data.user.username).toBe('till-user');
      expect((await pinLogin(store.url, { pin: '97979797' }, '127.0.0.4')).status).toBe(200);
      // A username login at the store, from another address, too.
      expect(
        (await login(store.url, { username: 'till-user', pin: '97979797', terminalId: 'T3' }, '127.0.0.5'))
          .status,
      ).toBe(200);

      const keys = await store.sql<{ key: string; failures: number }>(
        `select key, failures from login_attempt where key like ? order by key`,
        [`%${store.storeId}%`],
      );
      // No budget of the store as a whole: only the attacked address and terminal carry failures.
      expect(keys.filter((k) => k.failures > 0)).toEqual([
        { key: `addr:${store.storeId}:127.0.0.1`, failures: 21 },
        { key: `term:${store.storeId}:T1`, failures: 21 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('gives the other keys their point back when a key starts waiting while an attempt counts it', async () => {
    await makeUser(t, 'racer', '36363636');
    const key = 'addr:hq:127.0.0.9';
    await t.sql(
      `insert into login_attempt (key, failures, blocked_until, updated_at)
       values ('user:racer', 0, now(), now()), (?, 3, now(), now())`,
      [key],
    );
    // Holds the username's row, so that two attempts pass the check, count the address, and then wait.
    const holder = new pg.Client({ connectionString: t.server.orm.config.get('clientUrl') });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from login_attempt where key = 'user:racer' for update`);
      const racing = [1, 2].map(() => login(t.url, { username: 'racer', pin: '36363636' }, '127.0.0.9'));
      await attemptsWaitingForALock(2);
      // Meanwhile the username starts waiting (as a concurrent wrong PIN would make it).
      await holder.query(
        `update login_attempt set failures = 6, blocked_until = now() + interval '60 seconds'
          where key = 'user:racer'`,
      );
      await holder.query('commit');
      const answers = await Promise.all(racing);
      expect(answers.map((a) => [a.status, a.retryAfter])).toEqual([
        [429, 1],
        [429, 1],
      ]);
      expect((await attemptRow(t, key)).failures).toBe(3);
      expect((await attemptRow(t, 'user:racer')).failures).toBe(6);
    } finally {
      await holder.end();
    }
  });

  it('does not take a concurrent attempt that committed "no wait" after this one began for a wait', async () => {
    await makeUser(t, 'overtaken', '47474747');
    const key = 'addr:hq:127.0.0.10';
    await t.sql(
      `insert into login_attempt (key, failures, blocked_until, updated_at) values (?, 0, now(), now())`,
      [key],
    );
    const holder = new pg.Client({ connectionString: t.server.orm.config.get('clientUrl') });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from login_attempt where key = $1 for update', [key]);
      const racing = login(t.url, { username: 'overtaken', pin: '47474747' }, '127.0.0.10');
      await attemptsWaitingForALock(1);
      // An attempt that began later took the row first and left it "no wait" as of its own start: after
      // the waiting attempt's start, yet already past.
      await holder.query(
        `update login_attempt set failures = 1, blocked_until = clock_timestamp(), updated_at = now() where key = $1`,
        [key],
      );
      await holder.query('commit');
      expect((await racing).status).toBe(200);
    } finally {
      await holder.end();
    }
  });

  it('keeps the budgets in the database: instances on it share them and a restart keeps them', async () => {
    const db = await createTestDatabase();
    const servers: RunningServer[] = [];
    const start = async () => {
      const server = await startServer(loadConfig(testServerEnv(), { port: 0, host: '127.0.0.1' }), db.url);
      servers.push(server);
      return server;
    };
    try {
      const [a, b] = [await start(), await start()];
      const slow = { free: 5, baseMs: 60_000, capMs: 60_000 };
      throttleOn(a, { user: slow });
      throttleOn(b, { user: slow });
      // Three wrong PINs at each instance: neither alone has seen more than its 5 free failures.
      for (const server of [a, b, a, b, a, b]) {
        expect((await login(server.url, { username: 'admin', pin: '0000' })).status).toBe(401);
      }
      for (const server of [a, b]) {
        const refused = await login(server.url, { username: 'admin', pin: '1234' });
        expect(refused.status).toBe(429);
        expect([59, 60]).toContain(refused.retryAfter);
      }

      // A restart (the instance stopped, a new one on the database, default rules) keeps the wait.
      await b.close();
      const restarted = await start();
      const afterRestart = await login(restarted.url, { username: 'admin', pin: '1234' });
      expect(afterRestart.status).toBe(429);
      expect(afterRestart.retryAfter).toBeGreaterThanOrEqual(50);
      expect(afterRestart.retryAfter).toBeLessThanOrEqual(60);
    } finally {
      for (const server of servers) await server.close();
      await db.drop();
    }
  });
});

describe('request bodies that are not JSON', () => {
  const loginJson = JSON.stringify({ username: 'admin', pin: '9999' });
  // A body sent with no Content-Type at all (a page can post a Blob so).
  const NO_TYPE = 'no Content-Type';
  const header = (type: string) => (type === NO_TYPE ? undefined : type);

  it.each([
    ['text/plain', loginJson],
    ['text/plain;charset=UTF-8', loginJson],
    ['application/x-www-form-urlencoded', 'username=admin&pin=9999'],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="pin"\r\n\r\n9999\r\n--x--`,
    ],
    [NO_TYPE, loginJson],
  ])('refuses a REST sign-in sent as %s with 415, counting nothing', async (type, body) => {
    const before = await attempts();
    const res = await call(t.url, 'POST', '/api/v1/auth/login', { body, contentType: header(type) });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      success: false,
      error: 'Request body must be JSON, sent as Content-Type: application/json',
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(await attempts()).toEqual(before);
  });

  it('refuses a signed-in write sent as text/plain before it runs; nothing changed', async () => {
    const before = await t.count('department');
    const res = await call(t.url, 'POST', '/api/v1/departments', {
      body: JSON.stringify({ name: 'Posted by a web page' }),
      contentType: 'text/plain',
      token: t.adminToken,
    });
    expect(res.status).toBe(415);
    expect(await t.count('department')).toBe(before);
  });

  it('accepts JSON with parameters or a +json type, and body-less writes without a Content-Type', async () => {
    const withCharset = await call(t.url, 'POST', '/api/v1/auth/login', {
      body: JSON.stringify({ username: 'admin', pin: '1234' }),
      contentType: 'application/json; charset=utf-8',
    });
    expect(withCharset.status).toBe(200);
    const plusJson = await call(t.url, 'POST', '/api/v1/departments', {
      body: JSON.stringify({ name: 'Merge patch dept' }),
      contentType: 'application/vnd.pos+json',
      token: t.adminToken,
    });
    expect(plusJson.status).toBe(201);
    const bodyless = await call(t.url, 'POST', '/api/v1/sync/retry-all', { token: t.adminToken });
    expect(bodyless.status).toBe(200);
  });

  it.each([
    [
      'text/plain',
      JSON.stringify({ query: 'mutation { login(username: "admin", pin: "9999") { accessToken } }' }),
    ],
    [
      'application/x-www-form-urlencoded',
      'query=mutation%20%7B%20login%28username%3A%20%22admin%22%7D%20%7D',
    ],
    [
      NO_TYPE,
      JSON.stringify({ query: 'mutation { login(username: "admin", pin: "9999") { accessToken } }' }),
    ],
  ])('refuses a GraphQL POST sent as %s with 415, counting nothing', async (type, body) => {
    const before = await attempts();
    const res = await call(t.url, 'POST', '/graphql', { body, contentType: header(type) });
    expect(res.status).toBe(415);
    expect(res.body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await attempts()).toEqual(before);
  });

  it('serves GraphQL sent as JSON', async () => {
    const res = await call(t.url, 'POST', '/graphql', {
      body: JSON.stringify({ query: '{ me { user { username } } }' }),
      contentType: json,
      token: t.adminToken,
    });
    expect(res.status).toBe(200);
    expect(res.body.data.me.user.username).toBe('admin');
  });
});
