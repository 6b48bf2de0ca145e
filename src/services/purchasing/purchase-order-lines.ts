import { Product } from '../../entities/product.entity.js';
import { Store } from '../../entities/store.entity.js';
import { Supplier } from '../../entities/supplier.entity.js';
import type { RequestContext } from '../core/context.js';
import { invalid, unprocessable } from '../core/errors.js';
import { shareLockLive } from '../core/guards.js';
import { lineTotalOf } from './purchase-order-arithmetic.js';

/** A line as it is ordered: the product, how much (thousandths), at what cost (cents; default the product's). */
export interface PurchaseOrderLineInput {
  productId: string;
  quantity: number;
  unitCost?: number | null;
}

/** A new line's columns, checked and computed. */
export interface NewLine {
  lineNumber: number;
  productId: string;
  sku: string;
  productName: string;
  quantity: number;
  unitCost: number;
  lineTotal: number;
}

/**
 * The lines to add to an order, checked: each product known (400), active (422) and on the order once
 * (422, counting the products it already has: `taken`); the unit cost defaults to the product's cost;
 * each line's total computed. `at(i)` is where line i's fields are named (`items.0`, or '' for the one
 * line of `POST /purchase-orders/:id/items`).
 */
export async function newLines(
  ctx: RequestContext,
  lines: readonly PurchaseOrderLineInput[],
  opts: { at: (i: number) => string; taken: ReadonlySet<string>; firstLineNumber: number },
): Promise<NewLine[]> {
  if (!lines.length) return [];
  const products = new Map(
    (await ctx.em.find(Product, { id: { $in: [...new Set(lines.map((l) => l.productId))] } })).map((p) => [
      p.id,
      p,
    ]),
  );
  const seen = new Set(opts.taken);
  const field = (i: number, name: string) => (opts.at(i) ? `${opts.at(i)}.${name}` : name);
  return lines.map((line, i) => {
    const product = products.get(line.productId);
    if (!product) throw invalid(field(i, 'productId'), 'no product with this id');
    if (!product.isActive)
      throw unprocessable(field(i, 'productId'), `product ${product.sku} is inactive: it cannot be ordered`);
    if (seen.has(product.id)) {
      throw unprocessable(
        field(i, 'productId'),
        `product ${product.sku} is already on this purchase order: change that line's quantity instead`,
      );
    }
    seen.add(product.id);
    const unitCost = line.unitCost ?? product.costPrice;
    return {
      lineNumber: opts.firstLineNumber + i,
      productId: product.id,
      sku: product.sku,
      productName: product.name,
      quantity: line.quantity,
      unitCost,
      lineTotal: lineTotalOf(line.quantity, unitCost, field(i, 'quantity')),
    };
  });
}

/**
 * The supplier an order is placed with, share-locked against its deletion: unknown or deleted (400
 * naming `supplierId`), inactive (422: inactive suppliers get no purchase orders).
 */
export async function orderableSupplier(ctx: RequestContext, supplierId: string): Promise<Supplier> {
  const supplier = await shareLockLive(ctx, Supplier, supplierId, 'supplierId', 'supplier');
  if (!supplier.isActive) {
    throw unprocessable('supplierId', `supplier ${supplier.name} is inactive: it gets no purchase orders`);
  }
  return supplier;
}

/** The store an order is for: it must exist (400) and be active (422). */
export async function orderingStore(ctx: RequestContext, storeId: string): Promise<Store> {
  const store = await ctx.em.findOne(Store, { id: storeId });
  if (!store) throw invalid('storeId', 'no store with this id');
  if (!store.isActive) throw unprocessable('storeId', `store ${store.code} is inactive: it orders nothing`);
  return store;
}
