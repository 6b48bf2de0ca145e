import {
  getNamedType,
  isNonNullType,
  Kind,
  type FieldNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { ERROR_STATUS } from '../services/core/index.js';
import type { CompiledRoute, RouteTable } from './compile-routes.js';
import { objectSchema, SchemaComponents, withoutNull, type JsonSchema } from './openapi-schemas.js';
import { REST_BASE, SECTIONS } from './routes/index.js';

/**
 * The OpenAPI 3.1 document of the route table, written from the operations the routes run: each
 * answer's schema is the envelope around exactly the fields its operation selects, each body the
 * field's arguments, each failure a status the route can answer. Served at `GET /api/v1/openapi.json`.
 */

const DESCRIPTION = `The REST API of the POS platform, served by HQ and by each store server under \`${REST_BASE}\`.

Every answer is an envelope: \`{"success": true, "data": ...}\` (lists add \`total\`, \`page\` and \`pageSize\`),
or \`{"success": false, "error": "...", "code": "..."}\` with \`field\` naming the input at fault. Money is in cents,
quantities in thousandths of a unit, tax rates in basis points, all integers.

Query parameters are for GET routes only, in snake_case (\`store_id\`, \`page_size\`); other methods take a JSON
body in camelCase (\`Content-Type: application/json\`), and a body field sent in the query is refused. A path that exists answers another method with 405 and an
\`Allow\` header; an unknown path with 404.`;

/** Each failure status: its component's name and what it means. */
const FAILURES: Record<number, { name: string; description: string; headers?: string[] }> = {
  400: {
    name: 'BadRequest',
    description: 'Invalid input: a malformed id, invalid JSON, a bad or unknown field.',
  },
  401: { name: 'Unauthorized', description: 'Not signed in, or the token is invalid or expired.' },
  403: { name: 'Forbidden', description: 'The caller lacks the permission at this store.' },
  404: { name: 'NotFound', description: 'What the path or the input names does not exist.' },
  409: { name: 'Conflict', description: 'A duplicate, or a step its current state does not allow.' },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than 1 MB.' },
  415: { name: 'UnsupportedMediaType', description: 'The request body is not sent as application/json.' },
  422: {
    name: 'Unprocessable',
    description: 'Well-formed but refused: figures that do not add up, or a rule broken.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many failed sign-ins: wait `Retry-After` seconds.',
    headers: ['Retry-After'],
  },
  500: {
    name: 'InternalError',
    description: 'An unexpected failure (logged on the server; nothing more is said).',
  },
  503: {
    name: 'Unavailable',
    description: 'The database cannot be reached now: retry after `Retry-After` seconds.',
    headers: ['Retry-After'],
  },
};

const ERROR_ENVELOPE: JsonSchema = objectSchema([
  { name: 'success', schema: { const: false }, required: true },
  {
    name: 'error',
    schema: { type: 'string', description: 'What went wrong, naming the field at fault.' },
    required: true,
  },
  { name: 'code', schema: { type: 'string', enum: Object.keys(ERROR_STATUS) }, required: true },
  {
    name: 'field',
    schema: { type: 'string', description: 'The input field at fault, when there is one.' },
    required: false,
  },
  {
    name: 'expectedSeq',
    schema: { type: 'integer', description: 'A sync push with a gap: the sequence number HQ expects next.' },
    required: false,
  },
]);

/** The failure statuses a route answers: those every route may, those its access and shape imply, its own. */
export function failureStatuses(route: CompiledRoute): number[] {
  const statuses = new Set<number>([400, 500, 503, ...(route.failures ?? [])]);
  if (route.access !== 'public') statuses.add(401);
  // A sync token is a store's, good for every sync route: refused, it is a 401.
  if (route.access !== 'public' && route.access !== 'sync-token') statuses.add(403);
  if (route.pathParams.length) statuses.add(404);
  if (route.method !== 'GET') [413, 415].forEach((s) => statuses.add(s));
  return [...statuses].sort((a, b) => a - b);
}

function security(route: CompiledRoute): Array<Record<string, string[]>> {
  if (route.access === 'public') return [];
  return [route.access === 'sync-token' ? { syncToken: [] } : { bearerAuth: [] }];
}

function accessNote(route: CompiledRoute): string {
  if (route.access === 'public') return 'Public.';
  if (route.access === 'signed-in') return 'Any signed-in user.';
  if (route.access === 'sync-token') return 'A store server, with its sync token.';
  return `Needs \`${route.access}\`.`;
}

/** The first sentence of a description without its aside in parentheses, for a summary. */
function firstSentence(text: string): string {
  const end = text.search(/[.:;](\s|$)/);
  return (end === -1 ? text : text.slice(0, end)).replace(/\s*\([^)]*\)$/, '').trim();
}

function rootField(
  route: CompiledRoute,
  table: RouteTable,
): { field: GraphQLField<unknown, unknown>; node: FieldNode } {
  const operation = route.document.definitions[0] as OperationDefinitionNode;
  const type = route.field.startsWith('Query.')
    ? table.schema.getQueryType()
    : table.schema.getMutationType();
  const node = operation.selectionSet.selections[0] as FieldNode;
  return { field: type!.getFields()[route.fieldName], node };
}

