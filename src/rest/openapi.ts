/* eslint-disable @typescript-eslint/no-explicit-any */
import { createSofaRouter } from 'sofa-api';
import { ERROR_STATUS } from '../services/core/index.js';
import type { RouteTable } from './compile-routes.js';
import { REST_BASE, type RestRoute } from './routes/index.js';

type Json = Record<string, any>;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['success', 'error'],
  properties: {
    success: { type: 'boolean', enum: [false] },
    error: { type: 'string', description: 'What went wrong, naming the field where one is at fault.' },
    code: {
      type: 'string',
      enum: Object.keys(ERROR_STATUS),
    },
    field: { type: 'string', description: 'Input field at fault, when there is one.' },
  },
};

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input (malformed id, invalid JSON or field)',
  '401': 'Not signed in',
  '403': 'Missing permission',
  '404': 'Not found',
  '409': 'Conflict (duplicate or state)',
  '413': 'Request body too large',
  '415': 'Request body not sent as application/json',
  '429': 'Too many failed logins (see Retry-After)',
};

function pagedSchema(itemsSchema: Json): Json {
  return {
    type: 'object',
    required: ['success', 'data', 'total', 'page', 'pageSize'],
    properties: {
      success: { type: 'boolean', enum: [true] },
      data: itemsSchema.properties?.items ?? { type: 'array' },
      total: { type: 'integer' },
      page: { type: 'integer' },
      pageSize: { type: 'integer' },
    },
  };
}

function envelopeSchema(data: Json): Json {
  return {
    type: 'object',
    required: ['success', 'data'],
    properties: { success: { type: 'boolean', enum: [true] }, data },
  };
}

function resolveRef(doc: Json, schema: Json): Json {
  const ref: string | undefined = schema?.$ref;
  return ref ? (doc.components?.schemas?.[ref.split('/').pop()!] ?? schema) : schema;
}

/**
 * SOFA documents the bare GraphQL results; the API answers in the envelope. This rewrites every
 * success response into `{success, data}` (or the page form), adds the error envelope responses, and
 * drops SOFA's webhook routes, which the server blocks.
 */
export function correctOpenApi(
  doc: Json,
  routes: Array<RestRoute & { paginated: boolean; isPublic: boolean }>,
  basePath: string,
): Json {
  const paths: Json = {};
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.ErrorEnvelope = ERROR_SCHEMA;
  for (const [path, methods] of Object.entries<Json>(doc.paths ?? {})) {
    if (path.includes('/webhook')) continue;
    for (const [method, op] of Object.entries<Json>(methods)) {
      const route = routes.find(
        (r) => r.path.replace(/:(\w+)/g, '{$1}') === path && r.method.toLowerCase() === method,
      );
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        const content = response?.content?.['application/json'];
        if (!content?.schema || Number(status) >= 400) continue;
        content.schema = route?.paginated
          ? pagedSchema(resolveRef(doc, content.schema))
          : envelopeSchema(content.schema);
      }
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        op.responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
        };
      }
      if (!route?.isPublic) op.security = [{ bearerAuth: [] }];
      const documented = Object.fromEntries(
        Object.entries(route?.query ?? {}).map(([name, arg]) => [arg, name]),
      );
      for (const param of (op.parameters ?? []) as Json[]) {
        if (param.in === 'query' && documented[param.name]) param.name = documented[param.name];
      }
    }
    paths[`${basePath}${path}`] = methods;
  }
  doc.paths = paths;
  doc.servers = [{ url: '/' }];
  doc.components.securitySchemes = { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } };
  return doc;
}

/**
 * The OpenAPI document of the route table, as JSON text: SOFA's, corrected. SOFA's router is only
 * needed for this document: built on the first request, then dropped.
 */
export function openApiDocument(table: RouteTable): () => Promise<string> {
  let document: string | undefined;
  return async () => {
    document ??= JSON.stringify(
      correctOpenApi(
        await (
          await createSofaRouter(table.sofa).fetch(new Request(`http://local${REST_BASE}/openapi.json`))
        ).json(),
        table.routes,
        REST_BASE,
      ),
    );
    return document;
  };
}
