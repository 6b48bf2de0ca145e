import { GraphQLScalarType } from 'graphql';
import { GraphQLSafeInt } from 'graphql-scalars';

const MAX = Number.MAX_SAFE_INTEGER;
const MAX_BIG = BigInt(MAX);

/**
 * A whole number read back from the database or computed from it, as a safe integer: values beyond
 * ±(2^53 − 1) saturate at ±9007199254740991 with their sign. The API's bounds (`services/core/bounds.ts`)
 * keep every figure it writes far below that, so only a row written before those bounds, or by hand,
 * gets here; serving it saturated keeps the list, receipt or report around it readable, and the figure
 * stays recognisably out of range (no real price, payment or stock level comes near it). Bigint
 * columns arrive as numbers (already rounded past 2^53), numeric sums as strings, BigInt sums as
 * bigint: all are handled. Anything not a whole number gives NaN.
 */
export function toSafeInteger(value: number | string | bigint): number {
  if (typeof value === 'bigint') return value > MAX_BIG ? MAX : value < -MAX_BIG ? -MAX : Number(value);
  const number = Number(value);
  if (!Number.isInteger(number)) return Number.NaN;
  return Math.max(-MAX, Math.min(MAX, number));
}

/**
 * `SafeInt` as graphql-scalars defines it (same name, description and input rules: an input beyond
 * 2^53 is refused), except that an output beyond the safe range saturates (see `toSafeInteger`)
 * instead of failing the whole answer: one oversized row must not turn a sales list, a receipt, an X
 * or Z report or the inventory into a 500. Entities and argument types use this one, never
 * graphql-scalars' own (the schema holds one type per name).
 */
export const SafeInt = new GraphQLScalarType({
  ...GraphQLSafeInt.toConfig(),
  serialize(output) {
    if (typeof output === 'bigint') return toSafeInteger(output);
    if (typeof output === 'number' && Number.isInteger(output)) return toSafeInteger(output);
    if (typeof output === 'string' && /^-?\d+$/.test(output)) return toSafeInteger(output);
    // Fractions, NaN and other shapes are bugs: refused exactly as graphql-scalars refuses them.
    return GraphQLSafeInt.serialize(output);
  },
});
