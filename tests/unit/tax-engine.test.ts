import { divideRoundHalfEven, multiplyDivide } from '../../src/services/core/money';
import {
  computeLine,
  computeSale,
  TaxInputError,
  type TaxRateInput,
} from '../../src/services/pricing/tax-engine';

const plain = (id: string, rate: number, sortOrder = 0): TaxRateInput => ({
  id,
  rate,
  isCompound: false,
  sortOrder,
});
const compound = (id: string, rate: number, sortOrder: number): TaxRateInput => ({
  id,
  rate,
  isCompound: true,
  sortOrder,
});

describe("banker's rounding", () => {
  it.each([
    [5, 2, 2],
    [7, 2, 4],
    [9, 2, 4],
    [-5, 2, -2],
    [-7, 2, -4],
    [1, 3, 0],
    [2, 3, 1],
    [-2, 3, -1],
    [0, 7, 0],
    [1_234_567, 1000, 1235],
    [1_234_500, 1000, 1234],
    [1_235_500, 1000, 1236],
  ])('%i / %i = %i', (n, d, expected) => {
    expect(divideRoundHalfEven(n, d)).toBe(expected);
  });

  it('is exact past 2^53 and refuses a result that is not a safe integer', () => {
    // 123456789 × 987654321 = 121932631112635269, beyond 2^53; / 1000 = ...635.269 → ...635.
    expect(multiplyDivide(123_456_789, 987_654_321, 1000)).toBe(121_932_631_112_635);
    // (2^54 − 3) / 2 = 2^53 − 1.5: the tie goes to the even 2^53 − 2.
    expect(divideRoundHalfEven(BigInt(Number.MAX_SAFE_INTEGER) * 2n - 1n, 2n)).toBe(
      Number.MAX_SAFE_INTEGER - 1,
    );
    expect(() => divideRoundHalfEven(BigInt(Number.MAX_SAFE_INTEGER) * 3n, 2n)).toThrow(RangeError);
    expect(() => divideRoundHalfEven(10, 0)).toThrow(RangeError);
  });

  it('agrees with exact BigInt arithmetic on 20,000 pseudo-random safe integers', () => {
    // The number path divides in floating point and corrects with an exact remainder; check it against
    // a plain BigInt reference, near 2^53 and around ties.
    let seed = 42n;
    const next = () => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      return seed;
    };
    const reference = (n: bigint, d: bigint) => {
      const sign = n < 0n ? -1n : 1n;
      const q = (n * sign) / d;
      const twice = ((n * sign) % d) * 2n;
      return Number((twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q) * sign);
    };
    const max = BigInt(Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 20_000; i++) {
      const d = (next() % 1_000_000n) + 1n;
      let n = BigInt.asIntN(54, next()) / 2n; // within ±2^52
      if (i % 4 === 0) n = (n / d) * d + d / 2n; // a tie whenever d is even
      if (n > max || n < -max) continue;
      expect([n, d, divideRoundHalfEven(Number(n), Number(d))]).toEqual([n, d, reference(n, d)]);
    }
  });
});

