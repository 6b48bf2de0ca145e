import {
  onCommit,
  type RequestContext,
  AppError,
  notFound,
  pageWindow,
  type PageResult,
} from '../../services/core/index.js';
import { applyInSavepoint } from './push.service.js';

/** A parked event, as `GET /sync/errors` shows it (`schema/types/sync.types.ts` implements it). */
export interface SyncErrorRecord {
  id: string;
  storeId: string;
  seq: number;
  eventId: string;
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  code: string;
  message: string;
  attempts: number;
  status: string;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  resolvedById: string | null;
}

/** What a retry of every open error did (`SyncRetryAllResult` in the schema implements it). */
export interface SyncRetryReport {
  /** Open errors retried. */
  retried: number;
  /** Of those, applied now. */
  applied: number;
  /** Of those, still failing (still open). */
  stillFailing: number;
}

/** A `sync_error` row as PostgreSQL returns it. */
interface SyncErrorRow {
  id: string;
  store_id: string;
  seq: string;
  event_id: string;
  type: string;
  // Raw queries return timestamps as PostgreSQL prints them.
  occurred_at: string;
  payload: Record<string, unknown>;
  code: string;
  message: string;
  attempts: number;
  status: string;
  note: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  resolved_by_id: string | null;
}

function toSyncError(row: SyncErrorRow): SyncErrorRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    seq: Number(row.seq),
    eventId: row.event_id,
    type: row.type,
    occurredAt: new Date(row.occurred_at),
    payload: row.payload,
    code: row.code,
    message: row.message,
    attempts: row.attempts,
    status: row.status,
    note: row.note,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    resolvedById: row.resolved_by_id,
  };
}

/** Parked events, by store then seq; open ones unless `status` says otherwise (`all`: every one). */
export async function listSyncErrors(
  ctx: RequestContext,
  filter: { storeId?: string | null; status?: string | null; page?: number | null; pageSize?: number | null },
): Promise<PageResult<SyncErrorRecord>> {
  const { page, pageSize, limit, offset } = pageWindow(filter);
  const conditions: string[] = [];
  const params: unknown[] = [];
  const status = filter.status ?? 'open';
  if (status !== 'all') {
    conditions.push('status = ?');
    params.push(status);
  }
  if (filter.storeId) {
    conditions.push('store_id = ?');
    params.push(filter.storeId);
  }
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const [rows, [{ total }]] = await Promise.all([
    ctx.em.execute<SyncErrorRow[]>(
      `select * from sync_error ${where} order by store_id, seq limit ? offset ?`,
      [...params, limit, offset],
    ),
    ctx.em.execute<Array<{ total: string }>>(`select count(*) as total from sync_error ${where}`, params),
  ]);
  return { items: rows.map(toSyncError), total: Number(total), page, pageSize };
}

/** One parked event, or NOT_FOUND. */
export async function getSyncError(ctx: RequestContext, id: string): Promise<SyncErrorRecord> {
  const [row] = await ctx.em.execute<SyncErrorRow[]>('select * from sync_error where id = ?', [id]);
  if (!row) throw notFound('Sync error', id);
  return toSyncError(row);
}

/** The error row under its lock (so one retry or resolution at a time), open, or 404/409. */
async function lockOpen(ctx: RequestContext, id: string): Promise<SyncErrorRow> {
  const [row] = await ctx.em.execute<SyncErrorRow[]>('select * from sync_error where id = ? for update', [
    id,
  ]);
  if (!row) throw notFound('Sync error', id);
  if (row.status !== 'open') {
    throw new AppError(
      'INVALID_STATE',
      `The sync error is ${row.status}: only an open one can be retried or resolved`,
    );
  }
  return row;
}

/**
 * Applies a locked open error's event again, in a savepoint: applied (the error and its event are marked
 * so, by the caller) or still failing (one more attempt, the new code and message). True when applied.
 */
async function reapply(ctx: RequestContext, row: SyncErrorRow): Promise<boolean> {
  const outcome = await applyInSavepoint(ctx, row.store_id, {
    seq: Number(row.seq),
    type: row.type,
    payload: row.payload,
  });
  if (outcome.ok) {
    await ctx.em.execute(
      `update sync_error set status = 'applied', resolved_at = now(), resolved_by_id = ?, updated_at = now()
        where id = ?`,
      [ctx.user?.id ?? null, row.id],
    );
    await ctx.em.execute(`update sync_event set status = 'applied' where store_id = ? and seq = ?`, [
      row.store_id,
      row.seq,
    ]);
  } else {
    await ctx.em.execute(
      `update sync_error set attempts = attempts + 1, code = ?, message = ?, updated_at = now() where id = ?`,
      [outcome.code, outcome.message, row.id],
    );
    onCommit(ctx, () =>
      ctx.runtime.events.publish('SYNC_ERROR_RAISED', { errorId: row.id, storeId: row.store_id }),
    );
  }
  onCommit(ctx, () => ctx.runtime.events.publish('SYNC_STATUS_CHANGED', { storeId: row.store_id }));
  return outcome.ok;
}

/**
 * Applies an open parked event again, exactly once (the row lock makes a concurrent retry wait and then
 * find it applied: 409). It stays open with one more attempt when it fails again.
 */
export async function retrySyncError(ctx: RequestContext, id: string): Promise<SyncErrorRecord> {
  const row = await lockOpen(ctx, id);
  await reapply(ctx, row);
  return getSyncError(ctx, id);
}

/** Closes an open parked event without applying it, with a note (who and when are kept). */
export async function resolveSyncError(
  ctx: RequestContext,
  id: string,
  note: string | null,
): Promise<SyncErrorRecord> {
  const row = await lockOpen(ctx, id);
  await ctx.em.execute(
    `update sync_error set status = 'resolved', note = ?, resolved_at = now(), resolved_by_id = ?, updated_at = now()
      where id = ?`,
    [note, ctx.user?.id ?? null, id],
  );
  onCommit(ctx, () => ctx.runtime.events.publish('SYNC_STATUS_CHANGED', { storeId: row.store_id }));
  return getSyncError(ctx, id);
}

/**
 * Retries every open parked event (of one store, or all), by store then seq so that a store's events
 * apply in their order (a sale after the session it needs), each once in its own savepoint.
 */
export async function retryAllSyncErrors(
  ctx: RequestContext,
  storeId: string | null,
): Promise<SyncRetryReport> {
  const rows = await ctx.em.execute<SyncErrorRow[]>(
    `select * from sync_error where status = 'open' ${storeId ? 'and store_id = ?' : ''}
      order by store_id, seq for update`,
    storeId ? [storeId] : [],
  );
  let applied = 0;
  for (const row of rows) if (await reapply(ctx, row)) applied += 1;
  return { retried: rows.length, applied, stillFailing: rows.length - applied };
}
