/** One documented REST route and the GraphQL root field that serves it. */
export interface RestRoute {
  /** `Query.products` or `Mutation.createProduct`. */
  field: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /api/v1, with `:param` placeholders named after the field's arguments. */
  path: string;
  /** 201 for creations. */
  status?: 200 | 201;
  /**
   * Query parameters documented under another name than their GraphQL argument
   * (`{ store_id: 'storeId' }`). Only the documented name is accepted.
   */
  query?: Record<string, string>;
}

/**
 * The REST API of API-REFERENCE.txt, mapped onto the GraphQL schema. Nothing else is exposed: the
 * REST handler only forwards requests that match one of these routes (SOFA's own generated routes for
 * other root fields, and its webhook routes, are never reached).
 */
export const ROUTES: RestRoute[] = [
  // Authentication
  { field: 'Mutation.login', method: 'POST', path: '/auth/login' },
  { field: 'Mutation.pinLogin', method: 'POST', path: '/auth/pin-login' },
  { field: 'Mutation.refreshToken', method: 'POST', path: '/auth/refresh' },
  { field: 'Query.me', method: 'GET', path: '/auth/me' },
  { field: 'Mutation.changeCredential', method: 'POST', path: '/auth/change-credential' },
  // Products
  { field: 'Query.products', method: 'GET', path: '/products' },
  { field: 'Query.productByBarcode', method: 'GET', path: '/products/barcode/:barcode' },
  { field: 'Query.product', method: 'GET', path: '/products/:id' },
  { field: 'Mutation.createProduct', method: 'POST', path: '/products', status: 201 },
  { field: 'Mutation.updateProduct', method: 'PUT', path: '/products/:id' },
  { field: 'Mutation.toggleProductActive', method: 'PATCH', path: '/products/:id/toggle-active' },
  { field: 'Mutation.deleteProduct', method: 'DELETE', path: '/products/:id' },
  // Departments
  { field: 'Query.departments', method: 'GET', path: '/departments' },
  { field: 'Mutation.createDepartment', method: 'POST', path: '/departments', status: 201 },
  { field: 'Mutation.updateDepartment', method: 'PUT', path: '/departments/:id' },
  { field: 'Mutation.deleteDepartment', method: 'DELETE', path: '/departments/:id' },
  // Users
  { field: 'Query.users', method: 'GET', path: '/users' },
  { field: 'Query.storeEmployees', method: 'GET', path: '/users/store-employees' },
  { field: 'Mutation.createUser', method: 'POST', path: '/users', status: 201 },
  { field: 'Mutation.updateUser', method: 'PUT', path: '/users/:id' },
  // Roles
  { field: 'Query.roles', method: 'GET', path: '/roles' },
  { field: 'Query.permissions', method: 'GET', path: '/roles/permissions/all' },
  { field: 'Mutation.createRole', method: 'POST', path: '/roles', status: 201 },
  { field: 'Mutation.updateRole', method: 'PUT', path: '/roles/:id' },
  { field: 'Mutation.setRolePermissions', method: 'PUT', path: '/roles/:id/permissions' },
  // Store prices (POST is an upsert: 200 whether it created or replaced the override)
  {
    field: 'Query.storePrices',
    method: 'GET',
    path: '/store-prices',
    query: { store_id: 'storeId', product_id: 'productId' },
  },
  { field: 'Mutation.setStorePrice', method: 'POST', path: '/store-prices' },
  { field: 'Mutation.deleteStorePrice', method: 'DELETE', path: '/store-prices/:id' },
  // Specials
  { field: 'Query.specials', method: 'GET', path: '/specials' },
  { field: 'Query.activeSpecials', method: 'GET', path: '/specials/active', query: { store_id: 'storeId' } },
  { field: 'Mutation.createSpecial', method: 'POST', path: '/specials', status: 201 },
  { field: 'Mutation.updateSpecial', method: 'PUT', path: '/specials/:id' },
  { field: 'Mutation.deleteSpecial', method: 'DELETE', path: '/specials/:id' },
];
