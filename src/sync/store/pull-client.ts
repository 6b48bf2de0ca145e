import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { inSavepoint } from '../../services/core/index.js';
import { ENTITY_INFO, type EntityTypeInfo } from '../shared/entity-types.js';
import type { HqClient } from './hq-client.js';
import {
  ENTITY_TYPES,
  isEntityType,
  type EntityType,
  type PulledChange,
  type PullPage,
} from '../shared/protocol.js';

/** Options of one catch-up. */
export interface PullOptions {
  /** Changes per page (HQ's default when absent). */
  limit?: number;
  /** Only this kind of master data (tests, diagnostics): the cursor saved is then that filter's. */
  entityType?: EntityType;
  /** Told which kinds changed, after each page committed (the agent clears cached sessions). */
  onApplied?(types: Set<EntityType>): void;
  /** Told of each page once applied (the first sync's progress). */
  onPage?(page: PullPage): void;
  /** Where a delete that had to be kept is reported. */
  logger?: Pick<Logger, 'warn'>;
}

interface TableShape {
  /** Writable columns in table order (generated ones left out). */
  columns: string[];
  hasVersion: boolean;
  hasIsActive: boolean;
}

/** Column lists per database (a process may host several store servers: the tests). */
const shapes = new WeakMap<MikroORM, Map<string, TableShape>>();

async function shapeOf(orm: MikroORM, em: EntityManager, table: string): Promise<TableShape> {
  let byTable = shapes.get(orm);
  if (!byTable) shapes.set(orm, (byTable = new Map()));
  let shape = byTable.get(table);
  if (!shape) {
    const rows = await em.execute<Array<{ column_name: string }>>(
      `select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = ? and is_generated = 'NEVER'
        order by ordinal_position`,
      [table],
    );
    const columns = rows.map((r) => r.column_name);
    if (!columns.length) throw new Error(`sync pull: no table ${table} here`);
    shape = { columns, hasVersion: columns.includes('version'), hasIsActive: columns.includes('is_active') };
    byTable.set(table, shape);
  }
  return shape;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const idArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Writes one kind's rows in one statement: inserts new ones and updates known ones unless the store's copy
 * is newer (equal versions are rewritten, since writes that are not entity updates, such as a tax group's
 * rates, do not bump it). A store's copy is newer when the store made a step of a shared document (a
 * transfer it sent, a purchase order it received) that HQ has not applied yet: it is kept, with its child
 * rows, until HQ's copy catches up.
 */
async function upsertRows(
  orm: MikroORM,
  em: EntityManager,
  info: EntityTypeInfo,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  const shape = await shapeOf(orm, em, info.table);
  const table = quote(info.table);
  const cols = shape.columns.map(quote).join(', ');
  const updates = shape.columns
    .filter((c) => c !== 'id')
    .map((c) => `${quote(c)} = excluded.${quote(c)}`)
    .join(', ');
  const written = await em.execute<Array<{ id: string }>>(
    `insert into ${table} (${cols}) select ${cols} from jsonb_populate_recordset(null::${table}, cast(? as jsonb))
     on conflict (id) do update set ${updates}${shape.hasVersion ? ` where ${table}.version <= excluded.version` : ''}
     returning id`,
    [JSON.stringify(rows)],
  );
  const child = info.children;
  if (child && written.length) {
    // The children of each row written are exactly HQ's (a group's rates): replaced as a whole.
    const ids = new Set(written.map((w) => w.id));
    const replaced = rows.filter((r) => ids.has(String(r.id)));
    const childShape = await shapeOf(orm, em, child.table);
    const childCols = childShape.columns.map(quote).join(', ');
    await em.execute(`delete from ${quote(child.table)} where ${quote(child.key)} = any(cast(? as uuid[]))`, [
      idArray([...ids]),
    ]);
    const childRows = replaced.flatMap((r) =>
      Array.isArray(r[child.field]) ? (r[child.field] as unknown[]) : [],
    );
    if (childRows.length) {
      await em.execute(
        `insert into ${quote(child.table)} (${childCols})
         select ${childCols} from jsonb_populate_recordset(null::${quote(child.table)}, cast(? as jsonb))`,
        [JSON.stringify(childRows)],
      );
    }
  }
}

/**
 * Applies one page: tombstones first (children first, so that a row deleted and re-created under the same
 * unique key in one page does not collide), then upserts by kind in rank order (parents first), then the
 * tombstones that were refused because a row of this page still referenced them. A delete the store's
 * own records forbid (a special priced one of its sales, a user who sold) keeps the row, deactivated when
 * it can be, and is logged: the page never fails for it.
 */
