import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken } from '../../entities/refresh-token.entity.js';
import { Store } from '../../entities/store.entity.js';
import { User } from '../../entities/user.entity.js';
import {
  inTransaction,
  onRollback,
  type AuthUser,
  type RequestContext,
  type Runtime,
} from '../core/context.js';
import { AppError, invalid, unauthenticated } from '../core/errors.js';
import {
  assertPassword,
  assertPin,
  hashSecret,
  pinDigest,
  randomToken,
  storePinDigests,
  successorToken,
  tokenDigest,
  verifySecret,
} from './credentials.js';
import { grantsOf, permissionsAt } from './grants.js';
import { signInKeys, type AttemptKeys } from './login-throttle.js';
import type { CallerSession } from './session-cache.js';
import {
  REFRESH_REUSE_GRACE_SECONDS,
  REFRESH_TOKEN_TTL_DAYS,
  signAccessToken,
  verifyAccessToken,
} from './tokens.js';

/** What a successful login or refresh returns. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
  permissions: string[];
}

export interface LoginInput {
  username: string;
  pin?: string | null;
  password?: string | null;
  storeId?: string | null;
  /** The till signing in (its failures are counted apart from the shop's other tills). */
  terminalId?: string | null;
}

export interface ChangeCredentialInput {
  currentPin?: string | null;
  currentPassword?: string | null;
  newPin?: string | null;
  newPassword?: string | null;
}

const BAD_LOGIN = 'Invalid username or credential';

/**
 * Resolves a bearer token to the caller and their permissions (cached briefly). Returns undefined for
 * an invalid token or an inactive user; the caller is then anonymous.
 */
export async function authenticate(
  runtime: Runtime,
  em: EntityManager,
  token: string,
): Promise<(CallerSession & { storeId?: string }) | undefined> {
  const claims = verifyAccessToken(runtime.jwtSecret, token);
  if (!claims) return undefined;
  const storeId = runtime.mode === 'store' ? runtime.storeId : claims.sid;
  const cached = runtime.sessions.get(claims.sub, storeId);
  if (cached)
    return {
      user: cached.user,
      permissions: cached.permissions,
      chainPermissions: cached.chainPermissions,
      storeId,
    };
  // One raw query (not an entity load, which would leave a partial User in the request's identity map).
  const generation = runtime.sessions.currentGeneration();
  const rows: Array<{
    id: string;
    username: string;
    display_name: string;
    permissions: string[];
    chain_permissions: string[];
  }> = await em.execute(
    `select u.id, u.username, u.display_name,
              array(select distinct unnest(r.permissions)
                      from user_role ur join role r on r.id = ur.role_id
                     where ur.user_id = u.id and (ur.store_id is null or ur.store_id = ?)) as permissions,
              array(select distinct unnest(r.permissions)
                      from user_role ur join role r on r.id = ur.role_id
                     where ur.user_id = u.id and ur.store_id is null) as chain_permissions
         from app_user u
        where u.id = ? and u.is_active`,
    [storeId ?? null, claims.sub],
  );
  if (rows.length === 0) return undefined;
  const authUser: AuthUser = {
    id: rows[0].id,
    username: rows[0].username,
    displayName: rows[0].display_name,
  };
  const session: CallerSession = {
    user: authUser,
    permissions: new Set(rows[0].permissions),
    chainPermissions: new Set(rows[0].chain_permissions),
  };
  runtime.sessions.set(authUser.id, storeId, session, generation);
  return { ...session, storeId };
}

/** Whether a user works at a store: holds a role there or at every store. */
async function worksAt(ctx: RequestContext, userId: string, storeId: string | undefined): Promise<boolean> {
  const rows = await ctx.em.execute(
    'select 1 from user_role where user_id = ? and (store_id is null or store_id = ?) limit 1',
    [userId, storeId ?? null],
  );
  return rows.length > 0;
}

