import type { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { PurchaseOrderReceipt } from '../../entities/purchase-order-receipt.entity.js';
import { User } from '../../entities/user.entity.js';
import type { RequestContext } from '../core/context.js';
import { mismatch, unprocessable } from '../core/errors.js';
import { applyReceipt } from './apply-receipt.js';
import type { PurchaseOrderReceivedPayload } from './purchase-order-events.js';
import { findLockedPurchaseOrder } from './purchase-order-queries.js';

/**
 * HQ: records a store's receipt (pushed as `purchase_order.received`) on HQ's copy of the order, with the
 * store's receipt id, time, user and movement ids, through the same `applyReceipt` as the API. No
 * permission check (the store checked its user); integrity checks only, each an AppError so that the push
 * parks the event: an order HQ does not hold or that is another store's (422), one HQ cancelled meanwhile
 * (409), more than is still open (422), movements that are not the receipt's (422). The same receipt
 * again (a push repeated under another seq) changes nothing.
 */
export async function recordStoreReceipt(
  ctx: RequestContext,
  storeId: string,
  event: PurchaseOrderReceivedPayload,
): Promise<void> {
  const po = await findLockedPurchaseOrder(ctx, event.purchaseOrderId);
  if (!po) throw unprocessable('purchaseOrderId', `no purchase order ${event.purchaseOrderId} at HQ`);
  if (po.storeId !== storeId) {
    throw unprocessable('purchaseOrderId', `purchase order ${po.number} is another store's`);
  }
  if (await ctx.em.count(PurchaseOrderReceipt, { id: event.id })) return;
  if (!(await ctx.em.count(User, { id: event.userId }))) {
    throw unprocessable('userId', `no user ${event.userId}`);
  }
  checkMovements(po, event);
  await applyReceipt(
    ctx,
    po,
    { items: event.lines, closeShort: event.closeShort, note: event.note },
    {
      id: event.id,
      at: new Date(event.createdAt),
      userId: event.userId,
      movements: new Map(event.movements.map((m) => [m.productId, m.id])),
    },
  );
}

/**
 * The movements are the receipt's: each for a product this receipt receives on HQ's copy of the order,
 * once, of exactly the quantity received (422 otherwise). Which lines have one is the store's to say: it
 * tracked their stock.
 */
function checkMovements(po: PurchaseOrder, event: PurchaseOrderReceivedPayload): void {
  const productOf = new Map(po.items.getItems().map((item) => [item.id, item.productId]));
  const received = new Map(event.lines.map((line) => [productOf.get(line.itemId), line.quantityReceived]));
  const seen = new Set<string>();
  event.movements.forEach((m, i) => {
    const quantity = received.get(m.productId);
    if (quantity === undefined || seen.has(m.productId)) {
      throw unprocessable(
        `movements.${i}.productId`,
        `product ${m.productId} is not received once by this receipt`,
      );
    }
    seen.add(m.productId);
    if (m.quantity !== quantity) throw mismatch(`movements.${i}.quantity`, m.quantity, quantity);
  });
}
