import { Product } from '../../entities/product.entity.js';
import { ProductSupplier } from '../../entities/product-supplier.entity.js';
import { Supplier } from '../../entities/supplier.entity.js';
import { shareLockLive } from '../core/guards.js';
import type { RequestContext } from '../core/context.js';
import { conflict, notFound } from '../core/errors.js';

export interface ProductSupplierInput {
  supplierSku?: string | null;
  costPrice?: number | null;
  isPreferred?: boolean | null;
}

export interface LinkSupplierInput extends ProductSupplierInput {
  supplierId: string;
}

/** The suppliers of a product (NOT_FOUND for an unknown product): the preferred one first, then by name. */
export async function listProductSuppliers(
  ctx: RequestContext,
  productId: string,
): Promise<ProductSupplier[]> {
  if (!(await ctx.em.count(Product, { id: productId }))) throw notFound('Product', productId);
  return ctx.em.find(
    ProductSupplier,
    { product: productId },
    { populate: ['supplier'], orderBy: { isPreferred: 'desc', supplier: { name: 'asc' }, id: 'asc' } },
  );
}

/** Links a supplier to a product; `isPreferred: true` takes the preference from the product's other links. */
export async function linkProductSupplier(
  ctx: RequestContext,
  productId: string,
  input: LinkSupplierInput,
): Promise<ProductSupplier> {
  await lockProduct(ctx, productId);
  const supplier = await shareLockLive(ctx, Supplier, input.supplierId, 'supplierId', 'supplier');
  if (await ctx.em.count(ProductSupplier, { product: productId, supplier: supplier.id }))
    throw conflict({ field: 'supplierId', reason: 'this supplier is already linked to the product' });
  if (input.isPreferred) await clearPreferred(ctx, productId);
  const link = ctx.em.create(ProductSupplier, {
    product: productId,
    supplier,
    supplierSku: input.supplierSku ?? null,
    costPrice: input.costPrice ?? null,
    isPreferred: input.isPreferred ?? false,
  });
  await ctx.em.flush();
  return link;
}

/** Updates the fields given (`null` clears the supplier SKU or cost); `isPreferred: true` as on linking. */
export async function updateProductSupplier(
  ctx: RequestContext,
  productId: string,
  supplierId: string,
  input: ProductSupplierInput,
): Promise<ProductSupplier> {
  await lockProduct(ctx, productId);
  const link = await findLink(ctx, productId, supplierId);
  if (input.isPreferred && !link.isPreferred) await clearPreferred(ctx, productId);
  if (input.supplierSku !== undefined) link.supplierSku = input.supplierSku;
  if (input.costPrice !== undefined) link.costPrice = input.costPrice;
  if (input.isPreferred != null) link.isPreferred = input.isPreferred;
  await ctx.em.flush();
  return link;
}

/**
 * Removes the link and returns it as it was. Links carry no history of their own (purchase orders keep
 * their own supplier and costs), so the row goes; sync records the deletion.
 */
export async function unlinkProductSupplier(
  ctx: RequestContext,
  productId: string,
  supplierId: string,
): Promise<ProductSupplier> {
  await lockProduct(ctx, productId);
  const link = await findLink(ctx, productId, supplierId);
  ctx.em.remove(link);
  await ctx.em.flush();
  return link;
}

/** Name of the link's supplier: already in memory for links from this service, one query otherwise. */
export async function supplierNameOf(ctx: RequestContext, link: ProductSupplier): Promise<string> {
  if (link.supplier.isInitialized()) return link.supplier.getEntity().name;
  const supplier = await ctx.em.findOneOrFail(Supplier, { id: link.supplier.id }, { fields: ['name'] });
  return supplier.name;
}

/**
 * Locks the product row until the transaction ends, so that link changes of one product run one after
 * the other: two concurrent "make preferred" calls end with exactly one preferred link, and a duplicate
 * check cannot race an insert. `for no key update` leaves sales alone (their foreign keys only take a
 * key-share lock).
 */
async function lockProduct(ctx: RequestContext, productId: string): Promise<void> {
  const rows = await ctx.em.execute('select 1 from "product" where "id" = ? for no key update', [productId]);
  if (rows.length === 0) throw notFound('Product', productId);
}

async function findLink(
  ctx: RequestContext,
  productId: string,
  supplierId: string,
): Promise<ProductSupplier> {
  const link = await ctx.em.findOne(
    ProductSupplier,
    { product: productId, supplier: supplierId },
    { populate: ['supplier'] },
  );
  if (!link) throw notFound(`Link of product ${productId} to supplier ${supplierId}`);
  return link;
}

/**
 * Clears the product's preferred link, flushed before the new one is marked: the partial unique index
 * admits one preferred link per product at every moment, not only at commit.
 */
async function clearPreferred(ctx: RequestContext, productId: string): Promise<void> {
  const preferred = await ctx.em.find(ProductSupplier, { product: productId, isPreferred: true });
  if (preferred.length === 0) return;
  for (const link of preferred) link.isPreferred = false;
  await ctx.em.flush();
}
