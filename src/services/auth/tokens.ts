import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

const ACCESS_TTL_SECONDS = 15 * 60;
const ISSUER = 'pos-platform';

/** Claims of a user access token. */
export interface AccessClaims {
  sub: string;
  /** Store the session acts for, if any. */
  sid?: string;
  typ: 'access';
}

/** Signs a 15-minute HS256 access token. */
export function signAccessToken(secret: string, userId: string, storeId?: string): string {
  const claims: Omit<AccessClaims, 'sub'> = { typ: 'access', ...(storeId ? { sid: storeId } : {}) };
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn: ACCESS_TTL_SECONDS,
    subject: userId,
    issuer: ISSUER,
  });
}

// jsonwebtoken first tries to parse a string secret as a public key (an expensive failure on every
// call); handing it a ready secret KeyObject skips that on the hot path.
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
}

/** Verifies an access token; returns undefined for anything invalid, expired or not an access token. */
export function verifyAccessToken(secret: string, token: string): AccessClaims | undefined {
  try {
    const claims = jwt.verify(token, secretKey(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
    }) as jwt.JwtPayload;
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return undefined;
    return { sub: claims.sub, sid: typeof claims.sid === 'string' ? claims.sid : undefined, typ: 'access' };
  } catch {
    return undefined;
  }
}

export const REFRESH_TOKEN_TTL_DAYS = 30;