/** The store a new session acts for: the server's own in store mode, else the one asked for (if any). */
async function sessionStore(
  ctx: RequestContext,
  requested: string | null | undefined,
): Promise<string | undefined> {
  if (ctx.runtime.mode === 'store') return ctx.runtime.storeId;
  if (!requested) return undefined;
  const store = await ctx.em.findOne(Store, { id: requested, isActive: true }, { fields: ['id'] });
  if (!store) throw invalid('storeId', 'no active store with this id');
  return store.id;
}

async function issueSession(
  ctx: RequestContext,
  user: User,
  storeId: string | undefined,
  rotated?: { familyId: string; token: string },
): Promise<Session> {
  // Expired tokens serve no purpose (not even reuse detection): drop this user's as a new one is issued.
  await ctx.em.execute('delete from refresh_token where user_id = ? and expires_at < now()', [user.id]);
  const refreshToken = rotated ? successorToken(ctx.runtime.jwtSecret, rotated.token) : randomToken();
  const createdAt = new Date();
  ctx.em.create(RefreshToken, {
    user: user.id,
    tokenHash: tokenDigest(refreshToken),
    familyId: rotated?.familyId ?? randomUUID(),
    storeId: storeId ?? null,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + REFRESH_TOKEN_TTL_DAYS * 86_400_000),
  });
  await ctx.em.flush();
  return sessionFor(ctx, user, storeId, refreshToken, createdAt);
}

/** The answer of a login or refresh: an access token issued at `issuedAt`, with the refresh token given. */
async function sessionFor(
  ctx: RequestContext,
  user: User,
  storeId: string | undefined,
  refreshToken: string,
  issuedAt: Date,
): Promise<Session> {
  return {
    accessToken: signAccessToken(ctx.runtime.jwtSecret, user.id, storeId, issuedAt),
    refreshToken,
    user,
    permissions: permissionsAt(await grantsOf(ctx, user.id), storeId),
  };
}

/** Login by username and PIN or password. Attempts count per username, client address and terminal. */
export async function login(ctx: RequestContext, input: LoginInput): Promise<Session> {
  const username = input.username.trim().toLowerCase();
  if (!input.pin === !input.password) throw invalid('pin', 'give either pin or password');
  const attempt = signInKeys(ctx, { username, storeId: input.storeId, terminalId: input.terminalId });
  await ctx.runtime.loginThrottle.attempt(attempt);
  const user = await ctx.em.findOne(User, { username }, { populate: ['pinHash', 'passwordHash'] });
  const storedHash = input.pin ? user?.pinHash : user?.passwordHash;
  let ok: boolean;
  if (ctx.runtime.mode === 'store' && user?.isActive && !storedHash) {
    // A store holds PIN material only for its own staff, and no password hash at all: HQ decides.
    ok = (await signInThroughHq(ctx, username, input)) === user.id;
  } else {
    ok = input.pin
      ? await verifySecret(user?.pinHash, input.pin)
      : await verifySecret(user?.passwordHash, input.password!);
  }
  if (!user || !ok || !user.isActive) throw unauthenticated(BAD_LOGIN);
  await ctx.runtime.loginThrottle.succeed(attempt);
  if (input.pin && ctx.runtime.mode === 'hq') {
    await fillStorePinDigests(ctx, user, input.pin);
  } else if (input.pin && storedHash && !user.pinDigest && ctx.runtime.sync?.signIn) {
    // Staff of a store newer than their PIN: HQ learns the store's digest from this right PIN, and the
    // next pull brings it, so PIN-only sign-in works here from then on.
    void signInThroughHq(ctx, username, input).catch(() => undefined);
  }
  const store = await sessionStore(ctx, input.storeId);
  if (store && !(await worksAt(ctx, user.id, store))) {
    throw new AppError('FORBIDDEN', 'storeId: you hold no role at this store', { field: 'storeId' });
  }
  return issueSession(ctx, user, store);
}

