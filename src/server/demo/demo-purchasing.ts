import type { Product } from '../../entities/product.entity.js';
import type { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { addDays, scoped, type RequestContext } from '../../services/core/index.js';
import {
  approvePurchaseOrder,
  createPurchaseOrder,
  receivePurchaseOrder,
  sendPurchaseOrder,
  submitPurchaseOrder,
} from '../../services/purchasing/index.js';

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
