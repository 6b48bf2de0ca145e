import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../services/core/index.js';
import { invalid, unauthenticated } from '../../services/core/index.js';
import { decodeCursor, encodeCursor, type Cursor } from './pull-cursor.js';
import { ENTITY_INFO, type EntityTypeInfo } from '../shared/entity-types.js';
import {
  ENTITY_TYPES,
  isEntityType,
  type EntityType,
  type PulledChange,
  type PullPage,
} from '../shared/protocol.js';

/** Changes per page when the store names no limit. */
export const DEFAULT_PULL_LIMIT = 1000;

/**
 * The log's fence: every transaction below it has ended, as the current snapshot sees it. That is
 * `pg_snapshot_xmin(pg_current_snapshot())`, except that transaction ids are cluster-wide: a transaction
 * of another database on the same server (a store's database beside HQ's in the demo, another
 * application) cannot write this change log, so it must not hold the fence back. Only a transaction
 * positively seen running in another database is passed over; one that ended meanwhile, or whose
 * database cannot be seen, still holds the fence (late, never lost).
 */
const FENCE_SQL = `(select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
    from pg_snapshot_xip(pg_current_snapshot()) x
   where not exists (select 1 from pg_stat_activity a where a.backend_xid = xid(x) and a.datname <> current_database()))`;

/** A PostgreSQL array literal of ids (bound as one text parameter: the query builder would expand a JS array). */
function idArray(ids: Iterable<string>): string {
  return `{${[...ids].join(',')}}`;
}

/** What a page will carry for one row, before its current state is read. */
interface Entry {
  type: EntityType;
  id: string;
  /** From a delete in the log: a tombstone whatever the table holds now. */
  deleted: boolean;
  data?: Record<string, unknown> | null;
}

const key = (type: EntityType, id: string) => `${type}:${id}`;

/**
 * Current states of rows of one kind, this store's scope only; with the child rows (tax group rates) in
 * their parent's data. Rows missing from the answer no longer exist (for this store).
 */
async function currentRows(
  em: EntityManager,
  info: EntityTypeInfo,
  storeId: string,
  where: { ids: string[] } | { after: string | null; limit: number },
): Promise<Array<{ id: string; data: Record<string, unknown> }>> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if ('ids' in where) {
    conditions.push('t.id = any(cast(? as uuid[]))');
    params.push(idArray(where.ids));
  } else if (where.after) {
    conditions.push('t.id > ?');
    params.push(where.after);
  }
  if (info.scope.length) {
    // A row reaches every store one of its scope columns names (a transfer: its source and destination).
    conditions.push(`(${info.scope.map((column) => `t."${column}" = ?`).join(' or ')})`);
    params.push(...info.scope.map(() => storeId));
  }
  const child = info.children;
  const childData = child
    ? `, coalesce((select json_agg(c order by ${child.orderBy.replace(/(\w+)/g, 'c.$1')}) from "${child.table}" c
         where c."${child.key}" = t.id), '[]') as children`
    : '';
  const rowJson = info.rowJson ?? 'row_to_json(t)';
  // The row's own placeholders (the store's id) come first in the statement.
  params.unshift(...Array.from({ length: rowJson.split('?').length - 1 }, () => storeId));
  let sql = `select t.id, ${rowJson} as data${childData} from "${info.table}" t`;
  if (conditions.length) sql += ` where ${conditions.join(' and ')}`;
  if (!('ids' in where)) {
    sql += ' order by t.id limit ?';
    params.push(where.limit);
  }
  const rows = await em.execute<Array<{ id: string; data: Record<string, unknown>; children?: unknown[] }>>(
    sql,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    data: child ? { ...row.data, [child.field]: row.children } : row.data,
  }));
}

