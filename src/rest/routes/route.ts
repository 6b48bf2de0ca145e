import type { Permission } from '../../services/auth/index.js';

/** One documented REST route and the GraphQL root field that serves it. */
export interface RestRoute {
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
  /**
   * Query parameters documented under another name than their GraphQL argument
   * (`{ store_id: 'storeId' }`). Only the documented name is accepted.
   */
  query?: Record<string, string>;
}
