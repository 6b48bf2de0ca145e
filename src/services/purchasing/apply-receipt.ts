import { PurchaseOrder, PurchaseOrderStatus } from '../../entities/purchase-order.entity.js';
import { PurchaseOrderReceipt } from '../../entities/purchase-order-receipt.entity.js';
import { StockMovementType } from '../../entities/stock-movement.entity.js';
import type { RequestContext } from '../core/context.js';
import { invalid } from '../core/errors.js';
import { moveStock, trackedOf, type StockMoveResult } from '../inventory/index.js';
import { planReceipt, type PurchaseReceiptLineInput, type ReceiptPlan } from './purchase-order-arithmetic.js';
import { assertReceivable, purchaseOrderMachine } from './purchase-order.machine.js';

/** `PATCH /purchase-orders/:id/receive`: what arrived, line by line; `closeShort` ends the order. */
export interface ReceiptInput {
  items: PurchaseReceiptLineInput[];
  /** Close the order RECEIVED now: what is still open on each line is recorded as closed short. */
  closeShort?: boolean | null;
  /** Kept with the receipt; the reason when it closes the order short (then required). */
  note?: string | null;
}

/**
 * Whose receipt it is: its id, time and user (the store's, when HQ records a store's receipt), and at HQ
 * the ids of the movements the store recorded, by product (the products whose stock it tracked).
 */
export interface ReceiptOrigin {
  id: string;
  at: Date;
  userId: string;
  movements?: ReadonlyMap<string, string>;
}

/** The receipt recorded and the PO_RECEIPT movements it made (in the order of its lines). */
export interface AppliedReceipt {
  receipt: PurchaseOrderReceipt;
  movements: StockMoveResult[];
}

/** Adds a receipt's quantities to the lines it names (and what it closes short), in one statement. */
const ADD_TO_LINES_SQL = `update purchase_order_item i
    set quantity_received = i.quantity_received + r.received,
        quantity_closed_short = i.quantity_closed_short + r.closed_short
   from jsonb_to_recordset(?::jsonb) as r(id uuid, received bigint, closed_short bigint)
  where i.id = r.id and i.purchase_order_id = ?`;

/** The order's new status, with a new version: its lines changed with it (they travel inside it). */
const ADVANCE_ORDER_SQL = `update purchase_order
    set status = ?, closed_short_reason = coalesce(?, closed_short_reason), version = version + 1, updated_at = ?
  where id = ?`;

/**
 * Records one receipt of a purchase order locked by the caller (`lockPurchaseOrder`): the API's receipt
 * at the order's store and HQ's recording of a store's pushed receipt both go through here, so that a
 * receipt means the same wherever it is applied.
 *
 * - Only a SENT or PARTIALLY_RECEIVED order (409); the lines checked against what is still open
 *   (`planReceipt`: 422 naming `items.N.…`). Nothing received and no close short is a 400 (`items`);
 *   closing short needs its reason (`note`, 400).
 * - Writes the receipt row (who, when, what, at what cost), adds its quantities to the lines, moves the
 *   order to PARTIALLY_RECEIVED or RECEIVED with a new version, and brings the goods into the store's
 *   stock (PO_RECEIPT, referenceId the order; products whose stock is tracked only).
 */
export async function applyReceipt(
  ctx: RequestContext,
  po: PurchaseOrder,
  input: ReceiptInput,
  origin: ReceiptOrigin,
): Promise<AppliedReceipt> {
  assertReceivable(po);
  if (!input.items.length && !input.closeShort) {
    throw invalid('items', 'name at least one line received, or close the order short (closeShort: true)');
  }
  if (input.closeShort && !input.note) {
    throw invalid('note', 'give the reason for closing the order short');
  }
  const plan = planReceipt(po.items.getItems(), input);
  const next = plan.complete ? PurchaseOrderStatus.RECEIVED : PurchaseOrderStatus.PARTIALLY_RECEIVED;
  purchaseOrderMachine.assert(po.status, next);
  const receipt = ctx.em.create(PurchaseOrderReceipt, {
    id: origin.id,
    purchaseOrder: po,
    storeId: po.storeId,
    userId: origin.userId,
    note: input.note ?? null,
    closeShort: Boolean(input.closeShort),
    lines: plan.received.map((r) => ({
      itemId: r.item.id,
      quantityReceived: r.quantityReceived,
      unitCost: r.unitCost,
    })),
    createdAt: origin.at,
  });
  await ctx.em.flush();
  await ctx.em.execute(ADD_TO_LINES_SQL, [JSON.stringify(lineChanges(plan)), po.id]);
  await ctx.em.execute(ADVANCE_ORDER_SQL, [
    next,
    input.closeShort ? input.note : null,
    // The receipt's time (the store's, at HQ), so that both copies of the order say the same.
    origin.at,
    po.id,
  ]);
  return { receipt, movements: await receiveStock(ctx, po, plan, input.note ?? null, origin) };
}

/** Per line the receipt touches: what it receives and what it closes short. */
function lineChanges(plan: ReceiptPlan): Array<{ id: string; received: number; closed_short: number }> {
  const changes = new Map<string, { id: string; received: number; closed_short: number }>();
  const of = (id: string) => {
    let change = changes.get(id);
    if (!change) changes.set(id, (change = { id, received: 0, closed_short: 0 }));
    return change;
  };
  for (const r of plan.received) of(r.item.id).received += r.quantityReceived;
  for (const c of plan.closedShort) of(c.item.id).closed_short += c.quantity;
  return [...changes.values()];
}

/**
 * The goods into the order's store, one PO_RECEIPT movement per line received whose product's stock is
 * tracked: on the API's path this server's catalogue says which those are; at HQ, the store's movements
 * do (their ids are kept, as the store's time and user are).
 */
async function receiveStock(
  ctx: RequestContext,
  po: PurchaseOrder,
  plan: ReceiptPlan,
  note: string | null,
  origin: ReceiptOrigin,
): Promise<StockMoveResult[]> {
  const products = plan.received.map((r) => r.item.productId);
  const tracked = origin.movements
    ? new Set(origin.movements.keys())
    : await trackedOf(ctx, [...new Set(products)]);
  const moves = plan.received.flatMap((r, i) =>
    tracked.has(r.item.productId)
      ? [
          {
            id: origin.movements?.get(r.item.productId),
            storeId: po.storeId,
            productId: r.item.productId,
            quantity: r.quantityReceived,
            type: StockMovementType.PO_RECEIPT,
            referenceId: po.id,
            notes: note,
            field: `items.${i}.quantityReceived`,
          },
        ]
      : [],
  );
  return moveStock(ctx, moves, { at: origin.at, userId: origin.userId });
}
