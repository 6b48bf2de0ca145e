import { request } from 'node:http';
import { accessRegistry } from '../../src/schema/allow';
import { ROUTES } from '../../src/rest/routes/index';
import {
  createAccessFixtures,
  fingerprint,
  fixtureArg,
  type AccessFixtures,
} from '../support/access-fixtures';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let nobody: TestUser;
let fixtures: AccessFixtures;

beforeAll(async () => {
  t = await startTestServer();
  nobody = await t.userWith([]);
  fixtures = await createAccessFixtures(t);
});
afterAll(() => t.close());

const SOME_ID = '01900000-0000-7000-8000-000000000000';
/** A route's path on the fixture rows (real ids: were the guard missing, the call would succeed). */
const concrete = (field: string, path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => fixtureArg(fixtures, field, name) ?? SOME_ID);
const fieldName = (field: string) => field.split('.')[1];

const guarded = ROUTES.filter((r) => accessRegistry.get(fieldName(r.field))?.kind !== 'public');
const withPermission = ROUTES.filter((r) => accessRegistry.get(fieldName(r.field))?.kind === 'permissions');

describe('every documented route', () => {
  it('has a declared access rule', () => {
    for (const route of ROUTES)
      expect([route.field, accessRegistry.get(fieldName(route.field))?.kind]).toEqual([
        route.field,
        expect.any(String),
      ]);
  });

  it.each(guarded.map((r) => [r.method, r.path, r.field]))(
    '%s %s is 401 anonymous, before looking at the body',
    async (method, path, field) => {
      const res = await t.rest(method, concrete(field, path), method === 'GET' ? {} : { raw: '{not json' });
      expect(res.status).toBe(401);
      const syncRoute = ROUTES.find((r) => r.field === field)!.access === 'sync-token';
      expect(res.body).toEqual({
        success: false,
        error: syncRoute ? 'A store sync token is required' : 'Authentication required',
        code: 'UNAUTHENTICATED',
      });
    },
  );

  it.each(withPermission.map((r) => [r.method, r.path, r.field]))(
    '%s %s is 403 without its permission, nothing changed',
    async (method, path, field) => {
      const before = await fingerprint(t);
      const res = await t.rest(
        method,
        concrete(field, path),
        method === 'GET' ? { token: nobody.token } : { token: nobody.token, body: {} },
      );
      expect(res.status).toBe(403);
      expect(res.body.success).toBe(false);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.error).toMatch(/^Missing permission: [a-z_]+\.[a-z_]+$/);
      expect(await fingerprint(t)).toEqual(before);
    },
  );
});

describe('every route with an id in its path', () => {
  const withIds = ROUTES.flatMap((r) =>
    [...r.path.matchAll(/:(\w+)/g)]
      .map((m) => m[1])
      .filter((name) => name !== 'barcode')
      .map((name) => [r.method, r.path, r.field, name]),
  );

  it.each(withIds)(
    '%s %s refuses a malformed %s/%s with 400, nothing changed',
    async (method, path, field, param) => {
      const before = await fingerprint(t);
      const url = path.replace(/:(\w+)/g, (_, name: string) =>
        name === param ? 'not-a-uuid' : (fixtureArg(fixtures, field, name) ?? SOME_ID),
      );
      const res = await t.rest(
        method,
        url,
        method === 'GET' ? { token: t.adminToken } : { token: t.adminToken, body: {} },
      );
      expect([res.status, res.body.code, res.body.field]).toEqual([400, 'VALIDATION', param]);
      expect(await fingerprint(t)).toEqual(before);
    },
  );
});

