import {
  linesRemaining,
  refundLines,
  refundTotals,
  tendersRemaining,
} from '../../src/services/refunds/refund-arithmetic';
import type { EarlierRefund, RefundBasis } from '../../src/services/refunds/refund-basis';

/** A sale of one line: `quantity` thousandths, net `net` after `discount`, taxes as given; paid as given. */
function basis(
  line: { quantity: number; net: number; discount: number; taxes: number[] },
  payments: Array<{ method: string; isCash: boolean; amount: number }>,
  changeGiven = 0,
): RefundBasis {
  return {
    sale: {
      id: 'S',
      storeId: 'ST',
      type: 'SALE',
      status: 'COMPLETED',
      terminalId: 'T',
      receiptNumber: 'R',
      soldAt: '2026-12-04T10:00:00Z',
      changeGiven,
      items: [
        {
          id: 'L1',
          lineNumber: 1,
          productId: 'P',
          sku: 'SKU',
          productName: 'Thing',
          quantity: line.quantity,
          unitPrice: 0,
          effectivePrice: 0,
          priceSource: 'PRODUCT',
          specialId: null,
          unitCost: 0,
          extendedAmount: line.net + line.discount,
          discountAmount: line.discount,
          taxRate: 0,
          taxes: line.taxes.map((taxAmount, t) => ({
            taxRateId: `R${t}`,
            taxRateName: `Rate ${t}`,
            rate: 100,
            isCompound: false,
            sortOrder: t,
            taxableAmount: line.net,
            taxAmount,
          })),
        },
      ],
      payments,
    },
    refunds: [],
  };
}

/** The basis after a refund of these lines (what `createRefund` would record, negative). */
function after(b: RefundBasis, quantity: number, id: string): RefundBasis {
  const [l] = refundLines([{ saleItemId: 'L1', quantity, disposition: 'RESTOCK' }], linesRemaining(b));
  const refund: EarlierRefund = {
    id,
    items: [
      {
        refundOfItemId: 'L1',
        quantity: -quantity,
        extendedAmount: -l.extendedAmount,
        discountAmount: -l.discountAmount,
        taxes: l.taxes.map((t) => ({
          taxRateId: t.taxRateId,
          taxableAmount: -t.taxableAmount,
          taxAmount: -t.taxAmount,
        })),
      },
    ],
    payments: [{ method: 'CASH', isCash: true, amount: -refundTotals([l]).grandTotal }],
  };
  return { ...b, refunds: [...b.refunds, refund] };
}

it('takes round-half-even shares, the last refund the exact remainder, for any split', () => {
  // 7 units, net 1000, discount 10, taxes 63 and 7: every split of 7 adds up to the sale exactly.
  for (const split of [[1, 1, 1, 1, 1, 1, 1], [2, 5], [3, 3, 1], [6, 1], [7]]) {
    let b = basis({ quantity: 7000, net: 1000, discount: 10, taxes: [63, 7] }, [
      { method: 'CASH', isCash: true, amount: 1070 },
    ]);
    let total = 0;
    split.forEach((k, i) => {
      const [l] = refundLines(
        [{ saleItemId: 'L1', quantity: k * 1000, disposition: 'RESTOCK' }],
        linesRemaining(b),
      );
      total += l.lineTotal;
      b = after(b, k * 1000, `F${i}`);
    });
    expect(total).toBe(1070);
    expect(linesRemaining(b)[0]).toMatchObject({ quantity: 0, net: 0, discount: 0 });
    expect(linesRemaining(b)[0].taxes.map((t) => [t.taxableAmount, t.taxAmount])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  }
});

it('rounds half to even: 1 of 2 units of an odd net', () => {
  // 25 / 2 = 12.5 -> 12; 15 / 2 = 7.5 -> 8.
  const b = basis({ quantity: 2000, net: 25, discount: 0, taxes: [15] }, [
    { method: 'CASH', isCash: true, amount: 40 },
  ]);
  const [l] = refundLines([{ saleItemId: 'L1', quantity: 1000, disposition: 'RESTOCK' }], linesRemaining(b));
  expect([l.net, l.taxAmount, l.lineTotal]).toEqual([12, 8, 20]);
});

it("counts the change off the cash tenders, the last first, and each tender's refunds", () => {
  // 1500 due: card 1000, cash 300 then cash 500: change 300 comes off the second cash payment.
  const b = basis(
    { quantity: 1000, net: 1500, discount: 0, taxes: [] },
    [
      { method: 'CARD', isCash: false, amount: 1000 },
      { method: 'CASH', isCash: true, amount: 300 },
      { method: 'CASH', isCash: true, amount: 500 },
    ],
    300,
  );
  expect(tendersRemaining(b)).toEqual([
    { method: 'CARD', isCash: false, paid: 1000, refunded: 0, refundable: 1000 },
    { method: 'CASH', isCash: true, paid: 500, refunded: 0, refundable: 500 },
  ]);
  expect(tendersRemaining(after(b, 1000, 'F'))).toEqual([
    { method: 'CARD', isCash: false, paid: 1000, refunded: 0, refundable: 1000 },
    { method: 'CASH', isCash: true, paid: 500, refunded: 1500, refundable: 0 },
  ]);
});
