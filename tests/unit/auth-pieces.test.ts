import { hashSecret, pinDigest, verifySecret, tokenDigest } from '../../src/services/auth/credentials';
import { signInKeys } from '../../src/services/auth/login-throttle';
import { SessionCache } from '../../src/services/auth/session-cache';
import { signAccessToken, verifyAccessToken } from '../../src/services/auth/tokens';
import jwt from 'jsonwebtoken';

describe('credentials', () => {
  it('hashes with argon2id and verifies only the right secret', async () => {
    const hash = await hashSecret('2468');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifySecret(hash, '2468')).toBe(true);
    expect(await verifySecret(hash, '2469')).toBe(false);
    expect(await verifySecret(null, '2468')).toBe(false);
    expect(await verifySecret('garbage', '2468')).toBe(false);
  });

  it('derives the PIN digest from the key: same key same digest, other key other digest', () => {
    expect(pinDigest('k1', '1234')).toBe(pinDigest('k1', '1234'));
    expect(pinDigest('k1', '1234')).not.toBe(pinDigest('k2', '1234'));
    expect(pinDigest('k1', '1234')).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

const USER_1 = '01a23b47-a32e-738e-b815-55001067eb5c';
const USER_2 = '01a23b47-a32e-738e-b815-55001067eb5d';
const STORE_1 = '01a23b47-a533-76cd-a58d-e4d22533c027';

describe('access tokens', () => {
  it('round-trips subject and store; rejects other secrets, algorithms and token types', () => {
    const token = signAccessToken('secret', USER_1, STORE_1);
    expect(verifyAccessToken('secret', token)).toEqual({ sub: USER_1, sid: STORE_1, typ: 'access' });
    expect(verifyAccessToken('other', token)).toBeUndefined();
    const none = jwt.sign({ typ: 'access', sub: USER_1, iss: 'pos-platform' }, '', { algorithm: 'none' });
    expect(verifyAccessToken('secret', none)).toBeUndefined();
    const sync = jwt.sign({ typ: 'sync' }, 'secret', { subject: STORE_1, issuer: 'pos-platform' });
    expect(verifyAccessToken('secret', sync)).toBeUndefined();
  });

  it('refuses a token without expiry, and one whose subject or store is not an id', () => {
    const sign = (claims: object, opts: jwt.SignOptions = { expiresIn: 60 }) =>
      jwt.sign({ typ: 'access', ...claims }, 'secret', { issuer: 'pos-platform', ...opts });
    expect(verifyAccessToken('secret', sign({ sub: USER_1 }))).toEqual({
      sub: USER_1,
      sid: undefined,
      typ: 'access',
    });
    // Signed with the right key but never lapsing: not a token this server makes.
    expect(verifyAccessToken('secret', sign({ sub: USER_1 }, {}))).toBeUndefined();
    expect(verifyAccessToken('secret', sign({ sub: "x' or 1=1 --" }))).toBeUndefined();
    expect(verifyAccessToken('secret', sign({ sub: USER_1, sid: 'not-a-store' }))).toBeUndefined();
    expect(verifyAccessToken('secret', sign({ sub: USER_1, sid: 42 }))).toBeUndefined();
    expect(verifyAccessToken('secret', sign({ sub: 7 }))).toBeUndefined();
  });

  it('signs the same token for the same claims and issue time', () => {
    const at = new Date('2026-12-03T10:00:00.500Z');
    expect(signAccessToken('secret', USER_1, STORE_1, at)).toBe(
      signAccessToken('secret', USER_1, STORE_1, at),
    );
    expect((jwt.decode(signAccessToken('secret', USER_1, STORE_1, at)) as jwt.JwtPayload).iat).toBe(
      Math.floor(at.getTime() / 1000),
    );
  });

  it('remembers a verified token, yet refuses it once expired and under another secret', () => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const token = signAccessToken('secret', USER_2);
      const claims = { sub: USER_2, sid: undefined, typ: 'access' };
      expect(verifyAccessToken('secret', token)).toEqual(claims);
      expect(verifyAccessToken('secret', token)).toEqual(claims);
      expect(verifyAccessToken('other', token)).toBeUndefined();
      const { exp } = jwt.decode(token) as { exp: number };
      clock.mockReturnValue(exp * 1000 - 1);
      expect(verifyAccessToken('secret', token)).toEqual(claims);
      clock.mockReturnValue(exp * 1000);
      expect(verifyAccessToken('secret', token)).toBeUndefined();
      expect(verifyAccessToken('secret', token)).toBeUndefined();
    } finally {
      clock.mockRestore();
    }
  });
});

describe('sign-in throttle keys', () => {
  const hq = { runtime: { mode: 'hq' }, clientIp: '10.0.0.1' } as Parameters<typeof signInKeys>[0];
  const store = {
    runtime: { mode: 'store', storeId: 'store-1' },
    clientIp: '10.0.0.2',
  } as Parameters<typeof signInKeys>[0];

  it('counts a login per username, address at this server and terminal of the store it names', () => {
    expect(signInKeys(hq, { username: 'bob', storeId: 'store-9', terminalId: 'T1' })).toEqual({
      user: 'user:bob',
      // Not the named store: naming another one would escape the address's budget.
      address: 'addr:hq:10.0.0.1',
      terminal: 'term:store-9:T1',
    });
    expect(signInKeys(hq, { username: 'bob' })).toEqual({ user: 'user:bob', address: 'addr:hq:10.0.0.1' });
    expect(signInKeys(hq, { terminalId: 'T1' })).toEqual({
      address: 'addr:hq:10.0.0.1',
      terminal: 'term:-:T1',
    });
  });

  it("keys a store server's attempts on (store, address) and (store, terminal), never the store alone", () => {
    expect(signInKeys(store, { terminalId: 'T1', storeId: 'store-9' })).toEqual({
      address: 'addr:store-1:10.0.0.2',
      terminal: 'term:store-1:T1',
    });
    expect(signInKeys(store)).toEqual({ address: 'addr:store-1:10.0.0.2' });
  });
});

describe('session cache', () => {
  const user = { id: 'u1', username: 'u', displayName: 'U' };

  it('serves an entry until cleared', () => {
    const cache = new SessionCache(60_000);
    cache.set(
      'u1',
      's1',
      { user, grants: [], permissions: new Set(['pos.sell']), chainPermissions: new Set() },
      cache.currentGeneration(),
    );
    expect([...cache.get('u1', 's1')!.permissions]).toEqual(['pos.sell']);
    expect(cache.get('u1', undefined)).toBeUndefined();
    cache.clear();
    expect(cache.get('u1', 's1')).toBeUndefined();
  });

  it('drops what a lookup read before a change committed', () => {
    const cache = new SessionCache(60_000);
    const readAt = cache.currentGeneration();
    cache.clear(); // a role changed while the lookup was reading the old permissions
    cache.set(
      'u1',
      's1',
      { user, grants: [], permissions: new Set(['roles.manage']), chainPermissions: new Set() },
      readAt,
    );
    expect(cache.get('u1', 's1')).toBeUndefined();
  });
});
