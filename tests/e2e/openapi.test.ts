import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { ROUTES, SECTIONS } from '../../src/rest/routes/index';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The served OpenAPI document, as tools nobody here wrote read it: swagger-parser validates it, Redocly's
 * recommended rules lint it, and its operations say what the route table says. (Every REST answer of
 * every test is checked against it by TestServer.rest.)
 */

let t: TestServer;
let doc: Record<string, any>;

beforeAll(async () => {
  t = await startTestServer();
  doc = (await t.rest('GET', '/openapi.json')).body;
});
afterAll(() => t.close());

const openApiPath = (path: string) => `/api/v1${path.replace(/:(\w+)/g, '{$1}')}`;
const operationOf = (route: (typeof ROUTES)[number]) =>
  doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()];

describe('the served OpenAPI document', () => {
  it('is valid OpenAPI 3.1 to swagger-parser, every $ref resolved', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences the copy it is given: a $ref to a schema never emitted fails here.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({
      extends: ['recommended'],
      // The reference's own paths: `/products/barcode/{barcode}` and `/products/{id}/toggle-active` could
      // both match `/products/barcode/toggle-active`; the server tries the literal segment first.
      rules: { 'no-ambiguous-paths': 'off' },
    });
    const problems = await lintFromString({ source: JSON.stringify(doc), config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it('gives every route an operationId, a summary, its section as tag and its security', () => {
    const operationIds = new Set<string>();
    for (const route of ROUTES) {
      const op = operationOf(route);
      expect([route.field, typeof op?.summary, op?.tags]).toEqual([route.field, 'string', [route.tag]]);
      expect(op.operationId).toBe(route.field.split('.')[1]);
      operationIds.add(op.operationId);
      const security =
        route.access === 'public'
          ? []
          : route.access === 'sync-token'
            ? [{ syncToken: [] }]
            : [{ bearerAuth: [] }];
      expect([route.field, op.security]).toEqual([route.field, security]);
    }
    expect(operationIds.size).toBe(ROUTES.length);
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toEqual(SECTIONS.map((s) => s.tag));
    expect(doc.paths['/api/v1/auth/pin-login'].post.security).toEqual([]);
  });

  it('lists body fields in the body only, never as query parameters', () => {
    for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
      const inQuery = (operationOf(route).parameters ?? []).filter((p: { in: string }) => p.in === 'query');
      expect([route.field, inQuery]).toEqual([route.field, []]);
    }
    const pinLogin = doc.paths['/api/v1/auth/pin-login'].post;
    expect(pinLogin.parameters).toBeUndefined();
    expect(pinLogin.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['pin'],
      additionalProperties: false,
    });
  });

  it('types nested inputs: a sale line and its taxes', () => {
    const body = doc.paths['/api/v1/sales'].post.requestBody.content['application/json'].schema;
    expect(body.properties.items).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/SaleLineInput' },
    });
    expect(doc.components.schemas.SaleLineInput.properties.taxes).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/SaleLineTaxInput' },
    });
    expect(doc.components.schemas.SaleLineTaxInput).toMatchObject({
      type: 'object',
      required: ['taxRateName', 'rate', 'taxAmount', 'isCompound', 'sortOrder'],
      additionalProperties: false,
    });
  });

  it('emits every scalar as a schema and makes nullable fields nullable', () => {
    expect(doc.components.schemas.UUID).toMatchObject({ type: 'string', format: 'uuid' });
    expect(doc.components.schemas.SafeInt).toMatchObject({
      type: 'integer',
      minimum: -Number.MAX_SAFE_INTEGER,
      maximum: Number.MAX_SAFE_INTEGER,
    });
    expect(doc.components.schemas.LocalDate).toMatchObject({ type: 'string', format: 'date' });
    const product = doc.components.schemas.Product;
    expect(product.properties.barcode).toMatchObject({ type: ['string', 'null'] });
    expect(product.properties.departmentId).toMatchObject({ type: ['string', 'null'] });
    expect(doc.components.schemas.RegisterSession.properties.closedAt).toMatchObject({
      anyOf: [{ $ref: '#/components/schemas/DateTimeISO' }, { type: 'null' }],
    });
    expect(product.properties.sku).toMatchObject({ type: 'string' });
    expect(product.required).toContain('barcode');
  });

  it('documents the failures a route answers, and not those it cannot', () => {
    const responses = (method: string, path: string) => Object.keys(doc.paths[path][method].responses);
    expect(responses('post', '/api/v1/sales')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '500',
      '503',
    ]);
    expect(responses('get', '/api/v1/products')).toEqual(['200', '400', '401', '403', '500', '503']);
    expect(responses('post', '/api/v1/auth/login')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    expect(doc.components.responses.TooManyRequests.headers['Retry-After']).toBeDefined();
  });
});
