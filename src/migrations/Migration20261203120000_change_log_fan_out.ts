import { Migration } from '@mikro-orm/migrations';
import type { EntityType } from '../sync/shared/entity-types.js';
import { changeLogTriggers, logChanges } from './support/change-log.js';

/**
 * The kinds synced when this migration was written, frozen: a kind declared later has no table yet when
 * this migration runs on a fresh database, and gets its triggers from its own migration (`logChanges`).
 */
const KINDS: readonly EntityType[] = [
  'store',
  'department',
  'tax_rate',
  'tax_group',
  'supplier',
  'tender',
  'product',
  'product_supplier',
  'role',
  'user',
  'user_role',
  'customer',
  'sales_rep',
  'special',
  'store_price',
];

/** Drops every trigger that calls `sync_log_change` (whatever created it). */
const DROP_CHANGE_LOG_TRIGGERS = `do $do$
declare
  t record;
begin
  for t in select tgname, tgrelid::regclass as tbl from pg_trigger where tgfoid = 'sync_log_change'::regproc loop
    execute format('drop trigger %I on %s', t.tgname, t.tbl);
  end loop;
end
$do$;`;

/**
 * The change log, declared once and fanned out (see `src/sync/shared/entity-types.ts`):
 * - a row's scope is a list of store columns, and a change is logged once per store a row names (a
 *   transfer reaches its source and its destination); a row with no scope still reaches every store;
 * - each change carries the acting user (`actor_id`): HQ's mutations set `pos.actor_id` in their
 *   transaction (`src/schema/transaction.ts`); a change made outside a user (migration, bootstrap,
 *   sync) has none. Not sent to stores: the ground of an audit log.
 * The triggers are re-created from the declarations (`logChanges`), with the arguments
 * (entity type, id column, what a delete means, ...scope columns).
 */
export class Migration20261203120000_change_log_fan_out extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "sync_change" add column "actor_id" uuid null;`);
    this.addSql(DROP_CHANGE_LOG_TRIGGERS);
    // Statement-level with transition tables, so that a bulk write logs in one insert. Rows written by a
    // store applying a pulled page are not logged (pos.sync_apply = 'on').
    this.addSql(`create or replace function "sync_log_change"() returns trigger language plpgsql as $fn$
declare
  op text := case when TG_OP = 'DELETE' then TG_ARGV[2] else 'upsert' end;
  source text := case when TG_OP = 'DELETE' then 'old_rows' else 'new_rows' end;
  actor uuid := nullif(current_setting('pos.actor_id', true), '')::uuid;
  stores text := '';
begin
  if current_setting('pos.sync_apply', true) = 'on' then
    return null;
  end if;
  if TG_NARGS > 3 then
    -- One change per store a row names (a null column names none).
    for i in 3 .. TG_NARGS - 1 loop
      stores := stores || case when i > 3 then ', ' else '' end || format('(r.%I)', TG_ARGV[i]);
    end loop;
    execute format('insert into sync_change (entity_type, entity_id, store_id, op, actor_id)
        select distinct %L, r.%I, s.store_id, %L, $1::uuid from %I r cross join lateral (values %s) s (store_id)
         where s.store_id is not null',
      TG_ARGV[0], TG_ARGV[1], op, source, stores) using actor;
  else
    execute format('insert into sync_change (entity_type, entity_id, store_id, op, actor_id)
        select distinct %L, r.%I, null::uuid, %L, $1::uuid from %I r',
      TG_ARGV[0], TG_ARGV[1], op, source) using actor;
  end if;
  -- Delivered at commit, to every HQ instance listening: they hint their connected stores to pull.
  perform pg_notify('pos_sync_change', TG_ARGV[0]);
  return null;
end
$fn$;`);
    for (const type of KINDS) logChanges(this, type);
  }

  override async down(): Promise<void> {
    this.addSql(DROP_CHANGE_LOG_TRIGGERS);
    this.addSql(`create or replace function "sync_log_change"() returns trigger language plpgsql as $fn$
declare
  scope_expr text := case when TG_ARGV[2] = '' then 'null::uuid' else format('r.%I', TG_ARGV[2]) end;
  op text := case when TG_OP = 'DELETE' then TG_ARGV[3] else 'upsert' end;
begin
  if current_setting('pos.sync_apply', true) = 'on' then
    return null;
  end if;
  if TG_OP = 'DELETE' then
    execute format('insert into sync_change (entity_type, entity_id, store_id, op) select distinct %L, r.%I, %s, %L from old_rows r',
      TG_ARGV[0], TG_ARGV[1], scope_expr, op);
  else
    execute format('insert into sync_change (entity_type, entity_id, store_id, op) select distinct %L, r.%I, %s, %L from new_rows r',
      TG_ARGV[0], TG_ARGV[1], scope_expr, op);
  end if;
  perform pg_notify('pos_sync_change', TG_ARGV[0]);
  return null;
end
$fn$;`);
    // The earlier arguments: (entity type, id column, the one scope column or '', what a delete means).
    for (const type of KINDS) {
      for (const t of changeLogTriggers(type)) {
        const [entity, id, deleted, scope = ''] = t.args;
        const rows = t.event === 'delete' ? 'old' : 'new';
        this.addSql(
          `create trigger "${t.name}" after ${t.event} on "${t.table}" referencing ${rows} table as ${rows}_rows for each statement execute function sync_log_change('${entity}', '${id}', '${scope}', '${deleted}');`,
        );
      }
    }
    this.addSql(`alter table "sync_change" drop column "actor_id";`);
  }
}
