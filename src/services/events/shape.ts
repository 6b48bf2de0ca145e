import { MAX_MONEY, MAX_QUANTITY } from '../core/bounds.js';
import { invalid } from '../core/errors.js';
import { isUuid } from '../core/ids.js';

/**
 * What a payload field must be. Payloads come from store servers running this code, but a store on an
 * older version, a bug or a hand-made push must be parked with a clear VALIDATION error rather than
 * fail somewhere in SQL, or be stored and then fail every read of it.
 *
 * Numbers: `int` is any safe integer (a session's sums, rates and positions the tax engine checks, and
 * stock movements, which HQ's ledger bounds by the level they leave: see `moveStock`); `money` and
 * `quantity` are one figure within the same bounds as the API's arguments (`services/core/bounds.ts`);
 * `count` fits GraphQL's `Int`. Lists are bounded like the API's (`list(shape, max)`).
 */
export type Kind =
  | 'string'
  | 'string?'
  | 'uuid'
  | 'uuid?'
  | 'int'
  | 'count'
  | 'money'
  | 'quantity'
  | 'bool'
  | 'date'
  | 'object'
  | { readonly oneOf: readonly string[] }
  | { readonly list: Shape; readonly max: number };
export interface Shape {
  readonly [field: string]: Kind;
}

/** A shape, its kinds kept as literals so that `Infer` can read them. */
export const shape = <const S extends Shape>(fields: S): S => fields;

/** A list of at most `max` elements of `shape`. */
export const list = <const S extends Shape>(element: S, max: number) => ({ list: element, max });

/** One of an enum's values (its string values, as JSON carries them). */
export const oneOf = <E extends Record<string, string>>(values: E) => ({
  oneOf: Object.values(values) as Array<`${E[keyof E]}`>,
});

/** The TypeScript type of one kind: `?` kinds may be null, lists are arrays, `oneOf` its union. */
type KindType<K> = K extends 'string' | 'uuid' | 'date'
  ? string
  : K extends 'string?' | 'uuid?'
    ? string | null
    : K extends 'int' | 'count' | 'money' | 'quantity'
      ? number
      : K extends 'bool'
        ? boolean
        : K extends 'object'
          ? Record<string, unknown>
          : K extends { readonly oneOf: ReadonlyArray<infer V> }
            ? V
            : K extends { readonly list: infer S }
              ? Array<Infer<S>>
              : never;

/** The type of a value that passes `checkShape(value, S)`. */
export type Infer<S> = { -readonly [F in keyof S]: KindType<S[F]> };

/** The largest figure of each bounded number kind (either way; `count` from 0). */
export const NUMBER_BOUNDS = {
  int: Number.MAX_SAFE_INTEGER,
  count: 2 ** 31 - 1,
  money: MAX_MONEY,
  quantity: MAX_QUANTITY,
} as const;

/** Checks `value` against `shape`, naming the first wrong field by its path (`payload.items.0.quantity`). */
export function checkShape(value: unknown, shape: Shape, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(path, 'must be an object');
  const record = value as Record<string, unknown>;
  for (const [field, kind] of Object.entries(shape)) {
    const at = `${path}.${field}`;
    const v = record[field];
    const fail = (what: string) => {
      throw invalid(at, `must be ${what}`);
    };
    if (typeof kind === 'object' && 'list' in kind) {
      if (!Array.isArray(v)) fail('an array');
      if ((v as unknown[]).length > kind.max) fail(`an array of at most ${kind.max}`);
      (v as unknown[]).forEach((element, i) => checkShape(element, kind.list, `${at}.${i}`));
    } else if (typeof kind === 'object') {
      if (typeof v !== 'string' || !kind.oneOf.includes(v)) fail(`one of ${kind.oneOf.join(', ')}`);
    } else if (kind.endsWith('?') && (v === null || v === undefined)) {
      // Optional: null, or absent (a store on an earlier version does not send a field added since).
      continue;
    } else if (kind.startsWith('string')) {
      if (typeof v !== 'string') fail('a string');
    } else if (kind.startsWith('uuid')) {
      if (!isUuid(v)) fail('a UUID');
    } else if (kind in NUMBER_BOUNDS) {
      const max = NUMBER_BOUNDS[kind as keyof typeof NUMBER_BOUNDS];
      const min = kind === 'count' ? 0 : -max;
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('an integer');
      if ((v as number) < min || (v as number) > max) fail(`an integer from ${min} to ${max}`);
    } else if (kind === 'bool') {
      if (typeof v !== 'boolean') fail('true or false');
    } else if (kind === 'date') {
      if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail('an ISO date-time');
    } else if (kind === 'object') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('an object');
    }
  }
}
