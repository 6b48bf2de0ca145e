import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { assertAccess } from '../schema/allow.js';
import type { RequestContext } from '../services/core/index.js';
import { databaseUnavailable, isDatabaseUnavailable, AppError } from '../services/core/index.js';
import { compileRoutes, type CompiledRoute } from './compile-routes.js';
import { errorEnvelope, fail, internalError, ok, page, type Page, type Reply } from './envelope.js';
import { assertJsonContentType } from './json-body.js';
import { openApiDocument } from './openapi.js';
import { matchRoute, readRequest, type ReadRequest } from './read-request.js';

export interface RestHandlerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the request context from the Authorization header (one factory for every transport). */
  contextFor(req: IncomingMessage): Promise<RequestContext>;
}

function send(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  res.statusCode = status;
  if (headers) for (const name in headers) res.setHeader(name, headers[name]);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(text);
}

const write = (res: ServerResponse, reply: Reply) =>
  send(res, reply.status, JSON.stringify(reply.body), reply.headers);

/**
 * The REST API: each documented route runs its GraphQL field, wrapped in the envelope. Access is
 * checked before anything is parsed, so an anonymous call is a 401 and a call without the permission
 * a 403 whatever its input.
 *
 * The REST API is generated from the schema: each route runs the operation generated for its root
 * field (compile-routes), and the OpenAPI document is written from those operations (openapi). A
 * generic router (SOFA's, say) would build fetch Request/Response objects and re-parse URL, query and
 * body on every call, several times what the operation itself costs on the till's hot path. Here each
 * route's document is built, validated and compiled once, and a request only runs it with its
 * variables.
 */
export function createRestHandler(opts: RestHandlerOptions) {
  const table = compileRoutes(opts.schema);
  const openApi = openApiDocument(table);

  /** Runs the route's operation: its result, or its first error naming fields as the client does. */
  async function run(route: CompiledRoute, ctx: RequestContext, { variables, nameOf }: ReadRequest) {
    const result = await route.operation.query(undefined, ctx, variables);
    if (!result.errors?.length) {
      const data = result.data?.[route.fieldName];
      return route.paginated ? page(data as Page, route.responseStatus) : ok(data, route.responseStatus);
    }
    const { unexpected, ...envelope } = errorEnvelope(result.errors[0], nameOf);
    if (unexpected) opts.logger.error({ err: result.errors[0] }, 'REST request failed');
    return envelope;
  }

  /** A refusal thrown before the operation ran, or the generic 500 (logged). */
  function refusal(err: unknown): Reply {
    if (err instanceof AppError) return fail(err);
    // (The context reads the session: a database that is down fails a request here already.)
    if (isDatabaseUnavailable(err)) return fail(databaseUnavailable());
    opts.logger.error({ err }, 'REST request failed');
    return internalError();
  }

  /** Serves one request; `path` is the request's path under REST_BASE, without the query. */
  return async function restHandler(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    try {
      if (path === '/openapi.json' && method === 'GET') return send(res, 200, openApi());
      const route = matchRoute(table, method, path);
      if (method !== 'GET') assertJsonContentType(req);
      const ctx = await opts.contextFor(req);
      assertAccess(ctx, route.rule);
      return write(res, await run(route, ctx, await readRequest(route, req, path)));
    } catch (err) {
      // Refused before its body was read (401, 403, 413, ...): close the connection rather than keep
      // reading a body nobody will look at, so that the client does not reuse a half-read connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      return write(res, refusal(err));
    }
  };
}
