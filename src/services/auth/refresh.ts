import { User } from '../../entities/user.entity.js';
import { inTransaction, onRollback, type RequestContext } from '../core/context.js';
import { unauthenticated } from '../core/errors.js';
import { successorToken, tokenDigest } from './credentials.js';
import { signInKeys, type AttemptKeys } from './login-throttle.js';
import { REFRESH_REUSE_GRACE_SECONDS } from './tokens.js';

import { issueSession, sessionFor, type Session } from './sign-in.js';

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
