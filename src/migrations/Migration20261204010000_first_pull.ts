import { Migration } from '@mikro-orm/migrations';

/**
 * A store server's first full pull (issue 13): until it is done, `/health` says the store is still
 * syncing. A store that pulled before this version counts as done.
 */
export class Migration20261204010000_first_pull extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "sync_local_state" add column "first_pull_done_at" timestamptz null;`);
    this.addSql(
      `update "sync_local_state" set "first_pull_done_at" = "last_pull_at" where "last_pull_at" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sync_local_state" drop column "first_pull_done_at";`);
  }
}
