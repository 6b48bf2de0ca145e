import { PurchaseOrder } from '../../entities/purchase-order.entity.js';
import { PurchaseOrderItem } from '../../entities/purchase-order-item.entity.js';
import type { RequestContext } from '../core/context.js';
import { readScope } from '../core/scope.js';
import { orderTotalOf } from './purchase-order-arithmetic.js';
import {
  newLines,
  orderableSupplier,
  orderingStore,
  type PurchaseOrderLineInput,
} from './purchase-order-lines.js';
import { getPurchaseOrder } from './purchase-order-queries.js';

/** `POST /purchase-orders`; the store is the request's scope (the `storeId` its access rule names). */
export interface PurchaseOrderInput {
  supplierId: string;
  /** A calendar date, YYYY-MM-DD. */
  expectedDate?: string | null;
  notes?: string | null;
  items?: PurchaseOrderLineInput[] | null;
}

/**
 * The next number, `PO-000001` on: the highest number + 1, taken under a transaction lock so that two
 * orders created at once wait for each other instead of taking the same number (the unique index stays
 * the last word). Orders are made only at HQ, so the numbers are one chain-wide series. The lock comes
 * first, in its own statement: a read in the same statement would see the table as it was before the wait.
 */
async function nextNumber(ctx: RequestContext): Promise<string> {
  await ctx.em.execute(`select pg_advisory_xact_lock(hashtextextended('purchase_order:number', 0))`);
  const [{ next }] = await ctx.em.execute<Array<{ next: string }>>(
    `select coalesce(max(cast(substr(number, 4) as bigint)), 0) + 1 as next from purchase_order`,
  );
  return `PO-${next.toString().padStart(6, '0')}`;
}

/**
 * Creates a DRAFT purchase order at HQ, with its lines: the store (named by the rule: it must exist, 400,
 * the caller must hold purchase_orders.create there, 403) must be active (422), the supplier active
 * (422), each product active and on the order once (422); a line's cost defaults to the product's cost.
 * Line totals and the order's total are computed, never taken from the request.
 */
export async function createPurchaseOrder(
  ctx: RequestContext,
  input: PurchaseOrderInput,
): Promise<PurchaseOrder> {
  const storeId = (await readScope(ctx))!;
  await orderingStore(ctx, storeId);
  await orderableSupplier(ctx, input.supplierId);
  const lines = await newLines(ctx, input.items ?? [], {
    at: (i) => `items.${i}`,
    taken: new Set(),
    firstLineNumber: 1,
  });
  const po = ctx.em.create(PurchaseOrder, {
    number: await nextNumber(ctx),
    supplierId: input.supplierId,
    storeId,
    expectedDate: input.expectedDate ?? null,
    notes: input.notes ?? null,
    total: orderTotalOf(lines.map((l) => l.lineTotal)),
    createdById: ctx.user!.id,
  });
  for (const line of lines) ctx.em.create(PurchaseOrderItem, { ...line, purchaseOrder: po });
  await ctx.em.flush();
  return getPurchaseOrder(ctx, po.id);
}
