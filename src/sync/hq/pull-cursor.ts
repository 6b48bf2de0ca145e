import { invalid, isUuid } from '../../services/core/index.js';
import { ENTITY_TYPES } from '../shared/protocol.js';

/**
 * Where a store is in HQ's master data. First contact pages through the tables (`s`: the fence `f` taken
 * at its first page, the type's index `t`, the last id sent `i`), then reads the log from `(f, 0)` (`l`:
 * the last change's transaction id `x` and change id `i`). Sent base64url-encoded: opaque to stores.
 */
export type Cursor = { p: 's'; f: string; t: number; i: string | null } | { p: 'l'; x: string; i: string };

const DIGITS = /^\d{1,20}$/;

/** Encodes a cursor for the wire. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Decodes a cursor a store sent back; anything not made by `encodeCursor` is a 400 naming `cursor`. */
export function decodeCursor(text: string): Cursor {
  const bad = () => invalid('cursor', 'not a cursor this server issued');
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof value !== 'object' || value === null) throw bad();
  const c = value as Record<string, unknown>;
  if (c.p === 's') {
    const ok =
      Object.keys(c).length === 4 &&
      typeof c.f === 'string' &&
      DIGITS.test(c.f) &&
      Number.isInteger(c.t) &&
      (c.t as number) >= 0 &&
      (c.t as number) <= ENTITY_TYPES.length &&
      (c.i === null || isUuid(c.i));
    if (ok) return { p: 's', f: c.f as string, t: c.t as number, i: c.i as string | null };
  } else if (c.p === 'l') {
    const ok =
      Object.keys(c).length === 3 &&
      typeof c.x === 'string' &&
      DIGITS.test(c.x) &&
      typeof c.i === 'string' &&
      DIGITS.test(c.i);
    if (ok) return { p: 'l', x: c.x as string, i: c.i as string };
  }
  throw bad();
}
