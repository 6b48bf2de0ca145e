import 'reflect-metadata';
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Disposable } from 'graphql-ws';
import type { WebSocketServer } from 'ws';
import { isJsonContentType, NOT_JSON_MESSAGE } from '../rest/json-body.js';
import { REST_BASE } from '../rest/routes/index.js';
import type { RequestContext, Runtime } from '../services/core/index.js';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailable,
  isDatabaseUnavailable,
  statusForCode,
} from '../services/core/index.js';
import { firstPullDone } from '../sync/store/first-sync.js';
import type { StoreAgent } from '../sync/store/store-agent.js';
import type { Config } from './config.js';
import { bearerToken } from './context.js';
import { apolloCostLimit, apolloLimits, LIMIT_ERROR_CODES, withoutSuggestions } from './graphql-limits.js';
import { serveGraphqlWs } from './graphql-ws.js';
import { corsFor, mountBrowserPages } from './browser.js';
import { createHttpServer, listen, restServer, routeUpgrades, type ServeRest } from './http.js';
import { errorFallback, notFoundFallback } from './express-fallbacks.js';
import type { Logger } from './logger.js';
import { logRequest } from './request-log.js';
import { buildRuntime, storeCodeOf, type ServerRuntime } from './runtime.js';

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
  // Apollo takes a Map (errorNormalize.js); the declared type is a plain object.
  (unavailable.extensions as Record<string, unknown>).http = {
    status: 503,
    headers: new Map([['retry-after', String(retryAfterOf(unavailable))]]),
  };
  throw unavailable;
}

/**
 * Starts one HQ or store server on a database URL: migrations, bootstrap data, then Express 5 with
 * Apollo at /graphql, graphql-ws on the same path, the REST API at /api/v1, and /health.
 */
export async function startServer(config: Config, databaseUrl: string): Promise<RunningServer> {
  const server = await buildRuntime(config, databaseUrl);
  const { logger, orm, runtime, schema, contextFor, syncAgent } = server;
  const app = createExpressApp();
  const serveRest = restServer(server);
  const httpServer = createHttpServer(config, logger, app, serveRest);
  const wss = routeUpgrades(httpServer, server.syncSocket);
  const introspection = config.graphqlIntrospection;
  const wsServer = serveGraphqlWs(wss, { schema, contextFor, runtime, introspection });
  const apollo = await startApollo(server, { httpServer, wsServer, introspection });
  const storeCode = await storeCodeOf(server);
  mountRoutes(app, { config, server, apollo, serveRest, storeCode });

  const { url, port } = await listen(httpServer, config);
  logger.info({ mode: config.mode, port, ...(storeCode ? { storeCode } : {}) }, 'server listening');
  syncAgent?.start();
  return {
    url,
    port,
    orm,
    runtime,
    adminCreated: server.adminCreated,
    storeCode,
    syncAgent,
    httpServer,
    close: closeOnce(server, wss, apollo),
  };
}

/** Express, without the headers it would add by itself (its name, ETags). */
function createExpressApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  return app;
}

/** Apollo on the server's schema, started: drained with the HTTP server and graphql-ws. */
async function startApollo(
  { schema, logger }: ServerRuntime,
  opts: { httpServer: Server; wsServer: Disposable; introspection: boolean },
): Promise<ApolloServer<RequestContext>> {
  const { httpServer, wsServer, introspection } = opts;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...apolloLimits({ introspection }),
    includeStacktraceInErrorResponses: false,
    // Callers prove who they are with a bearer token, never a cookie, and a browser sends
    // `Authorization` only after a CORS preflight: a request carrying it cannot be a cross-site forgery.
    // So GET queries from urql and other clients' defaults pass; an anonymous GET still needs a
    // non-simple content type or `apollo-require-preflight` (and a mutation is never run over GET).
    csrfPrevention: {
      requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'],
    },
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
  return apollo;
}

/** What Express serves: /health, /graphql, REST the fast path did not take, and the fallbacks. */
function mountRoutes(
  app: Express,
  opts: {
    config: Config;
    server: ServerRuntime;
    apollo: ApolloServer<RequestContext>;
    serveRest: ServeRest;
    storeCode: string | undefined;
  },
): void {
  const { config, server, apollo, serveRest, storeCode } = opts;
  const { logger, orm, runtime, contextFor } = server;
  app.use((req, res, next) => {
    if (req.url !== '/health') logRequest(logger, req, res);
    next();
  });
  // Healthy means able to serve: the database answers too, and a store server holds the whole catalogue
  // (its first full pull done; "syncing" until then). 503 otherwise, for load balancers.
  app.get('/health', async (_req, res) => {
    const identity = {
      mode: config.mode,
      ...(runtime.storeId ? { storeId: runtime.storeId } : {}),
      ...(storeCode ? { storeCode } : {}),
    };
    try {
      await orm.em.getConnection().execute('select 1');
      if (server.syncAgent && !(await firstPullDone(orm))) {
        res.status(503).json({ status: 'syncing', ...identity });
        return;
      }
      res.json({ status: 'ok', ...identity });
    } catch (err) {
      logger.error({ err }, 'health check: database unavailable');
      res.status(503).json({ status: 'unavailable', ...identity });
    }
  });
  const corsHandler = corsFor(config.corsOrigins);
  if (corsHandler) app.use('/graphql', corsHandler);
  mountBrowserPages(app);
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
  // Only spellings of the REST base the HTTP server's fast path does not take (`/API/V1/...`) get here.
  app.use(REST_BASE, (req, res) => serveRest(req, res, req.path));
  app.use(notFoundFallback);
  app.use(errorFallback(logger));
}

/**
 * The server's `close`: the sync agent, the sync socket, graphql-ws's clients, Apollo (which drains the
 * HTTP server and graphql-ws), the ws server, then the database. Called again, the same promise.
 */
function closeOnce(
  { syncAgent, syncSocket, orm, logger }: ServerRuntime,
  wss: WebSocketServer,
  apollo: ApolloServer<RequestContext>,
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
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
  };
}