/** Store mode: HQ checks a credential the store holds no material for; the user's id when it is right. */
function signInThroughHq(ctx: RequestContext, username: string, input: LoginInput): Promise<string> {
  const sync = ctx.runtime.sync;
  if (!sync?.signIn) throw unauthenticated(BAD_LOGIN);
  return sync.signIn({
    username,
    pin: input.pin ?? null,
    password: input.pin ? null : (input.password ?? null),
  });
}

/**
 * HQ: a store server asks whether a credential it cannot check itself is right (a user whose roles are
 * all chain-wide, or a password). The user must work at that store. Answers the user's id; the store
 * then issues its own session. Attempts count like HQ's own logins.
 */
export async function verifyStoreSignIn(
  ctx: RequestContext,
  input: { username: string; pin?: string | null; password?: string | null },
): Promise<{ userId: string }> {
  const store = ctx.syncStore;
  if (!store) throw unauthenticated('A store sync token is required');
  const username = input.username.trim().toLowerCase();
  if (!input.pin === !input.password) throw invalid('pin', 'give either pin or password');
  // The store server's address at HQ: its relayed sign-ins share a budget, besides the username's.
  const attempt = signInKeys(ctx, { username, storeId: store.storeId });
  await ctx.runtime.loginThrottle.attempt(attempt);
  const user = await ctx.em.findOne(User, { username }, { populate: ['pinHash', 'passwordHash'] });
  const ok = input.pin
    ? await verifySecret(user?.pinHash, input.pin)
    : await verifySecret(user?.passwordHash, input.password!);
  if (!user || !ok || !user.isActive || !(await worksAt(ctx, user.id, store.storeId))) {
    throw unauthenticated(BAD_LOGIN);
  }
  await ctx.runtime.loginThrottle.succeed(attempt);
  if (input.pin) await fillStorePinDigests(ctx, user, input.pin);
  return { userId: user.id };
}

/**
 * HQ, after a right PIN: adds the digests of stores created since the PIN was set (a store's key did not
 * exist then, and HQ never keeps a PIN).
 */
async function fillStorePinDigests(ctx: RequestContext, user: User, pin: string): Promise<void> {
  // The stores whose digest the user lacks, found where the digests are (they are one per store).
  const rows = await ctx.em.execute<Array<{ id: string }>>(
    `select s.id from store s, app_user u
      where u.id = ? and not jsonb_exists(coalesce(u.pin_digests, '{}'::jsonb), s.id::text)`,
    [user.id],
  );
  if (rows.length === 0) return;
  const added = storePinDigests(
    ctx.runtime.pinKey,
    pin,
    rows.map((r) => r.id),
  );
  // One atomic merge: a concurrent PIN change (which writes every digest) must not be overwritten.
  await ctx.em.execute(
    `update app_user set pin_digests = coalesce(pin_digests, '{}'::jsonb) || cast(? as jsonb),
            version = version + 1, updated_at = now()
      where id = ? and pin_hash = ?`,
    [JSON.stringify(added), user.id, user.pinHash],
  );
}

/**
 * PIN-only login for tills, on store servers: the keyed PIN digest finds the user through a unique
 * index; the user must work at the store. Attempts count per client address and per terminal of the
 * store, since a PIN guess may hit any employee (never per store alone: that would lock every till).
 * HQ refuses it: a server reachable from the internet would let anyone guess short PINs against every
 * employee at once; there tills sign in with username and PIN.
 */
export async function pinLogin(
  ctx: RequestContext,
  pin: string,
  terminalId?: string | null,
): Promise<Session> {
  if (ctx.runtime.mode === 'hq') {
    throw new AppError(
      'FORBIDDEN',
      'PIN-only login is for store servers; on HQ sign in with username and PIN',
    );
  }
  assertPin('pin', pin);
  const store = ctx.runtime.storeId;
  const attempt = signInKeys(ctx, { terminalId });
  await ctx.runtime.loginThrottle.attempt(attempt);
  const user = await ctx.em.findOne(
    User,
    { pinDigest: pinDigest(ctx.runtime.pinKey, pin), isActive: true },
    { populate: ['pinHash'] },
  );
  if (!user || !(await worksAt(ctx, user.id, store)) || !(await verifySecret(user.pinHash, pin))) {
    throw unauthenticated('Invalid PIN');
  }
  await ctx.runtime.loginThrottle.succeed(attempt);
  return issueSession(ctx, user, store);
}

