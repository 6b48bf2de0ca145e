import { Migration } from '@mikro-orm/migrations';

export class Migration20261123223022_inventory extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inventory_level" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "store_id" uuid not null, "product_id" uuid not null, "quantity" bigint not null default 0, constraint "inventory_level_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "inventory_level_product_idx" on "inventory_level" ("product_id");`);
    this.addSql(
      `alter table "inventory_level" add constraint "inventory_level_unique" unique ("store_id", "product_id");`,
    );

    this.addSql(
      `create table "stock_movement" ("id" uuid not null, "store_id" uuid not null, "product_id" uuid not null, "quantity" bigint not null, "type" text check ("type" in ('SALE', 'VOID', 'ADJUSTMENT', 'TRANSFER_OUT', 'TRANSFER_IN', 'PO_RECEIPT')) not null, "reason" text check ("reason" in ('PHYSICAL_COUNT', 'RECEIVED', 'DAMAGED', 'THEFT', 'EXPIRED', 'RETURN_TO_SUPPLIER', 'OTHER')) null, "quantity_after" bigint not null, "reference_id" uuid null, "user_id" uuid null, "notes" text null, "created_at" timestamptz not null, constraint "stock_movement_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "stock_movement_reference_idx" on "stock_movement" ("reference_id");`);
    this.addSql(
      `create index "stock_movement_store_product_idx" on "stock_movement" ("store_id", "product_id", "created_at");`,
    );

    this.addSql(
      `alter table "inventory_level" add constraint "inventory_level_store_id_foreign" foreign key ("store_id") references "store" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "inventory_level" add constraint "inventory_level_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_store_id_foreign" foreign key ("store_id") references "store" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "stock_movement" add constraint "stock_movement_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inventory_level" cascade;`);

    this.addSql(`drop table if exists "stock_movement" cascade;`);
  }
}
