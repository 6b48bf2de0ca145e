import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import {
  execute,
  coerceInputValue,
  getNamedType,
  getNullableType,
  isListType,
  GraphQLBoolean,
  isScalarType,
  type DocumentNode,
  type GraphQLArgument,
  type ExecutionArgs,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
} from 'graphql';
import { Response as FetchResponse } from 'fets';
import { createSofaRouter, createSofa } from 'sofa-api';
import type { Logger } from 'pino';
import { accessRegistry, assertAccess, type Access } from '../schema/allow.js';
import { isPageTypeName } from '../schema/page.js';
import type { RequestContext } from '../services/context.js';
import { AppError } from '../services/errors.js';
import { appErrorEnvelope, coercionReason, errorEnvelope, type ErrorEnvelope } from './envelope.js';
import { correctOpenApi } from './openapi.js';
import { ROUTES, type RestRoute } from './routes.js';

export const REST_BASE = '/api/v1';
const MAX_BODY_BYTES = 1_000_000;

interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  fieldName: string;
  args: ReadonlyArray<GraphQLArgument>;
  /** Accepted query parameter name → GraphQL argument name. */
  queryArgs: Map<string, string>;
  /** GraphQL argument name → the name the client uses (for error messages). */
  publicName: Map<string, string>;
  paginated: boolean;
  isPublic: boolean;
}

/** What the REST layer hands to SOFA as its server context. */
interface RestServerContext {
  ctx: RequestContext;
}

/** The parsed JSON body and path parameter names of a REST request, keyed by its context. */
const restInputs = new WeakMap<object, { body?: Record<string, unknown>; pathParams: string[] }>();

export interface RestHandlerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the request context from the Authorization header (one factory for every transport). */
  contextFor(req: ExpressRequest): Promise<RequestContext>;
}

/** An access rule as the route table spells it. */
function describeAccess(access: Access | undefined): string {
  if (!access) return 'undeclared';
  if (access.kind === 'public') return 'public';
  if (access.kind === 'authenticated') return 'signed-in';
  return access.permissions.join(' or ');
}

function compile(schema: GraphQLSchema): CompiledRoute[] {
  return ROUTES.map((route) => {
    const [typeName, fieldName] = route.field.split('.');
    const type = typeName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    const field = type?.getFields()[fieldName];
    if (!field) throw new Error(`REST route ${route.method} ${route.path}: no GraphQL field ${route.field}`);
    const declared = describeAccess(accessRegistry.get(fieldName));
    if (declared !== route.access)
      throw new Error(
        `REST route ${route.method} ${route.path} is documented as ${route.access}, but ${route.field} is ${declared}`,
      );
    const pattern = new RegExp('^' + route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)') + '$');
    const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const publicName = new Map(field.args.map((arg) => [arg.name, arg.name]));
    for (const [name, arg] of Object.entries(route.query ?? {})) {
      if (!publicName.has(arg))
        throw new Error(`REST route ${route.method} ${route.path}: no argument ${arg}`);
      publicName.set(arg, name);
    }
    const queryArgs = new Map(
      field.args
        .filter((arg) => !pathParams.includes(arg.name))
        .map((arg) => [publicName.get(arg.name)!, arg.name]),
    );
    return {
      ...route,
      fieldName,
      args: field.args,
      queryArgs,
      publicName,
      pattern,
      paginated: isPageTypeName(getNamedType(field.type).name),
      isPublic: accessRegistry.get(fieldName)?.kind === 'public',
    };
  });
}

/**
 * SOFA drops `null` body values and coerces leniently (`true` becomes 1 for an Int). This execute puts
 * the JSON body's own values back for the operation's variables, so GraphQL's strict input coercion
 * judges them and an explicit `null` clears a field.
 */
function executeWithBody(args: ExecutionArgs) {
  const input = restInputs.get(args.contextValue as object);
  const body = input?.body;
  if (input && body) {
    const variables: Record<string, unknown> = { ...(args.variableValues ?? {}) };
    const op = (args.document as DocumentNode).definitions[0];
    if (op.kind === Kind.OPERATION_DEFINITION) {
      for (const def of op.variableDefinitions ?? []) {
        const name = def.variable.name.value;
        if (Object.prototype.hasOwnProperty.call(body, name) && !input.pathParams.includes(name)) {
          variables[name] = body[name];
        }
      }
    }
    return execute({ ...args, variableValues: variables });
  }
  return execute(args);
}

const INTEGER = /^-?\d+$/;

/**
 * Renames documented query parameters to their GraphQL arguments (`store_id` → `storeId`) and refuses
 * unknown ones: a misspelt filter must not silently widen a list.
 */
function translateQuery(route: CompiledRoute, query: URLSearchParams): URLSearchParams {
  const translated = new URLSearchParams();
  for (const [name, value] of query) {
    const arg = route.queryArgs.get(name);
    if (arg === undefined)
      throw new AppError('VALIDATION', `${name}: unknown query parameter`, { field: name });
    translated.append(arg, value);
  }
  return translated;
}

