import type { Migration } from '@mikro-orm/migrations';
import { ENTITY_INFO, type EntityType } from '../../sync/shared/entity-types.js';

/**
 * The change-log triggers of the synced tables, generated from their declaration
 * (`src/sync/shared/entity-types.ts`). Each is statement-level with a transition table and calls
 * `sync_log_change(entity type, id column, what a delete means, ...scope columns)` (function of
 * `Migration20261203120000_change_log_fan_out`): one `sync_change` row per row and store named.
 */
export interface ChangeLogTrigger {
  name: string;
  table: string;
  event: 'insert' | 'update' | 'delete';
  /** The trigger function's arguments, in order. */
  args: string[];
}

const EVENTS = ['insert', 'update', 'delete'] as const;

/**
 * The triggers a kind's declaration asks for: on its own table (a delete is a tombstone, scoped by its
 * store columns), on its child table and on the tables it is also logged from (a write there is an
 * upsert of the row they name, for every store). A child table written only with its parent has none.
 */
export function changeLogTriggers(type: EntityType): ChangeLogTrigger[] {
  const info = ENTITY_INFO[type];
  const sources = [
    { name: `${info.table}_sync`, table: info.table, id: 'id', deleted: 'delete', scope: info.scope },
  ];
  if (info.children && !info.children.withParent) {
    const { table, key } = info.children;
    sources.push({ name: `${table}_sync`, table, id: key, deleted: 'upsert', scope: [] });
  }
  for (const { table, column } of info.alsoLoggedFrom) {
    sources.push({ name: `${table}_sync_${type}`, table, id: column, deleted: 'upsert', scope: [] });
  }
  return sources.flatMap((s) =>
    EVENTS.map((event) => ({
      name: `${s.name}_${event}`,
      table: s.table,
      event,
      args: [type, s.id, s.deleted, ...s.scope],
    })),
  );
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The statements (re)creating one trigger: dropped first when it exists, so a later migration may re-run it. */
export function changeLogTriggerSql(trigger: ChangeLogTrigger): string[] {
  const rows = trigger.event === 'delete' ? 'old' : 'new';
  return [
    `drop trigger if exists "${trigger.name}" on "${trigger.table}";`,
    `create trigger "${trigger.name}" after ${trigger.event} on "${trigger.table}" referencing ${rows} table as ${rows}_rows for each statement execute function sync_log_change(${trigger.args.map(literal).join(', ')});`,
  ];
}

/**
 * Gives a synced kind its change-log triggers, as declared: a new master-data table's migration calls it
 * once, after creating the table; a migration changing a kind's scope or sources calls it again.
 */
export function logChanges(migration: Migration, type: EntityType): void {
  for (const trigger of changeLogTriggers(type)) {
    for (const sql of changeLogTriggerSql(trigger)) migration.addSql(sql);
  }
}
