/**
 * Generates a migration from the difference between the entities and a database migrated with the
 * committed migrations: `npm run migration:create` (uses DATABASE_URL, else an embedded PostgreSQL).
 * Register the new file in `index.ts`.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { resolve } from 'node:path';

async function main(): Promise<void> {
  const pg = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(resolve('.tmp/migration-pg'));
  const url = process.env.DATABASE_URL ?? pg!.adminUrl.replace(/\/postgres$/, '/migration_scratch');
  if (pg) {
    const admin = await MikroORM.init(
      ormOptions(pg.adminUrl, { entities: [], discovery: { warnWhenNoEntities: false } }),
    );
    await admin.em.getConnection().execute('drop database if exists migration_scratch');
    await admin.em.getConnection().execute('create database migration_scratch');
    await admin.close();
  }
  const orm = await MikroORM.init(ormOptions(url));
  await orm.getMigrator().up();
  const result = await orm
    .getMigrator()
    .createMigration(resolve('src/migrations'), false, false, process.argv[2]);
  console.log(result.fileName ? `created ${result.fileName}` : 'no changes');
  await orm.close();
  await pg?.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
