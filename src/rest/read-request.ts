import type { IncomingMessage } from 'node:http';
import {
  coerceInputValue,
  getNamedType,
  getNullableType,
  GraphQLBoolean,
  isListType,
  isScalarType,
} from 'graphql';
import { AppError } from '../services/core/index.js';
import type { CompiledRoute, RouteTable } from './compile-routes.js';
import { inputProblem } from './graphql-messages.js';
import { readJsonBody } from './json-body.js';
import { REST_BASE } from './routes/index.js';
import { variablesFor } from './variables.js';

/**
 * A request's route and its input, read and checked: the path's safety and route, then (once access
 * is granted) the query, path and body parameters, turned into the operation's variables. Every bad
 * input is a 400 naming the parameter as the client spelt it.
 */

/** A `.` or `..` segment, also percent-encoded. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * Characters a URL parser rewrites in a path (`\` becomes `/`, others are percent-encoded). A path
 * holding one names no resource either: to a proxy or client that normalises URLs it is another path
 * than the one whose route and access were checked. (Control characters and spaces never get here:
 * Node's HTTP parser refuses them.)
 */
const REWRITTEN_BY_URL_PARSERS = /[\\"<>`{}\u007f-\uffff]/;

const INTEGER = /^-?\d+$/;

const noRoute = (method: string, path: string) =>
  new AppError('NOT_FOUND', `No route ${method} ${REST_BASE}${path}`);

function decodable(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function rewrittenByUrlParsers(path: string): boolean {
  return (
    REWRITTEN_BY_URL_PARSERS.test(path) &&
    new URL(`http://local${REST_BASE}${path}`).pathname !== REST_BASE + path
  );
}

/**
 * The documented route for a request, or NOT_FOUND / METHOD_NOT_ALLOWED (with the methods the path
 * takes, sent as `Allow`). Paths with dot segments (also percent-encoded) name no resource: a URL parser
 * would collapse them into another route than the one whose access is checked.
 */
export function matchRoute(table: RouteTable, method: string, path: string): CompiledRoute {
  if (path.includes('%') && !path.split('/').every(decodable))
    throw new AppError('VALIDATION', 'The path has malformed percent-encoding');
  if (DOT_SEGMENT.test(path)) throw noRoute(method, path);
  const route = table.byMethod.get(method)?.find((r) => r.pattern.test(path));
  if (route) return route;
  const candidates = table.routes.filter((r) => r.pattern.test(path));
  if (candidates.length === 0) throw noRoute(method, path);
  throw new AppError('METHOD_NOT_ALLOWED', `Method ${method} not allowed`, {
    allow: candidates.map((r) => r.method).join(', '),
  });
}

/**
 * Renames documented query parameters to their GraphQL arguments (`store_id` → `storeId`) and refuses
 * unknown ones: a misspelt filter must not silently widen a list. A body field given in the query is
 * refused too, by name: a PIN in a URL ends up in proxy and server logs.
 */
function translateQuery(route: CompiledRoute, search: string | undefined, spelt: Map<string, string>) {
  const translated = new URLSearchParams();
  if (!search) return translated;
  for (const [name, value] of new URLSearchParams(search)) {
    const arg = route.queryArgs.get(name);
    if (arg !== undefined) {
      translated.append(arg, value);
      spelt.set(arg, name);
      continue;
    }
    const isBodyField = route.args.some((a) => a.name === name && !route.pathParams.includes(name));
    throw new AppError('VALIDATION', {
      field: name,
      reason: isBodyField
        ? 'is a body field: send it in the JSON body, not in the URL'
        : 'unknown query parameter',
    });
  }
  return translated;
}

/**
 * Checks path and query parameters against their GraphQL argument types before they are converted,
 * so a bad one is a 400 that names it (`id: Value is not a valid UUID`) and `true`/`false` are the only
 * booleans.
 */
function checkParams(
  route: CompiledRoute,
  params: Record<string, string>,
  query: URLSearchParams,
  nameOf: (arg: string) => string,
): void {
  for (const arg of route.args) {
    const field = nameOf(arg.name);
    const fail = (reason: string) => new AppError('VALIDATION', { field, reason });
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
 * field must not be silently ignored. A path parameter repeated in the body (a client echoing the
 * record it read) must say the same as the path: the path names what is changed.
 */
function checkBody(
  route: CompiledRoute,
  body: Record<string, unknown>,
  params: Record<string, string>,
): void {
  const unknown = Object.keys(body).find((key) => !route.args.some((arg) => arg.name === key));
  if (unknown !== undefined) throw new AppError('VALIDATION', { field: unknown, reason: 'unknown field' });
  for (const name of route.pathParams) {
    if (Object.prototype.hasOwnProperty.call(body, name) && body[name] !== decodeURIComponent(params[name]))
      throw new AppError('VALIDATION', {
        field: name,
        reason: `must be the ${name} in the path, or left out`,
      });
  }
  for (const arg of route.args) {
    if (route.pathParams.includes(arg.name)) continue;
    if (!Object.prototype.hasOwnProperty.call(body, arg.name)) continue;
    coerceInputValue(body[arg.name], arg.type, (path, _value, error) => {
      throw new AppError('VALIDATION', inputProblem([arg.name, ...path], error.message));
    });
  }
}

/** A request's variables, and how to name an argument in an error: as the client spelt it. */
export interface ReadRequest {
  variables: Record<string, unknown>;
  nameOf(arg: string): string;
}

/**
 * The operation's variables for a request on `route` (`path` is under REST_BASE, without the query):
 * query and path parameters checked, then the body read and checked, then the path's spelling.
 */
export async function readRequest(
  route: CompiledRoute,
  req: IncomingMessage,
  path: string,
): Promise<ReadRequest> {
  const params = route.pattern.exec(path)?.groups ?? {};
  const spelt = new Map<string, string>();
  const nameOf = (arg: string) => spelt.get(arg) ?? route.publicName.get(arg) ?? arg;
  const query = translateQuery(route, (req.url ?? '').split('?')[1], spelt);
  checkParams(route, params, query, nameOf);
  const body = route.method === 'GET' ? undefined : await readJsonBody(req);
  if (body) checkBody(route, body, params);
  if (rewrittenByUrlParsers(path)) throw noRoute(route.method, path);
  return { variables: variablesFor(route, params, query, body), nameOf };
}
