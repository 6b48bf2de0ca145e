import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isUuid } from '../core/ids.js';

const ACCESS_TTL_SECONDS = 15 * 60;
const ISSUER = 'pos-platform';

/** Claims of a user access token. */
export interface AccessClaims {
  sub: string;
  /** Store the session acts for, if any. */
  sid?: string;
  typ: 'access';
}

/**
 * Signs a 15-minute HS256 access token. Given the same issue time, the same claims sign to the same
 * token (a refresh answered twice hands out one pair).
 */
export function signAccessToken(
  secret: string,
  userId: string,
  storeId?: string,
  issuedAt: Date = new Date(),
): string {
  const claims = {
    typ: 'access',
    ...(storeId ? { sid: storeId } : {}),
    iat: Math.floor(issuedAt.getTime() / 1000),
  };
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: ACCESS_TTL_SECONDS,
    subject: userId,
    issuer: ISSUER,
  });
}

/**
 * A secret, ready for jsonwebtoken, and the tokens it verified. jsonwebtoken first tries to parse a
 * string secret as a public key (an expensive failure on every call): a ready secret KeyObject skips
 * that. Verifying a token is a pure function of the token, the secret and the clock (access tokens are
 * never revoked; they lapse), so a token verified once only needs its expiry checked again: the till's
 * hot path does not pay an HMAC and two JSON parses per request.
 */
interface Verifier {
  key: KeyObject;
  verified: Map<string, { claims: AccessClaims; expiresAt: number }>;
}

/** Bounds the memory of verified tokens (a few MB); the map starts over when full. */
const MAX_VERIFIED = 10_000;

const verifiers = new Map<string, Verifier>();
function verifierFor(secret: string): Verifier {
  let verifier = verifiers.get(secret);
  if (!verifier) {
    verifier = { key: createSecretKey(Buffer.from(secret)), verified: new Map() };
    verifiers.set(secret, verifier);
  }
  return verifier;
}

/** Verifies an access token; returns undefined for anything invalid, expired or not an access token. */
export function verifyAccessToken(secret: string, token: string): AccessClaims | undefined {
  const verifier = verifierFor(secret);
  const known = verifier.verified.get(token);
  // jsonwebtoken's rule: expired once the current whole second reaches `exp`.
  if (known && Math.floor(Date.now() / 1000) < known.expiresAt) return known.claims;
  if (known) verifier.verified.delete(token);
  try {
    const payload = jwt.verify(token, verifier.key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
    }) as jwt.JwtPayload;
    // Every token this server signs lapses and names ids: anything else was not made here (a token
    // without `exp` would never lapse; an id that is not a UUID would reach SQL).
    if (payload.typ !== 'access' || typeof payload.exp !== 'number') return undefined;
    if (!isUuid(payload.sub) || (payload.sid !== undefined && !isUuid(payload.sid))) return undefined;
    const claims: AccessClaims = { sub: payload.sub, sid: payload.sid as string | undefined, typ: 'access' };
    if (verifier.verified.size >= MAX_VERIFIED) verifier.verified.clear();
    verifier.verified.set(token, { claims, expiresAt: payload.exp });
    return claims;
  } catch {
    return undefined;
  }
}

/**
 * When a valid access token lapses, in ms since the epoch (undefined for an invalid one): a connection
 * that outlives its requests (a subscription's socket) ends then.
 */
export function accessTokenExpiresAt(secret: string, token: string): number | undefined {
  if (!verifyAccessToken(secret, token)) return undefined;
  const seconds = verifierFor(secret).verified.get(token)?.expiresAt;
  return seconds === undefined ? undefined : seconds * 1000;
}

export const REFRESH_TOKEN_TTL_DAYS = 30;

/**
 * A refresh token presented again this soon after its use, while its successor is still unused, is the
 * same client asking twice (two tabs, a retry after a lost answer): it gets that same successor rather
 * than being taken for a theft that signs the till out.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 10;
