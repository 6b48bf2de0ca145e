import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  coerceInputValue,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  GraphQLBoolean,
  isScalarType,
  Kind,
  OperationTypeNode,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { buildOperationNodeForField } from '@graphql-tools/utils';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { createSofaRouter, createSofa } from 'sofa-api';
import type { Logger } from 'pino';
import { accessRegistry, assertAccess, type Access } from '../schema/allow.js';
import { isPageTypeName } from '../schema/page.js';
import type { RequestContext } from '../services/core/index.js';
import { databaseUnavailable, isDatabaseUnavailable, AppError } from '../services/core/index.js';
import { appErrorEnvelope, coercionReason, errorEnvelope, type ErrorEnvelope } from './envelope.js';
import { correctOpenApi } from './openapi.js';
import { ROUTES, type RestRoute } from './routes.js';

export const REST_BASE = '/api/v1';

type Sofa = ReturnType<typeof createSofa>;
const MAX_BODY_BYTES = 1_000_000;

/** One variable of a route's operation: a root field argument, given in the path, the query or the body. */
interface RouteVariable {
  name: string;
  type: GraphQLInputType;
  inPath: boolean;
  isList: boolean;
}

interface CompiledRoute extends RestRoute {
  pattern: RegExp;
  fieldName: string;
  args: ReadonlyArray<GraphQLArgument>;
  rule: Access | undefined;
  /** Accepted query parameter name → GraphQL argument name. */
  queryArgs: Map<string, string>;
  /** GraphQL argument name → the name the client uses (for error messages). */
  publicName: Map<string, string>;
  paginated: boolean;
  isPublic: boolean;
  /** The GraphQL operation SOFA generates for this field, built, validated and compiled once at start. */
  operation: CompiledQuery;
  variables: RouteVariable[];
  responseStatus: number;
}

export interface RestHandlerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  /** Builds the request context from the Authorization header (one factory for every transport). */
  contextFor(req: IncomingMessage): Promise<RequestContext>;
}

/** An access rule as the route table spells it. */
function describeAccess(access: Access | undefined): string {
  if (!access) return 'undeclared';
  if (access.kind === 'public') return 'public';
  if (access.kind === 'authenticated') return 'signed-in';
  if (access.kind === 'sync') return 'sync-token';
  return access.permissions.join(' or ');
}

/**
 * SOFA's operation for a root field (every argument a variable, the selection SOFA's models and depth
 * limit give), so that a route answers exactly what SOFA would: the same generator, the same settings.
 * Compiled with graphql-jit into a function that executes it (graphql-js interprets the document on
 * every call, a third of what a barcode look-up costs in CPU besides the query and HTTP).
 */
function operationFor(sofa: Sofa, kind: OperationTypeNode, fieldName: string) {
  const operation = buildOperationNodeForField({
    kind,
    schema: sofa.schema,
    field: fieldName,
    models: sofa.models,
    ignore: sofa.ignore,
    circularReferenceDepth: sofa.depthLimit,
  });
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
  const errors = validate(sofa.schema, document);
  if (errors.length) throw new Error(`REST operation for ${fieldName} is invalid: ${errors[0].message}`);
  const compiled = compileQuery(sofa.schema, document);
  if (!isCompiledQuery(compiled))
    throw new Error(`REST operation for ${fieldName} does not compile: ${compiled.errors?.[0]?.message}`);
  return { document, compiled };
}