const BAD_REFRESH = 'Invalid or expired refresh token';

/** Serialises rotation and revocation of one token family (a revocation cannot miss a token being added). */
async function lockFamily(ctx: RequestContext, familyId: string): Promise<void> {
  await ctx.em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [familyId]);
}

/**
 * Exchanges a refresh token for a new pair. Each token works once; presenting a spent one means it
 * leaked, so the whole family (every token since that login) is revoked.
 */
export async function refresh(ctx: RequestContext, token: string): Promise<Session> {
  const attempt = signInKeys(ctx);
  await ctx.runtime.loginThrottle.attempt(attempt);
  const digest = tokenDigest(token);
  const [found] = await ctx.em.execute<Array<{ family_id: string }>>(
    'select family_id from refresh_token where token_hash = ?',
    [digest],
  );
  if (!found) throw unauthenticated(BAD_REFRESH);
  await lockFamily(ctx, found.family_id);
  const spent: Array<{ user_id: string; store_id: string | null }> = await ctx.em.execute(
    `update refresh_token set used_at = now()
      where token_hash = ? and used_at is null and revoked_at is null and expires_at > now()
      returning user_id, store_id`,
    [digest],
  );
  if (spent.length === 0) {
    const again = await sameRefreshAgain(ctx, token, digest, attempt);
    if (again) return again;
    const [state] = await ctx.em.execute<Array<{ used: boolean }>>(
      'select used_at is not null as used from refresh_token where token_hash = ?',
      [digest],
    );
    // The 401 rolls this request's transaction back, so the revocation runs after it, on its own.
    if (state?.used) await onRollback(ctx, () => revokeFamily(ctx, found.family_id));
    throw unauthenticated(BAD_REFRESH);
  }
  const user = await ctx.em.findOne(User, { id: spent[0].user_id, isActive: true });
  if (!user) throw unauthenticated(BAD_REFRESH);
  await ctx.runtime.loginThrottle.succeed(attempt);
  return issueSession(ctx, user, spent[0].store_id ?? undefined, { familyId: found.family_id, token });
}

/**
 * A token used moments ago whose successor is still unused and alive: the same client asked twice, so
 * it gets the very pair of the first answer (same refresh token, same access token). Anything else is
 * left to the reuse detection.
 */
async function sameRefreshAgain(
  ctx: RequestContext,
  token: string,
  digest: string,
  attempt: AttemptKeys,
): Promise<Session | null> {
  const successor = successorToken(ctx.runtime.jwtSecret, token);
  const [row] = await ctx.em.execute<Array<{ user_id: string; store_id: string | null; created_ms: string }>>(
    `select n.user_id, n.store_id, floor(extract(epoch from n.created_at) * 1000)::bigint::text as created_ms
       from refresh_token o
       join refresh_token n on n.token_hash = ? and n.family_id = o.family_id
      where o.token_hash = ? and o.revoked_at is null and o.used_at > now() - make_interval(secs => ?)
        and n.used_at is null and n.revoked_at is null and n.expires_at > now()`,
    [tokenDigest(successor), digest, REFRESH_REUSE_GRACE_SECONDS],
  );
  if (!row) return null;
  const user = await ctx.em.findOne(User, { id: row.user_id, isActive: true });
  if (!user) return null;
  await ctx.runtime.loginThrottle.succeed(attempt);
  return sessionFor(ctx, user, row.store_id ?? undefined, successor, new Date(Number(row.created_ms)));
}

async function revokeFamily(ctx: RequestContext, familyId: string): Promise<void> {
  await inTransaction(ctx, async () => {
    await lockFamily(ctx, familyId);
    await ctx.em.execute(
      'update refresh_token set revoked_at = now() where family_id = ? and revoked_at is null',
      [familyId],
    );
  });
}

