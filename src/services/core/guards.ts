import { LockMode, type EntityName, type FilterQuery } from '@mikro-orm/core';
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
    throw conflict({ field, reason: `"${value}" is already in use` });
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
  throw conflict({
    field: 'code',
    reason: holder.deletedAt
      ? `"${code}" belonged to a deleted ${label} and cannot be reused`
      : `"${code}" is already in use`,
  });
}

/** Rows deleted softly: live while `deletedAt` is null. */
type SoftDeleted = { id: string; deletedAt: Date | null };

/**
 * A live row locked for writing until the transaction ends, or NOT_FOUND. Deletes take it before counting
 * what still refers to the row, so that nothing can start referring to it between the count and the
 * delete (writers share-lock what they refer to: `shareLockLive`).
 */
export function lockLive<T extends SoftDeleted>(
  ctx: RequestContext,
  entity: EntityName<T>,
  id: string,
): Promise<T> {
  return ctx.em.findOneOrFail(entity, { id, deletedAt: null } as FilterQuery<T>, {
    lockMode: LockMode.PESSIMISTIC_WRITE,
  });
}

/**
 * The live row a write is about to refer to, share-locked until the transaction ends so that it cannot
 * be deleted meanwhile; an unknown or deleted one is refused (VALIDATION) naming the input `field`.
 */
export async function shareLockLive<T extends SoftDeleted>(
  ctx: RequestContext,
  entity: EntityName<T>,
  id: string,
  field: string,
  what: string,
): Promise<T> {
  const row = await ctx.em.findOne(entity, { id, deletedAt: null } as FilterQuery<T>, {
    lockMode: LockMode.PESSIMISTIC_READ,
  });
  if (!row) throw invalid(field, `no ${what} with this id`);
  return row;
}
