import type { ChangeCredentialInput } from './sign-in.js';
import { User } from '../../entities/user.entity.js';
import type { AuthUser, RequestContext } from '../core/context.js';
import { AppError, invalid, unauthenticated } from '../core/errors.js';
import {
  assertPassword,
  assertPin,
  hashSecret,
  pinDigest,
  storePinDigests,
  verifySecret,
} from './credentials.js';
import { signInKeys } from './login-throttle.js';

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
      throw new AppError('CONFLICT', { field: fields.pin, reason: 'this PIN is already in use' });
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

/**
 * The caller, their effective permissions and the store they act for (`MeResult` in the schema
 * implements it).
 */
export interface CallerProfile {
  user: User;
  /** Effective permissions at the current store, sorted. */
  permissions: string[];
  /** The store the session acts for, if any. */
  storeId?: string;
}

/** The caller's user row and effective permissions at the current store. */
export async function me(ctx: RequestContext): Promise<CallerProfile> {
  const auth = requireUser(ctx);
  const user = await ctx.em.findOneOrFail(User, { id: auth.id });
  return { user, permissions: [...ctx.permissions].sort(), storeId: ctx.storeId };
}