describe('the envelope around the API', () => {
  it('answers unknown routes with 404 and wrong methods with 405, as JSON', async () => {
    const unknown = await t.rest('GET', '/nowhere', { token: t.adminToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      success: false,
      error: 'No route GET /api/v1/nowhere',
      code: 'NOT_FOUND',
    });
    const wrongMethod = await t.rest('DELETE', '/roles', { token: t.adminToken });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    const outside = await fetch(`${t.url}/not-api`);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({
      success: false,
      error: 'No route GET /not-api',
      code: 'NOT_FOUND',
    });
  });

  it('answers paths with a trailing slash or dot segments with 404, never another route', async () => {
    // node:http sends the path verbatim (fetch would normalise the dot segments away first).
    const raw = (method: string, path: string) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const { hostname, port } = new URL(t.url);
        const req = request(
          {
            hostname,
            port,
            path: `/api/v1${path}`,
            method,
            headers: { authorization: `Bearer ${t.adminToken}` },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    for (const [method, path] of [
      ['GET', '/products/'],
      ['GET', '/products/barcode/%2e%2e'],
      ['GET', '/products/barcode/..'],
      ['PUT', '/roles/%2E/permissions'],
      ['GET', '/products/%2e%2e/barcode/x'],
      ['GET', '/products/barcode/x\\..\\..\\..\\users'],
    ]) {
      const res = await raw(method, path);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('serves no webhook routes (SOFA would register ones that make the server POST anywhere)', async () => {
    for (const [method, path] of [
      ['POST', '/webhook'],
      ['POST', '/webhook/abc'],
      ['DELETE', '/webhook/abc'],
    ]) {
      const res = await t.rest(method, path, {
        token: t.adminToken,
        body: { subscription: 'productChanged', url: 'http://127.0.0.1:1/' },
      });
      expect(res.status).toBe(404);
    }
  });

  it('serves /health without authentication', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', mode: 'hq' });
  });

  it('reports 503 on /health when the database does not answer', async () => {
    const cut = await startTestServer();
    try {
      await cut.server.orm.close(true);
      const res = await fetch(`${cut.url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', mode: 'hq' });
    } finally {
      await cut.close();
    }
  });

  it('serves the OpenAPI document with enveloped responses and without webhooks', async () => {
    const res = await t.rest('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(Object.keys(doc.paths).some((p) => p.includes('webhook'))).toBe(false);
    const list = doc.paths['/api/v1/products'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(list.properties)).toEqual(['success', 'data', 'total', 'page', 'pageSize']);
    expect(list.properties.data.type).toBe('array');
    const create = doc.paths['/api/v1/products'].post.responses['201'].content['application/json'].schema;
    expect(Object.keys(create.properties)).toEqual(['success', 'data']);
    expect(doc.paths['/api/v1/products/{id}'].get.responses['404']).toEqual({
      $ref: '#/components/responses/NotFound',
    });
    expect(doc.components.responses.NotFound.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorEnvelope',
    });
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearerAuth: [] }]);
    for (const route of ROUTES) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect([path, route.method, Boolean(doc.paths[path]?.[route.method.toLowerCase()])]).toEqual([
        path,
        route.method,
        true,
      ]);
    }
  });

  it('answers an unexpected failure with a generic 500, never a stack trace', async () => {
    const broken = await startTestServer();
    try {
      await broken.sql('alter table department rename to department_gone');
      const rest = await broken.rest('GET', '/departments', { token: broken.adminToken });
      expect(rest.status).toBe(500);
      expect(rest.body).toEqual({ success: false, error: 'Internal server error', code: 'INTERNAL' });
      const gql = await fetch(`${broken.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${broken.adminToken}` },
        body: JSON.stringify({ query: '{ departments { id } }' }),
      });
      const body = (await gql.json()) as { errors: unknown[] };
      expect(body.errors).toEqual([
        { message: 'Internal server error', path: ['departments'], extensions: { code: 'INTERNAL' } },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/department_gone|at .*\.js/);
    } finally {
      await broken.sql('alter table department_gone rename to department');
      await broken.close();
    }
  });
});

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL character in a body or a query with 400 naming the field, nothing changed', async () => {
    const before = await fingerprint(t);
    const body = await t.rest('POST', '/suppliers', { token: t.adminToken, body: { name: 'a\u0000b' } });
    expect(body.body).toEqual({
      success: false,
      error: 'name: must not contain NUL characters',
      code: 'VALIDATION',
      field: 'name',
    });
    const query = await t.rest('GET', '/customers?search=a%00b', { token: t.adminToken });
    expect([query.status, query.body.field]).toEqual([400, 'search']);
    const products = await t.rest('GET', '/products?search=%00', { token: t.adminToken });
    expect([products.status, products.body.error]).toEqual([400, 'search: must not contain NUL characters']);
    expect(await fingerprint(t)).toEqual(before);
  });
});

describe('query parameters', () => {
  it('refuses an unknown query parameter (400) rather than ignore a misspelt filter', async () => {
    const res = await t.rest('GET', '/products?departmentid=x', { token: t.adminToken });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      error: 'departmentid: unknown query parameter',
      code: 'VALIDATION',
      field: 'departmentid',
    });
  });

  it('takes query parameters in snake_case as documented, and in the camelCase of old', async () => {
    const snake = await t.rest('GET', '/products?page_size=1&page=1', { token: t.adminToken });
    const camel = await t.rest('GET', '/products?pageSize=1&page=1', { token: t.adminToken });
    expect([snake.status, snake.body.pageSize, snake.body.data.length]).toEqual([200, 1, 1]);
    expect(camel.body).toEqual(snake.body);
    const bad = await t.rest('GET', '/products?page_size=0', { token: t.adminToken });
    expect([bad.status, bad.body.field]).toEqual([400, 'page_size']);
    const both = await t.rest('GET', '/products?page_size=1&pageSize=2', { token: t.adminToken });
    expect([both.status, both.body.error]).toEqual([400, 'pageSize: given more than once']);
  });

  it('refuses a body field sent in the query (400): a PIN in a URL ends up in proxy logs', async () => {
    const before = await fingerprint(t);
    for (const body of [undefined, { pin: '1234' }]) {
      const res = await t.rest('POST', '/auth/pin-login?pin=1234', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        success: false,
        error: 'pin: is a body field: send it in the JSON body, not in the URL',
        code: 'VALIDATION',
        field: 'pin',
      });
    }
    const put = await t.rest('PUT', `/departments/${fixtures.ids.department}?name=Renamed`, {
      token: t.adminToken,
      body: {},
    });
    expect([put.status, put.body.field]).toEqual([400, 'name']);
    expect(await fingerprint(t)).toEqual(before);
  });
});

describe('a body repeating the path', () => {
  it('refuses a body id that differs from the path (400), nothing changed', async () => {
    const created = await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Echoed' } });
    const id = created.body.data.id;
    const before = await fingerprint(t);
    const res = await t.rest('PUT', `/departments/${id}`, {
      token: t.adminToken,
      body: { id: fixtures.ids.department, name: 'Elsewhere' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      error: 'id: must be the id in the path, or left out',
      code: 'VALIDATION',
      field: 'id',
    });
    expect(await fingerprint(t)).toEqual(before);
  });

  it('takes a body id equal to the path (a client echoing the record it read)', async () => {
    const created = await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Echo' } });
    const { id } = created.body.data;
    const res = await t.rest('PUT', `/departments/${id}`, {
      token: t.adminToken,
      body: { id, name: 'Echo again' },
    });
    expect([res.status, res.body.data.id, res.body.data.name]).toEqual([200, id, 'Echo again']);
  });
});
