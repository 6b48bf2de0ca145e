import { SafeInt, toSafeInteger } from '../../src/entities/safe-int';

const MAX = Number.MAX_SAFE_INTEGER;

describe('SafeInt', () => {
  it('serialises safe integers as they are', () => {
    expect([0, -1, 123_456, MAX, -MAX].map((n) => SafeInt.serialize(n))).toEqual([0, -1, 123_456, MAX, -MAX]);
  });

  it('saturates an output beyond ±(2^53 − 1) with its sign, whatever its form', () => {
    // A bigint column read as a number (already rounded), a numeric sum as text, a BigInt sum.
    expect(SafeInt.serialize(20 * MAX)).toBe(MAX);
    expect(SafeInt.serialize(-(2 ** 60))).toBe(-MAX);
    expect(SafeInt.serialize('9223372036854775807')).toBe(MAX);
    expect(SafeInt.serialize('-18446744073709551614')).toBe(-MAX);
    expect(SafeInt.serialize(2n ** 64n)).toBe(MAX);
    expect(SafeInt.serialize(-12n)).toBe(-12);
  });

  it('still refuses what is not a whole number (a bug, not a stored figure)', () => {
    expect(() => SafeInt.serialize(1.5)).toThrow('SafeInt cannot represent non-integer value: 1.5');
    expect(() => SafeInt.serialize(Number.NaN)).toThrow('non-integer');
    expect(() => SafeInt.serialize('12.5')).toThrow('non-integer');
  });

  it('refuses inputs beyond 2^53 as graphql-scalars does', () => {
    expect(() => SafeInt.parseValue(MAX + 1)).toThrow('SafeInt cannot represent unsafe integer value');
    expect(SafeInt.parseValue(MAX)).toBe(MAX);
  });

  it('toSafeInteger is NaN for what is not a whole number', () => {
    expect(toSafeInteger('abc')).toBeNaN();
    expect(toSafeInteger(0.5)).toBeNaN();
    expect(toSafeInteger('42')).toBe(42);
  });
});
