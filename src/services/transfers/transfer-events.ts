import { TransferStepKind, type TransferStep } from '../../entities/transfer-step.entity.js';
import { MAX_DOCUMENT_LINES } from '../core/bounds.js';
import { defineStoreEvent } from '../events/registry.js';
import { list, oneOf, shape, type Infer } from '../events/shape.js';
import type { StockMoveResult } from '../inventory/index.js';
import { MOVEMENT, movementPayload } from '../selling/index.js';
import { recordStoreTransferStep } from './record-store-transfer.js';

/** A line as the transfer was created with it (snapshot of the product's SKU and name). */
const TRANSFER_ITEM = shape({
  id: 'uuid',
  lineNumber: 'count',
  productId: 'uuid',
  sku: 'string',
  productName: 'string',
  quantity: 'quantity',
});

/**
 * `transfer.step`: one step of a transfer, made at the store that owns it (the source creates, sends and
 * cancels; the destination receives), with the step's id, time and user, and the stock movements it made
 * there. Every step names its transfer's header; the CREATED step also carries the lines, from which HQ
 * creates the transfer. HQ plans the step on its own copy with the same rules as the store
 * (`planStep`): one that does not fit (a receipt of more than was sent, a cancel after a receipt made at
 * the other store) is parked, never applied.
 */
const TRANSFER_STEP = shape({
  /** The step's id: a step HQ already holds is not applied again. */
  id: 'uuid',
  transferId: 'uuid',
  kind: oneOf(TransferStepKind),
  userId: 'uuid',
  note: 'string?',
  /** For a receipt: whether it closed the transfer (false for the other steps). */
  complete: 'bool',
  createdAt: 'date',
  /** For a receipt: what it recorded per line. */
  lines: list(
    { itemId: 'uuid', quantityReceived: 'quantity', quantityDamaged: 'quantity' },
    MAX_DOCUMENT_LINES,
  ),
  number: 'string',
  serial: 'count',
  fromStoreId: 'uuid',
  toStoreId: 'uuid',
  notes: 'string?',
  createdById: 'uuid',
  /** The lines, with the CREATED step only (empty for the others). */
  items: list(TRANSFER_ITEM, MAX_DOCUMENT_LINES),
  movements: list(MOVEMENT, MAX_DOCUMENT_LINES),
});
export type TransferStepPayload = Infer<typeof TRANSFER_STEP>;
export type TransferItemPayload = Infer<typeof TRANSFER_ITEM>;

/** The transfer as a step's event names it. */
export interface TransferHeader {
  id: string;
  number: string;
  serial: number;
  fromStoreId: string;
  toStoreId: string;
  notes: string | null;
  createdById: string;
}

/** A step as it travels to HQ. */
export function transferStepPayload(
  header: TransferHeader,
  step: TransferStep,
  movements: StockMoveResult[],
  items: TransferItemPayload[] = [],
): TransferStepPayload {
  return {
    id: step.id,
    transferId: header.id,
    kind: step.kind,
    userId: step.userId,
    note: step.note,
    complete: step.complete ?? false,
    createdAt: step.createdAt.toISOString(),
    lines: step.lines.map(({ itemId, quantityReceived, quantityDamaged }) => ({
      itemId,
      quantityReceived,
      quantityDamaged,
    })),
    number: header.number,
    serial: header.serial,
    fromStoreId: header.fromStoreId,
    toStoreId: header.toStoreId,
    notes: header.notes,
    createdById: header.createdById,
    items,
    movements: movements.map((m) => movementPayload(m, step.userId)),
  };
}

/** A transfer step made at a store server, recorded at HQ by `recordStoreTransferStep`. */
export const transferStepped = defineStoreEvent('transfer.step', {
  shape: TRANSFER_STEP,
  applyAtHq: recordStoreTransferStep,
});
