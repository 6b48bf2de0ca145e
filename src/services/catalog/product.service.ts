import type { FilterQuery } from '@mikro-orm/core';
import { Department } from '../../entities/department.entity.js';
import { Product } from '../../entities/product.entity.js';
import { ProductSupplier } from '../../entities/product-supplier.entity.js';
import { TaxGroup } from '../../entities/tax-group.entity.js';
import { onCommit, type RequestContext } from '../core/context.js';
import { assertUnchanged, assertUnique, shareLockLive } from '../core/guards.js';
import type { ChangeKind } from '../events/pubsub.js';
import { likePattern, pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';

export interface ProductInput {
  sku: string;
  barcode?: string | null;
  name: string;
  description?: string | null;
  departmentId?: string | null;
  costPrice?: number | null;
  sellPrice: number;
  taxGroupId?: string | null;
  trackStock?: boolean | null;
  lowStockThreshold?: number | null;
  isActive?: boolean | null;
}

export interface ProductFilter extends PageRequest {
  /** Matches name, SKU or barcode, case-insensitively. */
  search?: string | null;
  departmentId?: string | null;
  isActive?: boolean | null;
  /** Only products linked to this supplier. */
  supplierId?: string | null;
}

/** Products matching the filter, by name. */
export async function listProducts(ctx: RequestContext, filter: ProductFilter): Promise<PageResult<Product>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<Product> = {};
  if (filter.search) {
    const pattern = likePattern(filter.search.trim());
    where.$or = [
      { name: { $ilike: pattern } },
      { sku: { $ilike: pattern } },
      { barcode: { $ilike: pattern } },
    ];
  }
  if (filter.departmentId) where.department = filter.departmentId;
  if (filter.isActive != null) where.isActive = filter.isActive;
  if (filter.supplierId) {
    const linked = ctx.em
      .createQueryBuilder(ProductSupplier, 'ps')
      .select('ps.product')
      .where({ supplier: filter.supplierId });
    // `id in (select product_id ...)`: MikroORM accepts a sub-query here, its filter typings do not.
    where.id = { $in: linked.getKnexQuery() as unknown as string[] };
  }
  const [items, total] = await ctx.em.findAndCount(Product, where, {
    orderBy: { name: 'asc', id: 'asc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

/** A product by id, or NOT_FOUND. */
export async function getProduct(ctx: RequestContext, id: string): Promise<Product> {
  return ctx.em.findOneOrFail(Product, { id });
}

async function assertReferences(ctx: RequestContext, input: Partial<ProductInput>): Promise<void> {
  if (input.departmentId) {
    await shareLockLive(ctx, Department, input.departmentId, 'departmentId', 'department');
  }
  if (input.taxGroupId) {
    await shareLockLive(ctx, TaxGroup, input.taxGroupId, 'taxGroupId', 'tax group');
  }
}

function changed(ctx: RequestContext, kind: ChangeKind, product: Product): void {
  onCommit(ctx, () => ctx.runtime.events.publish('PRODUCT_CHANGED', { kind, product }));
}

/** Creates a product; SKU and barcode must be unused. */
export async function createProduct(ctx: RequestContext, input: ProductInput): Promise<Product> {
  await assertUnique(ctx, Product, 'sku', input.sku);
  await assertUnique(ctx, Product, 'barcode', input.barcode);
  await assertReferences(ctx, input);
  const product = ctx.em.create(Product, {
    sku: input.sku,
    barcode: input.barcode ?? null,
    name: input.name,
    description: input.description ?? null,
    department: input.departmentId ?? null,
    taxGroup: input.taxGroupId ?? null,
    costPrice: input.costPrice ?? 0,
    sellPrice: input.sellPrice,
    trackStock: input.trackStock ?? true,
    lowStockThreshold: input.lowStockThreshold ?? 0,
    isActive: input.isActive ?? true,
  });
  await ctx.em.flush();
  changed(ctx, 'CREATED', product);
  return product;
}

/** Updates the fields given; `null` clears an optional field. The SKU cannot change. */
export async function updateProduct(
  ctx: RequestContext,
  id: string,
  input: Partial<ProductInput>,
): Promise<Product> {
  const product = await getProduct(ctx, id);
  assertUnchanged('sku', product.sku, input.sku);
  if (input.barcode !== undefined && input.barcode !== product.barcode)
    await assertUnique(ctx, Product, 'barcode', input.barcode, { exceptId: id });
  await assertReferences(ctx, input);
  const em = ctx.em;
  if (input.barcode !== undefined) product.barcode = input.barcode;
  if (input.name != null) product.name = input.name;
  if (input.description !== undefined) product.description = input.description;
  if (input.departmentId !== undefined)
    product.department = input.departmentId
      ? em.getReference(Department, input.departmentId, { wrapped: true })
      : null;
  if (input.taxGroupId !== undefined)
    product.taxGroup = input.taxGroupId
      ? em.getReference(TaxGroup, input.taxGroupId, { wrapped: true })
      : null;
  if (input.costPrice != null) product.costPrice = input.costPrice;
  if (input.sellPrice != null) product.sellPrice = input.sellPrice;
  if (input.trackStock != null) product.trackStock = input.trackStock;
  if (input.lowStockThreshold != null) product.lowStockThreshold = input.lowStockThreshold;
  if (input.isActive != null) product.isActive = input.isActive;
  await em.flush();
  changed(ctx, 'UPDATED', product);
  return product;
}

/** Flips the active flag. */
export async function toggleProductActive(ctx: RequestContext, id: string): Promise<Product> {
  const product = await getProduct(ctx, id);
  product.isActive = !product.isActive;
  await ctx.em.flush();
  changed(ctx, 'UPDATED', product);
  return product;
}

/** Soft delete: the product becomes inactive and stays for history (sales reference it). */
export async function deleteProduct(ctx: RequestContext, id: string): Promise<Product> {
  const product = await getProduct(ctx, id);
  if (product.isActive) {
    product.isActive = false;
    await ctx.em.flush();
  }
  changed(ctx, 'DELETED', product);
  return product;
}
