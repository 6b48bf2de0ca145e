import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { WebSocketServer } from 'ws';
import { createRestHandler } from '../rest/handler.js';
import { REST_BASE } from '../rest/routes/index.js';
import type { SyncSocketServer } from '../sync/hq/notifier.js';
import { corsFor } from './browser.js';
import type { Config } from './config.js';
import { bearerToken } from './context.js';
import { GRAPHQL_LIMITS } from './graphql-limits.js';
import { httpServerOptions, limitConnectionsPerAddress } from './http-limits.js';
import type { Logger } from './logger.js';
import { logRequest } from './request-log.js';
import type { ServerRuntime } from './runtime.js';

/** Answers one REST request, `path` under the REST base. */
export type ServeRest = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

/** The REST handler on the server's schema; a request it failed without answering loses its socket. */
export function restServer({ schema, logger, contextFor }: ServerRuntime): ServeRest {
  const rest = createRestHandler({
    schema,
    logger,
    contextFor: (req) =>
      contextFor({ token: bearerToken(req.headers.authorization), clientIp: req.socket.remoteAddress ?? '' }),
  });
  return (req, res, path) =>
    rest(req, res, path).catch((err: unknown) => {
      logger.error({ err }, 'REST request failed');
      res.destroy();
    });
}

/**
 * The HTTP server, held to `config.http`'s limits. The REST API is the tills' hot path: it does not go
 * through Express (router, request and response decorations), only through the REST handler.
 * Everything else (GraphQL, /health, 404s) is Express's.
 */
export function createHttpServer(config: Config, logger: Logger, app: Express, serveRest: ServeRest): Server {
  const corsHandler = corsFor(config.corsOrigins);
  const httpServer: Server = createServer(httpServerOptions(config.http), (req, res) => {
    // Every answer (REST, GraphQL, /health, 404s): never sniffed into another type than it declares,
    // never kept by a cache (they carry tokens and shop data).
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    const url = req.url ?? '';
    if (url.startsWith(`${REST_BASE}/`)) {
      logRequest(logger, req, res);
      const path = url.slice(REST_BASE.length).split('?')[0];
      // CORS first: it answers a preflight itself, and adds its headers to the REST answer.
      if (corsHandler) corsHandler(req, res, () => void serveRest(req, res, path));
      else void serveRest(req, res, path);
    } else {
      void app(req, res);
    }
  });
  limitConnectionsPerAddress(httpServer, config.http.maxConnectionsPerAddress);
  return httpServer;
}

/**
 * Routes WebSocket upgrades: /graphql to the returned ws server (graphql-ws's), the sync hint socket
 * to HQ's `syncSocket`; any other path loses its socket.
 */
export function routeUpgrades(httpServer: Server, syncSocket: SyncSocketServer | undefined): WebSocketServer {
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
  return wss;
}

/** Listens on `config.port` and `config.host`: the port taken and a URL a local client can use. */
export async function listen(httpServer: Server, config: Config): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${config.port} on ${config.host} is already in use: set ${config.portSetting} to a free port`,
            )
          : err,
      ),
    );
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { url: `http://${host}:${port}`, port };
}
