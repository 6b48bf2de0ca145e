import { hash, verify, Algorithm } from '@node-rs/argon2';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { invalid } from '../core/errors.js';

// OWASP's recommended argon2id profile (19 MiB, 2 passes): ~20 ms per hash on this hardware.
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a PIN or password with argon2id (salted, slow). */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2);
}

/** Checks a secret against its hash; a missing hash is checked against a dummy so timing leaks nothing. */
export async function verifySecret(storedHash: string | null | undefined, secret: string): Promise<boolean> {
  if (!storedHash) {
    await verify(await dummyHash(), secret).catch(() => false);
    return false;
  }
  return verify(storedHash, secret).catch(() => false);
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash(randomBytes(16).toString('hex'), ARGON2);
  return dummy;
}

/**
 * Keyed digest of a PIN: lets a PIN-only login find its user through a unique index. Without the key
 * (kept outside the database) the digest cannot be brute-forced from a database dump.
 */
export function pinDigest(pinKey: string, pin: string): string {
  return createHmac('sha256', pinKey).update(`pin:${pin}`).digest('hex');
}

/**
 * The key of one store's PIN digests, derived from the chain's key: a store server holds only its own,
 * so its database and its key together reveal nothing about PINs at any other store, and the chain's
 * key never leaves HQ.
 */
export function storePinKey(pinKey: string, storeId: string): string {
  return createHmac('sha256', pinKey).update(`store-pin-key:${storeId}`).digest('hex');
}

/** A PIN's digest under each store's own key (store id -> digest), as a store server will look it up. */
export function storePinDigests(
  pinKey: string,
  pin: string,
  storeIds: Iterable<string>,
): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const id of storeIds) digests[id] = pinDigest(storePinKey(pinKey, id), pin);
  return digests;
}

/** SHA-256 of a high-entropy random token (refresh and sync tokens): no salt or slow hash needed. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The refresh token that replaces `token` at its rotation: derived, not drawn, so that a refresh asked
 * twice at once is answered with the same successor (see REFRESH_REUSE_GRACE_SECONDS). It is as secret
 * as `token` itself and the server's key.
 */
export function successorToken(serverKey: string, token: string): string {
  return createHmac('sha256', serverKey).update(`refresh-successor:${token}`).digest('base64url');
}

/** A new random token, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** PINs are 4 to 8 digits. */
export function assertPin(field: string, pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw invalid(field, 'must be 4 to 8 digits');
}

/** Passwords are 8 to 128 characters. */
export function assertPassword(field: string, password: string): void {
  if (password.length < 8 || password.length > 128) throw invalid(field, 'must be 8 to 128 characters');
}
