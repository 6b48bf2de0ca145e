import { Migration } from '@mikro-orm/migrations';

const MOVEMENT_TYPES = ['SALE', 'VOID', 'ADJUSTMENT', 'TRANSFER_OUT', 'TRANSFER_IN', 'PO_RECEIPT'];
const WITH_RETURNS = [
  'SALE',
  'VOID',
  'RETURN',
  'RETURN_DAMAGED',
  'ADJUSTMENT',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'PO_RECEIPT',
];

const typeCheck = (types: string[]) =>
  `alter table "stock_movement" add constraint "stock_movement_type_check" check("type" in (${types.map((t) => `'${t}'`).join(', ')}));`;

/**
 * Refunds (issue 14): a refund is a sale of type REFUND pointing at the sale and lines it refunds (plain
 * uuids: a store server may refund another store's sale it holds no row of), with what happened to each
 * line's goods; a refund payment to a tender the sale did not use keeps who allowed it; the ledger gains
 * RETURN and RETURN_DAMAGED movements.
 */
export class Migration20261205000000_refunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "sale_type" as enum ('SALE', 'REFUND');`);
    this.addSql(`create type "refund_disposition" as enum ('RESTOCK', 'DAMAGED', 'NO_RESTOCK');`);
    this.addSql(
      `alter table "sale" add column "type" "sale_type" not null default 'SALE', add column "refund_of_id" uuid null, add column "reason" varchar(500) null;`,
    );
    this.addSql(`create index "sale_refund_of_idx" on "sale" ("refund_of_id");`);
    this.addSql(
      `alter table "sale_item" add column "refund_of_item_id" uuid null, add column "disposition" "refund_disposition" null;`,
    );
    this.addSql(`alter table "sale_payment" add column "approved_by_id" uuid null;`);
    this.addSql(
      `alter table "sale_payment" add constraint "sale_payment_approved_by_id_foreign" foreign key ("approved_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`alter table "stock_movement" drop constraint if exists "stock_movement_type_check";`);
    this.addSql(typeCheck(WITH_RETURNS));
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "stock_movement" where "type" in ('RETURN', 'RETURN_DAMAGED');`);
    this.addSql(`alter table "stock_movement" drop constraint if exists "stock_movement_type_check";`);
    this.addSql(typeCheck(MOVEMENT_TYPES));
    this.addSql(`alter table "sale_payment" drop constraint "sale_payment_approved_by_id_foreign";`);
    this.addSql(`alter table "sale_payment" drop column "approved_by_id";`);
    this.addSql(`alter table "sale_item" drop column "refund_of_item_id", drop column "disposition";`);
    this.addSql(`drop index "sale_refund_of_idx";`);
    this.addSql(`alter table "sale" drop column "type", drop column "refund_of_id", drop column "reason";`);
    this.addSql(`drop type "sale_type";`);
    this.addSql(`drop type "refund_disposition";`);
  }
}
