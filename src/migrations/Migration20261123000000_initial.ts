import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "department" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" varchar(100) not null, "code" varchar(30) null, "deleted_at" timestamptz null, constraint "department_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index "department_code_unique" on "department" ("code") where "deleted_at" is null;`,
    );

    this.addSql(
      `create table "role" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" varchar(100) not null, "description" text null, "permissions" text[] not null default '{}', constraint "role_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "role" add constraint "role_name_unique" unique ("name");`);

    this.addSql(
      `create table "store" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "code" varchar(20) not null, "name" varchar(100) not null, "address" text null, "phone" varchar(40) null, "timezone" varchar(64) not null, "is_active" boolean not null default true, constraint "store_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "store" add constraint "store_code_unique" unique ("code");`);

    this.addSql(
      `create table "tax_group" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "name" varchar(100) not null, "deleted_at" timestamptz null, constraint "tax_group_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "product" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "sku" varchar(64) not null, "barcode" varchar(64) null, "name" varchar(200) not null, "description" text null, "department_id" uuid null, "tax_group_id" uuid null, "cost_price" bigint not null default 0, "sell_price" bigint not null, "track_stock" boolean not null default true, "low_stock_threshold" bigint not null default 0, "is_active" boolean not null default true, constraint "product_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);
    this.addSql(`alter table "product" add constraint "product_barcode_unique" unique ("barcode");`);
    this.addSql(`create index "product_department_idx" on "product" ("department_id");`);

    this.addSql(
      `create table "tender" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "code" varchar(30) not null, "name" varchar(100) not null, "is_cash" boolean not null, "is_active" boolean not null default true, "sort_order" int not null default 0, constraint "tender_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "tender" add constraint "tender_code_unique" unique ("code");`);

    this.addSql(
      `create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "username" varchar(50) not null, "display_name" varchar(100) not null, "is_active" boolean not null default true, "pin_hash" varchar(255) null, "pin_digest" varchar(64) null, "password_hash" varchar(255) null, constraint "app_user_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(`alter table "app_user" add constraint "app_user_pin_digest_unique" unique ("pin_digest");`);

    this.addSql(
      `create table "refresh_token" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "family_id" uuid not null, "store_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "refresh_token_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "refresh_token_user_idx" on "refresh_token" ("user_id");`);
    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "refresh_token_family" on "refresh_token" ("family_id");`);

    this.addSql(
      `create table "user_role" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, "user_id" uuid not null, "role_id" uuid not null, "store_id" uuid null, constraint "user_role_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "user_role_role_idx" on "user_role" ("role_id");`);
    this.addSql(`create index "user_role_store_idx" on "user_role" ("store_id");`);
    this.addSql(
      `create unique index "user_role_unique" on "user_role" ("user_id", "role_id", coalesce("store_id", '00000000-0000-0000-0000-000000000000'));`,
    );

    this.addSql(
      `alter table "product" add constraint "product_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "product" add constraint "product_tax_group_id_foreign" foreign key ("tax_group_id") references "tax_group" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "user_role" add constraint "user_role_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "user_role" add constraint "user_role_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "user_role" add constraint "user_role_store_id_foreign" foreign key ("store_id") references "store" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "product" drop constraint "product_department_id_foreign";`);

    this.addSql(`alter table "user_role" drop constraint "user_role_role_id_foreign";`);

    this.addSql(`alter table "user_role" drop constraint "user_role_store_id_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_tax_group_id_foreign";`);

    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_user_id_foreign";`);

    this.addSql(`alter table "user_role" drop constraint "user_role_user_id_foreign";`);

    this.addSql(`drop table if exists "department" cascade;`);

    this.addSql(`drop table if exists "role" cascade;`);

    this.addSql(`drop table if exists "store" cascade;`);

    this.addSql(`drop table if exists "tax_group" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "tender" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);

    this.addSql(`drop table if exists "user_role" cascade;`);
  }
}
