import { Migration } from '@mikro-orm/migrations';

export class Migration20261123202702_product_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create index "product_search_trgm" on "product" using gin ("name" gin_trgm_ops, "sku" gin_trgm_ops, "barcode" gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "product_search_trgm";`);
  }
}
