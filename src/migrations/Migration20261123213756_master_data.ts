import { Migration } from '@mikro-orm/migrations';

export class Migration20261123213756_master_data extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "customer" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "email" varchar(254) null, "phone" varchar(40) null, "address" text null, "notes" text null, "deleted_at" timestamptz null, constraint "customer_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "customer_search_trgm" on "customer" using gin ("first_name" gin_trgm_ops, "last_name" gin_trgm_ops, "email" gin_trgm_ops, "phone" gin_trgm_ops);`,
    );

    this.addSql(
      `create table "sales_rep" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "code" varchar(30) not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "phone" varchar(40) null, "email" varchar(254) null, "is_active" boolean not null default true, "deleted_at" timestamptz null, constraint "sales_rep_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "sales_rep" add constraint "sales_rep_code_unique" unique ("code");`);

    this.addSql(
      `create table "supplier" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" varchar(200) not null, "contact_name" varchar(100) null, "email" varchar(254) null, "phone" varchar(40) null, "address" text null, "is_active" boolean not null default true, "deleted_at" timestamptz null, constraint "supplier_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "store_price" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "store_id" uuid not null, "product_id" uuid not null, "sell_price" bigint not null, constraint "store_price_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "store_price_product_idx" on "store_price" ("product_id");`);
    this.addSql(
      `alter table "store_price" add constraint "store_price_unique" unique ("store_id", "product_id");`,
    );

    this.addSql(
      `create table "special" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "product_id" uuid not null, "special_price" bigint not null, "start_date" date not null, "end_date" date not null, "description" text null, "is_active" boolean not null default true, constraint "special_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "special_product_dates_idx" on "special" ("product_id", "start_date", "end_date");`,
    );

    this.addSql(
      `create table "product_supplier" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "product_id" uuid not null, "supplier_id" uuid not null, "supplier_sku" varchar(64) null, "cost_price" bigint null, "is_preferred" boolean not null default false, constraint "product_supplier_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "product_supplier_supplier_idx" on "product_supplier" ("supplier_id");`);
    this.addSql(
      `create unique index "product_supplier_preferred_unique" on "product_supplier" ("product_id") where "is_preferred";`,
    );
    this.addSql(
      `alter table "product_supplier" add constraint "product_supplier_unique" unique ("product_id", "supplier_id");`,
    );

    this.addSql(
      `create table "tax_rate" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" varchar(100) not null, "rate" int not null, "is_compound" boolean not null default false, "is_active" boolean not null default true, "deleted_at" timestamptz null, constraint "tax_rate_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index "tax_rate_name_unique" on "tax_rate" ("name") where "deleted_at" is null;`,
    );

    this.addSql(
      `create table "tax_group_rate" ("tax_group_id" uuid not null, "tax_rate_id" uuid not null, "sort_order" int not null, constraint "tax_group_rate_pkey" primary key ("tax_group_id", "tax_rate_id"));`,
    );
    this.addSql(`create index "tax_group_rate_rate_idx" on "tax_group_rate" ("tax_rate_id");`);

    this.addSql(
      `alter table "store_price" add constraint "store_price_store_id_foreign" foreign key ("store_id") references "store" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "store_price" add constraint "store_price_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "special" add constraint "special_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "product_supplier" add constraint "product_supplier_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "product_supplier" add constraint "product_supplier_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "tax_group_rate" add constraint "tax_group_rate_tax_group_id_foreign" foreign key ("tax_group_id") references "tax_group" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "tax_group_rate" add constraint "tax_group_rate_tax_rate_id_foreign" foreign key ("tax_rate_id") references "tax_rate" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `create unique index "tax_group_name_unique" on "tax_group" ("name") where "deleted_at" is null;`,
    );

    this.addSql(`alter table "tender" add column "deleted_at" timestamptz null;`);

    this.addSql(`create index "product_tax_group_idx" on "product" ("tax_group_id");`);
    this.addSql(
      `create index "customer_name_order_idx" on "customer" ("last_name", "first_name", "id") where "deleted_at" is null;`,
    );
    this.addSql(
      `create index "special_active_dates_idx" on "special" ("end_date", "start_date") where "is_active";`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "product_supplier" drop constraint "product_supplier_supplier_id_foreign";`);

    this.addSql(`alter table "tax_group_rate" drop constraint "tax_group_rate_tax_rate_id_foreign";`);

    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "sales_rep" cascade;`);

    this.addSql(`drop table if exists "supplier" cascade;`);

    this.addSql(`drop table if exists "store_price" cascade;`);

    this.addSql(`drop table if exists "special" cascade;`);

    this.addSql(`drop table if exists "product_supplier" cascade;`);

    this.addSql(`drop table if exists "tax_rate" cascade;`);

    this.addSql(`drop table if exists "tax_group_rate" cascade;`);

    this.addSql(`drop index "tax_group_name_unique";`);

    this.addSql(`alter table "tender" drop column "deleted_at";`);

    this.addSql(`drop index "product_tax_group_idx";`);
  }
}
