/**
 * Issue 11, item 2: one shop's sync token must not yield the PINs of the chain. The attack: read the PIN
 * key from GET /sync/status and every user's PIN digest and hashes from GET /sync/pull?entity_type=user,
 * then run an offline HMAC over every PIN. Now a store gets its own key only, and PIN material only for
 * the users who hold a role at that very store; a user whose roles are all chain-wide (admin) signs in
 * at a store server through HQ.
 */
import { createHmac } from 'node:crypto';
import { startSyncPair, type SyncPair } from '../support/sync';

let pair: SyncPair;
let hq: SyncPair['hq'];
let store: SyncPair['store'];
let other: { id: string; code: string };
let tillRole: string;

/** The digest a store server looks a PIN up by, computed here from the documented derivation. */
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

beforeAll(async () => {
  pair = await startSyncPair();
  ({ hq, store } = pair);
  other = await hq.createStore('PINOTHER');
  tillRole = (await atHq('POST', '/roles', { name: 'Till pins', permissions: ['pos.sell'] })).id;
  await atHq('POST', '/users', {
    username: 'here',
    displayName: 'Works here',
    pin: '4821',
    password: 'here-password',
    roles: [{ roleId: tillRole, storeId: pair.storeRow.id }],
  });
  await atHq('POST', '/users', {
    username: 'there',
    displayName: 'Works at the other store',
    pin: '7305',
    roles: [{ roleId: tillRole, storeId: other.id }],
  });
  await store.server.syncAgent!.syncNow();
});
afterAll(() => pair?.close());

async function atHq<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await hq.rest<{ data: T }>(method, path, { token: hq.adminToken, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Every user row the store's token can pull, by username. */
async function pulledUsers(token = pair.token): Promise<Map<string, Record<string, unknown>>> {
  const users = new Map<string, Record<string, unknown>>();
  let cursor = '';
  for (;;) {
    const res = await hq.rest(
      'GET',
      `/sync/pull?entity_type=user&limit=5000${cursor && `&cursor=${cursor}`}`,
      {
        token,
      },
    );
    expect(res.status).toBe(200);
    for (const c of res.body.data.changes) {
      if (c.entityType === 'user') users.set(c.data.username, c.data);
    }
    cursor = res.body.data.cursor;
    if (!res.body.data.hasMore) return users;
  }
}

describe('what a store server learns from HQ', () => {
  it('is its own PIN key (not HQ’s), and PIN material only for its own staff, never a password hash', async () => {
    const status = await hq.rest('GET', '/sync/status', { token: pair.token });
    const storeKey: string = status.body.data.pinKey;
    expect(storeKey).not.toBe(hq.server.runtime.pinKey);
    expect(storeKey).toBe(hmac(hq.server.runtime.pinKey, `store-pin-key:${pair.storeRow.id}`));

    const users = await pulledUsers();
    expect([...users.keys()].sort()).toEqual(['admin', 'here', 'there']);
    for (const [, row] of users) {
      expect(row.password_hash).toBeUndefined();
      expect(row.pin_digests).toBeUndefined();
    }
    expect(users.get('admin')).not.toHaveProperty('pin_hash');
    expect(users.get('admin')).not.toHaveProperty('pin_digest');
    expect(users.get('there')).not.toHaveProperty('pin_hash');
    expect(users.get('there')).not.toHaveProperty('pin_digest');
    expect(users.get('here')!.pin_digest).toBe(hmac(storeKey, 'pin:4821'));
    expect(users.get('here')!.pin_hash).toMatch(/^\$argon2id\$/);

    // The store's database holds the same, and nothing more.
    expect(
      await store.sql(
        `select username, pin_digest, pin_hash is not null as has_pin_hash, password_hash, pin_digests
           from app_user order by username`,
      ),
    ).toEqual([
      { username: 'admin', pin_digest: null, has_pin_hash: false, password_hash: null, pin_digests: null },
      {
        username: 'here',
        pin_digest: hmac(storeKey, 'pin:4821'),
        has_pin_hash: true,
        password_hash: null,
        pin_digests: null,
      },
      { username: 'there', pin_digest: null, has_pin_hash: false, password_hash: null, pin_digests: null },
    ]);
  });

  it('recovers, by an offline search of every 4- and 5-digit PIN, its own staff’s PIN only', async () => {
    const storeKey: string = (await hq.rest('GET', '/sync/status', { token: pair.token })).body.data.pinKey;
    const digests = new Map<string, string>();
    for (const [username, row] of await pulledUsers()) {
      if (typeof row.pin_digest === 'string') digests.set(row.pin_digest, username);
    }
    const recovered: Record<string, string> = {};
    for (let n = 0; n < 100_000; n++) {
      for (const pin of n < 10_000 ? [String(n).padStart(4, '0'), String(n)] : [String(n)]) {
        const who = digests.get(hmac(storeKey, `pin:${pin}`));
        if (who) recovered[who] = pin;
      }
    }
    expect(recovered).toEqual({ here: '4821' });
    // The store's key says nothing about the other store's digests, nor HQ's own.
    const [there] = await hq.sql("select pin_digest, pin_digests from app_user where username = 'there'");
    expect(there.pin_digests[other.id]).not.toBe(hmac(storeKey, 'pin:7305'));
    expect(there.pin_digest).not.toBe(hmac(storeKey, 'pin:7305'));
  });
});

describe('signing in at the store server', () => {
  it('works for its own staff by PIN alone, and not for another store’s', async () => {
    const here = await store.rest('POST', '/auth/pin-login', { body: { pin: '4821' } });
    expect(here.status).toBe(200);
    expect(here.body.data.user.username).toBe('here');
    const there = await store.rest('POST', '/auth/pin-login', { body: { pin: '7305' } });
    expect(there.status).toBe(401);
  });

  it('goes through HQ for a user with chain-wide roles only (admin) and for a password', async () => {
    const admin = await store.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } });
    expect(admin.status).toBe(200);
    expect(admin.body.data.user.username).toBe('admin');
    // The store issued the session: its token works there and not at HQ (another signing key).
    expect((await store.rest('GET', '/auth/me', { token: admin.body.data.accessToken })).status).toBe(200);
    expect((await hq.rest('GET', '/auth/me', { token: admin.body.data.accessToken })).status).toBe(401);

    const wrong = await store.rest('POST', '/auth/login', { body: { username: 'admin', pin: '4321' } });
    expect(wrong.status).toBe(401);
    const password = await store.rest('POST', '/auth/login', {
      body: { username: 'here', password: 'here-password' },
    });
    expect(password.status).toBe(200);
    // A user of another store is refused even with the right PIN: HQ checks that they work here.
    const there = await store.rest('POST', '/auth/login', { body: { username: 'there', pin: '7305' } });
    expect(there.status).toBe(401);
  });

  it('HQ answers a store’s sign-in check only for its own users, and only to a sync token', async () => {
    const check = (body: unknown, token?: string) => hq.rest('POST', '/sync/verify-sign-in', { token, body });
    expect((await check({ username: 'admin', pin: '1234' })).status).toBe(401);
    expect((await check({ username: 'admin', pin: '1234' }, hq.adminToken)).status).toBe(401);
    const ok = await check({ username: 'admin', pin: '1234' }, pair.token);
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({
      userId: (await hq.sql("select id from app_user where username = 'admin'"))[0].id,
    });
    expect((await check({ username: 'there', pin: '7305' }, pair.token)).status).toBe(401);
    expect((await check({ username: 'admin', pin: '9999' }, pair.token)).status).toBe(401);
  });
});