/**
 * Replaces the caller's PIN and/or password after checking a current credential. Every refresh token of
 * the user is revoked (other devices sign in again); access tokens already issued lapse within 15 min.
 */
export async function changeCredential(ctx: RequestContext, input: ChangeCredentialInput): Promise<boolean> {
  const me = requireUser(ctx);
  if (!input.currentPin === !input.currentPassword) {
    throw invalid('currentPin', 'give either currentPin or currentPassword');
  }
  if (!input.newPin && !input.newPassword) throw invalid('newPin', 'give newPin and/or newPassword');
  const attempt = signInKeys(ctx, { username: me.username });
  await ctx.runtime.loginThrottle.attempt(attempt);
  const user = await ctx.em.findOneOrFail(User, { id: me.id }, { populate: ['pinHash', 'passwordHash'] });
  const ok = input.currentPin
    ? await verifySecret(user.pinHash, input.currentPin)
    : await verifySecret(user.passwordHash, input.currentPassword!);
  if (!ok) {
    throw new AppError('FORBIDDEN', 'Current credential is wrong', {
      field: input.currentPin ? 'currentPin' : 'currentPassword',
    });
  }
  await setCredentials(
    ctx,
    user,
    { pin: input.newPin, password: input.newPassword },
    { pin: 'newPin', password: 'newPassword' },
  );
  // Only a fully successful change clears the count: a PIN clash after a right credential still counts.
  await ctx.runtime.loginThrottle.succeed(attempt);
  await ctx.em.flush();
  await revokeRefreshTokens(ctx, user.id);
  return true;
}

/** Revokes every refresh token of a user (credential change, deactivation). */
export async function revokeRefreshTokens(ctx: RequestContext, userId: string): Promise<void> {
  await ctx.em.execute(
    'update refresh_token set revoked_at = now() where user_id = ? and revoked_at is null',
    [userId],
  );
}

/**
 * Validates and stores new credentials on a user (hash + PIN digest). PINs are unique (PIN-only login
 * finds its user by them), so a PIN held by someone else is a CONFLICT; since that answer tells the
 * caller someone holds the PIN, each one counts against the caller like a failed login, which stops
 * PIN enumeration.
 */
export async function setCredentials(
  ctx: RequestContext,
  user: User,
  creds: { pin?: string | null; password?: string | null },
  fields = { pin: 'pin', password: 'password' },
): Promise<void> {
  if (creds.pin) {
    assertPin(fields.pin, creds.pin);
    const digest = pinDigest(ctx.runtime.pinKey, creds.pin);
    const clash = await ctx.em.count(User, { pinDigest: digest, id: { $ne: user.id } });
    if (clash > 0) {
      await ctx.runtime.loginThrottle.attempt(signInKeys(ctx, { username: ctx.user?.username }));
      throw new AppError('CONFLICT', `${fields.pin}: this PIN is already in use`, { field: fields.pin });
    }
    user.pinHash = await hashSecret(creds.pin);
    user.pinDigest = digest;
    const stores = await ctx.em.execute<Array<{ id: string }>>('select id from store');
    user.pinDigests = storePinDigests(
      ctx.runtime.pinKey,
      creds.pin,
      stores.map((r) => r.id),
    );
  }
  if (creds.password) {
    assertPassword(fields.password, creds.password);
    user.passwordHash = await hashSecret(creds.password);
  }
}

/** The caller, or UNAUTHENTICATED. */
export function requireUser(ctx: RequestContext): AuthUser {
  if (!ctx.user) throw unauthenticated();
  return ctx.user;
}

/** The caller's user row and effective permissions at the current store. */
export async function me(
  ctx: RequestContext,
): Promise<{ user: User; permissions: string[]; storeId?: string }> {
  const auth = requireUser(ctx);
  const user = await ctx.em.findOneOrFail(User, { id: auth.id });
  return { user, permissions: [...ctx.permissions].sort(), storeId: ctx.storeId };
}
