import { StockMovementType } from '../../entities/stock-movement.entity.js';
import { TransferStatus } from '../../entities/transfer.entity.js';
import { TransferStepKind } from '../../entities/transfer-step.entity.js';
import { AppError, invalid, unprocessable } from '../core/errors.js';
import { transferMachine } from './transfer.machine.js';

/** A transfer line's figures, in thousandths, as stored (and as a step leaves them). */
export interface TransferLineFigures {
  id: string;
  lineNumber: number;
  productId: string;
  sku: string;
  trackStock: boolean;
  quantity: number;
  quantitySent: number;
  quantityReceived: number;
  quantityDamaged: number;
  quantityLost: number;
  quantityReturned: number;
}

/** A transfer as a step reads it, its row locked. */
export interface TransferState {
  id: string;
  number: string;
  fromStoreId: string;
  toStoreId: string;
  status: TransferStatus;
  lines: TransferLineFigures[];
}

/** What a receipt says of one line: received into stock, and found damaged (never into stock). */
export interface TransferReceiptLineInput {
  itemId: string;
  quantityReceived: number;
  quantityDamaged?: number | null;
}

/** A step asked for: its kind, and for a receipt its lines and whether it closes the transfer. */
export interface StepRequest {
  kind: Exclude<TransferStepKind, TransferStepKind.CREATED>;
  items?: readonly TransferReceiptLineInput[];
  complete?: boolean | null;
}

/** A stock change a step makes (tracked products only). */
export interface PlannedMove {
  storeId: string;
  productId: string;
  quantity: number;
  type: StockMovementType;
}

/** What a step does: the status it leaves, every line's new figures, a receipt's lines, the stock moved. */
export interface StepPlan {
  status: TransferStatus;
  lines: TransferLineFigures[];
  /** For a receipt: what it recorded per line (in the order given). */
  received: Array<{ itemId: string; quantityReceived: number; quantityDamaged: number }>;
  complete: boolean | null;
  moves: PlannedMove[];
}

const STATE_WORDS: Record<TransferStatus, string> = {
  PENDING: 'not sent yet',
  IN_TRANSIT: 'in transit',
  PARTIALLY_RECEIVED: 'partly received',
  RECEIVED: 'received in full',
  CANCELLED: 'cancelled',
};

/**
 * Plans a step on a transfer, refusing what the rules forbid; pure, so that the API and HQ recording a
 * store's step decide alike. Per line, after any step: received + damaged + lost + returned + in transit
 * = sent.
 *
 * - send: PENDING → IN_TRANSIT; each line's quantity is sent (TRANSFER_OUT at the source).
 * - receive: from IN_TRANSIT or PARTIALLY_RECEIVED. A line's receipts add up: received and damaged so
 *   far plus this receipt's may not exceed what was sent (422 naming the line). `complete` (default)
 *   closes it RECEIVED, recording what is still in transit on every line as lost; otherwise
 *   PARTIALLY_RECEIVED. Received units enter the destination (TRANSFER_IN); damaged and lost never do.
 * - cancel: from PENDING (nothing moves) or IN_TRANSIT (what was sent returns to the source:
 *   TRANSFER_RETURN); after a receipt, 409.
 */
export function planStep(transfer: TransferState, request: StepRequest): StepPlan {
  switch (request.kind) {
    case TransferStepKind.SENT:
      return planSend(transfer);
    case TransferStepKind.RECEIVED:
      return planReceipt(transfer, request.items ?? [], request.complete ?? true);
    case TransferStepKind.CANCELLED:
      return planCancel(transfer);
  }
}

function assertStep(transfer: TransferState, to: TransferStatus, verb: string): void {
  transferMachine.assert(
    transfer.status,
    to,
    () => `Transfer ${transfer.number} is ${STATE_WORDS[transfer.status]}: it cannot be ${verb}`,
  );
}

const move = (storeId: string, line: TransferLineFigures, quantity: number, type: StockMovementType) =>
  line.trackStock && quantity !== 0 ? [{ storeId, productId: line.productId, quantity, type }] : [];

function planSend(transfer: TransferState): StepPlan {
  assertStep(transfer, TransferStatus.IN_TRANSIT, 'sent');
  const lines = transfer.lines.map((line) => ({ ...line, quantitySent: line.quantity }));
  return {
    status: TransferStatus.IN_TRANSIT,
    lines,
    received: [],
    complete: null,
    moves: lines.flatMap((line) =>
      move(transfer.fromStoreId, line, -line.quantitySent, StockMovementType.TRANSFER_OUT),
    ),
  };
}

function planCancel(transfer: TransferState): StepPlan {
  if (transfer.status === TransferStatus.PARTIALLY_RECEIVED) {
    throw new AppError(
      'INVALID_STATE',
      `Transfer ${transfer.number} has a receipt recorded: finish the receipt (complete: true) instead of cancelling`,
    );
  }
  assertStep(transfer, TransferStatus.CANCELLED, 'cancelled');
  const lines = transfer.lines.map((line) => ({ ...line, quantityReturned: line.quantitySent }));
  return {
    status: TransferStatus.CANCELLED,
    lines,
    received: [],
    complete: null,
    moves: lines.flatMap((line) =>
      move(transfer.fromStoreId, line, line.quantityReturned, StockMovementType.TRANSFER_RETURN),
    ),
  };
}

function planReceipt(
  transfer: TransferState,
  items: readonly TransferReceiptLineInput[],
  complete: boolean,
): StepPlan {
  const status = complete ? TransferStatus.RECEIVED : TransferStatus.PARTIALLY_RECEIVED;
  assertStep(transfer, status, 'received');
  if (items.length === 0 && !complete) {
    throw invalid('items', 'name at least one line, or close the transfer with complete: true');
  }
  const lines = transfer.lines.map((line) => ({ ...line }));
  const byId = new Map(lines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  const received = items.map((item, i) => {
    const line = byId.get(item.itemId);
    if (!line) throw unprocessable(`items.${i}.itemId`, `is not a line of transfer ${transfer.number}`);
    if (seen.has(item.itemId)) throw unprocessable(`items.${i}.itemId`, 'names a line already given');
    seen.add(item.itemId);
    const damaged = item.quantityDamaged ?? 0;
    const arrived = line.quantityReceived + line.quantityDamaged;
    if (arrived + item.quantityReceived + damaged > line.quantitySent) {
      throw unprocessable(
        `items.${i}.quantityReceived`,
        `line ${line.lineNumber} (${line.sku}): ${item.quantityReceived} received and ${damaged} damaged exceed the ${line.quantitySent - arrived} still in transit (${line.quantitySent} sent, ${arrived} already received or damaged)`,
      );
    }
    line.quantityReceived += item.quantityReceived;
    line.quantityDamaged += damaged;
    return { itemId: line.id, quantityReceived: item.quantityReceived, quantityDamaged: damaged, line };
  });
  if (complete) {
    for (const line of lines) line.quantityLost += inTransit(line);
  }
  return {
    status,
    lines,
    received: received.map(({ itemId, quantityReceived, quantityDamaged }) => ({
      itemId,
      quantityReceived,
      quantityDamaged,
    })),
    complete,
    moves: received.flatMap(({ line, quantityReceived }) =>
      move(transfer.toStoreId, line, quantityReceived, StockMovementType.TRANSFER_IN),
    ),
  };
}

/** What of a line is still on the way. */
export function inTransit(line: TransferLineFigures): number {
  return (
    line.quantitySent -
    line.quantityReceived -
    line.quantityDamaged -
    line.quantityLost -
    line.quantityReturned
  );
}