function compile(sofa: Sofa): CompiledRoute[] {
  const schema = sofa.schema;
  return ROUTES.map((route) => {
    const [typeName, fieldName] = route.field.split('.');
    const type = typeName === 'Query' ? schema.getQueryType() : schema.getMutationType();
    const field = type?.getFields()[fieldName];
    if (!field) throw new Error(`REST route ${route.method} ${route.path}: no GraphQL field ${route.field}`);
    const rule = accessRegistry.get(fieldName);
    const declared = describeAccess(rule);
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
    const { document, compiled } = operationFor(
      sofa,
      typeName === 'Query' ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION,
      fieldName,
    );
    const definition = document.definitions[0];
    const variables = (
      definition.kind === Kind.OPERATION_DEFINITION ? definition.variableDefinitions : []
    )!.map((def) => {
      const type = typeFromAST(schema, def.type) as GraphQLInputType;
      const name = def.variable.name.value;
      return { name, type, inPath: pathParams.includes(name), isList: isListType(getNullableType(type)) };
    });
    return {
      ...route,
      fieldName,
      args: field.args,
      rule,
      queryArgs,
      publicName,
      pattern,
      paginated: isPageTypeName(getNamedType(field.type).name),
      isPublic: rule?.kind === 'public',
      operation: compiled,
      variables,
      responseStatus: route.status ?? 200,
    };
  });
}

const INTEGER = /^-?\d+$/;

/**
 * Renames documented query parameters to their GraphQL arguments (`store_id` → `storeId`) and refuses
 * unknown ones: a misspelt filter must not silently widen a list.
 */
function translateQuery(route: CompiledRoute, search: string | undefined): URLSearchParams {
  const translated = new URLSearchParams();
  if (!search) return translated;
  for (const [name, value] of new URLSearchParams(search)) {
    const arg = route.queryArgs.get(name);
    if (arg === undefined)
      throw new AppError('VALIDATION', `${name}: unknown query parameter`, { field: name });
    translated.append(arg, value);
  }
  return translated;
}

/**
 * Checks path and query parameters against their GraphQL argument types before they are converted,
 * so a bad one is a 400 that names it (`id: Value is not a valid UUID`) and `true`/`false` are the only
 * booleans.
 */