describe('a line', () => {
  it('matches the reference example: 2 × 999 at 8.25 % = 1998 + 165', () => {
    expect(computeLine({ unitPrice: 999, quantity: 2000, taxes: [plain('state', 825)] })).toEqual({
      extended: 1998,
      discountAmount: 0,
      net: 1998,
      // 1998 × 825 / 10000 = 164.835
      taxes: [
        { taxRateId: 'state', rate: 825, isCompound: false, sortOrder: 0, taxableAmount: 1998, amount: 165 },
      ],
      taxAmount: 165,
      lineTotal: 2163,
      taxRate: 825,
    });
  });

  it('charges nothing at a zero rate and without rates (exempt)', () => {
    const zero = computeLine({ unitPrice: 1250, quantity: 3000, taxes: [plain('zero', 0)] });
    expect([zero.net, zero.taxAmount, zero.lineTotal, zero.taxes[0].amount]).toEqual([3750, 0, 3750, 0]);
    expect(computeLine({ unitPrice: 1250, quantity: 3000, taxes: [] })).toEqual({
      extended: 3750,
      discountAmount: 0,
      net: 3750,
      taxes: [],
      taxAmount: 0,
      lineTotal: 3750,
      taxRate: 0,
    });
  });

  it.each([
    // net, rate, exact value, expected: ties go to the even cent
    [100, 50, '0.5', 0],
    [300, 50, '1.5', 2],
    [500, 50, '2.5', 2],
    [700, 50, '3.5', 4],
    [1000, 825, '82.5', 82],
    [1400, 825, '115.5', 116],
    [1001, 825, '82.5825', 83],
  ])('rounds tax on %i at %i bp (%s) to %i', (net, rate, _exact, tax) => {
    expect(computeLine({ unitPrice: net, quantity: 1000, taxes: [plain('t', rate)] }).taxAmount).toBe(tax);
  });

  it('applies a compound tax on the net plus the taxes before it', () => {
    // 5 % plain, then 9.75 % compound: 500, then (10000 + 500) × 0.0975 = 1023.75 → 1024.
    const line = computeLine({
      unitPrice: 10_000,
      quantity: 1000,
      taxes: [compound('qst', 975, 2), plain('gst', 500, 1)],
    });
    expect(line.taxes.map((t) => [t.taxRateId, t.taxableAmount, t.amount])).toEqual([
      ['gst', 10_000, 500],
      ['qst', 10_500, 1024],
    ]);
    expect([line.taxAmount, line.lineTotal, line.taxRate]).toEqual([1524, 11_524, 1475]);
  });

  it('chains several rates in sortOrder, whatever order they are given in', () => {
    // 1999: 6 % = 119.94 → 120; 1 % = 19.99 → 20; compound 10 % on 1999 + 140 = 213.9 → 214.
    const rates = [compound('c', 1000, 3), plain('b', 100, 2), plain('a', 600, 1)];
    const line = computeLine({ unitPrice: 1999, quantity: 1000, taxes: rates });
    expect(line.taxes.map((t) => [t.taxRateId, t.taxableAmount, t.amount])).toEqual([
      ['a', 1999, 120],
      ['b', 1999, 20],
      ['c', 2139, 214],
    ]);
    expect([line.taxAmount, line.lineTotal]).toEqual([354, 2353]);
    // A compound rate first in the group has nothing before it: it is charged like a plain one.
    const first = computeLine({
      unitPrice: 1999,
      quantity: 1000,
      taxes: [compound('c', 1000, 0), plain('a', 600, 1)],
    });
    expect(first.taxes.map((t) => t.amount)).toEqual([200, 120]);
    // Equal sortOrder: the id decides, so the result never depends on the input order. x = 119.94 → 120,
    // then y compounds on 1999 + 120: 211.9 → 212.
    const tied = [compound('y', 1000, 1), plain('x', 600, 1)];
    expect(
      computeLine({ unitPrice: 1999, quantity: 1000, taxes: tied }).taxes.map((t) => [t.taxRateId, t.amount]),
    ).toEqual([
      ['x', 120],
      ['y', 212],
    ]);
  });

  it('chains two compound rates: each is charged on the net plus every tax before it', () => {
    // 1999: 5 % = 99.95 → 100; compound 10 % on 2099 = 209.9 → 210; compound 2 % on 2309 = 46.18 → 46.
    const line = computeLine({
      unitPrice: 1999,
      quantity: 1000,
      taxes: [plain('a', 500, 1), compound('b', 1000, 2), compound('c', 200, 3)],
    });
    expect(line.taxes.map((t) => [t.taxRateId, t.taxableAmount, t.amount])).toEqual([
      ['a', 1999, 100],
      ['b', 2099, 210],
      ['c', 2309, 46],
    ]);
    expect([line.taxAmount, line.lineTotal, line.taxRate]).toEqual([356, 2355, 1700]);
  });

  it.each([
    // unitPrice, quantity (thousandths), extended: price × quantity / 1000, ties to even
    [399, 1500, 598], // 598.5
    [1000, 333, 333],
    [333, 2250, 749], // 749.25
    [1004, 125, 126], // 125.5
    [5, 500, 2], // 2.5
    [7, 500, 4], // 3.5
    [1, 1, 0], // 0.001
  ])('prices %i × %i thousandths at %i', (unitPrice, quantity, extended) => {
    expect(computeLine({ unitPrice, quantity, taxes: [] }).extended).toBe(extended);
  });

  it('stays exact for large quantities and prices', () => {
    // $9,999,999.99 × 1,000,000 units = 999,999,999,000,000 cents; 8.25 % of it is exact.
    const huge = computeLine({ unitPrice: 999_999_999, quantity: 1_000_000_000, taxes: [plain('t', 825)] });
    expect([huge.extended, huge.taxAmount, huge.lineTotal]).toEqual([
      999_999_999_000_000, 82_499_999_917_500, 1_082_499_998_917_500,
    ]);
    // price × quantity passes 2^53: computed in BigInt, rounded once.
    const big = computeLine({ unitPrice: 123_456_789, quantity: 987_654_321, taxes: [plain('t', 825)] });
    expect([big.extended, big.taxAmount]).toEqual([121_932_631_112_635, 10_059_442_066_792]);
  });

  it('taxes the net after the discount', () => {
    // 1998 − 198 = 1800; 1800 × 8.25 % = 148.5 → 148.
    const line = computeLine({
      unitPrice: 999,
      quantity: 2000,
      discountAmount: 198,
      taxes: [plain('t', 825)],
    });
    expect([line.extended, line.discountAmount, line.net, line.taxAmount, line.lineTotal]).toEqual([
      1998, 198, 1800, 148, 1948,
    ]);
    const free = computeLine({
      unitPrice: 999,
      quantity: 1000,
      discountAmount: 999,
      taxes: [plain('t', 825)],
    });
    expect([free.net, free.taxAmount, free.lineTotal]).toEqual([0, 0, 0]);
  });

  it('handles negative quantities (returns) symmetrically', () => {
    const line = computeLine({ unitPrice: 999, quantity: -2000, taxes: [plain('t', 825)] });
    expect([line.extended, line.taxAmount, line.lineTotal]).toEqual([-1998, -165, -2163]);
  });

  it.each([
    [{ unitPrice: 9.99, quantity: 1000 }, 'unitPrice'],
    [{ unitPrice: 999, quantity: 1.5 }, 'quantity'],
    [{ unitPrice: 999, quantity: 1000, discountAmount: 0.5 }, 'discountAmount'],
    [{ unitPrice: 999, quantity: 1000, discountAmount: -1 }, 'discountAmount'],
    [{ unitPrice: 999, quantity: 1000, discountAmount: 1000 }, 'discountAmount'],
    [{ unitPrice: 999, quantity: -1000, discountAmount: 1 }, 'discountAmount'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => computeLine({ ...input, taxes: [] })).toThrow(TaxInputError);
    try {
      computeLine({ ...input, taxes: [] });
    } catch (err) {
      expect((err as TaxInputError).field).toBe(field);
    }
  });

  it('refuses a rate that is not a whole number of basis points', () => {
    expect(() => computeLine({ unitPrice: 1, quantity: 1000, taxes: [plain('t', 8.25)] })).toThrow(
      'rate: must be an integer',
    );
  });

  it('refuses rates outside 0..100000 basis points', () => {
    expect(() => computeLine({ unitPrice: 1, quantity: 1000, taxes: [plain('t', -1)] })).toThrow('rate: ');
    expect(() => computeLine({ unitPrice: 1, quantity: 1000, taxes: [plain('t', 100_001)] })).toThrow(
      'rate: ',
    );
    expect(computeLine({ unitPrice: 100, quantity: 1000, taxes: [plain('t', 100_000)] }).taxAmount).toBe(
      1000,
    );
  });

  it('names the input when a figure would pass 2^53, instead of failing unnamed', () => {
    const named = (line: Parameters<typeof computeLine>[0]) => {
      try {
        computeLine(line);
      } catch (err) {
        return err instanceof TaxInputError ? err.message : `not a TaxInputError: ${String(err)}`;
      }
      return 'no error';
    };
    // 10^11 cents × 10^6 units = 10^17.
    expect(named({ unitPrice: 100_000_000_000, quantity: 1_000_000_000, taxes: [] })).toBe(
      'quantity: unitPrice × quantity is beyond the safe integer range',
    );
    // 1000 % compounded 20 times on 10^11 cents.
    const stacked = Array.from({ length: 20 }, (_, i) => compound(`c${i}`, 100_000, i));
    expect(named({ unitPrice: 100_000_000_000, quantity: 1000, taxes: stacked })).toMatch(
      /^taxAmount: .* is beyond the safe integer range$/,
    );
  });
});

