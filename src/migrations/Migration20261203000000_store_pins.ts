import { Migration } from '@mikro-orm/migrations';

/**
 * PIN material per store (issue 11): HQ keeps each user's PIN digest under every store's own key, and a
 * store pulls its own entry only for the users who hold a role there. Which users those are changes with
 * `user_role`, so a role change is also logged as a change of its user (the store then pulls the user
 * again, with or without its PIN material).
 */
export class Migration20261203000000_store_pins extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "pin_digests" jsonb null;`);
    for (const [op, rows] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ]) {
      this.addSql(
        `create trigger "user_role_sync_user_${op}" after ${op} on "user_role" referencing ${rows} table as ${rows}_rows for each statement execute function sync_log_change('user', 'user_id', '', 'upsert');`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) {
      this.addSql(`drop trigger "user_role_sync_user_${op}" on "user_role";`);
    }
    this.addSql(`alter table "app_user" drop column "pin_digests";`);
  }
}
