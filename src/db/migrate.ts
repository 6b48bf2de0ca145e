import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrationOptions } from './orm-options.js';

/**
 * Applies the committed migrations to a database without loading any entity (used where entity
 * metadata must not be registered, e.g. the test suite's global setup).
 */
export async function migrateDatabase(clientUrl: string): Promise<void> {
  const orm = await MikroORM.init({
    clientUrl,
    entities: [],
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    migrations: migrationOptions,
  });
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
}
