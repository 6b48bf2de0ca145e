import { Transfer } from '../../entities/transfer.entity.js';
import { TransferStep, TransferStepKind } from '../../entities/transfer-step.entity.js';
import { assertCan } from '../auth/grants.js';
import type { Permission } from '../auth/permissions.js';
import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { assertRecordedHere } from '../core/scope.js';
import { recordEvent } from '../events/outbox.js';
import { transferStepPayload, transferStepped } from './transfer-events.js';
import { planStep, type TransferReceiptLineInput, type StepPlan, type StepRequest } from './transfer-plan.js';
import { loadTransfer } from './transfer-queries.js';
import { lockTransfer, writeStep, type LockedTransfer } from './transfer-writer.js';

/** What each step needs and at which of the transfer's stores it is made. */
const STEPS = {
  [TransferStepKind.SENT]: { permission: 'transfers.send', at: 'fromStoreId' },
  [TransferStepKind.RECEIVED]: { permission: 'transfers.receive', at: 'toStoreId' },
  [TransferStepKind.CANCELLED]: { permission: 'transfers.create', at: 'fromStoreId' },
} as const satisfies Record<StepRequest['kind'], { permission: Permission; at: 'fromStoreId' | 'toStoreId' }>;

/** The store that makes a step of `kind` on `transfer`: the source, or the destination for a receipt. */
export function stepStoreOf(
  transfer: Pick<LockedTransfer, 'fromStoreId' | 'toStoreId'>,
  kind: TransferStepKind,
) {
  return kind === TransferStepKind.RECEIVED ? transfer.toStoreId : transfer.fromStoreId;
}

/**
 * Refuses (409) a step made on the wrong server: a store server makes only its own store's steps, and HQ
 * only those of a store without a server of its own (that server makes them, offline too, and they reach
 * HQ by push).
 */
export async function assertStepHere(ctx: RequestContext, storeId: string, storeCode: string): Promise<void> {
  if (ctx.runtime.mode === 'store' && ctx.runtime.storeId !== storeId) {
    throw new AppError('INVALID_STATE', {
      field: 'id',
      reason: `this step is made by store ${storeCode}, at its own server`,
    });
  }
  await assertRecordedHere(ctx, { id: storeId, code: storeCode });
}

/** `PUT /transfers/:id/send`: the source sends it; its stock leaves now (TRANSFER_OUT). */
export function sendTransfer(ctx: RequestContext, id: string, note?: string | null): Promise<Transfer> {
  return makeStep(ctx, id, { kind: TransferStepKind.SENT }, note);
}

/** `PUT /transfers/:id/receive`: the destination records a receipt (see `planStep`). */
export function receiveTransfer(
  ctx: RequestContext,
  input: { id: string; items: TransferReceiptLineInput[]; complete?: boolean | null; note?: string | null },
): Promise<Transfer> {
  return makeStep(
    ctx,
    input.id,
    { kind: TransferStepKind.RECEIVED, items: input.items, complete: input.complete },
    input.note,
  );
}

/** `PUT /transfers/:id/cancel`: the source cancels it; what was sent comes back (TRANSFER_RETURN). */
export function cancelTransfer(ctx: RequestContext, id: string, note?: string | null): Promise<Transfer> {
  return makeStep(ctx, id, { kind: TransferStepKind.CANCELLED }, note);
}

/**
 * One step through the API: the transfer locked (404), the permission held at the store that makes the
 * step (403), the step made on that store's server (409), the rules (`planStep`: 409, 422); then the step
 * recorded with its stock moves and, on a store server, its event. Returns the transfer as it now stands.
 */
async function makeStep(
  ctx: RequestContext,
  id: string,
  request: StepRequest,
  note: string | null | undefined,
): Promise<Transfer> {
  const transfer = await lockTransfer(ctx, id);
  const { permission, at } = STEPS[request.kind];
  assertCan(ctx, permission, transfer[at]);
  await assertStepHere(
    ctx,
    transfer[at],
    at === 'fromStoreId' ? transfer.fromStoreCode : transfer.toStoreCode,
  );
  const plan = planStep(transfer, request);
  const step = newStep(ctx, transfer, request.kind, transfer[at], plan, note);
  const movements = await writeStep(ctx, transfer, plan, { step });
  await recordEvent(ctx, transferStepped, () => transferStepPayload(transfer, step, movements));
  return loadTransfer(ctx, transfer.id);
}

/** A step row as this server makes it: by the signed-in user, at `at` (now by default). */
export function newStep(
  ctx: RequestContext,
  transfer: Pick<LockedTransfer, 'fromStoreId' | 'toStoreId'>,
  kind: TransferStepKind,
  storeId: string,
  plan: Pick<StepPlan, 'complete' | 'received'> | null,
  note: string | null | undefined,
  at: Date = ctx.runtime.now(),
): TransferStep {
  const step = new TransferStep();
  step.kind = kind;
  step.storeId = storeId;
  step.fromStoreId = transfer.fromStoreId;
  step.toStoreId = transfer.toStoreId;
  step.userId = ctx.user!.id;
  step.note = note ?? null;
  step.complete = plan?.complete ?? null;
  step.lines = plan?.received ?? [];
  step.createdAt = at;
  return step;
}
