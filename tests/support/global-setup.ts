import './resolve-ts';
import { resolve } from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../../src/db/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';

declare global {
  var __EMBEDDED_PG__: EmbeddedDatabase | undefined;
}

/** URL of the maintenance database next to the one DATABASE_URL names. */
function adminUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/**
 * Runs once before the suite: a PostgreSQL (DATABASE_URL's server, else an embedded one) and a template
 * database migrated once; each test file then clones the template into its own database.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = adminUrlOf(process.env.DATABASE_URL);
  } else {
    const embedded = await startEmbeddedPostgres(resolve('.tmp/test-postgres'), { durable: false });
    globalThis.__EMBEDDED_PG__ = embedded;
    adminUrl = embedded.adminUrl;
  }
  const template = `pos_test_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await migrateDatabase(templateUrl.toString());
  await admin.end();
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