describe('role changes', () => {
  it('bring a user’s PIN material to a store when they start working there, and take it away after', async () => {
    const there = (await hq.sql("select id from app_user where username = 'there'"))[0].id;
    await atHq('PUT', `/users/${there}`, {
      roles: [
        { roleId: tillRole, storeId: other.id },
        { roleId: tillRole, storeId: pair.storeRow.id },
      ],
    });
    await store.server.syncAgent!.syncNow();
    const signedIn = await store.rest('POST', '/auth/pin-login', { body: { pin: '7305' } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.user.username).toBe('there');

    await atHq('PUT', `/users/${there}`, { roles: [{ roleId: tillRole, storeId: other.id }] });
    await store.server.syncAgent!.syncNow();
    expect(await store.sql("select pin_digest, pin_hash from app_user where username = 'there'")).toEqual([
      { pin_digest: null, pin_hash: null },
    ]);
    expect((await store.rest('POST', '/auth/pin-login', { body: { pin: '7305' } })).status).toBe(401);
  });

  it('a store created after a PIN was set gets its digest from the next sign-in with that PIN', async () => {
    const late = await hq.createStore('PINLATE');
    const issued = await hq.rest('POST', `/stores/${late.id}/sync-token`, { token: hq.adminToken });
    const lateToken: string = issued.body.data.token;
    const here = (await hq.sql("select id from app_user where username = 'here'"))[0].id;
    await atHq('PUT', `/users/${here}`, {
      roles: [
        { roleId: tillRole, storeId: pair.storeRow.id },
        { roleId: tillRole, storeId: late.id },
      ],
    });
    const lateKey: string = (await hq.rest('GET', '/sync/status', { token: lateToken })).body.data.pinKey;
    expect((await pulledUsers(lateToken)).get('here')!.pin_digest).toBeNull();

    expect((await hq.rest('POST', '/auth/login', { body: { username: 'here', pin: '4821' } })).status).toBe(
      200,
    );
    expect((await pulledUsers(lateToken)).get('here')!.pin_digest).toBe(hmac(lateKey, 'pin:4821'));
  });
});

describe('with HQ unreachable', () => {
  it('a store’s own staff still sign in; a chain-wide user cannot (503), and nothing is issued', async () => {
    await hq.close();
    const tokens = Number((await store.sql('select count(*) from refresh_token'))[0].count);
    const admin = await store.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } });
    expect(admin.status).toBe(503);
    expect(admin.body.code).toBe('UNAVAILABLE');
    expect(Number((await store.sql('select count(*) from refresh_token'))[0].count)).toBe(tokens);
    expect((await store.rest('POST', '/auth/pin-login', { body: { pin: '4821' } })).status).toBe(200);
    expect(
      (await store.rest('POST', '/auth/login', { body: { username: 'here', pin: '4821' } })).status,
    ).toBe(200);
  });
});
