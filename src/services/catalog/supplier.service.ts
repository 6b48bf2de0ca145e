import type { FilterQuery } from '@mikro-orm/core';
import { ProductSupplier } from '../../entities/product-supplier.entity.js';
import { Supplier } from '../../entities/supplier.entity.js';
import { lockLive } from '../core/guards.js';
import type { RequestContext } from '../core/context.js';
import { conflict } from '../core/errors.js';
import { likePattern, pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';

export interface SupplierInput {
  name: string;
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  isActive?: boolean | null;
}

export interface SupplierFilter extends PageRequest {
  /** Matches name, contact name, e-mail or phone, case-insensitively. */
  search?: string | null;
  isActive?: boolean | null;
}

/** Live suppliers matching the filter, by name. */
export async function listSuppliers(
  ctx: RequestContext,
  filter: SupplierFilter,
): Promise<PageResult<Supplier>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<Supplier> = { deletedAt: null };
  if (filter.search) {
    const pattern = likePattern(filter.search.trim());
    where.$or = [
      { name: { $ilike: pattern } },
      { contactName: { $ilike: pattern } },
      { email: { $ilike: pattern } },
      { phone: { $ilike: pattern } },
    ];
  }
  if (filter.isActive != null) where.isActive = filter.isActive;
  const [items, total] = await ctx.em.findAndCount(Supplier, where, {
    orderBy: { name: 'asc', id: 'asc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

/** A live supplier, or NOT_FOUND. */
export async function getSupplier(ctx: RequestContext, id: string): Promise<Supplier> {
  return ctx.em.findOneOrFail(Supplier, { id, deletedAt: null });
}

/** Creates a supplier (names need not be unique: one company may appear as two branches). */
export async function createSupplier(ctx: RequestContext, input: SupplierInput): Promise<Supplier> {
  const supplier = ctx.em.create(Supplier, {
    name: input.name,
    contactName: input.contactName ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    isActive: input.isActive ?? true,
  });
  await ctx.em.flush();
  return supplier;
}

/** Updates the fields given; `null` clears an optional field. */
export async function updateSupplier(
  ctx: RequestContext,
  id: string,
  input: Partial<SupplierInput>,
): Promise<Supplier> {
  const supplier = await getSupplier(ctx, id);
  if (input.name != null) supplier.name = input.name;
  if (input.contactName !== undefined) supplier.contactName = input.contactName;
  if (input.email !== undefined) supplier.email = input.email;
  if (input.phone !== undefined) supplier.phone = input.phone;
  if (input.address !== undefined) supplier.address = input.address;
  if (input.isActive != null) supplier.isActive = input.isActive;
  await ctx.em.flush();
  return supplier;
}

/**
 * Deletes a supplier (kept as a tombstone for purchase history and sync). Refused while it is linked to
 * any product: the links would point at a supplier nobody can see.
 */
export async function deleteSupplier(ctx: RequestContext, id: string): Promise<Supplier> {
  // Locked against new links: linking takes a shared lock on the supplier row, so the count below
  // cannot miss a link being created right now.
  const supplier = await lockLive(ctx, Supplier, id);
  const products = await ctx.em.count(ProductSupplier, { supplier: id });
  if (products > 0) throw conflict(`Supplier is linked to ${products} product(s); unlink them first`);
  supplier.deletedAt = new Date();
  supplier.isActive = false; // anything that only asks "active?" (purchase orders) refuses it too
  await ctx.em.flush();
  return supplier;
}
