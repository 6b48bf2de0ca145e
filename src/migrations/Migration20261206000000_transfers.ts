import { Migration } from '@mikro-orm/migrations';
import { logChanges } from './support/change-log.js';

const MOVEMENT_TYPES = [
  'SALE',
  'VOID',
  'RETURN',
  'RETURN_DAMAGED',
  'ADJUSTMENT',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'PO_RECEIPT',
];
const WITH_TRANSFER_RETURN = [...MOVEMENT_TYPES.slice(0, -1), 'TRANSFER_RETURN', 'PO_RECEIPT'];

const typeCheck = (types: string[]) =>
  `alter table "stock_movement" add constraint "stock_movement_type_check" check("type" in (${types.map((t) => `'${t}'`).join(', ')}));`;

/**
 * Transfers between stores (issue 15): a transfer and its lines (the figures its steps add up to), and
 * its steps, each made once by the store that owns it. Both tables are synced to the transfer's two
 * stores (the lines inside their transfer); the ledger gains TRANSFER_RETURN (stock back at the source
 * after a cancelled send).
 */
export class Migration20261206000000_transfers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "transfer_status" as enum ('PENDING', 'IN_TRANSIT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED');`,
    );
    this.addSql(`create type "transfer_step_kind" as enum ('CREATED', 'SENT', 'RECEIVED', 'CANCELLED');`);
    this.addSql(
      `create table "transfer" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "number" varchar(40) not null, "serial" int not null, "from_store_id" uuid not null, "to_store_id" uuid not null, "status" "transfer_status" not null default 'PENDING', "notes" varchar(1000) null, "created_by_id" uuid not null, constraint "transfer_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "transfer_to_store_idx" on "transfer" ("to_store_id", "status");`);
    this.addSql(
      `alter table "transfer" add constraint "transfer_from_serial_unique" unique ("from_store_id", "serial");`,
    );
    this.addSql(`alter table "transfer" add constraint "transfer_number_unique" unique ("number");`);
    this.addSql(
      `create table "transfer_step" ("id" uuid not null, "transfer_id" uuid not null, "kind" "transfer_step_kind" not null, "store_id" uuid not null, "from_store_id" uuid not null, "to_store_id" uuid not null, "user_id" uuid not null, "note" varchar(500) null, "complete" boolean null, "lines" jsonb not null default '[]', "created_at" timestamptz not null, constraint "transfer_step_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "transfer_step_transfer_idx" on "transfer_step" ("transfer_id");`);
    this.addSql(
      `create table "transfer_item" ("id" uuid not null, "transfer_id" uuid not null, "line_number" int not null, "product_id" uuid not null, "sku" varchar(64) not null, "product_name" varchar(200) not null, "quantity" bigint not null, "quantity_sent" bigint not null default 0, "quantity_received" bigint not null default 0, "quantity_damaged" bigint not null default 0, "quantity_lost" bigint not null default 0, "quantity_returned" bigint not null default 0, constraint "transfer_item_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "transfer_item" add constraint "transfer_item_product_unique" unique ("transfer_id", "product_id");`,
    );
    const foreign = (table: string, column: string, target: string, onDelete = 'restrict') =>
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") references "${target}" ("id") on update cascade on delete ${onDelete};`,
      );
    foreign('transfer', 'from_store_id', 'store');
    foreign('transfer', 'to_store_id', 'store');
    foreign('transfer', 'created_by_id', 'app_user');
    foreign('transfer_step', 'transfer_id', 'transfer', 'cascade');
    foreign('transfer_step', 'store_id', 'store');
    foreign('transfer_step', 'from_store_id', 'store');
    foreign('transfer_step', 'to_store_id', 'store');
    foreign('transfer_step', 'user_id', 'app_user');
    foreign('transfer_item', 'transfer_id', 'transfer', 'cascade');
    foreign('transfer_item', 'product_id', 'product');
    this.addSql(`alter table "stock_movement" drop constraint if exists "stock_movement_type_check";`);
    this.addSql(typeCheck(WITH_TRANSFER_RETURN));
    logChanges(this, 'transfer');
    logChanges(this, 'transfer_step');
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "stock_movement" where "type" = 'TRANSFER_RETURN';`);
    this.addSql(`alter table "stock_movement" drop constraint if exists "stock_movement_type_check";`);
    this.addSql(typeCheck(MOVEMENT_TYPES));
    this.addSql(`delete from "sync_change" where "entity_type" in ('transfer', 'transfer_step');`);
    this.addSql(`drop table "transfer_step";`);
    this.addSql(`drop table "transfer_item";`);
    this.addSql(`drop table "transfer";`);
    this.addSql(`drop type "transfer_step_kind";`);
    this.addSql(`drop type "transfer_status";`);
  }
}