/** The success answer: the envelope around the field's result (a page spread beside `data`). */
function successSchema(route: CompiledRoute, table: RouteTable, components: SchemaComponents): JsonSchema {
  const { field, node } = rootField(route, table);
  const success = { name: 'success', schema: { const: true }, required: true };
  if (!route.paginated) {
    return objectSchema([
      success,
      { name: 'data', schema: components.output(field.type, node.selectionSet), required: true },
    ]);
  }
  const pageType = getNamedType(field.type) as GraphQLObjectType;
  const items = node.selectionSet!.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'items',
  )!;
  const count = (description: string) => ({ type: 'integer', minimum: 0, description });
  return objectSchema([
    success,
    {
      name: 'data',
      schema: components.output(pageType.getFields().items.type, items.selectionSet),
      required: true,
    },
    { name: 'total', schema: count('How many match, over every page.'), required: true },
    { name: 'page', schema: { ...count('This page, from 1.'), minimum: 1 }, required: true },
    { name: 'pageSize', schema: { ...count('Items per page.'), minimum: 1 }, required: true },
  ]);
}

/** A path or query parameter: a value or absent, never `null`; its default when it has one. */
function parameterSchema(arg: GraphQLArgument, components: SchemaComponents): JsonSchema {
  const schema = withoutNull(components.input(arg.type));
  return isPrimitive(arg.defaultValue) ? { ...schema, default: arg.defaultValue } : schema;
}

const isPrimitive = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

function parameters(route: CompiledRoute, components: SchemaComponents): JsonSchema[] {
  const byName = new Map(route.args.map((arg) => [arg.name, arg]));
  const path = route.pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    description: byName.get(name)!.description ?? undefined,
    schema: parameterSchema(byName.get(name)!, components),
  }));
  const query = route.args
    .filter((arg) => route.method === 'GET' && !route.pathParams.includes(arg.name))
    .map((arg) => {
      const name = route.publicName.get(arg.name)!;
      const alias = name === arg.name ? '' : ` (Also accepted as \`${arg.name}\`, its spelling of old.)`;
      return {
        name,
        in: 'query',
        required: isNonNullType(arg.type) && arg.defaultValue === undefined,
        description: `${arg.description ?? ''}${alias}`.trim() || undefined,
        schema: parameterSchema(arg, components),
      };
    });
  return [...path, ...query];
}

function requestBody(route: CompiledRoute, components: SchemaComponents): JsonSchema | undefined {
  if (route.method === 'GET') return undefined;
  const fields = route.args.filter((arg) => !route.pathParams.includes(arg.name));
  if (!fields.length) return undefined;
  const properties = fields.map((arg) => ({
    name: arg.name,
    schema: { ...components.input(arg.type), ...(arg.description ? { description: arg.description } : {}) },
    required: isNonNullType(arg.type) && arg.defaultValue === undefined,
  }));
  return {
    required: properties.some((p) => p.required),
    content: { 'application/json': { schema: objectSchema(properties) } },
  };
}

function operation(route: CompiledRoute, table: RouteTable, components: SchemaComponents): JsonSchema {
  const { field } = rootField(route, table);
  const description = field.description ?? route.field;
  const body = requestBody(route, components);
  const responses: JsonSchema = {
    [route.responseStatus]: {
      description: route.responseStatus === 201 ? 'Created.' : 'OK.',
      content: { 'application/json': { schema: successSchema(route, table, components) } },
    },
  };
  for (const status of failureStatuses(route)) {
    responses[status] = { $ref: `#/components/responses/${FAILURES[status].name}` };
  }
  const params = parameters(route, components);
  return {
    operationId: route.fieldName,
    summary: firstSentence(description),
    description: `${description}\n\n${accessNote(route)}`,
    tags: [route.tag],
    security: security(route),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The failure responses the operations use, as components. */
function failureResponses(used: Set<number>): JsonSchema {
  const retryAfter = {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1 },
  };
  return Object.fromEntries(
    [...used]
      .sort((a, b) => a - b)
      .map((status) => FAILURES[status])
      .map(({ name, description, headers }) => [
        name,
        {
          description,
          ...(headers ? { headers: { 'Retry-After': retryAfter } } : {}),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
        },
      ]),
  );
}

/** The document, as an object. */
export function buildOpenApi(table: RouteTable): JsonSchema {
  const components = new SchemaComponents();
  const paths: Record<string, JsonSchema> = {};
  for (const route of table.routes) {
    const path = `${REST_BASE}${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, table, components);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'POS platform REST API',
      version: '1.0.0',
      description: DESCRIPTION,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'This server (HQ or a store server).' }],
    tags: SECTIONS.map(({ tag, description }) => ({ name: tag, description })),
    paths,
    components: {
      schemas: { ...sorted(components.schemas), ErrorEnvelope: ERROR_ENVELOPE },
      responses: failureResponses(new Set(table.routes.flatMap(failureStatuses))),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A user's access token.",
        },
        syncToken: {
          type: 'http',
          scheme: 'bearer',
          description: "A store server's sync token (issued by HQ).",
        },
      },
    },
  };
}

const sorted = (schemas: Record<string, JsonSchema>) =>
  Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));

/** The document as JSON text, written once on first request. */
export function openApiDocument(table: RouteTable): () => string {
  let document: string | undefined;
  return () => (document ??= JSON.stringify(buildOpenApi(table)));
}
