import type { MigrationsOptions } from '@mikro-orm/core';
import { migrations } from '../migrations/index.js';

/** How migrations are found and run (committed list; one transaction for the whole run). */
export const migrationOptions: MigrationsOptions = {
  tableName: 'mikro_orm_migrations',
  path: 'src/migrations',
  pathTs: 'src/migrations',
  migrationsList: migrations,
  transactional: true,
  allOrNothing: true,
  snapshot: false,
  emit: 'ts',
  // The sync tables (sync_change, store_sync, sync_outbox, ...) are SQL-only, not entities: a generated
  // migration must not drop them.
  dropTables: false,
  silent: true,
};
