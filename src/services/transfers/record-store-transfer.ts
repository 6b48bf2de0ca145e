import { Transfer } from '../../entities/transfer.entity.js';
import { TransferItem } from '../../entities/transfer-item.entity.js';
import { TransferStep, TransferStepKind } from '../../entities/transfer-step.entity.js';
import type { RequestContext } from '../core/context.js';
import { mismatch, unprocessable } from '../core/errors.js';
import type { TransferStepPayload } from './transfer-events.js';
import { planStep, type StepRequest } from './transfer-plan.js';
import { stepStoreOf } from './transfer-steps.js';
import { insertTransfer, lockTransfer, writeStep } from './transfer-writer.js';

/**
 * HQ: records a transfer step a store server made (pushed as `transfer.step`), with the store's ids, time
 * and user, so that HQ's copy, relayed to the other store, is the store's. No permission check (the store
 * checked its user); the rules are checked again on HQ's copy (`planStep`), which holds the steps of both
 * stores: a step that does not fit (a cancel after the other store's receipt, more received than sent) is
 * refused and so parked as a sync error, never applied. A step HQ already holds is not applied twice.
 */
export async function recordStoreTransferStep(
  ctx: RequestContext,
  storeId: string,
  event: TransferStepPayload,
): Promise<void> {
  const [known] = await ctx.em.execute('select 1 from transfer_step where id = ?', [event.id]);
  if (known) return;
  const step = stepOf(event);
  if (event.kind === TransferStepKind.CREATED) {
    if (storeId !== event.fromStoreId) {
      throw unprocessable('fromStoreId', 'a transfer is created by its source store');
    }
    await insertTransfer(ctx, transferOf(event), itemsOf(event), step);
    return;
  }
  const kind = event.kind as StepRequest['kind'];
  const transfer = await lockTransfer(ctx, event.transferId);
  if (stepStoreOf(transfer, kind) !== storeId) {
    throw unprocessable('kind', `a ${kind} step of transfer ${transfer.number} is not this store's to make`);
  }
  const plan = planStep(transfer, { kind, items: event.lines, complete: event.complete });
  const stated = new Map(event.movements.map((m) => [m.productId, m]));
  for (const move of plan.moves) {
    const movement = stated.get(move.productId);
    if (movement?.quantity !== move.quantity) {
      throw mismatch(`movements.${move.productId}`, movement?.quantity ?? 'none', move.quantity);
    }
  }
  if (stated.size !== plan.moves.length) {
    throw mismatch('movements', stated.size, plan.moves.length);
  }
  step.complete = plan.complete;
  step.lines = plan.received;
  await writeStep(ctx, transfer, plan, {
    step,
    movementIds: new Map(event.movements.map((m) => [m.productId, m.id])),
  });
}

function stepOf(event: TransferStepPayload): TransferStep {
  const step = new TransferStep();
  Object.assign(step, {
    id: event.id,
    kind: event.kind,
    storeId: event.kind === TransferStepKind.RECEIVED ? event.toStoreId : event.fromStoreId,
    fromStoreId: event.fromStoreId,
    toStoreId: event.toStoreId,
    userId: event.userId,
    note: event.note,
    complete: event.kind === TransferStepKind.RECEIVED ? event.complete : null,
    lines: [],
    createdAt: new Date(event.createdAt),
  });
  return step;
}

function transferOf(event: TransferStepPayload): Transfer {
  const transfer = new Transfer();
  const at = new Date(event.createdAt);
  Object.assign(transfer, {
    id: event.transferId,
    number: event.number,
    serial: event.serial,
    fromStoreId: event.fromStoreId,
    toStoreId: event.toStoreId,
    notes: event.notes,
    createdById: event.createdById,
    createdAt: at,
    updatedAt: at,
  });
  return transfer;
}

function itemsOf(event: TransferStepPayload): TransferItem[] {
  if (event.items.length === 0) throw unprocessable('items', 'a transfer is created with its lines');
  return event.items.map((line) => Object.assign(new TransferItem(), line));
}
