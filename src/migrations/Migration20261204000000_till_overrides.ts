import { Migration } from '@mikro-orm/migrations';

/**
 * Till overrides (issue 13): a line charged below its price or discounted keeps who rang it up and whose
 * authority let it through (the same user, or a manager who approved it with their PIN).
 */
export class Migration20261204000000_till_overrides extends Migration {
  override async up(): Promise<void> {
    for (const column of ['override_requested_by_id', 'override_approved_by_id']) {
      this.addSql(`alter table "sale_item" add column "${column}" uuid null;`);
      this.addSql(
        `alter table "sale_item" add constraint "sale_item_${column}_foreign" foreign key ("${column}") references "app_user" ("id") on update cascade on delete restrict;`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const column of ['override_requested_by_id', 'override_approved_by_id']) {
      this.addSql(`alter table "sale_item" drop constraint "sale_item_${column}_foreign";`);
      this.addSql(`alter table "sale_item" drop column "${column}";`);
    }
  }
}
