import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken } from '../../entities/refresh-token.entity.js';
import { Store } from '../../entities/store.entity.js';
import { User } from '../../entities/user.entity.js';
import type { AuthUser, RequestContext, Runtime } from '../core/context.js';
import { AppError, invalid, unauthenticated } from '../core/errors.js';
import {
  assertPin,
  pinDigest,
  randomToken,
  storePinDigests,
  successorToken,
  tokenDigest,
  verifySecret,
} from './credentials.js';
import { grantsOf, grantsSql, permissionsAt, sessionPermissions, type Grant } from './grants.js';
import { signInKeys, type AttemptKeys } from './login-throttle.js';
import type { CallerSession } from './session-cache.js';
import { REFRESH_TOKEN_TTL_DAYS, signAccessToken, verifyAccessToken } from './tokens.js';

/** What a successful login or refresh returns (`LoginResult` in the schema implements it). */
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
  if (cached) {
    const { user, grants, permissions, chainPermissions } = cached;
    return { user, grants, permissions, chainPermissions, storeId };
  }
  // One raw query (not an entity load, which would leave a partial User in the request's identity map).
  const generation = runtime.sessions.currentGeneration();
  const rows: Array<{ id: string; username: string; display_name: string; grants: Grant[] }> =
    await em.execute(
      `select u.id, u.username, u.display_name,
              coalesce((select json_agg(json_build_object('storeId', g.store_id, 'permission', g.permission))
                          from (${grantsSql('u.id')}) g), '[]'::json) as grants
         from app_user u
        where u.id = ? and u.is_active`,
      [claims.sub],
    );
  if (rows.length === 0) return undefined;
  const authUser: AuthUser = {
    id: rows[0].id,
    username: rows[0].username,
    displayName: rows[0].display_name,
  };
  const grants = rows[0].grants;
  const session: CallerSession = { user: authUser, grants, ...sessionPermissions(grants, storeId) };
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

export async function issueSession(
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
export async function sessionFor(
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
    throw new AppError('FORBIDDEN', { field: 'storeId', reason: 'you hold no role at this store' });
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
  const user = await userByPin(ctx, pin, signInKeys(ctx, { terminalId }), (u) => worksAt(ctx, u.id, store));
  if (!user) throw unauthenticated('Invalid PIN');
  return issueSession(ctx, user, store);
}

/**
 * The active user a PIN is, when `allowed` says they may use it here, counted by the sign-in throttle
 * under `attempt` (a refusal is one more failure, a success gives its keys back); undefined otherwise,
 * whichever of the three failed. PIN sign-in and a manager's PIN approval both find users so. The PIN's
 * keyed digest finds the user without trying every hash; its hash then proves it.
 */
export async function userByPin(
  ctx: RequestContext,
  pin: string,
  attempt: AttemptKeys,
  allowed: (user: User) => Promise<boolean>,
): Promise<User | undefined> {
  await ctx.runtime.loginThrottle.attempt(attempt);
  const user = await ctx.em.findOne(
    User,
    { pinDigest: pinDigest(ctx.runtime.pinKey, pin), isActive: true },
    { populate: ['pinHash'] },
  );
  if (!user || !(await allowed(user)) || !(await verifySecret(user.pinHash, pin))) return undefined;
  await ctx.runtime.loginThrottle.succeed(attempt);
  return user;
}
