import pg from 'pg';

/** Drops the template database and stops the embedded PostgreSQL, if the suite started one. */
export default async function globalTeardown(): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${process.env.TEST_PG_TEMPLATE} with (force)`);
  await admin.end();
  await globalThis.__EMBEDDED_PG__?.stop();
}
