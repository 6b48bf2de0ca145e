import type { FilterQuery } from '@mikro-orm/core';
import { Customer } from '../../entities/customer.entity.js';
import { lockLive } from '../core/guards.js';
import type { RequestContext } from '../core/context.js';
import { likePattern, pageWindow, type PageRequest, type PageResult } from '../core/pagination.js';
import { nameConditions, normalizeSearch, tidyName } from '../core/name-search.js';

export interface CustomerInput {
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  notes?: string | null;
}

export interface CustomerFilter extends PageRequest {
  /** Matches first, last or full name, e-mail or phone, case-insensitively. */
  search?: string | null;
}

/** Live customers matching the filter, by last name, first name. */
export async function listCustomers(
  ctx: RequestContext,
  filter: CustomerFilter,
): Promise<PageResult<Customer>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const where: FilterQuery<Customer> = { deletedAt: null };
  const search = normalizeSearch(filter.search);
  if (search) {
    const pattern = likePattern(search);
    where.$or = [
      ...nameConditions<Customer>(search),
      { email: { $ilike: pattern } },
      { phone: { $ilike: pattern } },
    ];
  }
  const [items, total] = await ctx.em.findAndCount(Customer, where, {
    orderBy: { lastName: 'asc', firstName: 'asc', id: 'asc' },
    limit,
    offset,
  });
  return { items, total, page, pageSize };
}

/** A live customer, or NOT_FOUND. */
export function getCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  return ctx.em.findOneOrFail(Customer, { id, deletedAt: null });
}

/**
 * Creates a customer. E-mail addresses are not unique: a family may share one, and a till must never
 * refuse a customer for it.
 */
export async function createCustomer(ctx: RequestContext, input: CustomerInput): Promise<Customer> {
  const customer = ctx.em.create(Customer, {
    firstName: tidyName(input.firstName),
    lastName: tidyName(input.lastName),
    email: input.email?.toLowerCase() ?? null,
    phone: input.phone?.trim() ?? null,
    address: input.address ?? null,
    notes: input.notes ?? null,
  });
  await ctx.em.flush();
  return customer;
}

/** Updates the fields given; `null` clears an optional field. */
export async function updateCustomer(
  ctx: RequestContext,
  id: string,
  input: Partial<CustomerInput>,
): Promise<Customer> {
  const customer = await getCustomer(ctx, id);
  if (input.firstName != null) customer.firstName = tidyName(input.firstName);
  if (input.lastName != null) customer.lastName = tidyName(input.lastName);
  if (input.email !== undefined) customer.email = input.email?.toLowerCase() ?? null;
  if (input.phone !== undefined) customer.phone = input.phone?.trim() ?? null;
  if (input.address !== undefined) customer.address = input.address;
  if (input.notes !== undefined) customer.notes = input.notes;
  await ctx.em.flush();
  return customer;
}

/**
 * Soft delete: sales keep pointing at the customer, who disappears from lists and look-ups. Locked so
 * that a sale checking the customer (with a shared lock) either sees it deleted or finishes first.
 */
export async function deleteCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const customer = await lockLive(ctx, Customer, id);
  customer.deletedAt = new Date();
  await ctx.em.flush();
  return customer;
}