/**
 * Checks path and query parameters against their GraphQL argument types before SOFA converts them,
 * so a bad one is a 400 that names it (`id: Value is not a valid UUID`) and `true`/`false` are the only
 * booleans.
 */
function checkParams(route: CompiledRoute, params: Record<string, string>, query: URLSearchParams): void {
  for (const arg of route.args) {
    const name = route.publicName.get(arg.name)!;
    const fail = (reason: string) => new AppError('VALIDATION', `${name}: ${reason}`, { field: name });
    if (query.getAll(arg.name).length > 1 && !isListType(getNullableType(arg.type))) {
      throw fail('given more than once');
    }
    const raw = params[arg.name] ?? query.get(arg.name) ?? undefined;
    if (raw === undefined || raw === '') continue;
    const type = getNamedType(arg.type);
    if (!isScalarType(type)) continue;
    if (type === GraphQLBoolean) {
      if (raw !== 'true' && raw !== 'false') throw fail('must be true or false');
      continue;
    }
    const integer = type.name === 'Int' || type.name === 'SafeInt';
    if (integer && !INTEGER.test(raw)) throw fail('must be an integer');
    try {
      type.parseValue(integer ? Number(raw) : raw);
    } catch (err) {
      throw fail((err as Error).message);
    }
  }
}

/**
 * Checks JSON body values against their GraphQL argument types (strictly: `"12"` is not an integer),
 * before SOFA's lenient conversion, so a bad value is a 400 naming its field. A field the route does
 * not take is refused too: a misspelt field must not be silently ignored.
 */
function checkBody(route: CompiledRoute, body: Record<string, unknown>): void {
  const unknown = Object.keys(body).find((key) => !route.args.some((arg) => arg.name === key));
  if (unknown !== undefined)
    throw new AppError('VALIDATION', `${unknown}: unknown field`, { field: unknown });
  for (const arg of route.args) {
    if (!Object.prototype.hasOwnProperty.call(body, arg.name)) continue;
    coerceInputValue(body[arg.name], arg.type, (path, _value, error) => {
      const { field, reason } = coercionProblem([arg.name, ...path], error.message);
      throw new AppError('VALIDATION', `${field}: ${reason}`, { field });
    });
  }
}

/**
 * The field and reason of a body coercion error. For a missing or unknown field of an input object
 * (`rates: [{taxRateId}]`), GraphQL names that field only in its message: it goes into the path, so the
 * answer names `rates.0.sortOrder` rather than `rates.0`.
 */
function coercionProblem(path: ReadonlyArray<string | number>, message: string) {
  const missing = /^Field "(\w+)" of required type "[^"]+" was not provided\.$/.exec(message);
  if (missing) return { field: [...path, missing[1]].join('.'), reason: 'is required' };
  const unknown = /^Field "(\w+)" is not defined by type "[^"]+"\./.exec(message);
  if (unknown) return { field: [...path, unknown[1]].join('.'), reason: 'unknown field' };
  return { field: path.join('.'), reason: coercionReason(message) };
}

/**
 * Names the argument an error is about the way the REST client spelt it (`storeId` → `store_id`):
 * services and validation only know the GraphQL argument names.
 */
function publicError(route: CompiledRoute, payload: string): string {
  if (!route.query) return payload;
  const body = JSON.parse(payload) as { error?: unknown; field?: unknown };
  const field = typeof body.field === 'string' ? body.field : undefined;
  const name = field && route.publicName.get(field);
  if (!field || !name || name === field) return payload;
  const error =
    typeof body.error === 'string' && body.error.startsWith(`${field}: `)
      ? `${name}${body.error.slice(field.length)}`
      : body.error;
  return JSON.stringify({ ...body, error, field: name });
}

const noRoute = (method: string, path: string) =>
  new AppError('NOT_FOUND', `No route ${method} ${REST_BASE}${path}`);

/**
 * The documented route for a request, or NOT_FOUND / METHOD_NOT_ALLOWED (with `Allow`). Paths with dot
 * segments (also percent-encoded) name no resource: on the way to SOFA they would be collapsed into
 * another route than the one whose access was checked.
 */
function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
  res: ExpressResponse,
): CompiledRoute {
  const segments = path.split('/');
  if (!segments.every(decodable)) throw new AppError('VALIDATION', 'The path has malformed percent-encoding');
  if (segments.some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) throw noRoute(method, path);
  const candidates = routes.filter((r) => r.pattern.test(path));
  const route = candidates.find((r) => r.method === method);
  if (route) return route;
  if (candidates.length === 0) throw noRoute(method, path);
  res.set('Allow', candidates.map((r) => r.method).join(', '));
  throw new AppError('METHOD_NOT_ALLOWED', `Method ${method} not allowed`);
}

function decodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function send(
  res: ExpressResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res
    .status(status)
    .set({ ...headers, 'Content-Type': 'application/json; charset=utf-8' })
    .send(body);
}

