import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { RequestContext } from './context.js';
import { conflict, invalid } from './errors.js';

/**
 * Refuses (CONFLICT, naming the field) a value another row already holds. `exceptId` is the row being
 * updated; `where` narrows the rows that count (e.g. live ones only). Empty values are not checked.
 * The unique index stays the last word under races; this gives the caller a clear message first.
 */
export async function assertUnique<T extends object>(
  ctx: RequestContext,
  entity: EntityName<T>,
  field: keyof T & string,
  value: string | null | undefined,
  opts: { exceptId?: string; where?: FilterQuery<T> } = {},
): Promise<void> {
  if (!value) return;
  const where = {
    [field]: value,
    ...(opts.exceptId ? { id: { $ne: opts.exceptId } } : {}),
    ...(opts.where as object),
  };
  if ((await ctx.em.count(entity, where as FilterQuery<T>)) > 0) {
    throw conflict(`${field}: "${value}" is already in use`, field);
  }
}

/**
 * Refuses (VALIDATION) a new value for a field fixed at creation (SKU, codes); the current value is
 * accepted, compared after `normalize` (codes are upper-cased), so a client may send the whole object.
 */
export function assertUnchanged(
  field: string,
  current: string,
  given: string | null | undefined,
  normalize: (value: string) => string = (value) => value,
): void {
  if (given != null && normalize(given) !== current) throw invalid(field, 'cannot be changed after creation');
}

/**
 * Refuses (CONFLICT) a code that any row ever held, soft-deleted ones included: payments and reports
 * name tenders and sales reps by code, so a code must never come to mean someone else.
 */
export async function assertCodeNeverUsed<T extends { code: string; deletedAt: Date | null }>(
  ctx: RequestContext,
  entity: EntityName<T>,
  code: string,
  label: string,
): Promise<void> {
  const holder = await ctx.em.findOne(entity, { code } as FilterQuery<T>, { fields: ['deletedAt'] as never });
  if (!holder) return;
  throw conflict(
    holder.deletedAt
      ? `code: "${code}" belonged to a deleted ${label} and cannot be reused`
      : `code: "${code}" is already in use`,
    'code',
  );
}
