import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../entities/index.js';
import { migrationOptions } from './orm-options.js';
import { notFound } from '../services/core/index.js';

/** MikroORM options shared by the server, the tests and the migration generator. */
export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    migrations: migrationOptions,
    pool: { min: 0, max: 20 },
    // Each request forks its own EntityManager; the global one must never be used by accident.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // `em.findOneOrFail(Product, { id })` answers NOT_FOUND (404) naming the entity and id.
    findOneOrFailHandler: (entityName, where) => {
      const id = typeof where === 'string' ? where : (where as { id?: unknown })?.id;
      return notFound(entityName, typeof id === 'string' ? id : undefined);
    },
    ...overrides,
  };
}

/** Connects and brings the schema up to date with the committed migrations. */
export async function openDatabase(clientUrl: string): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl));
  await orm.getMigrator().up();
  return orm;
}