function sendError(res: ExpressResponse, envelope: ErrorEnvelope): void {
  send(res, envelope.status, JSON.stringify(envelope.body), envelope.headers);
}

async function readBody(req: ExpressRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The REST API: each documented route runs its GraphQL field through SOFA, wrapped in the envelope
 * `{success, data}` (+ `total, page, pageSize` for pages) or `{success: false, error}`.
 * Authentication and permissions are checked before SOFA parses anything, so an anonymous call is a
 * 401 and a call without the permission a 403 whatever its input.
 */
export function createRestHandler(opts: RestHandlerOptions) {
  const routes = compile(opts.schema);
  const sofaRoutes = Object.fromEntries(
    routes.map((r) => [r.field, { method: r.method, path: r.path, responseStatus: r.status ?? 200 }]),
  );
  const sofa = createSofaRouter(
    createSofa({
      basePath: REST_BASE,
      schema: opts.schema,
      routes: sofaRoutes,
      execute: executeWithBody as typeof execute,
      context: ({ ctx }: RestServerContext) => ctx,
      errorHandler: (errors: ReadonlyArray<GraphQLError | Error>) => {
        const envelope = errorEnvelope(errors[0]);
        if (envelope.unexpected) opts.logger.error({ err: errors[0] }, 'REST request failed');
        return FetchResponse.json(envelope.body, {
          status: envelope.status as 400,
          headers: { ...envelope.headers, 'Content-Type': 'application/json; charset=utf-8' },
        });
      },
      openAPI: { info: { title: 'POS platform REST API', version: '1.0.0' } },
    }),
  );
  let openApiDocument: string | undefined;

  return async function restHandler(req: ExpressRequest, res: ExpressResponse): Promise<void> {
    const path = req.path;
    try {
      if (path === '/openapi.json' && req.method === 'GET') {
        openApiDocument ??= JSON.stringify(
          correctOpenApi(
            await (await sofa.fetch(new Request(`http://local${REST_BASE}/openapi.json`))).json(),
            routes,
            REST_BASE,
          ),
        );
        return send(res, 200, openApiDocument);
      }
      const route = matchRoute(routes, req.method, path, res);
      const ctx = await opts.contextFor(req);
      assertAccess(ctx, accessRegistry.get(route.fieldName));

      const params = route.pattern.exec(path)?.groups ?? {};
      const query = translateQuery(route, new URLSearchParams(req.url.split('?')[1] ?? ''));
      checkParams(route, params, query);
      const text = req.method === 'GET' ? '' : await readBody(req);
      const input: { body?: Record<string, unknown>; pathParams: string[] } = {
        pathParams: Object.keys(params),
      };
      restInputs.set(ctx, input);
      if (text.trim()) {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new AppError('VALIDATION', 'Request body is not valid JSON');
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new AppError('VALIDATION', 'Request body must be a JSON object');
        }
        input.body = body as Record<string, unknown>;
        checkBody(route, input.body);
      }

      const search = query.size ? `?${query}` : '';
      const url = `http://local${REST_BASE}${req.url.split('?')[0]}${search}`;
      // The URL parser turns `\` into `/` and collapses dot segments: SOFA must see the very path whose
      // route and access were checked, or nothing.
      if (new URL(url).pathname !== `${REST_BASE}${path}`) throw noRoute(req.method, path);
      const response = await sofa.fetch(
        new Request(url, {
          method: req.method,
          headers: { 'content-type': 'application/json' },
          body: text || undefined,
        }),
        { ctx } satisfies RestServerContext,
      );
      // SOFA answers `undefined` when its router matches nothing; ours matched, so this is a mismatch
      // between the two tables: say "no route" rather than fail.
      if (!response) throw noRoute(req.method, path);
      const payload = await response.text();
      if (response.status >= 400) {
        return send(
          res,
          response.status,
          publicError(route, payload),
          Object.fromEntries([...response.headers].filter(([k]) => k === 'retry-after')),
        );
      }
      if (route.paginated) {
        const page = JSON.parse(payload) as {
          items: unknown[];
          total: number;
          page: number;
          pageSize: number;
        };
        return send(
          res,
          response.status,
          JSON.stringify({
            success: true,
            data: page.items,
            total: page.total,
            page: page.page,
            pageSize: page.pageSize,
          }),
        );
      }
      return send(res, response.status, `{"success":true,"data":${payload || 'null'}}`);
    } catch (err) {
      // Refused before its body was read (401, 403, 413, ...): close the connection rather than keep
      // reading a body nobody will look at, so that the client does not reuse a half-read connection.
      if (!req.complete) res.set('Connection', 'close');
      if (err instanceof AppError) return sendError(res, appErrorEnvelope(err));
      opts.logger.error({ err }, 'REST request failed');
      return send(
        res,
        500,
        JSON.stringify({ success: false, error: 'Internal server error', code: 'INTERNAL' }),
      );
    }
  };
}
