import { Migration } from '@mikro-orm/migrations';

export class Migration20261123223050_selling extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "register_session_status" as enum ('OPEN', 'CLOSED');`);
    this.addSql(`create type "sale_status" as enum ('COMPLETED', 'VOIDED');`);
    this.addSql(`create type "price_source" as enum ('SPECIAL', 'STORE_PRICE', 'PRODUCT');`);
    this.addSql(
      `create table "register_session" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "store_id" uuid not null, "terminal_id" varchar(40) not null, "status" "register_session_status" not null default 'OPEN', "opened_by_id" uuid not null, "opened_at" timestamptz not null, "opening_amount" bigint not null, "closed_by_id" uuid null, "closed_at" timestamptz null, "z_number" int null, "expected_cash" bigint null, "declared_cash" bigint null, "over_short" bigint null, "z_report" jsonb null, constraint "register_session_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "register_session_store_opened_idx" on "register_session" ("store_id", "opened_at");`,
    );
    this.addSql(
      `create unique index "register_session_open_unique" on "register_session" ("store_id", "terminal_id") where "status" = 'OPEN';`,
    );
    this.addSql(
      `alter table "register_session" add constraint "register_session_z_unique" unique ("store_id", "terminal_id", "z_number");`,
    );

    this.addSql(
      `create table "sale" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "store_id" uuid not null, "register_session_id" uuid not null, "terminal_id" varchar(40) not null, "receipt_number" varchar(64) not null, "cashier_id" uuid not null, "sales_rep_id" uuid null, "customer_id" uuid null, "status" "sale_status" not null default 'COMPLETED', "subtotal" bigint not null, "discount_total" bigint not null, "tax_total" bigint not null, "grand_total" bigint not null, "amount_paid" bigint not null, "change_given" bigint not null, "sold_at" timestamptz not null, "voided_at" timestamptz null, "voided_by_id" uuid null, "void_reason" varchar(500) null, "request_digest" varchar(64) not null, constraint "sale_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sale_register_session_idx" on "sale" ("register_session_id");`);
    this.addSql(`create index "sale_store_sold_at_idx" on "sale" ("store_id", "sold_at");`);
    this.addSql(
      `alter table "sale" add constraint "sale_receipt_unique" unique ("store_id", "terminal_id", "receipt_number");`,
    );

    this.addSql(
      `create table "sale_payment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "sale_id" uuid not null, "position" int not null, "tender_id" uuid not null, "method" varchar(30) not null, "is_cash" boolean not null, "amount" bigint not null, "reference" varchar(200) null, constraint "sale_payment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sale_payment_sale_idx" on "sale_payment" ("sale_id");`);

    this.addSql(
      `create table "sale_item" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "sale_id" uuid not null, "line_number" int not null, "product_id" uuid not null, "sku" varchar(64) not null, "product_name" varchar(200) not null, "quantity" bigint not null, "unit_price" bigint not null, "effective_price" bigint not null, "price_source" "price_source" not null, "special_id" uuid null, "unit_cost" bigint not null, "extended_amount" bigint not null, "discount_amount" bigint not null, "tax_rate" int not null, "tax_amount" bigint not null, "line_total" bigint not null, constraint "sale_item_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sale_item_product_idx" on "sale_item" ("product_id");`);

    this.addSql(
      `create table "sale_item_tax" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "sale_item_id" uuid not null, "tax_rate_id" uuid not null, "tax_rate_name" varchar(100) not null, "rate" int not null, "is_compound" boolean not null, "sort_order" int not null, "taxable_amount" bigint not null, "tax_amount" bigint not null, constraint "sale_item_tax_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sale_item_tax_item_idx" on "sale_item_tax" ("sale_item_id");`);

    this.addSql(
      `alter table "register_session" add constraint "register_session_store_id_foreign" foreign key ("store_id") references "store" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "register_session" add constraint "register_session_opened_by_id_foreign" foreign key ("opened_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "register_session" add constraint "register_session_closed_by_id_foreign" foreign key ("closed_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "sale" add constraint "sale_store_id_foreign" foreign key ("store_id") references "store" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "sale" add constraint "sale_register_session_id_foreign" foreign key ("register_session_id") references "register_session" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "sale" add constraint "sale_cashier_id_foreign" foreign key ("cashier_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "sale" add constraint "sale_sales_rep_id_foreign" foreign key ("sales_rep_id") references "sales_rep" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "sale" add constraint "sale_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "sale" add constraint "sale_voided_by_id_foreign" foreign key ("voided_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "sale_payment" add constraint "sale_payment_sale_id_foreign" foreign key ("sale_id") references "sale" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sale_payment" add constraint "sale_payment_tender_id_foreign" foreign key ("tender_id") references "tender" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "sale_item" add constraint "sale_item_sale_id_foreign" foreign key ("sale_id") references "sale" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sale_item" add constraint "sale_item_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "sale_item" add constraint "sale_item_special_id_foreign" foreign key ("special_id") references "special" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "sale_item_tax" add constraint "sale_item_tax_sale_item_id_foreign" foreign key ("sale_item_id") references "sale_item" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sale_item_tax" add constraint "sale_item_tax_tax_rate_id_foreign" foreign key ("tax_rate_id") references "tax_rate" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sale" drop constraint "sale_register_session_id_foreign";`);

    this.addSql(`alter table "sale_payment" drop constraint "sale_payment_sale_id_foreign";`);

    this.addSql(`alter table "sale_item" drop constraint "sale_item_sale_id_foreign";`);

    this.addSql(`alter table "sale_item_tax" drop constraint "sale_item_tax_sale_item_id_foreign";`);

    this.addSql(`drop table if exists "register_session" cascade;`);

    this.addSql(`drop table if exists "sale" cascade;`);

    this.addSql(`drop table if exists "sale_payment" cascade;`);

    this.addSql(`drop table if exists "sale_item" cascade;`);

    this.addSql(`drop table if exists "sale_item_tax" cascade;`);

    this.addSql(`drop type "register_session_status";`);
    this.addSql(`drop type "sale_status";`);
    this.addSql(`drop type "price_source";`);
  }
}
