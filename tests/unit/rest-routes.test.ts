import { ROUTES } from '../../src/rest/routes/index';
import { matchRoute } from '../../src/rest/read-request';
import type { CompiledRoute, RouteTable } from '../../src/rest/compile-routes';
import { AppError } from '../../src/services/core/errors';

/** The route table's order and the path guards, without a schema: patterns as compile-routes builds them. */

const pattern = (path: string) => new RegExp('^' + path.replace(/:(\w+)/g, '(?<$1>[^/]+)') + '$');

function table(): RouteTable {
  const routes = ROUTES.map((route) => ({ ...route, pattern: pattern(route.path) }) as CompiledRoute);
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of routes) byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), route]);
  return { schema: undefined as never, routes, byMethod };
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('not refused');
}

describe('the route table', () => {
  it('documents each field and each method and path once', () => {
    expect(new Set(ROUTES.map((r) => r.field)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });

  it('shadows no route: each is the first of its method to match its own path', () => {
    const routes = table();
    for (const route of ROUTES) {
      const sample = route.path.replace(/:(\w+)/g, 'some-$1');
      expect(`${route.method} ${matchRoute(routes, route.method, sample).path}`).toBe(
        `${route.method} ${route.path}`,
      );
    }
    expect(matchRoute(routes, 'GET', '/taxes/groups').field).toBe('Query.taxGroups');
  });
});

describe('matchRoute', () => {
  const routes = table();

  it('refuses another method with the methods of every route matching the path', () => {
    const error = refusal(() => matchRoute(routes, 'PATCH', '/taxes/groups'));
    expect(error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: 'Method PATCH not allowed' });
    // `/taxes/:id` matches too.
    expect(error.extensions.allow).toBe('GET, POST, PUT, DELETE');
  });

  it.each(['/products/../users', '/products/%2e%2E/users', '/products/.', '/./products'])(
    'finds no route for dot segments (%s)',
    (path) => {
      expect(refusal(() => matchRoute(routes, 'GET', path))).toMatchObject({
        code: 'NOT_FOUND',
        message: `No route GET /api/v1${path}`,
      });
    },
  );

  it('refuses malformed percent-encoding', () => {
    expect(refusal(() => matchRoute(routes, 'GET', '/products/%E0%A4%A'))).toMatchObject({
      code: 'VALIDATION',
      message: 'The path has malformed percent-encoding',
    });
  });
});