/** The ids of master-data rows a row references (its own parents and those of its child rows). */
function parentIdsOf(info: EntityTypeInfo, data: Record<string, unknown>): Array<[EntityType, string]> {
  const found: Array<[EntityType, string]> = [];
  for (const p of info.parents) {
    const id = data[p.column];
    if (typeof id === 'string') found.push([p.type, id]);
  }
  if (info.children) {
    const rows = data[info.children.field];
    if (Array.isArray(rows)) {
      for (const row of rows as Array<Record<string, unknown>>) {
        for (const p of info.children.parents) {
          const id = row[p.column];
          if (typeof id === 'string') found.push([p.type, id]);
        }
      }
    }
  }
  return found;
}

type LogCursor = Extract<Cursor, { p: 'l' }>;

/** The log rows after the cursor that concern the store (its own or every store's), of one kind if asked. */
function afterCursor(cursor: LogCursor, storeId: string, only: EntityType | null) {
  const params: unknown[] = [cursor.x, cursor.i, storeId];
  let where = '(xid, id) > (cast(? as xid8), cast(? as bigint)) and (store_id is null or store_id = ?)';
  if (only) {
    where += ' and entity_type = ?';
    params.push(only);
  }
  return { where, params };
}

/** Up to `remaining` changes of the store's scope after the cursor, below the fence, added in log order. */
async function readLog(
  em: EntityManager,
  storeId: string,
  cursor: LogCursor,
  remaining: number,
  only: EntityType | null,
  add: (entry: Entry) => void,
): Promise<{ cursor: LogCursor; hasMore: boolean }> {
  // Only transactions older than the oldest one still running: one that took a lower xid but commits
  // later is then still ahead of the cursor, never skipped.
  const { where, params } = afterCursor(cursor, storeId, only);
  const sql = `select id::text as id, xid::text as xid, entity_type, entity_id, op from sync_change
      where ${where} and xid < ${FENCE_SQL} order by xid, id limit ?`;
  params.push(remaining + 1);
  const changes = await em.execute<
    Array<{ id: string; xid: string; entity_type: string; entity_id: string; op: 'upsert' | 'delete' }>
  >(sql, params);
  const taken = changes.slice(0, remaining);
  for (const change of taken) {
    // A kind this server no longer knows (an older store would not either): skipped, the cursor moves on.
    if (isEntityType(change.entity_type)) {
      add({ type: change.entity_type, id: change.entity_id, deleted: change.op === 'delete' });
    }
  }
  const last = taken[taken.length - 1];
  const next: LogCursor = last ? { p: 'l', x: last.xid, i: last.id } : cursor;
  return { cursor: next, hasMore: changes.length > taken.length };
}

/** Whether changes of the store's scope lie after the cursor but behind the fence. */
async function heldBack(
  em: EntityManager,
  storeId: string,
  cursor: LogCursor,
  only: EntityType | null,
): Promise<boolean> {
  const { where, params } = afterCursor(cursor, storeId, only);
  const sql = `select exists (select 1 from sync_change where ${where}) as waiting`;
  const [{ waiting }] = await em.execute<Array<{ waiting: boolean }>>(sql, params);
  return waiting;
}

/**
 * Reads one page inside one repeatable-read snapshot, so that every row's current state, its parents and
 * the log's fence agree with each other.
 */