function checkParams(route: CompiledRoute, params: Record<string, string>, query: URLSearchParams): void {
  for (const arg of route.args) {
    const name = route.publicName.get(arg.name)!;
    const fail = (reason: string) => new AppError('VALIDATION', `${name}: ${reason}`, { field: name });
    if (query.size && query.getAll(arg.name).length > 1 && !isListType(getNullableType(arg.type))) {
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
 * so a bad value is a 400 naming its field. A field the route does not take is refused too: a misspelt
 * field must not be silently ignored.
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
 * A path or query parameter as a variable value, converted the way SOFA converts them (`true` is the
 * only true boolean, scalars through their serializer, input objects as JSON); GraphQL's own coercion
 * of the variables then judges the result.
 */
function fromText(value: string | string[], type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return fromText(value, type.ofType);
  if (isListType(type)) {
    return (Array.isArray(value) ? value : [value]).map((item) => fromText(item, type.ofType));
  }
  if (isScalarType(type)) {
    if (type === GraphQLBoolean) return value === 'true';
    return type.serialize(value);
  }
  if (isInputObjectType(type)) return JSON.parse(value as string) as unknown;
  if (isEnumType(type)) return value;
  return value;
}

/**
 * The operation's variables, picked as SOFA picks them: a path parameter, else the JSON body's own value
 * (an explicit `null` clears a field; GraphQL's strict input coercion judges the value, where SOFA's own
 * conversion would drop `null` and turn `true` into 1 for an Int), else a non-empty query parameter.
 */
function variablesFor(
  route: CompiledRoute,
  params: Record<string, string>,
  query: URLSearchParams,
  body: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const variable of route.variables) {
    const { name } = variable;
    try {
      if (variable.inPath) {
        variables[name] = fromText(decodeURIComponent(params[name]), variable.type);
      } else if (body && Object.prototype.hasOwnProperty.call(body, name)) {
        variables[name] = body[name];
      } else if (query.size) {
        const given = variable.isList ? query.getAll(name) : query.get(name);
        const present = Array.isArray(given)
          ? given.length > 1 || (given.length === 1 && given[0] !== '')
          : given;
        if (present) variables[name] = fromText(given!, variable.type);
      }
    } catch (err) {
      throw new AppError('VALIDATION', (err as Error).message || String(err));
    }
  }
  return variables;
}

/**
 * Names the argument an error is about the way the REST client spelt it (`storeId` → `store_id`):
 * services and validation only know the GraphQL argument names.
 */
function publicError(route: CompiledRoute, body: ErrorEnvelope['body']): ErrorEnvelope['body'] {
  if (!route.query) return body;
  const field = body.field;
  const name = field && route.publicName.get(field);
  if (!field || !name || name === field) return body;
  const error = body.error.startsWith(`${field}: `) ? `${name}${body.error.slice(field.length)}` : body.error;
  return { ...body, error, field: name };
}

/** A `.` or `..` segment, also percent-encoded. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

const noRoute = (method: string, path: string) =>
  new AppError('NOT_FOUND', `No route ${method} ${REST_BASE}${path}`);

/**
 * The documented route for a request, or NOT_FOUND / METHOD_NOT_ALLOWED (with `Allow`). Paths with dot
 * segments (also percent-encoded) name no resource: a URL parser would collapse them into another route
 * than the one whose access is checked.
 */
function matchRoute(
  routes: Map<string, CompiledRoute[]>,
  all: CompiledRoute[],
  method: string,
  path: string,
  res: ServerResponse,
): CompiledRoute {
  if (path.includes('%') && !path.split('/').every(decodable))
    throw new AppError('VALIDATION', 'The path has malformed percent-encoding');
  if (DOT_SEGMENT.test(path)) throw noRoute(method, path);
  const route = routes.get(method)?.find((r) => r.pattern.test(path));
  if (route) return route;
  const candidates = all.filter((r) => r.pattern.test(path));
  if (candidates.length === 0) throw noRoute(method, path);
  res.setHeader('Allow', candidates.map((r) => r.method).join(', '));
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

/**
 * Characters a URL parser rewrites in a path (`\` becomes `/`, others are percent-encoded). A path
 * holding one names no resource either: to a proxy or client that normalises URLs it is another path
 * than the one whose route and access were checked. (Control characters and spaces never get here:
 * Node's HTTP parser refuses them.)
 */
const REWRITTEN_BY_URL_PARSERS = /[\\"<>`{}\u007f-\uffff]/;

function rewrittenByUrlParsers(path: string): boolean {
  return (
    REWRITTEN_BY_URL_PARSERS.test(path) &&
    new URL(`http://local${REST_BASE}${path}`).pathname !== REST_BASE + path
  );
}

function send(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  res.statusCode = status;
  if (headers) for (const name in headers) res.setHeader(name, headers[name]);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(body);
}

function sendError(res: ServerResponse, envelope: ErrorEnvelope): void {
  send(res, envelope.status, JSON.stringify(envelope.body), envelope.headers);
}

/** `application/json`, or a structured `+json` type (`application/merge-patch+json`); parameters aside. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.!#$&^-]+\+)?json$/i;

/** Whether a Content-Type header says JSON. */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && JSON_MEDIA_TYPE.test(header.split(';')[0].trim());
}

/** The refusal of a body that is not JSON (415), over REST and GraphQL alike. */
export const NOT_JSON_MESSAGE = 'Request body must be JSON, sent as Content-Type: application/json';

const notJson = () => new AppError('UNSUPPORTED_MEDIA_TYPE', NOT_JSON_MESSAGE);

/**
 * Refuses (415) a request whose Content-Type is not JSON, before anything runs. A browser sends text/plain,
 * form and multipart bodies to any origin without a CORS preflight: were they read as JSON, any web page
 * open in a shop's browser could sign in, guess PINs or spend sign-in budgets. (A body without any
 * Content-Type, which a page can send too, is refused once read: only an empty one is accepted.)
 */
function assertJsonContentType(req: IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type !== undefined && !isJsonContentType(type)) throw notJson();
}

async function readBody(req: IncomingMessage): Promise<string> {
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
 * The REST API: each documented route runs its GraphQL field, wrapped in the envelope
 * `{success, data}` (+ `total, page, pageSize` for pages) or `{success: false, error}`.
 * Authentication and permissions are checked before anything is parsed, so an anonymous call is a
 * 401 and a call without the permission a 403 whatever its input.
 *
 * SOFA generates the REST API from the schema: its operation generator gives each route the GraphQL
 * document SOFA would run, and its router serves the OpenAPI document. Requests do not go through
 * SOFA's router, though: it would build fetch Request/Response objects and re-parse URL, query and
 * body on every call, several times what the operation itself costs on the till's hot path. Here each
 * route's document is built, validated and compiled once, and a request only runs it with its
 * variables.
 */
export function createRestHandler(opts: RestHandlerOptions) {
  const sofaRoutes = Object.fromEntries(
    ROUTES.map((r) => [r.field, { method: r.method, path: r.path, responseStatus: r.status ?? 200 }]),
  );
  const sofa = createSofa({
    basePath: REST_BASE,
    schema: opts.schema,
    routes: sofaRoutes,
    openAPI: { info: { title: 'POS platform REST API', version: '1.0.0' } },
  });
  const routes = compile(sofa);
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of routes) byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), route]);
  let openApiDocument: string | undefined;

  async function openApi(): Promise<string> {
    // SOFA's router is only needed for this document: built on first request, then dropped.
    openApiDocument ??= JSON.stringify(
      correctOpenApi(
        await (
          await createSofaRouter(sofa).fetch(new Request(`http://local${REST_BASE}/openapi.json`))
        ).json(),
        routes,
        REST_BASE,
      ),
    );
    return openApiDocument;
  }

  /** Serves one request; `path` is the request's path under REST_BASE, without the query. */
  return async function restHandler(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    try {
      if (path === '/openapi.json' && method === 'GET') return send(res, 200, await openApi());
      const route = matchRoute(byMethod, routes, method, path, res);
      if (method !== 'GET') assertJsonContentType(req);
      const ctx = await opts.contextFor(req);
      assertAccess(ctx, route.rule);

      const params = route.pattern.exec(path)?.groups ?? {};
      const query = translateQuery(route, (req.url ?? '').split('?')[1]);
      checkParams(route, params, query);
      const text = method === 'GET' ? '' : await readBody(req);
      let body: Record<string, unknown> | undefined;
      if (text) {
        if (req.headers['content-type'] === undefined) throw notJson();
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new AppError('VALIDATION', 'Request body is not valid JSON');
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw new AppError('VALIDATION', 'Request body must be a JSON object');
        }
        body = parsed as Record<string, unknown>;
        checkBody(route, body);
      }
      if (rewrittenByUrlParsers(path)) throw noRoute(method, path);

      const result = await route.operation.query(undefined, ctx, variablesFor(route, params, query, body));
      if (result.errors?.length) {
        const envelope = errorEnvelope(result.errors[0]);
        if (envelope.unexpected) opts.logger.error({ err: result.errors[0] }, 'REST request failed');
        return send(
          res,
          envelope.status,
          JSON.stringify(publicError(route, envelope.body)),
          envelope.headers,
        );
      }
      const data = result.data?.[route.fieldName];
      if (route.paginated) {
        const page = data as { items: unknown[]; total: number; page: number; pageSize: number };
        return send(
          res,
          route.responseStatus,
          JSON.stringify({
            success: true,
            data: page.items,
            total: page.total,
            page: page.page,
            pageSize: page.pageSize,
          }),
        );
      }
      return send(res, route.responseStatus, `{"success":true,"data":${JSON.stringify(data) ?? 'null'}}`);
    } catch (err) {
      // Refused before its body was read (401, 403, 413, ...): close the connection rather than keep
      // reading a body nobody will look at, so that the client does not reuse a half-read connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      if (err instanceof AppError) return sendError(res, appErrorEnvelope(err));
      // (The context reads the session: a database that is down fails a request here already.)
      if (isDatabaseUnavailable(err)) return sendError(res, appErrorEnvelope(databaseUnavailable()));
      opts.logger.error({ err }, 'REST request failed');
      return send(
        res,
        500,
        JSON.stringify({ success: false, error: 'Internal server error', code: 'INTERNAL' }),
      );
    }
  };
}
