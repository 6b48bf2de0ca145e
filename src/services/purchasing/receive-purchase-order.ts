import { v7 as uuidv7 } from 'uuid';
import type { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { Store } from '../../entities/store.entity.js';
import { assertCan } from '../auth/grants.js';
import type { RequestContext } from '../core/context.js';
import { AppError } from '../core/errors.js';
import { assertRecordedHere } from '../core/scope.js';
import { recordEvent } from '../events/outbox.js';
import { applyReceipt, type ReceiptInput } from './apply-receipt.js';
import { purchaseOrderReceived } from './purchase-order-events.js';
import { getPurchaseOrder, lockPurchaseOrder } from './purchase-order-queries.js';

/**
 * Receives goods against a purchase order at its store (`applyReceipt`), for a caller holding
 * purchase_orders.receive there (403). The order is locked before anything is checked, so that two
 * receipts at once are checked one after the other.
 *
 * Where: a store server receives its own store's orders, offline too, from the copy it pulled (another
 * store's is a 409), and pushes the receipt to HQ as `purchase_order.received`. HQ receives for a store
 * without a server of its own; a store with one receives there (409 at HQ, as its sales are).
 */
export async function receivePurchaseOrder(
  ctx: RequestContext,
  id: string,
  input: ReceiptInput,
): Promise<PurchaseOrder> {
  const po = await lockPurchaseOrder(ctx, id);
  assertCan(ctx, 'purchase_orders.receive', po.storeId);
  await assertReceivedHere(ctx, po);
  const applied = await applyReceipt(ctx, po, input, {
    id: uuidv7(),
    at: ctx.runtime.now(),
    userId: ctx.user!.id,
  });
  await recordEvent(ctx, purchaseOrderReceived, () => purchaseOrderReceived.build(po, applied));
  return getPurchaseOrder(ctx, po.id);
}

/** Refuses (409) a receipt this server does not record: another store's at a store server, or at HQ one of a store with its own server. */
async function assertReceivedHere(ctx: RequestContext, po: PurchaseOrder): Promise<void> {
  if (ctx.runtime.mode === 'store') {
    if (po.storeId === ctx.runtime.storeId) return;
    throw new AppError(
      'INVALID_STATE',
      `Purchase order ${po.number} is for another store: it is received there`,
    );
  }
  const store = await ctx.em.findOneOrFail(Store, { id: po.storeId });
  await assertRecordedHere(ctx, { id: store.id, code: store.code });
}
