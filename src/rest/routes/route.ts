import type { Permission } from '../../services/auth/index.js';

/**
 * A failure status a route answers besides those the OpenAPI document derives from the route itself:
 * 400 (input), 500 and 503 (the database out of reach) always; 401 unless it is public, 403 unless it
 * is public or for sync tokens; 404
 * with a path parameter; 413 and 415 with a body.
 */
export type RouteFailure = 401 | 403 | 404 | 409 | 422 | 429;

/** One documented REST route and the GraphQL root field that serves it, as a section lists it. */
export interface RouteSpec {
  /** `Query.products` or `Mutation.createProduct`. */
  field: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /api/v1, with `:param` placeholders named after the field's arguments. */
  path: string;
  /**
   * Who may call it, as API-REFERENCE.txt documents it: a permission, any signed-in user, a store server
   * with its sync token, or anyone.
   * The server refuses to start when a resolver's `@Allow`/`@Public` says otherwise.
   */
  access: Permission | 'signed-in' | 'sync-token' | 'public';
  /** 201 for creations. */
  status?: 200 | 201;
  /** The failures it answers besides the derived ones (see RouteFailure). */
  failures?: RouteFailure[];
}

/** A route with its section (the reference's heading, the OpenAPI document's tag). */
export interface RestRoute extends RouteSpec {
  tag: string;
}

/** A section of the reference: its tag, said to clients in the OpenAPI document, and its routes. */
export interface RouteSection {
  tag: string;
  description: string;
  routes: RestRoute[];
}

/** Declares a section of the reference: its heading, what it is for (said to clients), its routes. */
export function section(tag: string, description: string, routes: RouteSpec[]): RouteSection {
  return { tag, description, routes: routes.map((route) => ({ ...route, tag })) };
}
