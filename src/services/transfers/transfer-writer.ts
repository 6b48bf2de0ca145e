import { Transfer, type TransferStatus } from '../../entities/transfer.entity.js';
import { TransferItem } from '../../entities/transfer-item.entity.js';
import { TransferStep } from '../../entities/transfer-step.entity.js';
import type { RequestContext } from '../core/context.js';
import { notFound } from '../core/errors.js';
import { rowOf } from '../core/rows.js';
import { moveStock, type StockMoveResult } from '../inventory/index.js';
import type { StepPlan, TransferLineFigures, TransferState } from './transfer-plan.js';

/** A transfer locked for a step: its state and its stores' codes (for messages). */
export interface LockedTransfer extends TransferState {
  serial: number;
  notes: string | null;
  createdById: string;
  fromStoreCode: string;
  toStoreCode: string;
}

/**
 * Reads a transfer for a step, its row locked until the transaction ends (404 when there is none): two
 * steps of one transfer (two receipts, a receipt and a cancel) run one after the other, each on the
 * figures the other left.
 */
export async function lockTransfer(ctx: RequestContext, id: string): Promise<LockedTransfer> {
  const [header] = await ctx.em.execute<Array<Record<string, string>>>(
    `select t.id, t.number, t.serial, t.notes, t.created_by_id, t.from_store_id, t.to_store_id, t.status, fs.code as from_code, ts.code as to_code
       from transfer t join store fs on fs.id = t.from_store_id join store ts on ts.id = t.to_store_id
      where t.id = ? for update of t`,
    [id],
  );
  if (!header) throw notFound('Transfer', id);
  const lines = await ctx.em.execute<Array<Record<string, string | number | boolean>>>(
    `select i.id, i.line_number, i.product_id, i.sku, p.track_stock, i.quantity, i.quantity_sent,
            i.quantity_received, i.quantity_damaged, i.quantity_lost, i.quantity_returned
       from transfer_item i join product p on p.id = i.product_id
      where i.transfer_id = ? order by i.line_number`,
    [id],
  );
  return {
    id: header.id,
    number: header.number,
    serial: Number(header.serial),
    notes: header.notes,
    createdById: header.created_by_id,
    fromStoreId: header.from_store_id,
    toStoreId: header.to_store_id,
    status: header.status as TransferStatus,
    fromStoreCode: header.from_code,
    toStoreCode: header.to_code,
    lines: lines.map((row) => ({
      id: row.id as string,
      lineNumber: Number(row.line_number),
      productId: row.product_id as string,
      sku: row.sku as string,
      trackStock: row.track_stock as boolean,
      quantity: Number(row.quantity),
      quantitySent: Number(row.quantity_sent),
      quantityReceived: Number(row.quantity_received),
      quantityDamaged: Number(row.quantity_damaged),
      quantityLost: Number(row.quantity_lost),
      quantityReturned: Number(row.quantity_returned),
    })),
  };
}

/** Writes a new transfer, its lines and its CREATED step (one statement). */
export async function insertTransfer(
  ctx: RequestContext,
  transfer: Transfer,
  items: TransferItem[],
  step: TransferStep,
): Promise<void> {
  const { em } = ctx;
  await em.execute(
    `with t as (
       insert into transfer select * from jsonb_populate_record(null::transfer, ?::jsonb) returning id
     ), items as (
       insert into transfer_item select x.* from jsonb_populate_recordset(null::transfer_item, ?::jsonb) x
     )
     insert into transfer_step select * from jsonb_populate_record(null::transfer_step, ?::jsonb)`,
    [
      JSON.stringify(rowOf(em, Transfer, transfer)),
      JSON.stringify(items.map((item) => rowOf(em, TransferItem, item, { transfer: transfer.id }))),
      JSON.stringify(rowOf(em, TransferStep, step, { transfer: transfer.id })),
    ],
  );
}

/** The step as recorded: who made it, where and when. */
export interface StepRecord {
  step: TransferStep;
  /** The stock movements' ids by product, when given (HQ recording a store's step keeps the store's). */
  movementIds?: ReadonlyMap<string, string>;
}

/**
 * Records a step and what it does, in the caller's transaction: the step row, the lines' new figures and
 * the transfer's status in one statement (the transfer's version goes up, so that both stores pull it),
 * then the stock moves (`recordMoves`), under the transfer's id, at the step's time and for its user.
 */
export async function writeStep(
  ctx: RequestContext,
  transfer: TransferState,
  plan: StepPlan,
  { step, movementIds }: StepRecord,
): Promise<StockMoveResult[]> {
  const { em } = ctx;
  await em.execute(
    `with step as (
       insert into transfer_step select * from jsonb_populate_record(null::transfer_step, ?::jsonb)
     ), lines as (
       update transfer_item i
          set quantity_sent = x.quantity_sent, quantity_received = x.quantity_received,
              quantity_damaged = x.quantity_damaged, quantity_lost = x.quantity_lost,
              quantity_returned = x.quantity_returned
         from jsonb_to_recordset(?::jsonb) as x(id uuid, quantity_sent bigint, quantity_received bigint,
              quantity_damaged bigint, quantity_lost bigint, quantity_returned bigint)
        where i.id = x.id and i.transfer_id = ?
     )
     update transfer set status = ?, version = version + 1, updated_at = ? where id = ?`,
    [
      JSON.stringify(rowOf(em, TransferStep, step, { transfer: transfer.id })),
      JSON.stringify(plan.lines.map(lineRow)),
      transfer.id,
      plan.status,
      step.createdAt,
      transfer.id,
    ],
  );
  return moveStock(
    ctx,
    plan.moves.map((move) => ({
      ...move,
      id: movementIds?.get(move.productId),
      referenceId: transfer.id,
      notes: transfer.number,
    })),
    { at: step.createdAt, userId: step.userId },
  );
}

const lineRow = (line: TransferLineFigures) => ({
  id: line.id,
  quantity_sent: line.quantitySent,
  quantity_received: line.quantityReceived,
  quantity_damaged: line.quantityDamaged,
  quantity_lost: line.quantityLost,
  quantity_returned: line.quantityReturned,
});
