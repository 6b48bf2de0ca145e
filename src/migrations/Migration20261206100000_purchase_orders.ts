import { Migration } from '@mikro-orm/migrations';
import { logChanges } from './support/change-log.js';

/**
 * Purchase orders (issue 16): an order and its lines (the figures its receipts add up to), and its
 * receipts, each made once at the order's store. The order is synced to its store from SENT on (its
 * scope is the generated `sent_store_id`, null before: no store gets a draft), its lines inside it; the
 * receipts are synced to the store that made them.
 */
export class Migration20261206100000_purchase_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "purchase_order_status" as enum ('DRAFT', 'SUBMITTED', 'APPROVED', 'SENT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED');`,
    );
    this.addSql(
      `create table "purchase_order" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "number" varchar(20) not null, "supplier_id" uuid not null, "store_id" uuid not null, "status" "purchase_order_status" not null default 'DRAFT', "expected_date" date null, "notes" varchar(1000) null, "total" bigint not null default 0, "created_by_id" uuid not null, "submitted_by_id" uuid null, "submitted_at" timestamptz null, "approved_by_id" uuid null, "approved_at" timestamptz null, "sent_by_id" uuid null, "sent_at" timestamptz null, "cancelled_by_id" uuid null, "cancelled_at" timestamptz null, "closed_short_reason" varchar(500) null, "sent_store_id" uuid generated always as (case when sent_at is not null then store_id else null end) stored null, constraint "purchase_order_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "purchase_order_supplier_idx" on "purchase_order" ("supplier_id");`);
    this.addSql(`create index "purchase_order_store_status_idx" on "purchase_order" ("store_id", "status");`);
    this.addSql(
      `alter table "purchase_order" add constraint "purchase_order_number_unique" unique ("number");`,
    );
    this.addSql(
      `create table "purchase_order_receipt" ("id" uuid not null, "purchase_order_id" uuid not null, "store_id" uuid not null, "user_id" uuid not null, "note" varchar(500) null, "close_short" boolean not null default false, "lines" jsonb not null default '[]', "created_at" timestamptz not null, constraint "purchase_order_receipt_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "purchase_order_receipt_order_idx" on "purchase_order_receipt" ("purchase_order_id");`,
    );
    this.addSql(
      `create table "purchase_order_item" ("id" uuid not null, "purchase_order_id" uuid not null, "line_number" int not null, "product_id" uuid not null, "sku" varchar(64) not null, "product_name" varchar(200) not null, "quantity" bigint not null, "unit_cost" bigint not null, "line_total" bigint not null, "quantity_received" bigint not null default 0, "quantity_closed_short" bigint not null default 0, constraint "purchase_order_item_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "purchase_order_item" add constraint "purchase_order_item_product_unique" unique ("purchase_order_id", "product_id");`,
    );
    const foreign = (table: string, column: string, target: string, onDelete = 'restrict') =>
      this.addSql(
        `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") references "${target}" ("id") on update cascade on delete ${onDelete};`,
      );
    foreign('purchase_order', 'supplier_id', 'supplier');
    foreign('purchase_order', 'store_id', 'store');
    for (const who of ['created_by_id', 'submitted_by_id', 'approved_by_id', 'sent_by_id', 'cancelled_by_id'])
      foreign('purchase_order', who, 'app_user');
    foreign('purchase_order_receipt', 'purchase_order_id', 'purchase_order', 'cascade');
    foreign('purchase_order_receipt', 'store_id', 'store');
    foreign('purchase_order_receipt', 'user_id', 'app_user');
    foreign('purchase_order_item', 'purchase_order_id', 'purchase_order', 'cascade');
    foreign('purchase_order_item', 'product_id', 'product');
    logChanges(this, 'purchase_order');
    logChanges(this, 'purchase_order_receipt');
  }

  override async down(): Promise<void> {
    this.addSql(
      `delete from "sync_change" where "entity_type" in ('purchase_order', 'purchase_order_receipt');`,
    );
    this.addSql(`drop table "purchase_order_receipt";`);
    this.addSql(`drop table "purchase_order_item";`);
    this.addSql(`drop table "purchase_order";`);
    this.addSql(`drop type "purchase_order_status";`);
  }
}
