import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { WebSocketServer } from 'ws';
import { createRestHandler } from '../rest/handler.js';
import { isJsonContentType, NOT_JSON_MESSAGE } from '../rest/json-body.js';
import { REST_BASE } from '../rest/routes/index.js';
import { buildAppSchema } from './schema.js';
import { LoginThrottle, SessionCache } from '../services/auth/index.js';
import { bootstrap } from '../services/people/index.js';
import type { Runtime } from '../services/core/index.js';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  isDatabaseUnavailable,
  statusForCode,
} from '../services/core/index.js';
import { createEventBus } from '../services/events/index.js';
import { HqClient } from '../sync/store/hq-client.js';
import { createSyncSocketServer, type SyncSocketServer } from '../sync/hq/notifier.js';
import { identifyStore, StoreAgent } from '../sync/store/store-agent.js';
import type { Config } from './config.js';
import { bearerToken, createContextFactory } from './context.js';
import { openDatabase } from '../db/database.js';
import {
  apolloCostLimit,
  apolloLimits,
  GRAPHQL_LIMITS,
  LIMIT_ERROR_CODES,
  withoutSuggestions,
} from './graphql-limits.js';
import { serveGraphqlWs } from './graphql-ws.js';
import { httpServerOptions, limitConnectionsPerAddress } from './http-limits.js';
import { errorFallback, notFoundFallback } from './express-fallbacks.js';
import { createLogger, type Logger } from './logger.js';
import { logRequest } from './request-log.js';

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  orm: MikroORM;
  runtime: Runtime;
  /** True when this start created the admin user (its PIN should be shown once). */
  adminCreated: boolean;
  /** Store mode: the store's code, as HQ named it. */
  storeCode?: string;
  /** Store mode with HQ_URL: what pulls and pushes. */
  syncAgent?: StoreAgent;
  /** The HTTP server (its limits are config.http's). */
  httpServer: Server;
  close(): Promise<void>;
}

const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Keeps expected errors as they are and hides everything else behind a generic message. Without
 * introspection, "Did you mean" hints go too (graphql-js adds them to input coercion errors as well).
 */
function formatGraphQLError(logger: Logger, opts: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isDatabaseUnavailable(error)) {
      const unavailable = databaseUnavailable();
      return { message: unavailable.message, path: formatted.path, extensions: unavailable.extensions };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      (statusForCode(code) !== 500 || APOLLO_CODES.has(code) || LIMIT_ERROR_CODES.has(code))
    ) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      const message = opts.hideSuggestions ? withoutSuggestions(formatted.message) : formatted.message;
      return { ...formatted, message, extensions };
    }
    logger.error({ err: error }, 'GraphQL request failed');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}

/** Retry-After of an UNAVAILABLE error (its own, else the database's). */
function retryAfterOf(error: { extensions?: Record<string, unknown> }): number {
  const given = error.extensions?.retryAfter;
  return typeof given === 'number' ? given : DATABASE_RETRY_AFTER_SECONDS;
}

/**
 * GraphQL answers 503 with `Retry-After` too while something it needs (the database, HQ) cannot be
 * reached, like REST (Apollo would answer 200 with the error, or 500 when the context failed).
 */
const unavailableAs503: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, response }) {
        const unavailable = errors.find(
          (e) => e.extensions?.code === 'UNAVAILABLE' || isDatabaseUnavailable(e),
        );
        if (!unavailable) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(retryAfterOf(unavailable)));
      },
    };
  },
};

/** A context that could not be built because the database is down: 503 (Apollo reads `http`). */
function unavailableContext(err: unknown): never {
  if (!isDatabaseUnavailable(err)) throw err;
  const unavailable = databaseUnavailable();
  // Apollo takes a Map (errorNormalize.js); the declared type is sofa-api's augmentation of GraphQL's.
  (unavailable.extensions as Record<string, unknown>).http = {
    status: 503,
    headers: new Map([['retry-after', String(retryAfterOf(unavailable))]]),
  };
  throw unavailable;
}

/**
 * Starts one HQ or store server on a database URL: migrations, bootstrap data, then Express 5 with
 * Apollo at /graphql, graphql-ws on the same path, the SOFA REST API at /api/v1, and /health.
 */
