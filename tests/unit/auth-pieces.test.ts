import { hashSecret, pinDigest, verifySecret, tokenDigest } from '../../src/services/auth/credentials';
import { LoginThrottle } from '../../src/services/auth/login-throttle';
import { SessionCache } from '../../src/services/auth/session-cache';
import { signAccessToken, verifyAccessToken } from '../../src/services/auth/tokens';
import { AppError } from '../../src/services/errors';
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

describe('login throttle', () => {
  it('blocks a username after its attempts, with a retry time, and forgets them on success', async () => {
    const throttle = new LoginThrottle({ perUser: 3, perIp: 100, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) await throttle.attempt({ username: 'bob', ip: '10.0.0.1' });
    const error = await throttle.attempt({ username: 'bob', ip: '10.0.0.2' }).catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('RATE_LIMITED');
    expect((error as AppError).extensions.retryAfter).toBe(60);
    await expect(throttle.attempt({ username: 'alice', ip: '10.0.0.1' })).resolves.toBeUndefined();
    await throttle.succeed({ username: 'bob', ip: '10.0.0.1' });
    await expect(throttle.attempt({ username: 'bob', ip: '10.0.0.1' })).resolves.toBeUndefined();
  });

  it('blocks a client address after its attempts, whatever the username', async () => {
    const throttle = new LoginThrottle({ perUser: 100, perIp: 2, windowSeconds: 60 });
    await throttle.attempt({ username: 'a', ip: '10.0.0.9' });
    await throttle.attempt({ username: 'b', ip: '10.0.0.9' });
    await expect(throttle.attempt({ username: 'c', ip: '10.0.0.9' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await expect(throttle.attempt({ username: 'c', ip: '10.0.0.8' })).resolves.toBeUndefined();
  });

  it('lets exactly the budget through a burst of parallel attempts', async () => {
    const throttle = new LoginThrottle({ perUser: 5, perIp: 100, windowSeconds: 60 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => throttle.attempt({ username: 'burst', ip: '10.0.0.3' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('counts PIN-only attempts per store too', async () => {
    const throttle = new LoginThrottle({ perIp: 100, perStore: 2, windowSeconds: 60 });
    await throttle.attempt({ ip: '10.0.0.4', store: 's1' });
    await throttle.attempt({ ip: '10.0.0.5', store: 's1' });
    await expect(throttle.attempt({ ip: '10.0.0.6', store: 's1' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await expect(throttle.attempt({ ip: '10.0.0.6', store: 's2' })).resolves.toBeUndefined();
  });
});

describe('session cache', () => {
  const user = { id: 'u1', username: 'u', displayName: 'U' };

  it('serves an entry until cleared', () => {
    const cache = new SessionCache(60_000);
    cache.set(
      'u1',
      's1',
      { user, permissions: new Set(['pos.sell']), chainPermissions: new Set() },
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
      { user, permissions: new Set(['roles.manage']), chainPermissions: new Set() },
      readAt,
    );
    expect(cache.get('u1', 's1')).toBeUndefined();
  });
});
