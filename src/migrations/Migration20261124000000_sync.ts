import { Migration } from '@mikro-orm/migrations';

/**
 * What a store pulls, with its scope column (null: every store) and, for a child table without its own
 * id, the parent it belongs to (a change of a tax group's rates is a change of the tax group).
 */
const LOGGED_TABLES: Array<{ table: string; entity: string; idColumn?: string; scope?: string }> = [
  { table: 'store', entity: 'store' },
  { table: 'department', entity: 'department' },
  { table: 'tax_rate', entity: 'tax_rate' },
  { table: 'tax_group', entity: 'tax_group' },
  { table: 'tax_group_rate', entity: 'tax_group', idColumn: 'tax_group_id' },
  { table: 'supplier', entity: 'supplier' },
  { table: 'tender', entity: 'tender' },
  { table: 'product', entity: 'product' },
  { table: 'product_supplier', entity: 'product_supplier' },
  { table: 'role', entity: 'role' },
  { table: 'app_user', entity: 'user' },
  { table: 'user_role', entity: 'user_role' },
  { table: 'customer', entity: 'customer' },
  { table: 'sales_rep', entity: 'sales_rep' },
  { table: 'special', entity: 'special' },
  { table: 'store_price', entity: 'store_price', scope: 'store_id' },
];

/**
 * Sync (see ARCHITECTURE.md, "Sync"): HQ's change log filled by triggers on every master-data table,
 * HQ's per-store sync state (token hash, last applied seq), the events it received and the ones it
 * parked; a store's outbox, its gapless sequence and its local sync state.
 */
export class Migration20261124000000_sync extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "sync_change" (
      "id" bigserial primary key,
      "xid" xid8 not null default pg_current_xact_id(),
      "store_id" uuid null,
      "entity_type" varchar(40) not null,
      "entity_id" uuid not null,
      "op" varchar(10) not null check ("op" in ('upsert', 'delete')),
      "changed_at" timestamptz not null default now());`);
    this.addSql(`create index "sync_change_xid_id_idx" on "sync_change" ("xid", "id");`);

    // One trigger function for every logged table, statement-level with transition tables so that a
    // bulk write logs in one insert. Arguments: entity type, id column, scope column ('' = every store),
    // and what a deleted row means ('delete', or 'upsert' for a child row: its parent changed).
    // Rows written by a store applying a pulled page are not logged (pos.sync_apply = 'on').
    this.addSql(`create function "sync_log_change"() returns trigger language plpgsql as $fn$
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
  -- Delivered at commit, to every HQ instance listening: they hint their connected stores to pull.
  perform pg_notify('pos_sync_change', TG_ARGV[0]);
  return null;
end
$fn$;`);
    for (const t of LOGGED_TABLES) {
      const args = `'${t.entity}', '${t.idColumn ?? 'id'}', '${t.scope ?? ''}', '${t.idColumn ? 'upsert' : 'delete'}'`;
      this.addSql(
        `create trigger "${t.table}_sync_insert" after insert on "${t.table}" referencing new table as new_rows for each statement execute function sync_log_change(${args});`,
      );
      this.addSql(
        `create trigger "${t.table}_sync_update" after update on "${t.table}" referencing new table as new_rows for each statement execute function sync_log_change(${args});`,
      );
      this.addSql(
        `create trigger "${t.table}_sync_delete" after delete on "${t.table}" referencing old table as old_rows for each statement execute function sync_log_change(${args});`,
      );
    }

    // HQ: one row per provisioned store.
    this.addSql(`create table "store_sync" (
      "store_id" uuid primary key references "store" ("id"),
      "token_hash" varchar(64) null unique,
      "token_issued_at" timestamptz null,
      "last_seq" bigint not null default 0,
      "last_pull_at" timestamptz null,
      "last_pull_cursor" text null,
      "last_push_at" timestamptz null,
      "connected" boolean not null default false,
      "last_seen_at" timestamptz null,
      "clock_skew_ms" int null,
      "pending_events" int null);`);
    // HQ: every event a store pushed, applied or parked: duplicates are recognised by seq and eventId.
    this.addSql(`create table "sync_event" (
      "store_id" uuid not null references "store" ("id"),
      "seq" bigint not null,
      "event_id" uuid not null,
      "type" varchar(40) not null,
      "occurred_at" timestamptz not null,
      "payload_digest" varchar(64) not null,
      "status" varchar(10) not null check ("status" in ('applied', 'parked')),
      "received_at" timestamptz not null default now(),
      constraint "sync_event_pkey" primary key ("store_id", "seq"),
      constraint "sync_event_event_id_unique" unique ("event_id"));`);
    // HQ: events that failed to apply, kept with their payload for retry or resolution.
    this.addSql(`create table "sync_error" (
      "id" uuid primary key,
      "store_id" uuid not null references "store" ("id"),
      "seq" bigint not null,
      "event_id" uuid not null unique,
      "type" varchar(40) not null,
      "occurred_at" timestamptz not null,
      "payload" jsonb not null,
      "code" varchar(40) not null,
      "message" text not null,
      "attempts" int not null default 1,
      "status" varchar(10) not null default 'open' check ("status" in ('open', 'applied', 'resolved')),
      "note" text null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "resolved_at" timestamptz null,
      "resolved_by_id" uuid null references "app_user" ("id"));`);
    this.addSql(
      `create index "sync_error_open_idx" on "sync_error" ("store_id", "seq") where "status" = 'open';`,
    );

    // Store: its identity as HQ gave it, its pull cursor and the key of PIN digests (shared with HQ).
    this.addSql(`create table "sync_local_state" (
      "id" int primary key default 1 check ("id" = 1),
      "store_id" uuid not null,
      "store_code" varchar(20) not null,
      "pin_key" text not null,
      "cursor" text null,
      "last_pull_at" timestamptz null,
      "last_push_at" timestamptz null,
      "acked_seq" bigint not null default 0);`);
    // Store: the gapless sequence of its events (one row, taken under its row lock by each writer).
    this.addSql(
      `create table "sync_outbox_seq" ("id" int primary key default 1 check ("id" = 1), "last_seq" bigint not null);`,
    );
    this.addSql(`insert into "sync_outbox_seq" ("id", "last_seq") values (1, 0);`);
    this.addSql(`create table "sync_outbox" (
      "seq" bigint primary key,
      "event_id" uuid not null unique,
      "type" varchar(40) not null,
      "occurred_at" timestamptz not null,
      "payload" jsonb not null,
      "pushed_at" timestamptz null);`);
    this.addSql(`create index "sync_outbox_pending_idx" on "sync_outbox" ("seq") where "pushed_at" is null;`);
  }

  override async down(): Promise<void> {
    for (const t of LOGGED_TABLES) {
      for (const op of ['insert', 'update', 'delete'])
        this.addSql(`drop trigger "${t.table}_sync_${op}" on "${t.table}";`);
    }
    this.addSql(`drop function "sync_log_change"();`);
    for (const table of [
      'sync_outbox',
      'sync_outbox_seq',
      'sync_local_state',
      'sync_error',
      'sync_event',
      'store_sync',
      'sync_change',
    ]) {
      this.addSql(`drop table "${table}";`);
    }
  }
}
