/**
 * Integer arithmetic for money (cents), quantities (thousandths) and rates (basis points). Nothing here
 * ever produces a float: every division rounds half to even ("banker's rounding"), the one rounding rule
 * of the product.
 */

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * `numerator / denominator` rounded half to even: 2.5 → 2, 3.5 → 4, -2.5 → -2. Exact for any safe
 * integers (products beyond 2^53 are computed as BigInt); throws if the result is not a safe integer.
 */
export function divideRoundHalfEven(numerator: bigint | number, denominator: bigint | number): number {
  if (typeof numerator === 'number' && typeof denominator === 'number' && Number.isSafeInteger(numerator)) {
    return roundSafe(numerator, denominator);
  }
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n) throw new RangeError('denominator must be positive');
  const sign = n < 0n ? -1n : 1n;
  const magnitude = n * sign;
  let quotient = magnitude / d;
  const twice = (magnitude % d) * 2n;
  if (twice > d || (twice === d && quotient % 2n === 1n)) quotient += 1n;
  const result = quotient * sign;
  if (result > MAX || result < -MAX) throw new RangeError('result exceeds the safe integer range');
  return Number(result);
}

function roundSafe(n: number, d: number): number {
  if (!(d > 0) || !Number.isSafeInteger(d))
    throw new RangeError('denominator must be a positive safe integer');
  const magnitude = Math.abs(n);
  // Exact: for |n| < 2^53 the division's rounding error, below (n / d) * 2^-53 < 1 / d, is smaller than
  // the distance (at least 1 / d) from a non-integer quotient to the next integer, so the floor is right.
  let quotient = Math.floor(magnitude / d);
  const remainder = magnitude - quotient * d;
  const twice = remainder * 2;
  if (twice > d || (twice === d && quotient % 2 === 1)) quotient += 1;
  return n < 0 ? -quotient : quotient;
}

/** `a * b / denominator` rounded half to even, exact even when `a * b` passes 2^53. */
export function multiplyDivide(a: number, b: number, denominator: number): number {
  const product = a * b;
  return Number.isSafeInteger(product)
    ? divideRoundHalfEven(product, denominator)
    : divideRoundHalfEven(BigInt(a) * BigInt(b), BigInt(denominator));
}