export async function startServer(config: Config, databaseUrl: string): Promise<RunningServer> {
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

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const rest = createRestHandler({
    schema,
    logger,
    contextFor: (req) =>
      contextFor({ token: bearerToken(req.headers.authorization), clientIp: req.socket.remoteAddress ?? '' }),
  });
  const serveRest = (req: IncomingMessage, res: ServerResponse, path: string) =>
    rest(req, res, path).catch((err: unknown) => {
      logger.error({ err }, 'REST request failed');
      res.destroy();
    });
  // The REST API is the tills' hot path: it does not go through Express (router, request and response
  // decorations), only through the REST handler. Everything else (GraphQL, /health, 404s) is Express's.
  const httpServer: Server = createServer(httpServerOptions(config.http), (req, res) => {
    // Every answer (REST, GraphQL, /health, 404s): never sniffed into another type than it declares,
    // never kept by a cache (they carry tokens and shop data).
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    const url = req.url ?? '';
    if (url.startsWith(`${REST_BASE}/`)) {
      logRequest(logger, req, res);
      void serveRest(req, res, url.slice(REST_BASE.length).split('?')[0]);
    } else {
      void app(req, res);
    }
  });

  limitConnectionsPerAddress(httpServer, config.http.maxConnectionsPerAddress);

  // graphql-ws shares /graphql; the token travels in connectionParams (browsers cannot set headers).
  // Each message is buffered and parsed whole before the caller is known: hence its size limit.
  const wss = new WebSocketServer({ noServer: true, maxPayload: GRAPHQL_LIMITS.wsMaxPayloadBytes });
  httpServer.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    if (pathname === '/graphql') {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } else if (pathname === `${REST_BASE}/sync/ws` && syncSocket) {
      syncSocket.handleUpgrade(req, socket, head);
    } else {
      socket.destroy();
    }
  });
  const introspection = config.graphqlIntrospection;
  const wsServer = serveGraphqlWs(wss, { schema, contextFor, runtime, introspection });

  const apollo = new ApolloServer({
    schema,
    ...apolloLimits({ introspection }),
    includeStacktraceInErrorResponses: false,
    // The process's shutdown is main.ts's (stopOnSignals: servers, then PostgreSQL). Apollo's own handler
    // would stop Apollo alone and then kill the process with the signal, PostgreSQL still running.
    stopOnTerminationSignals: false,
    formatError: formatGraphQLError(logger, { hideSuggestions: !introspection }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      apolloCostLimit(),
      unavailableAs503,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsServer.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const storeCode =
    identity?.storeCode ??
    (runtime.storeId
      ? (
          await orm.em
            .fork()
            .execute<Array<{ code: string }>>('select code from store where id = ?', [runtime.storeId])
        )[0]?.code
      : undefined);
  app.use((req, res, next) => {
    if (req.url !== '/health') logRequest(logger, req, res);
    next();
  });
  // Healthy means able to serve: the database answers too (503 otherwise, for load balancers).
  app.get('/health', async (_req, res) => {
    const identity = {
      mode: config.mode,
      ...(runtime.storeId ? { storeId: runtime.storeId } : {}),
      ...(storeCode ? { storeCode } : {}),
    };
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ok', ...identity });
    } catch (err) {
      logger.error({ err }, 'health check: database unavailable');
      res.status(503).json({ status: 'unavailable', ...identity });
    }
  });
  // POSTs must say JSON (415 otherwise), as on REST: a page in a shop's browser can POST text/plain or a
  // form anywhere without a preflight. (Apollo's CSRF prevention refuses those too, but as a 400.)
  app.post('/graphql', (req, res, next) => {
    if (isJsonContentType(req.headers['content-type'])) return next();
    res.status(415).json({
      errors: [{ message: NOT_JSON_MESSAGE, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }],
    });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb', type: (req) => isJsonContentType(req.headers['content-type']) }),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        contextFor({ token: bearerToken(req.headers.authorization), clientIp: req.ip ?? '' }).catch(
          unavailableContext,
        ),
    }),
  );
  // Only spellings of the REST base the fast path above does not take (`/API/V1/...`) get here.
  app.use(REST_BASE, (req, res) => serveRest(req, res, req.path));
  app.use(notFoundFallback);
  app.use(errorFallback(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logger.info({ mode: config.mode, port, ...(storeCode ? { storeCode } : {}) }, 'server listening');
  syncAgent?.start();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    orm,
    runtime,
    adminCreated,
    storeCode,
    syncAgent,
    httpServer,
    close() {
      closing ??= (async () => {
        await syncAgent?.stop();
        await syncSocket?.close();
        for (const client of wss.clients) client.terminate();
        await apollo.stop();
        wss.close();
        await orm.close(true);
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}