async function applyPage(
  orm: MikroORM,
  em: EntityManager,
  changes: PulledChange[],
  logger: Pick<Logger, 'warn'> | undefined,
): Promise<Set<EntityType>> {
  const upserts = new Map<EntityType, Array<Record<string, unknown>>>();
  const deletes = new Map<EntityType, string[]>();
  const types = new Set<EntityType>();
  for (const change of changes) {
    if (!isEntityType(change.entityType)) continue; // a newer HQ's kind this server does not know
    types.add(change.entityType);
    if (change.op === 'delete' || !change.data) {
      const ids = deletes.get(change.entityType);
      if (ids) ids.push(change.id);
      else deletes.set(change.entityType, [change.id]);
    } else {
      const rows = upserts.get(change.entityType);
      if (rows) rows.push(change.data);
      else upserts.set(change.entityType, [change.data]);
    }
  }
  const byRank = [...ENTITY_TYPES];
  const refused: Array<[EntityType, string[]]> = [];
  for (const type of [...byRank].reverse()) {
    const ids = deletes.get(type);
    if (!ids) continue;
    const table = quote(ENTITY_INFO[type].table);
    const err = await inSavepoint(em, async () => {
      await em.execute(`delete from ${table} where id = any(cast(? as uuid[]))`, [idArray(ids)]);
    });
    if (err) refused.push([type, ids]);
  }
  for (const type of byRank) {
    const rows = upserts.get(type);
    if (rows) await upsertRows(orm, em, ENTITY_INFO[type], rows);
  }
  for (const [type, ids] of refused) {
    const info = ENTITY_INFO[type];
    const shape = await shapeOf(orm, em, info.table);
    for (const id of ids) {
      const err = await inSavepoint(em, async () => {
        await em.execute(`delete from ${quote(info.table)} where id = ?`, [id]);
      });
      if (!err) continue;
      if (shape.hasIsActive)
        await em.execute(`update ${quote(info.table)} set is_active = false where id = ?`, [id]);
      logger?.warn(
        { entityType: type, id, err: err instanceof Error ? err.message : String(err) },
        shape.hasIsActive
          ? 'sync pull: a row deleted at HQ is still referenced here: kept, deactivated'
          : 'sync pull: a row deleted at HQ is still referenced here: kept',
      );
    }
  }
  return types;
}

/**
 * Store: pulls pages until HQ has no more, applying each page and its cursor in one local transaction
 * (a crash between pages resumes from the last applied one; a page is never half applied).
 */
export async function pullUntilCurrent(
  orm: MikroORM,
  hq: HqClient,
  opts: PullOptions = {},
): Promise<{ pages: number; changes: number }> {
  let pages = 0;
  let changes = 0;
  let waits = 0;
  for (;;) {
    const em = orm.em.fork();
    const [state] = await em.execute<Array<{ cursor: string | null }>>(
      'select cursor from sync_local_state where id = 1',
    );
    if (!state) throw new Error('sync pull: this store has no identity yet (sync_local_state is empty)');
    const query = new URLSearchParams();
    if (state.cursor) query.set('cursor', state.cursor);
    if (opts.limit) query.set('limit', String(opts.limit));
    if (opts.entityType) query.set('entity_type', opts.entityType);
    const qs = query.toString();
    const page = await hq.request<PullPage>('GET', `/sync/pull${qs ? `?${qs}` : ''}`);
    const types = await em.transactional(async (tx) => {
      // The store's own change-log triggers must not record what HQ already logged.
      await tx.execute(`select set_config('pos.sync_apply', 'on', true)`);
      // The page follows the cursor it was asked with: if that moved meanwhile (another pull applied a
      // page), this page is dropped unapplied and the loop asks again from the new cursor.
      const saved = await tx.execute<Array<{ id: number }>>(
        'update sync_local_state set cursor = ?, last_pull_at = now() where id = 1 and cursor is not distinct from ? returning id',
        [page.cursor, state.cursor],
      );
      if (!saved.length) return undefined;
      return applyPage(orm, tx, page.changes, opts.logger);
    });
    if (!types) continue;
    pages += 1;
    changes += page.changes.length;
    opts.onPage?.(page);
    if (types.size) opts.onApplied?.(types);
    if (page.hasMore) continue;
    // Held back behind a transaction still running at HQ: it commits within moments, so ask again
    // soon (up to about 3 s; after that the next hint or the timer will).
    if (!page.waiting || waits >= WAIT_STEPS_MS.length) return { pages, changes };
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEPS_MS[waits++]));
  }
}

/** Pauses before asking again for changes HQ holds back (see `waiting`). */
const WAIT_STEPS_MS = [20, 50, 100, 200, 400, 800, 1600];