async function readPage(
  em: EntityManager,
  storeId: string,
  start: Cursor | null,
  limit: number,
  only: EntityType | null,
): Promise<PullPage> {
  const entries = new Map<string, Entry>();
  const add = (entry: Entry) => {
    // One entry per row, at the position of its last change (Map order is insertion order).
    entries.delete(key(entry.type, entry.id));
    entries.set(key(entry.type, entry.id), entry);
  };
  let cursor: Cursor;
  if (start) {
    cursor = start;
  } else {
    // First contact: every transaction older than this fence is visible to the table pages that follow;
    // the log replays everything from it on, so a write that committed meanwhile is not missed.
    const [{ fence }] = await em.execute<Array<{ fence: string }>>(`select ${FENCE_SQL}::text as fence`);
    cursor = { p: 's', f: fence, t: only ? ENTITY_INFO[only].rank : 0, i: null };
  }
  let remaining = limit;
  let hasMore = false;

  while (cursor.p === 's' && remaining > 0) {
    if (cursor.t >= ENTITY_TYPES.length || (only && cursor.t !== ENTITY_INFO[only].rank)) {
      cursor = { p: 'l', x: cursor.f, i: '0' };
      break;
    }
    const info = ENTITY_INFO[ENTITY_TYPES[cursor.t]];
    const rows = await currentRows(em, info, storeId, { after: cursor.i, limit: remaining + 1 });
    const taken = rows.slice(0, remaining);
    for (const row of taken) add({ type: info.type, id: row.id, deleted: false, data: row.data });
    remaining -= taken.length;
    if (rows.length > taken.length) {
      cursor = { ...cursor, i: taken[taken.length - 1].id };
      hasMore = true;
    } else {
      cursor = { ...cursor, t: cursor.t + 1, i: null };
      // The table page ended exactly at the limit: whether more follows is for the next page to say.
      if (remaining === 0) hasMore = true;
    }
  }

  if (cursor.p === 'l' && remaining > 0) {
    ({ cursor, hasMore } = await readLog(em, storeId, cursor, remaining, only, add));
  }
  // Changes for this store behind the fence (a transaction still running holds it): the store asks
  // again shortly rather than waiting for the next hint or its timer.
  const waiting = cursor.p === 'l' && !hasMore && (await heldBack(em, storeId, cursor, only));

  await loadCurrentStates(em, storeId, entries);
  await closeOverParents(em, storeId, entries);
  const page = { changes: orderForApply(entries), cursor: encodeCursor(cursor), hasMore, waiting };
  return start ? page : { ...page, estimatedRows: await rowsToSend(em, only) };
}

/** Every synced table's rows now (one kind's, if asked): what a first contact receives at most. */
async function rowsToSend(em: EntityManager, only: EntityType | null): Promise<number> {
  const tables = (only ? [only] : ENTITY_TYPES).map((type) => ENTITY_INFO[type].table);
  const [row] = await em.execute<Array<{ rows: string }>>(
    `select ${tables.map((table) => `(select count(*) from "${table}")`).join(' + ')} as rows`,
  );
  return Number(row.rows);
}

/** Fills in the current state of entries read from the log; a row gone (or out of scope) becomes a tombstone. */
async function loadCurrentStates(
  em: EntityManager,
  storeId: string,
  entries: Map<string, Entry>,
): Promise<void> {
  const wanted = new Map<EntityType, string[]>();
  for (const entry of entries.values()) {
    if (entry.data !== undefined) continue;
    if (entry.deleted) {
      entry.data = null;
      continue;
    }
    const ids = wanted.get(entry.type);
    if (ids) ids.push(entry.id);
    else wanted.set(entry.type, [entry.id]);
  }
  for (const [type, ids] of wanted) {
    const rows = await currentRows(em, ENTITY_INFO[type], storeId, { ids });
    const byId = new Map(rows.map((row) => [row.id, row.data]));
    for (const id of ids) entries.get(key(type, id))!.data = byId.get(id) ?? null;
  }
}

/**
 * Makes the page FK-closed: the store applies it with its foreign keys checked, and the log's order is not
 * a commit order, so a row may reference a parent whose own change lies on a later page. Every parent
 * of an upserted row is added in its current state, recursively, unless the page already has it.
 */
