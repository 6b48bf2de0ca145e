import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in throttling (`services/auth/login-throttle.ts`): one row per key (a username, a client address
 * at a server, a terminal of a store) with its recent failures and until when attempts are refused. In
 * the database, so that every instance on it shares the budgets and a restart keeps them.
 */
export class Migration20261125090000_login_attempt extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "login_attempt" (
      "key" varchar(200) primary key,
      "failures" integer not null,
      "blocked_until" timestamptz not null,
      "updated_at" timestamptz not null);`);
    // Rows quiet for longer than the forgetting window are purged through this index.
    this.addSql(`create index "login_attempt_updated_at_idx" on "login_attempt" ("updated_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "login_attempt";`);
  }
}
