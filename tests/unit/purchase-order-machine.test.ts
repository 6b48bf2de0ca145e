import { PurchaseOrderStatus } from '../../src/entities/purchase-order.entity';
import {
  lineTotalOf,
  orderTotalOf,
  planReceipt,
  type ReceivableLine,
} from '../../src/services/purchasing/purchase-order-arithmetic';
import {
  assertCancellable,
  assertDraft,
  assertReceivable,
  purchaseOrderMachine,
} from '../../src/services/purchasing/purchase-order.machine';

const { DRAFT, SUBMITTED, APPROVED, SENT, PARTIALLY_RECEIVED, RECEIVED, CANCELLED } = PurchaseOrderStatus;
const ALL = Object.values(PurchaseOrderStatus);

describe("a purchase order's lifecycle", () => {
  it('declares DRAFT -> SUBMITTED -> APPROVED -> SENT -> (PARTIALLY_)RECEIVED, CANCELLED before a receipt', () => {
    expect(purchaseOrderMachine.name).toBe('purchase order');
    expect(purchaseOrderMachine.transitions).toEqual({
      DRAFT: ['SUBMITTED', 'CANCELLED'],
      SUBMITTED: ['APPROVED', 'CANCELLED'],
      APPROVED: ['SENT', 'CANCELLED'],
      SENT: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
      PARTIALLY_RECEIVED: ['PARTIALLY_RECEIVED', 'RECEIVED'],
      RECEIVED: [],
      CANCELLED: [],
    });
    // Every pair: exactly the table's steps are allowed.
    const allowed = ALL.flatMap((from) =>
      ALL.filter((to) => purchaseOrderMachine.can(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed).toEqual([
      'DRAFT>SUBMITTED',
      'DRAFT>CANCELLED',
      'SUBMITTED>APPROVED',
      'SUBMITTED>CANCELLED',
      'APPROVED>SENT',
      'APPROVED>CANCELLED',
      'SENT>PARTIALLY_RECEIVED',
      'SENT>RECEIVED',
      'SENT>CANCELLED',
      'PARTIALLY_RECEIVED>PARTIALLY_RECEIVED',
      'PARTIALLY_RECEIVED>RECEIVED',
    ]);
  });

  const po = (status: PurchaseOrderStatus) => ({ number: 'PO-000042', status });

  it("edits and deletes only a DRAFT (409 INVALID_STATE in the order's words)", () => {
    expect(() => assertDraft(po(DRAFT), 'edited')).not.toThrow();
    for (const status of [SUBMITTED, APPROVED, SENT, PARTIALLY_RECEIVED, RECEIVED, CANCELLED]) {
      expect(() => assertDraft(po(status), 'deleted')).toThrow(
        expect.objectContaining({
          code: 'INVALID_STATE',
          message: `Purchase order PO-000042 is ${status}: only a DRAFT can be deleted`,
        }),
      );
    }
  });

  it('receives only a SENT or PARTIALLY_RECEIVED order', () => {
    const receivable = ALL.filter((status) => {
      try {
        assertReceivable(po(status));
        return true;
      } catch (err) {
        expect(err).toMatchObject({
          code: 'INVALID_STATE',
          message: `Purchase order PO-000042 is ${status}: only a SENT or PARTIALLY_RECEIVED purchase order is received`,
        });
        return false;
      }
    });
    expect(receivable).toEqual([SENT, PARTIALLY_RECEIVED]);
  });

  it('cancels before the first receipt only; after one it says to close short', () => {
    for (const status of [DRAFT, SUBMITTED, APPROVED, SENT])
      expect(() => assertCancellable(po(status))).not.toThrow();
    expect(() => assertCancellable(po(PARTIALLY_RECEIVED))).toThrow(
      'Purchase order PO-000042 has receipts: close it short instead (receive with closeShort: true)',
    );
    expect(() => assertCancellable(po(RECEIVED))).toThrow(
      'Purchase order PO-000042 is RECEIVED: it can no longer be cancelled',
    );
    expect(() => assertCancellable(po(CANCELLED))).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });
});

describe('the figures of a purchase order', () => {
  it('rounds a line total half to even, exactly, and bounds it', () => {
    // 1.5 units at 333 = 499.5 -> 500 (even); 2.5 units at 1 -> 2; 0.5 at 3 -> 2 (1.5 -> 2); 7 at 250.
    expect(lineTotalOf(1500, 333, 'q')).toBe(500);
    expect(lineTotalOf(2500, 1, 'q')).toBe(2);
    expect(lineTotalOf(3500, 1, 'q')).toBe(4);
    expect(lineTotalOf(500, 3, 'q')).toBe(2);
    expect(lineTotalOf(7000, 250, 'q')).toBe(1750);
    // A billion units at a billion: beyond any amount of money, named by the field.
    expect(() => lineTotalOf(1_000_000_000, 100_000_000_000, 'items.3.quantity')).toThrow(
      expect.objectContaining({ code: 'UNPROCESSABLE', field: 'items.3.quantity' }),
    );
    expect(() => lineTotalOf(1_000_000_000, 100_001, 'quantity')).toThrow(
      expect.objectContaining({ code: 'UNPROCESSABLE', field: 'quantity' }),
    );
    expect(orderTotalOf([500, 2, 1750])).toBe(2252);
    expect(orderTotalOf([])).toBe(0);
  });

  const line = (id: string, quantity: number, received = 0): ReceivableLine => ({
    id,
    lineNumber: Number(id.slice(1)),
    productId: `p${id}`,
    quantity,
    unitCost: 100,
    quantityReceived: received,
    quantityClosedShort: 0,
  });
  const lines = [line('L1', 5000), line('L2', 2000, 500)];

  it('plans a partial receipt, then one that completes every line', () => {
    const partial = planReceipt(lines, { items: [{ itemId: 'L1', quantityReceived: 3000, unitCost: 90 }] });
    expect(partial).toEqual({
      received: [{ item: lines[0], quantityReceived: 3000, unitCost: 90 }],
      closedShort: [],
      complete: false,
    });
    const full = planReceipt(lines, {
      items: [
        { itemId: 'L2', quantityReceived: 1500 },
        { itemId: 'L1', quantityReceived: 5000 },
      ],
    });
    expect(full.received.map((r) => [r.item.id, r.quantityReceived, r.unitCost])).toEqual([
      ['L2', 1500, 100],
      ['L1', 5000, 100],
    ]);
    expect(full.complete).toBe(true);
  });

  it('closes short what is left of every line', () => {
    const plan = planReceipt(lines, { items: [{ itemId: 'L1', quantityReceived: 1000 }], closeShort: true });
    expect(plan.complete).toBe(true);
    expect(plan.closedShort.map((c) => [c.item.id, c.quantity])).toEqual([
      ['L1', 4000],
      ['L2', 1500],
    ]);
    // Nothing ever received: that is a cancellation (409).
    expect(() => planReceipt([line('L1', 5000)], { items: [], closeShort: true })).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });

  it.each([
    [[{ itemId: 'L9', quantityReceived: 1 }], 'items.0.itemId', 'L9 is not a line of this purchase order'],
    [
      [
        { itemId: 'L1', quantityReceived: 1 },
        { itemId: 'L1', quantityReceived: 1 },
      ],
      'items.1.itemId',
      'line 1 is named twice',
    ],
    [[{ itemId: 'L1', quantityReceived: 0 }], 'items.0.quantityReceived', 'must be at least 1'],
    [[{ itemId: 'L1', quantityReceived: 1, unitCost: -1 }], 'items.0.unitCost', 'must not be negative'],
    [
      [
        { itemId: 'L1', quantityReceived: 1 },
        { itemId: 'L2', quantityReceived: 1501 },
      ],
      'items.1.quantityReceived',
      'receives 1501, but only 1500 of line 2 is still open (ordered 2000, received 500)',
    ],
  ])('refuses %j (422 naming %s)', (items, field, reason) => {
    expect(() => planReceipt(lines, { items })).toThrow(
      expect.objectContaining({ code: 'UNPROCESSABLE', field, reason }),
    );
  });
});
