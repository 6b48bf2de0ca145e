import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { RequestContext } from './context.js';
import { conflict } from './errors.js';

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