describe('a sale', () => {
  it('sums the lines: grandTotal = subtotal − discounts + tax', () => {
    const sale = computeSale([
      { unitPrice: 999, quantity: 2000, taxes: [plain('state', 825)] },
      {
        unitPrice: 399,
        quantity: 1500,
        discountAmount: 98,
        taxes: [plain('state', 825), compound('lux', 1000, 1)],
      },
      { unitPrice: 250, quantity: 1000, taxes: [] },
    ]);
    // line 2: 598.5 → 598; net 500; 8.25 % = 41.25 → 41; compound 10 % on 541 = 54.1 → 54.
    expect(sale.lines.map((l) => [l.extended, l.net, l.taxAmount, l.lineTotal])).toEqual([
      [1998, 1998, 165, 2163],
      [598, 500, 95, 595],
      [250, 250, 0, 250],
    ]);
    expect([sale.subtotal, sale.discountTotal, sale.taxTotal, sale.grandTotal]).toEqual([
      2846, 98, 260, 3008,
    ]);
    expect(sale.grandTotal).toBe(sale.lines.reduce((sum, l) => sum + l.lineTotal, 0));
  });

  it('rounds per line, not on the total', () => {
    // Three lines each with 0.5 cent of tax: each rounds to 0, so the sale has 0 (not 1.5 → 2).
    const sale = computeSale(
      [1, 2, 3].map(() => ({ unitPrice: 100, quantity: 1000, taxes: [plain('t', 50)] })),
    );
    expect([sale.taxTotal, sale.grandTotal]).toEqual([0, 300]);
  });

  it('is empty for no lines', () => {
    expect(computeSale([])).toEqual({ lines: [], subtotal: 0, discountTotal: 0, taxTotal: 0, grandTotal: 0 });
  });
});
