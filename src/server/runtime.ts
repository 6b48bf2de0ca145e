import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { openDatabase } from '../db/database.js';
import { LoginThrottle, SessionCache } from '../services/auth/index.js';
import type { Runtime } from '../services/core/index.js';
import { createEventBus } from '../services/events/index.js';
import { bootstrap } from '../services/people/index.js';
import { createSyncSocketServer, type SyncSocketServer } from '../sync/hq/notifier.js';
import { HqClient } from '../sync/store/hq-client.js';
import { identifyStore, StoreAgent, type StoreIdentity } from '../sync/store/store-agent.js';
import type { Config } from './config.js';
import { createContextFactory, type ContextFactory } from './context.js';
import { buildAppSchema } from './schema.js';
import { createLogger, type Logger } from './logger.js';

/** What a server runs on, built from its config before any transport is set up. */
export interface ServerRuntime {
  logger: Logger;
  orm: MikroORM;
  /** True when this start created the admin user. */
  adminCreated: boolean;
  /** Store mode with HQ_URL: the store as HQ named it. */
  identity?: StoreIdentity;
  runtime: Runtime;
  schema: GraphQLSchema;
  contextFor: ContextFactory;
  /** Store mode with HQ_URL: what pulls and pushes (not started yet). */
  syncAgent?: StoreAgent;
  /** HQ: the sync hint socket of store servers. */
  syncSocket?: SyncSocketServer;
}

/**
 * Opens the database (migrations), creates the bootstrap data, asks HQ who this store is (store mode
 * with HQ_URL), then builds the runtime, the schema, the context factory and the sync side.
 */
export async function buildRuntime(config: Config, databaseUrl: string): Promise<ServerRuntime> {
  const logger = createLogger(config.logLevel);
  const orm = await openDatabase(databaseUrl);
  // A store server's users, like all its master data, come from HQ: it creates none itself.
  const adminCreated =
    config.mode === 'hq'
      ? await bootstrap(orm.em.fork(), { adminPin: config.adminPin, pinKey: config.pinKey })
      : false;
  const hq =
    config.mode === 'store' && config.hqUrl ? new HqClient(config.hqUrl, config.syncToken ?? '') : undefined;
  const identity = hq ? await identifyStore(orm, hq, logger) : undefined;
  const events = createEventBus();
  const runtime: Runtime = {
    mode: config.mode,
    jwtSecret: config.jwtSecret,
    pinKey: identity?.pinKey ?? config.pinKey,
    production: config.production,
    storeId: identity?.storeId ?? config.storeId,
    logger,
    events,
    // On the ORM's own connection pool, outside request transactions (a failed sign-in rolls its back).
    loginThrottle: new LoginThrottle((sql, params) => orm.em.getConnection().execute(sql, params)),
    sessions: new SessionCache(),
    now: () => new Date(),
  };
  const schema = await buildAppSchema(events);
  const contextFor = createContextFactory(orm, runtime);
  const syncAgent = hq
    ? new StoreAgent(orm, hq, logger, config.syncIntervalMs, runtime, config.syncPushBatch)
    : undefined;
  runtime.sync = syncAgent;
  const syncSocket: SyncSocketServer | undefined =
    config.mode === 'hq' ? await createSyncSocketServer(orm, runtime) : undefined;
  return { logger, orm, adminCreated, identity, runtime, schema, contextFor, syncAgent, syncSocket };
}

/** The store's code: as HQ named it, else (a store id configured) read from the database. */
export async function storeCodeOf(server: ServerRuntime): Promise<string | undefined> {
  const { identity, orm, runtime } = server;
  return (
    identity?.storeCode ??
    (runtime.storeId
      ? (
          await orm.em
            .fork()
            .execute<Array<{ code: string }>>('select code from store where id = ?', [runtime.storeId])
        )[0]?.code
      : undefined)
  );
}
