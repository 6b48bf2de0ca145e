import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * The database a server uses: DATABASE_URL when given, else database `name` on an embedded PostgreSQL
 * under `dataDir` (started here; the caller stops it on shutdown).
 */
export async function resolveDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
  name: string,
): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (databaseUrl) return { url: databaseUrl };
  const embedded = await startEmbeddedPostgres(dataDir);
  await ensureDatabase(embedded.adminUrl, name);
  return { url: embedded.urlFor(name), embedded };
}
