import { Product } from '../../entities/product.entity.js';
import type { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { Store } from '../../entities/store.entity.js';
import { addDays, inTransaction, scoped, type RequestContext } from '../../services/core/index.js';
import {
  approvePurchaseOrder,
  createPurchaseOrder,
  receivePurchaseOrder,
  sendPurchaseOrder,
  submitPurchaseOrder,
} from '../../services/purchasing/index.js';
import { createTransfer, sendTransfer } from '../../services/transfers/index.js';

/**
 * MAIN's store server sends HARBOR, low on croissants, six of its own: a transfer created and sent at
 * MAIN (the stock has left MAIN), in transit and incoming at HARBOR, which receives it at HQ (it has no
 * store server of its own in the demo).
 */
export async function sendCroissantsToHarbor(ctx: RequestContext): Promise<void> {
  const harbor = await ctx.em.findOneOrFail(Store, { code: 'HARBOR' });
  const croissant = await ctx.em.findOneOrFail(Product, { sku: 'BAK-002' });
  await inTransaction(ctx, async () => {
    const source = scoped(ctx, { store: 'fromStoreId' }, ['transfers.create'], {});
    const transfer = await createTransfer(source, {
      toStoreId: harbor.id,
      notes: 'HARBOR is low on croissants',
      items: [{ productId: croissant.id, quantity: 6_000 }],
    });
    await sendTransfer(ctx, transfer.id, 'With the morning van');
  });
}

/**
 * The demo's purchase order, partly received: beverages ordered from Acme for a store HQ receives for
 * (one without a store server of its own: HARBOR), sent, and the first delivery in, the champagne still
 * open. Through the services, under the API's rules; `ctx` acts as the admin at HQ, inside the seeding
 * transaction. Call it from `seedDemoData` once the catalogue and the store exist.
 */
export async function seedPurchasing(
  ctx: RequestContext,
  refs: { storeId: string; supplierId: string; bySku: ReadonlyMap<string, Product>; today: string },
): Promise<PurchaseOrder> {
  const product = (sku: string) => refs.bySku.get(sku)!.id;
  const order = await createPurchaseOrder(
    scoped(ctx, { store: 'storeId', records: true }, ['purchase_orders.create'], { storeId: refs.storeId }),
    {
      supplierId: refs.supplierId,
      expectedDate: addDays(refs.today, 2),
      notes: 'Weekly beverages',
      items: [
        { productId: product('BEV-001'), quantity: 24_000 },
        { productId: product('BEV-002'), quantity: 36_000 },
        { productId: product('BEV-004'), quantity: 6_000, unitCost: 1_950 },
      ],
    },
  );
  await submitPurchaseOrder(ctx, order.id);
  await approvePurchaseOrder(ctx, order.id);
  const sent = await sendPurchaseOrder(ctx, order.id);
  const [coffee, juice] = sent.items;
  return receivePurchaseOrder(ctx, order.id, {
    items: [
      { itemId: coffee.id, quantityReceived: 24_000 },
      { itemId: juice.id, quantityReceived: 30_000, unitCost: 145 },
    ],
    note: 'First delivery: champagne back-ordered',
  });
}
