import { TransferStatus } from '../../src/entities/transfer.entity';
import { TransferStepKind } from '../../src/entities/transfer-step.entity';
import { AppError } from '../../src/services/core/errors';
import { inTransit, planStep, type TransferState } from '../../src/services/transfers/transfer-plan';
import { transferMachine } from '../../src/services/transfers/transfer.machine';

const A = 'store-a';
const B = 'store-b';

function transfer(
  status: TransferStatus,
  lines: Array<Partial<TransferState['lines'][number]>>,
): TransferState {
  return {
    id: 't1',
    number: 'A-T000001',
    fromStoreId: A,
    toStoreId: B,
    status,
    lines: lines.map((line, i) => ({
      id: `line-${i + 1}`,
      lineNumber: i + 1,
      productId: `p${i + 1}`,
      sku: `SKU-${i + 1}`,
      trackStock: true,
      quantity: 0,
      quantitySent: 0,
      quantityReceived: 0,
      quantityDamaged: 0,
      quantityLost: 0,
      quantityReturned: 0,
      ...line,
    })),
  };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe("a transfer's lifecycle", () => {
  it('is the table of DOMAIN.md', () => {
    expect(transferMachine.transitions).toEqual({
      PENDING: ['IN_TRANSIT', 'CANCELLED'],
      IN_TRANSIT: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
      PARTIALLY_RECEIVED: ['PARTIALLY_RECEIVED', 'RECEIVED'],
      RECEIVED: [],
      CANCELLED: [],
    });
  });
});

describe('planning a step', () => {
  it('sends every line in full, moving stock out of the source (untracked products excepted)', () => {
    const plan = planStep(
      transfer(TransferStatus.PENDING, [{ quantity: 3_000 }, { quantity: 1_500, trackStock: false }]),
      { kind: TransferStepKind.SENT },
    );
    expect(plan.status).toBe('IN_TRANSIT');
    expect(plan.lines.map((l) => [l.quantitySent, inTransit(l)])).toEqual([
      [3_000, 3_000],
      [1_500, 1_500],
    ]);
    expect(plan.moves).toEqual([{ storeId: A, productId: 'p1', quantity: -3_000, type: 'TRANSFER_OUT' }]);
  });

  it('adds receipts up per line and closes with the rest lost', () => {
    const sent = transfer(TransferStatus.IN_TRANSIT, [
      { quantity: 3_000, quantitySent: 3_000 },
      { quantity: 2_000, quantitySent: 2_000 },
    ]);
    const first = planStep(sent, {
      kind: TransferStepKind.RECEIVED,
      items: [{ itemId: 'line-1', quantityReceived: 1_000, quantityDamaged: 250 }],
      complete: false,
    });
    expect(first.status).toBe('PARTIALLY_RECEIVED');
    expect(first.received).toEqual([{ itemId: 'line-1', quantityReceived: 1_000, quantityDamaged: 250 }]);
    expect(first.moves).toEqual([{ storeId: B, productId: 'p1', quantity: 1_000, type: 'TRANSFER_IN' }]);
    const last = planStep(
      { ...sent, status: first.status, lines: first.lines },
      { kind: TransferStepKind.RECEIVED, items: [{ itemId: 'line-2', quantityReceived: 2_000 }] },
    );
    expect(last.status).toBe('RECEIVED');
    expect(
      last.lines.map((l) => [l.quantityReceived, l.quantityDamaged, l.quantityLost, inTransit(l)]),
    ).toEqual([
      [1_000, 250, 1_750, 0],
      [2_000, 0, 0, 0],
    ]);
  });

  it('refuses a receipt of more than is in transit, naming the line, and one of nothing that does not close', () => {
    const sent = transfer(TransferStatus.PARTIALLY_RECEIVED, [
      { quantity: 3_000, quantitySent: 3_000, quantityReceived: 2_000, quantityDamaged: 500 },
    ]);
    const over = refusal(() =>
      planStep(sent, {
        kind: TransferStepKind.RECEIVED,
        items: [{ itemId: 'line-1', quantityReceived: 400, quantityDamaged: 101 }],
      }),
    );
    expect([over.code, over.field]).toEqual(['UNPROCESSABLE', 'items.0.quantityReceived']);
    const empty = refusal(() =>
      planStep(sent, { kind: TransferStepKind.RECEIVED, items: [], complete: false }),
    );
    expect([empty.code, empty.field]).toEqual(['VALIDATION', 'items']);
    // Exactly what is left is accepted.
    const rest = planStep(sent, {
      kind: TransferStepKind.RECEIVED,
      items: [{ itemId: 'line-1', quantityReceived: 400, quantityDamaged: 100 }],
    });
    expect(rest.lines[0]).toMatchObject({ quantityReceived: 2_400, quantityDamaged: 600, quantityLost: 0 });
  });

  it('cancels with what was sent returned to the source, never after a receipt', () => {
    const pending = planStep(transfer(TransferStatus.PENDING, [{ quantity: 1_000 }]), {
      kind: TransferStepKind.CANCELLED,
    });
    expect([pending.status, pending.moves]).toEqual(['CANCELLED', []]);
    const sent = planStep(transfer(TransferStatus.IN_TRANSIT, [{ quantity: 1_000, quantitySent: 1_000 }]), {
      kind: TransferStepKind.CANCELLED,
    });
    expect(sent.lines[0]).toMatchObject({ quantityReturned: 1_000 });
    expect(sent.moves).toEqual([{ storeId: A, productId: 'p1', quantity: 1_000, type: 'TRANSFER_RETURN' }]);
    const late = refusal(() =>
      planStep(
        transfer(TransferStatus.PARTIALLY_RECEIVED, [
          { quantity: 1_000, quantitySent: 1_000, quantityReceived: 1 },
        ]),
        { kind: TransferStepKind.CANCELLED },
      ),
    );
    expect([late.code, late.status]).toEqual(['INVALID_STATE', 409]);
  });
});
