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
  { field: 'Query.productSuppliers', method: 'GET', path: '/products/:productId/suppliers' },
  {
    field: 'Mutation.linkProductSupplier',
    method: 'POST',
    path: '/products/:productId/suppliers',
    status: 201,
  },
  {
    field: 'Mutation.updateProductSupplier',
    method: 'PUT',
    path: '/products/:productId/suppliers/:supplierId',
  },
  {
    field: 'Mutation.unlinkProductSupplier',
    method: 'DELETE',
    path: '/products/:productId/suppliers/:supplierId',
  },
  // Departments
  { field: 'Query.departments', method: 'GET', path: '/departments' },
  { field: 'Mutation.createDepartment', method: 'POST', path: '/departments', status: 201 },
  { field: 'Mutation.updateDepartment', method: 'PUT', path: '/departments/:id' },
  { field: 'Mutation.deleteDepartment', method: 'DELETE', path: '/departments/:id' },
  // Suppliers (`GET /suppliers/:id` is not in the reference: every client needs the single read)
  { field: 'Query.suppliers', method: 'GET', path: '/suppliers' },
  { field: 'Query.supplier', method: 'GET', path: '/suppliers/:id' },
  { field: 'Mutation.createSupplier', method: 'POST', path: '/suppliers', status: 201 },
  { field: 'Mutation.updateSupplier', method: 'PUT', path: '/suppliers/:id' },
  { field: 'Mutation.deleteSupplier', method: 'DELETE', path: '/suppliers/:id' },
  // Customers
  { field: 'Query.customers', method: 'GET', path: '/customers' },
  { field: 'Query.customer', method: 'GET', path: '/customers/:id' },
  { field: 'Mutation.createCustomer', method: 'POST', path: '/customers', status: 201 },
  { field: 'Mutation.updateCustomer', method: 'PUT', path: '/customers/:id' },
  { field: 'Mutation.deleteCustomer', method: 'DELETE', path: '/customers/:id' },
  // Sales reps
  { field: 'Query.salesReps', method: 'GET', path: '/sales-reps' },
  { field: 'Query.salesRep', method: 'GET', path: '/sales-reps/:id' },
  { field: 'Mutation.createSalesRep', method: 'POST', path: '/sales-reps', status: 201 },
  { field: 'Mutation.updateSalesRep', method: 'PUT', path: '/sales-reps/:id' },
  { field: 'Mutation.toggleSalesRepActive', method: 'PATCH', path: '/sales-reps/:id/toggle-active' },
  { field: 'Mutation.deleteSalesRep', method: 'DELETE', path: '/sales-reps/:id' },
  // Stores (never deleted: PUT with isActive false closes one)
  { field: 'Query.stores', method: 'GET', path: '/stores' },
  { field: 'Query.currentStore', method: 'GET', path: '/stores/current' },
  { field: 'Mutation.createStore', method: 'POST', path: '/stores', status: 201 },
  { field: 'Mutation.updateStore', method: 'PUT', path: '/stores/:id' },
  // Tenders
  { field: 'Query.tenders', method: 'GET', path: '/tenders' },
  { field: 'Mutation.createTender', method: 'POST', path: '/tenders', status: 201 },
  { field: 'Mutation.updateTender', method: 'PUT', path: '/tenders/:id' },
  { field: 'Mutation.deleteTender', method: 'DELETE', path: '/tenders/:id' },
  // Taxes (the /taxes/groups routes first: `/taxes/:id` would match `/taxes/groups` too)
  { field: 'Query.taxGroups', method: 'GET', path: '/taxes/groups' },
  { field: 'Query.taxGroup', method: 'GET', path: '/taxes/groups/:id' },
  { field: 'Mutation.createTaxGroup', method: 'POST', path: '/taxes/groups', status: 201 },
  { field: 'Mutation.updateTaxGroup', method: 'PUT', path: '/taxes/groups/:id' },
  { field: 'Mutation.deleteTaxGroup', method: 'DELETE', path: '/taxes/groups/:id' },
  { field: 'Query.taxRates', method: 'GET', path: '/taxes' },
  { field: 'Mutation.createTaxRate', method: 'POST', path: '/taxes', status: 201 },
  { field: 'Mutation.updateTaxRate', method: 'PUT', path: '/taxes/:id' },
  { field: 'Mutation.deleteTaxRate', method: 'DELETE', path: '/taxes/:id' },
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
