import jwt from 'jsonwebtoken';
import { startTestServer, type TestServer } from '../support/server';
import { throttleWith } from '../support/throttle';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  // Every call of this file comes from one address: only the username's budget is under test here, with
  // waits long enough that no test depends on timing (login-throttle.test.ts covers the rest).
  throttleWith(t, {
    user: { free: 5, baseMs: 60_000, capMs: 60_000 },
    address: { free: 1000, baseMs: 1000, capMs: 30_000 },
  });
});
afterAll(() => t.close());

async function makeUser(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/users', { token: t.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function roleWith(permissions: string[]) {
  const res = await t.rest('POST', '/roles', {
    token: t.adminToken,
    body: { name: `r-${Math.random()}`, permissions },
  });
  return res.body.data.id as string;
}

describe('POST /auth/login', () => {
  it('logs in with username + PIN and returns tokens, the user and permissions', async () => {
    const res = await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    const { accessToken, refreshToken, user, permissions } = res.body.data;
    expect(accessToken.split('.')).toHaveLength(3);
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(user).toMatchObject({ username: 'admin', displayName: 'Administrator', isActive: true });
    expect(permissions).toContain('products.view');
    expect(permissions).toContain('reports.discount_analysis');
    expect(permissions).toHaveLength(67);
    expect(JSON.stringify(res.body)).not.toMatch(/pinHash|passwordHash|pinDigest|argon2/);
  });

  it('logs in with username + password, case-insensitively on the username', async () => {
    await makeUser({ username: 'Pat', displayName: 'Pat', password: 'correct horse' });
    const res = await t.rest('POST', '/auth/login', { body: { username: 'PAT', password: 'correct horse' } });
    expect(res.status).toBe(200);
    expect(res.body.data.user.username).toBe('pat');
    expect(res.body.data.permissions).toEqual([]);
  });

  it('answers 401 with one message for a wrong PIN, an unknown user and an inactive user', async () => {
    await makeUser({ username: 'gone', displayName: 'Gone', pin: '86420', isActive: false });
    for (const body of [
      { username: 'admin', pin: '9999' },
      { username: 'nobody', pin: '1234' },
      { username: 'gone', pin: '86420' },
    ]) {
      const res = await t.rest('POST', '/auth/login', { body });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        success: false,
        error: 'Invalid username or credential',
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('validates the body: 400 for a malformed PIN, both or neither credential', async () => {
    expect((await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '12' } })).body.error).toBe(
      'pin: pin must be 4 to 8 digits',
    );
    expect((await t.rest('POST', '/auth/login', { body: { username: 'admin' } })).status).toBe(400);
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234', password: 'x' } }))
        .status,
    ).toBe(400);
    expect((await t.rest('POST', '/auth/login', { raw: '{' })).status).toBe(400);
  });

  it('lets exactly the free failures (and the one that starts the wait) of a parallel burst through', async () => {
    await makeUser({ username: 'burst', displayName: 'Burst', pin: '86868686' });
    const addressFailures = async () =>
      (await t.sql("select failures from login_attempt where key = 'addr:hq:127.0.0.1'"))[0]?.failures ?? 0;
    const before = await addressFailures();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.rest('POST', '/auth/login', { body: { username: 'burst', pin: '00000000' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([
      401, 401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429,
    ]);
    // The address counts the six failures only: a guess refused because the username started waiting
    // while it was being counted (a race) gives the address its point back.
    expect(await addressFailures()).toBe(before + 6);
  });

  it('makes a username wait after its free failures (429 + Retry-After), even for the right PIN', async () => {
    await makeUser({ username: 'victim', displayName: 'Victim', pin: '135790' });
    for (let i = 0; i < 6; i++) {
      expect(
        (await t.rest('POST', '/auth/login', { body: { username: 'victim', pin: '000000' } })).status,
      ).toBe(401);
    }
    const blocked = await t.rest('POST', '/auth/login', { body: { username: 'victim', pin: '135790' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(blocked.body.error).toBe(`Too many failed attempts; retry in ${retryAfter} s`);
    // Another user from the same address is not locked out by it.
    expect((await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } })).status).toBe(
      200,
    );
  });
});

describe('POST /auth/pin-login', () => {
  it('is refused on HQ, whatever the PIN', async () => {
    const res = await t.rest('POST', '/auth/pin-login', { body: { pin: '1234' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('PIN-only login is for store servers; on HQ sign in with username and PIN');
  });

  it("finds the store's employee by PIN alone on a store server; others are refused alike", async () => {
    const store = await startTestServer({ mode: 'store' });
    try {
      const hq = store.hq!;
      const role = (
        await hq.rest('POST', '/roles', {
          token: hq.adminToken,
          body: { name: 'Till', permissions: ['pos.sell'] },
        })
      ).body.data;
      const elsewhere = await store.createStore('ELSE');
      const mk = (username: string, pin: string, storeId: string) =>
        hq.rest('POST', '/users', {
          token: hq.adminToken,
          body: { username, displayName: username, pin, roles: [{ roleId: role.id, storeId }] },
        });
      await mk('till1', '24680', store.storeId!);
      await mk('away', '13579', elsewhere.id);

      const ok = await store.rest('POST', '/auth/pin-login', { body: { pin: '24680' } });
      expect(ok.status).toBe(200);
      expect(ok.body.data.user.username).toBe('till1');
      expect(ok.body.data.permissions).toEqual(['pos.sell']);
      const me = await store.rest('GET', '/auth/me', { token: ok.body.data.accessToken });
      expect(me.body.data.storeId).toBe(store.storeId);

      for (const pin of ['13579', '11223344']) {
        const res = await store.rest('POST', '/auth/pin-login', { body: { pin } });
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('Invalid PIN');
      }
      expect((await store.rest('POST', '/auth/pin-login', { body: { pin: '12' } })).status).toBe(400);
    } finally {
      await store.close();
    }
  });
});

describe('login for a store', () => {
  it('acts for a store only where the user works (a role there or at every store)', async () => {
    const here = await t.createStore('WRK1');
    const there = await t.createStore('WRK2');
    const role = await roleWith(['pos.sell']);
    await makeUser({
      username: 'local',
      displayName: 'Local',
      pin: '77665544',
      roles: [{ roleId: role, storeId: here.id }],
    });
    expect(
      (
        await t.rest('POST', '/auth/login', {
          body: { username: 'local', pin: '77665544', storeId: here.id },
        })
      ).status,
    ).toBe(200);
    const res = await t.rest('POST', '/auth/login', {
      body: { username: 'local', pin: '77665544', storeId: there.id },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('storeId: you hold no role at this store');
    const unknown = await t.rest('POST', '/auth/login', {
      body: { username: 'local', pin: '77665544', storeId: '01900000-0000-7000-8000-000000000000' },
    });
    expect(unknown.status).toBe(400);
  });
});

describe('POST /auth/refresh', () => {
  it('rotates the refresh token; reusing a spent one revokes the whole family', async () => {
    const login = (await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } })).body
      .data;
    const first = await t.rest('POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.data.refreshToken).not.toBe(login.refreshToken);
    expect((await t.rest('GET', '/auth/me', { token: first.body.data.accessToken })).status).toBe(200);

    // Presented again later than the grace of a double request: a theft.
    await t.sql(
      "update refresh_token set used_at = used_at - interval '1 minute' where token_hash = encode(sha256(?::bytea), 'hex')",
      [login.refreshToken],
    );
    const replay = await t.rest('POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } });
    expect(replay.status).toBe(401);
    // The theft is detected: the token issued by the first refresh is dead too.
    const afterReplay = await t.rest('POST', '/auth/refresh', {
      body: { refreshToken: first.body.data.refreshToken },
    });
    expect(afterReplay.status).toBe(401);
  });

  it('answers two refreshes of one token at once with the same new pair (the till stays signed in)', async () => {
    const login = (await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } })).body
      .data;
    const [a, b] = await Promise.all(
      [1, 2].map(() => t.rest('POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } })),
    );
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.data.refreshToken).toBe(a.body.data.refreshToken);
    expect(b.body.data.accessToken).toBe(a.body.data.accessToken);
    expect(a.body.data.refreshToken).not.toBe(login.refreshToken);
    // One successor only, and it works (once).
    const [{ family }] = await t.sql(
      "select count(*)::int as family from refresh_token where family_id = (select family_id from refresh_token where token_hash = encode(sha256(?::bytea), 'hex'))",
      [login.refreshToken],
    );
    expect(family).toBe(2);
    const next = await t.rest('POST', '/auth/refresh', { body: { refreshToken: a.body.data.refreshToken } });
    expect(next.status).toBe(200);
    // Once the successor was used, the first token presented again is a theft: the family is revoked.
    const late = await t.rest('POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } });
    expect(late.status).toBe(401);
    const after = await t.rest('POST', '/auth/refresh', {
      body: { refreshToken: next.body.data.refreshToken },
    });
    expect(after.status).toBe(401);
  });

  it('answers 401 (not 500) for a well-signed token without expiry or with ids that are not ids', async () => {
    const secret = t.server.runtime.jwtSecret;
    const admin = (await t.sql("select id from app_user where username = 'admin'"))[0].id;
    const sign = (claims: object, opts: jwt.SignOptions = { expiresIn: 60 }) =>
      jwt.sign({ typ: 'access', ...claims }, secret, { issuer: 'pos-platform', ...opts });
    expect((await t.rest('GET', '/auth/me', { token: sign({ sub: admin }) })).status).toBe(200);
    for (const token of [
      sign({ sub: admin }, {}),
      sign({ sub: 'not-a-uuid' }),
      sign({ sub: admin, sid: 'not-a-uuid' }),
    ]) {
      const res = await t.rest('GET', '/auth/me', { token });
      expect(res.status).toBe(401);
      const gql = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { user { username } } }' }),
      });
      expect(
        ((await gql.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code,
      ).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an expired token without revoking anything, and drops expired tokens at the next login', async () => {
    const login = (await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } })).body
      .data;
    await t.sql(
      "update refresh_token set expires_at = now() - interval '1 day' where token_hash = encode(sha256(?::bytea), 'hex')",
      [login.refreshToken],
    );
    expect(
      (await t.rest('POST', '/auth/refresh', { body: { refreshToken: login.refreshToken } })).status,
    ).toBe(401);
    const [{ revoked }] = await t.sql(
      "select count(*)::int as revoked from refresh_token where revoked_at is not null and token_hash = encode(sha256(?::bytea), 'hex')",
      [login.refreshToken],
    );
    expect(revoked).toBe(0);
    await t.login('admin', '1234');
    const [{ expired }] = await t.sql(
      'select count(*)::int as expired from refresh_token where expires_at < now()',
    );
    expect(expired).toBe(0);
  });

  it('refuses an unknown token', async () => {
    const res = await t.rest('POST', '/auth/refresh', { body: { refreshToken: 'made-up' } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('Invalid or expired refresh token');
  });
});

describe('GET /auth/me', () => {
  it('returns the user and the permissions at the session store', async () => {
    const store = await t.createStore('ME1');
    const globalRole = await roleWith(['products.view']);
    const storeRole = await roleWith(['pos.sell', 'pos.void']);
    const user = await makeUser({
      username: 'mixed',
      displayName: 'Mixed',
      pin: '97531',
      roles: [{ roleId: globalRole }, { roleId: storeRole, storeId: store.id }],
    });
    const atHq = await t.rest('POST', '/auth/login', { body: { username: 'mixed', pin: '97531' } });
    const meHq = await t.rest('GET', '/auth/me', { token: atHq.body.data.accessToken });
    expect(meHq.body.data).toEqual({
      user: expect.objectContaining({ id: user.id, username: 'mixed' }),
      permissions: ['products.view'],
      storeId: null,
    });
    const atStore = await t.rest('POST', '/auth/login', {
      body: { username: 'mixed', pin: '97531', storeId: store.id },
    });
    const meStore = await t.rest('GET', '/auth/me', { token: atStore.body.data.accessToken });
    expect(meStore.body.data.permissions).toEqual(['pos.sell', 'pos.void', 'products.view']);
    expect(meStore.body.data.storeId).toBe(store.id);
  });

  it('is 401 without a token or with a forged one', async () => {
    expect((await t.rest('GET', '/auth/me')).status).toBe(401);
    expect((await t.rest('GET', '/auth/me', { token: 'eyJhbGciOiJub25lIn0.e30.' })).status).toBe(401);
  });
});

describe('POST /auth/change-credential', () => {
  it('needs the current credential; on success the new PIN works and the old one does not', async () => {
    await makeUser({
      username: 'changer',
      displayName: 'Changer',
      pin: '11112222',
      password: 'old password',
    });
    const token = await t.login('changer', '11112222');
    const hashBefore = (await t.sql("select pin_hash from app_user where username = 'changer'"))[0].pin_hash;

    const wrong = await t.rest('POST', '/auth/change-credential', {
      token,
      body: { currentPin: '99998888', newPin: '33334444' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('Current credential is wrong');
    expect((await t.sql("select pin_hash from app_user where username = 'changer'"))[0].pin_hash).toBe(
      hashBefore,
    );

    const anon = await t.rest('POST', '/auth/change-credential', {
      body: { currentPin: '11112222', newPin: '33334444' },
    });
    expect(anon.status).toBe(401);

    const ok = await t.rest('POST', '/auth/change-credential', {
      token,
      body: { currentPassword: 'old password', newPin: '33334444', newPassword: 'new password' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ success: true, data: true });
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'changer', pin: '11112222' } })).status,
    ).toBe(401);
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'changer', pin: '33334444' } })).status,
    ).toBe(200);
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'changer', password: 'new password' } }))
        .status,
    ).toBe(200);
  });

  it('refuses a PIN already used by another user with 409', async () => {
    await makeUser({ username: 'pinowner', displayName: 'Owner', pin: '55556666' });
    await makeUser({ username: 'pinwanter', displayName: 'Wanter', pin: '77778888' });
    const token = await t.login('pinwanter', '77778888');
    const res = await t.rest('POST', '/auth/change-credential', {
      token,
      body: { currentPin: '77778888', newPin: '55556666' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('newPin: this PIN is already in use');
  });

  it('counts PIN clashes like failed logins, so PINs cannot be enumerated', async () => {
    await makeUser({ username: 'prober', displayName: 'Prober', pin: '12344321' });
    const token = await t.login('prober', '12344321');
    const statuses: number[] = [];
    // Every guess below is a PIN someone holds (admin's): the answers stop being informative at once.
    for (let i = 0; i < 4; i++) {
      const res = await t.rest('POST', '/auth/change-credential', {
        token,
        body: { currentPin: '12344321', newPin: '1234' },
      });
      statuses.push(res.status);
    }
    // Each clash costs two of the 5 free failures: the credential check and the clash itself. The third
    // request's clash is the sixth failure, which starts the wait.
    expect(statuses).toEqual([409, 409, 409, 429]);
    expect((await t.sql("select pin_digest from app_user where username = 'prober'"))[0].pin_digest).not.toBe(
      (await t.sql("select pin_digest from app_user where username = 'admin'"))[0].pin_digest,
    );
  });

  it('lets the admin change its own PIN', async () => {
    const res = await t.rest('POST', '/auth/change-credential', {
      token: t.adminToken,
      body: { currentPin: '1234', newPin: '4321' },
    });
    expect(res.status).toBe(200);
    expect((await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '4321' } })).status).toBe(
      200,
    );
    await t.rest('POST', '/auth/change-credential', {
      token: t.adminToken,
      body: { currentPin: '4321', newPin: '1234' },
    });
  });
});

describe('stored credentials', () => {
  it('keeps PINs and passwords only as argon2id hashes and the PIN as a keyed digest', async () => {
    await makeUser({
      username: 'hashed',
      displayName: 'Hashed',
      pin: '24682468',
      password: 'a long password',
    });
    const [row] = await t.sql(
      "select pin_hash, pin_digest, password_hash from app_user where username = 'hashed'",
    );
    expect(row.pin_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.pin_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('24682468');
  });
});