async function closeOverParents(
  em: EntityManager,
  storeId: string,
  entries: Map<string, Entry>,
): Promise<void> {
  let pending = [...entries.values()].filter((e) => e.data);
  while (pending.length) {
    const missing = new Map<EntityType, Set<string>>();
    for (const entry of pending) {
      for (const [type, id] of parentIdsOf(ENTITY_INFO[entry.type], entry.data!)) {
        const existing = entries.get(key(type, id));
        // A tombstone of a parent a row still references cannot stand: its current state replaces it.
        if (existing && existing.data) continue;
        if (!missing.has(type)) missing.set(type, new Set());
        missing.get(type)!.add(id);
      }
    }
    pending = [];
    for (const [type, ids] of missing) {
      const rows = await currentRows(em, ENTITY_INFO[type], storeId, { ids: [...ids] });
      for (const row of rows) {
        const entry: Entry = { type, id: row.id, deleted: false, data: row.data };
        entries.set(key(type, row.id), entry);
        pending.push(entry);
      }
    }
  }
}

/** Upserts first, parents before children; then tombstones, children before parents. */
function orderForApply(entries: Map<string, Entry>): PulledChange[] {
  const list = [...entries.values()].map((e, position) => ({ e, position }));
  const upserts = list.filter(({ e }) => e.data);
  const deletes = list.filter(({ e }) => !e.data);
  upserts.sort((a, b) => ENTITY_INFO[a.e.type].rank - ENTITY_INFO[b.e.type].rank || a.position - b.position);
  deletes.sort((a, b) => ENTITY_INFO[b.e.type].rank - ENTITY_INFO[a.e.type].rank || a.position - b.position);
  return [
    ...upserts.map(({ e }) => ({ entityType: e.type, id: e.id, op: 'upsert' as const, data: e.data! })),
    ...deletes.map(({ e }) => ({ entityType: e.type, id: e.id, op: 'delete' as const, data: null })),
  ];
}

/** HQ: one page of master-data changes for the calling store (`ctx.syncStore`), after its cursor. */
export async function pullChanges(
  ctx: RequestContext,
  args: { cursor?: string | null; limit?: number | null; entityType?: string | null },
): Promise<PullPage> {
  const store = ctx.syncStore;
  if (!store) throw unauthenticated('A store sync token is required');
  const start = args.cursor ? decodeCursor(args.cursor) : null;
  if (args.entityType != null && !isEntityType(args.entityType)) {
    throw invalid('entityType', `must be one of ${ENTITY_TYPES.join(', ')}`);
  }
  const only = (args.entityType ?? null) as EntityType | null;
  const limit = args.limit ?? DEFAULT_PULL_LIMIT;
  const page = await ctx.em.transactional((em) => readPage(em, store.storeId, start, limit, only), {
    isolationLevel: IsolationLevel.REPEATABLE_READ,
    readOnly: true,
  });
  // What the store has applied is what it sent (it asks for the next page only after applying a page).
  await ctx.em.execute(
    'update store_sync set last_pull_at = now(), last_pull_cursor = ?, last_seen_at = now() where store_id = ?',
    [args.cursor ?? null, store.storeId],
  );
  ctx.runtime.events.publish('SYNC_STATUS_CHANGED', { storeId: store.storeId });
  return page;
}

/**
 * HQ: how many log rows of a store's scope lie after its cursor, below the fence. Before a store's first
 * applied page (no cursor) or during its first-contact table pages, it counts the log from the start (or
 * from the first-contact fence), which is an upper bound of what the store still has to replay; the
 * table pages themselves are not counted.
 */
export async function cursorLag(em: EntityManager, storeId: string, cursor: string | null): Promise<number> {
  let from: { x: string; i: string } = { x: '0', i: '0' };
  if (cursor) {
    try {
      const c = decodeCursor(cursor);
      from = c.p === 'l' ? { x: c.x, i: c.i } : { x: c.f, i: '0' };
    } catch {
      // Not ours (a cursor from before a format change): count the whole log.
    }
  }
  const [row] = await em.execute<Array<{ lag: string }>>(
    `select count(*) as lag from sync_change
      where (xid, id) > (cast(? as xid8), cast(? as bigint)) and xid < ${FENCE_SQL}
        and (store_id is null or store_id = ?)`,
    [from.x, from.i, storeId],
  );
  return Number(row.lag);
}
