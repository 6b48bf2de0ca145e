import { Product } from '../../entities/product.entity.js';
import { Store } from '../../entities/store.entity.js';
import { inTransaction, scoped, type RequestContext } from '../../services/core/index.js';
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
