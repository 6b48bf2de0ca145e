import { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { PurchaseOrderItem } from '../../entities/purchase-order-item.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { MAX_DOCUMENT_LINES } from '../core/bounds.js';
import { notFound, unprocessable } from '../core/errors.js';
import { lineTotalOf, orderTotalOf } from './purchase-order-arithmetic.js';
import {
  newLines,
  orderableSupplier,
  orderingStore,
  type PurchaseOrderLineInput,
} from './purchase-order-lines.js';
import { assertDraft } from './purchase-order.machine.js';
import { getPurchaseOrder, lockPurchaseOrder } from './purchase-order-queries.js';

/*
 * Editing a DRAFT purchase order at HQ: its header, its lines, or deleting it. Each locks the order
 * first, needs the permission at the order's store (403) and refuses anything but a DRAFT (409). A write
 * of a line recomputes the order's total and bumps the order's version in the same transaction (the
 * lines travel inside the order when it syncs).
 */

/** `PUT /purchase-orders/:id`: absent fields stay, `null` clears the expected date and the notes. */
export interface PurchaseOrderChanges {
  supplierId?: string | null;
  storeId?: string | null;
  expectedDate?: string | null;
  notes?: string | null;
}

/** A DRAFT, locked, for a caller holding `permission` at its store. */
async function draft(
  ctx: RequestContext,
  id: string,
  permission: 'purchase_orders.edit' | 'purchase_orders.delete',
): Promise<PurchaseOrder> {
  const po = await lockPurchaseOrder(ctx, id);
  assertCan(ctx, permission, po.storeId);
  assertDraft(po, permission === 'purchase_orders.delete' ? 'deleted' : 'edited');
  return po;
}

/**
 * The order's total from its lines as they now are (422 naming `field` beyond the largest amount), written
 * with a new version: the lines changed with it.
 */
async function saveLines(
  ctx: RequestContext,
  po: PurchaseOrder,
  lines: readonly PurchaseOrderItem[],
  field: string,
): Promise<PurchaseOrder> {
  po.total = orderTotalOf(
    lines.map((item) => item.lineTotal),
    field,
  );
  // Dirty whatever else changed: the order's version moves with every write of a line.
  po.updatedAt = ctx.runtime.now();
  await ctx.em.flush();
  return getPurchaseOrder(ctx, po.id);
}

/**
 * Changes a DRAFT's supplier (active: 422), store (active: 422, and the caller holds
 * purchase_orders.edit there too: 403), expected date or notes.
 */
export async function updatePurchaseOrder(
  ctx: RequestContext,
  id: string,
  changes: PurchaseOrderChanges,
): Promise<PurchaseOrder> {
  const po = await draft(ctx, id, 'purchase_orders.edit');
  if (changes.storeId != null && changes.storeId !== po.storeId) {
    await orderingStore(ctx, changes.storeId);
    assertCan(ctx, 'purchase_orders.edit', changes.storeId);
    po.storeId = changes.storeId;
  }
  if (changes.supplierId != null && changes.supplierId !== po.supplierId) {
    await orderableSupplier(ctx, changes.supplierId);
    po.supplierId = changes.supplierId;
  }
  if (changes.expectedDate !== undefined) po.expectedDate = changes.expectedDate;
  if (changes.notes !== undefined) po.notes = changes.notes;
  await ctx.em.flush();
  return getPurchaseOrder(ctx, po.id);
}

/** Adds a line to a DRAFT (its product active and not on the order yet: 422); answers the order. */
export async function addPurchaseOrderItem(
  ctx: RequestContext,
  id: string,
  line: PurchaseOrderLineInput,
): Promise<PurchaseOrder> {
  const po = await draft(ctx, id, 'purchase_orders.edit');
  const items = po.items.getItems();
  if (items.length >= MAX_DOCUMENT_LINES) {
    throw unprocessable(
      'productId',
      `the purchase order already has ${items.length} lines, the most it may have`,
    );
  }
  const [added] = await newLines(ctx, [line], {
    at: () => '',
    taken: new Set(items.map((item) => item.productId)),
    firstLineNumber: items.length + 1,
  });
  const item = ctx.em.create(PurchaseOrderItem, { ...added, purchaseOrder: po });
  return saveLines(ctx, po, [...items, item], 'quantity');
}

/** A line of the order, or NOT_FOUND. */
function lineOf(po: PurchaseOrder, itemId: string): PurchaseOrderItem {
  const item = po.items.getItems().find((i) => i.id === itemId);
  if (!item) throw notFound('Purchase order line', itemId);
  return item;
}

/** Changes a DRAFT line's quantity or unit cost; its total and the order's follow. */
export async function updatePurchaseOrderItem(
  ctx: RequestContext,
  id: string,
  itemId: string,
  changes: { quantity?: number | null; unitCost?: number | null },
): Promise<PurchaseOrder> {
  const po = await draft(ctx, id, 'purchase_orders.edit');
  const item = lineOf(po, itemId);
  if (changes.quantity != null) item.quantity = changes.quantity;
  if (changes.unitCost != null) item.unitCost = changes.unitCost;
  item.lineTotal = lineTotalOf(item.quantity, item.unitCost, 'quantity');
  return saveLines(ctx, po, po.items.getItems(), 'quantity');
}

/** Removes a line from a DRAFT; the lines after it move up one place. */
export async function removePurchaseOrderItem(
  ctx: RequestContext,
  id: string,
  itemId: string,
): Promise<PurchaseOrder> {
  const po = await draft(ctx, id, 'purchase_orders.edit');
  const item = lineOf(po, itemId);
  ctx.em.remove(item);
  const rest = po.items.getItems().filter((other) => other !== item);
  rest.forEach((other, i) => (other.lineNumber = i + 1));
  return saveLines(ctx, po, rest, 'itemId');
}

/** Deletes a DRAFT with its lines (nothing else refers to a draft); answers it as it was. */
export async function deletePurchaseOrder(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
  await draft(ctx, id, 'purchase_orders.delete');
  const po = await getPurchaseOrder(ctx, id);
  ctx.em.remove(po);
  await ctx.em.flush();
  return po;
}
