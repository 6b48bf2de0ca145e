import type { Permission } from '../services/auth/index.js';

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

/**
 * The REST API of API-REFERENCE.txt, mapped onto the GraphQL schema. Nothing else is exposed: the
 * REST handler only forwards requests that match one of these routes (SOFA's own generated routes for
 * other root fields, and its webhook routes, are never reached).
 */
export const ROUTES: RestRoute[] = [
  // Authentication
  { field: 'Mutation.login', method: 'POST', path: '/auth/login', access: 'public' },
  { field: 'Mutation.pinLogin', method: 'POST', path: '/auth/pin-login', access: 'public' },
  { field: 'Mutation.refreshToken', method: 'POST', path: '/auth/refresh', access: 'public' },
  { field: 'Query.me', method: 'GET', path: '/auth/me', access: 'signed-in' },
  {
    field: 'Mutation.changeCredential',
    method: 'POST',
    path: '/auth/change-credential',
    access: 'signed-in',
  },
  // Products
  { field: 'Query.products', method: 'GET', path: '/products', access: 'products.view' },
  {
    field: 'Query.productByBarcode',
    method: 'GET',
    path: '/products/barcode/:barcode',
    access: 'products.view',
  },
  { field: 'Query.product', method: 'GET', path: '/products/:id', access: 'products.view' },
  {
    field: 'Mutation.createProduct',
    method: 'POST',
    path: '/products',
    access: 'products.create',
    status: 201,
  },
  { field: 'Mutation.updateProduct', method: 'PUT', path: '/products/:id', access: 'products.edit' },
  {
    field: 'Mutation.toggleProductActive',
    method: 'PATCH',
    path: '/products/:id/toggle-active',
    access: 'products.edit',
  },
  { field: 'Mutation.deleteProduct', method: 'DELETE', path: '/products/:id', access: 'products.delete' },
  {
    field: 'Query.productSuppliers',
    method: 'GET',
    path: '/products/:productId/suppliers',
    access: 'products.view',
  },
  {
    field: 'Mutation.linkProductSupplier',
    method: 'POST',
    path: '/products/:productId/suppliers',
    access: 'products.edit',
    status: 201,
  },
  {
    field: 'Mutation.updateProductSupplier',
    method: 'PUT',
    path: '/products/:productId/suppliers/:supplierId',
    access: 'products.edit',
  },
  {
    field: 'Mutation.unlinkProductSupplier',
    method: 'DELETE',
    path: '/products/:productId/suppliers/:supplierId',
    access: 'products.edit',
  },
  // Departments
  { field: 'Query.departments', method: 'GET', path: '/departments', access: 'products.view' },
  {
    field: 'Mutation.createDepartment',
    method: 'POST',
    path: '/departments',
    access: 'products.create',
    status: 201,
  },
  { field: 'Mutation.updateDepartment', method: 'PUT', path: '/departments/:id', access: 'products.edit' },
  {
    field: 'Mutation.deleteDepartment',
    method: 'DELETE',
    path: '/departments/:id',
    access: 'products.delete',
  },
  // Suppliers (`GET /suppliers/:id` is not in the reference: every client needs the single read)
  { field: 'Query.suppliers', method: 'GET', path: '/suppliers', access: 'suppliers.view' },
  { field: 'Query.supplier', method: 'GET', path: '/suppliers/:id', access: 'suppliers.view' },
  {
    field: 'Mutation.createSupplier',
    method: 'POST',
    path: '/suppliers',
    access: 'suppliers.create',
    status: 201,
  },
  { field: 'Mutation.updateSupplier', method: 'PUT', path: '/suppliers/:id', access: 'suppliers.edit' },
  { field: 'Mutation.deleteSupplier', method: 'DELETE', path: '/suppliers/:id', access: 'suppliers.delete' },
  // Customers
  { field: 'Query.customers', method: 'GET', path: '/customers', access: 'customers.view' },
  { field: 'Query.customer', method: 'GET', path: '/customers/:id', access: 'customers.view' },
  {
    field: 'Mutation.createCustomer',
    method: 'POST',
    path: '/customers',
    access: 'customers.create',
    status: 201,
  },
  { field: 'Mutation.updateCustomer', method: 'PUT', path: '/customers/:id', access: 'customers.edit' },
  { field: 'Mutation.deleteCustomer', method: 'DELETE', path: '/customers/:id', access: 'customers.edit' },
  // Sales reps
  { field: 'Query.salesReps', method: 'GET', path: '/sales-reps', access: 'sales_reps.view' },
  { field: 'Query.salesRep', method: 'GET', path: '/sales-reps/:id', access: 'sales_reps.view' },
  {
    field: 'Mutation.createSalesRep',
    method: 'POST',
    path: '/sales-reps',
    access: 'sales_reps.create',
    status: 201,
  },
  { field: 'Mutation.updateSalesRep', method: 'PUT', path: '/sales-reps/:id', access: 'sales_reps.edit' },
  {
    field: 'Mutation.toggleSalesRepActive',
    method: 'PATCH',
    path: '/sales-reps/:id/toggle-active',
    access: 'sales_reps.edit',
  },
  {
    field: 'Mutation.deleteSalesRep',
    method: 'DELETE',
    path: '/sales-reps/:id',
    access: 'sales_reps.delete',
  },
  // Stores (never deleted: PUT with isActive false closes one)
  { field: 'Query.stores', method: 'GET', path: '/stores', access: 'stores.view' },
  { field: 'Query.currentStore', method: 'GET', path: '/stores/current', access: 'signed-in' },
  { field: 'Query.storeDashboard', method: 'GET', path: '/stores/dashboard', access: 'stores.view' },
  { field: 'Mutation.createStore', method: 'POST', path: '/stores', access: 'stores.create', status: 201 },
  { field: 'Mutation.updateStore', method: 'PUT', path: '/stores/:id', access: 'stores.edit' },
  {
    field: 'Mutation.issueSyncToken',
    method: 'POST',
    path: '/stores/:id/sync-token',
    access: 'stores.edit',
    status: 201,
  },
  // Tenders
  { field: 'Query.tenders', method: 'GET', path: '/tenders', access: 'tenders.view' },
  { field: 'Mutation.createTender', method: 'POST', path: '/tenders', access: 'tenders.manage', status: 201 },
  { field: 'Mutation.updateTender', method: 'PUT', path: '/tenders/:id', access: 'tenders.manage' },
  { field: 'Mutation.deleteTender', method: 'DELETE', path: '/tenders/:id', access: 'tenders.manage' },
  // Taxes (the /taxes/groups routes first: `/taxes/:id` would match `/taxes/groups` too)
  { field: 'Query.taxGroups', method: 'GET', path: '/taxes/groups', access: 'taxes.view' },
  { field: 'Query.taxGroup', method: 'GET', path: '/taxes/groups/:id', access: 'taxes.view' },
  {
    field: 'Mutation.createTaxGroup',
    method: 'POST',
    path: '/taxes/groups',
    access: 'taxes.manage',
    status: 201,
  },
  { field: 'Mutation.updateTaxGroup', method: 'PUT', path: '/taxes/groups/:id', access: 'taxes.manage' },
  { field: 'Mutation.deleteTaxGroup', method: 'DELETE', path: '/taxes/groups/:id', access: 'taxes.manage' },
  { field: 'Query.taxRates', method: 'GET', path: '/taxes', access: 'taxes.view' },
  { field: 'Mutation.createTaxRate', method: 'POST', path: '/taxes', access: 'taxes.manage', status: 201 },
  { field: 'Mutation.updateTaxRate', method: 'PUT', path: '/taxes/:id', access: 'taxes.manage' },
  { field: 'Mutation.deleteTaxRate', method: 'DELETE', path: '/taxes/:id', access: 'taxes.manage' },
  // Users
  { field: 'Query.users', method: 'GET', path: '/users', access: 'users.view' },
  { field: 'Query.storeEmployees', method: 'GET', path: '/users/store-employees', access: 'signed-in' },
  { field: 'Mutation.createUser', method: 'POST', path: '/users', access: 'users.create', status: 201 },
  { field: 'Mutation.updateUser', method: 'PUT', path: '/users/:id', access: 'users.edit' },
  // Roles
  { field: 'Query.roles', method: 'GET', path: '/roles', access: 'roles.view' },
  { field: 'Query.permissions', method: 'GET', path: '/roles/permissions/all', access: 'roles.view' },
  { field: 'Mutation.createRole', method: 'POST', path: '/roles', access: 'roles.manage', status: 201 },
  { field: 'Mutation.updateRole', method: 'PUT', path: '/roles/:id', access: 'roles.manage' },
  {
    field: 'Mutation.setRolePermissions',
    method: 'PUT',
    path: '/roles/:id/permissions',
    access: 'roles.manage',
  },
  // Store prices (POST is an upsert: 200 whether it created or replaced the override)
  {
    field: 'Query.storePrices',
    method: 'GET',
    path: '/store-prices',
    access: 'store_prices.view',
    query: { store_id: 'storeId', product_id: 'productId' },
  },
  { field: 'Mutation.setStorePrice', method: 'POST', path: '/store-prices', access: 'store_prices.manage' },
  {
    field: 'Mutation.deleteStorePrice',
    method: 'DELETE',
    path: '/store-prices/:id',
    access: 'store_prices.manage',
  },
  // Specials
  { field: 'Query.specials', method: 'GET', path: '/specials', access: 'specials.view' },
  {
    field: 'Query.activeSpecials',
    method: 'GET',
    path: '/specials/active',
    access: 'specials.view',
    query: { store_id: 'storeId' },
  },
  {
    field: 'Mutation.createSpecial',
    method: 'POST',
    path: '/specials',
    access: 'specials.manage',
    status: 201,
  },
  { field: 'Mutation.updateSpecial', method: 'PUT', path: '/specials/:id', access: 'specials.manage' },
  { field: 'Mutation.deleteSpecial', method: 'DELETE', path: '/specials/:id', access: 'specials.manage' },
  // Registers
  {
    field: 'Query.registers',
    method: 'GET',
    path: '/registers',
    access: 'registers.view',
    query: { store_id: 'storeId', terminal_id: 'terminalId', status: 'status' },
  },
  { field: 'Query.currentRegister', method: 'GET', path: '/registers/current', access: 'signed-in' },
  {
    field: 'Mutation.openRegister',
    method: 'POST',
    path: '/registers/open',
    access: 'registers.open',
    status: 201,
  },
  { field: 'Mutation.closeRegister', method: 'POST', path: '/registers/close', access: 'registers.close' },
  {
    field: 'Mutation.closeRegisterSession',
    method: 'PUT',
    path: '/registers/:id/close',
    access: 'registers.close',
  },
  // Sales
  {
    field: 'Query.sales',
    method: 'GET',
    path: '/sales',
    access: 'pos.sell',
    query: {
      date_from: 'dateFrom',
      date_to: 'dateTo',
      store_id: 'storeId',
      status: 'status',
      terminal_id: 'terminalId',
      cashier_id: 'cashierId',
    },
  },
  { field: 'Mutation.createSale', method: 'POST', path: '/sales', access: 'pos.sell', status: 201 },
  { field: 'Mutation.voidSale', method: 'PUT', path: '/sales/:id/void', access: 'pos.void' },
  { field: 'Query.saleReceipt', method: 'POST', path: '/sales/print', access: 'pos.sell' },
  // Reports (the register ones; the others come with the reporting issue)
  {
    field: 'Query.xReport',
    method: 'GET',
    path: '/reports/x-report',
    access: 'reports.x_report',
    query: { session_id: 'sessionId' },
  },
  {
    field: 'Query.zReport',
    method: 'GET',
    path: '/reports/z-report',
    access: 'reports.z_report',
    query: { session_id: 'sessionId' },
  },
  // Inventory (`GET /inventory/movements` is not in the reference: the ledger, for audits)
  {
    field: 'Query.inventory',
    method: 'GET',
    path: '/inventory',
    access: 'inventory.view',
    query: { store_id: 'storeId', product_id: 'productId', low_stock: 'lowStock' },
  },
  {
    field: 'Query.crossStoreInventory',
    method: 'GET',
    path: '/inventory/cross-store',
    access: 'inventory.view',
    query: { product_id: 'productId' },
  },
  {
    field: 'Query.stockMovements',
    method: 'GET',
    path: '/inventory/movements',
    access: 'inventory.view',
    query: { store_id: 'storeId', product_id: 'productId', reference_id: 'referenceId' },
  },
  {
    field: 'Mutation.adjustStock',
    method: 'POST',
    path: '/inventory/adjustments',
    access: 'inventory.adjust',
    status: 201,
  },
  // Sync (HQ only): store servers with their sync token; the dashboard routes for users. The reference
  // says "JWT" for the latter; they need stores.view (read) or stores.edit (repair) at every store,
  // because parked events carry every store's sales.
  {
    field: 'Query.syncPull',
    method: 'GET',
    path: '/sync/pull',
    access: 'sync-token',
    query: { entity_type: 'entityType' },
  },
  { field: 'Mutation.syncPush', method: 'POST', path: '/sync/push', access: 'sync-token' },
  { field: 'Query.syncStatus', method: 'GET', path: '/sync/status', access: 'sync-token' },
  // Not in the reference: a store server's sign-in of a user it holds no credential material for.
  { field: 'Mutation.verifyStoreSignIn', method: 'POST', path: '/sync/verify-sign-in', access: 'sync-token' },
  { field: 'Query.syncDashboard', method: 'GET', path: '/sync/dashboard', access: 'stores.view' },
  {
    field: 'Query.syncErrors',
    method: 'GET',
    path: '/sync/errors',
    access: 'stores.view',
    query: { store_id: 'storeId' },
  },
  { field: 'Mutation.retrySyncError', method: 'POST', path: '/sync/retry/:id', access: 'stores.edit' },
  { field: 'Mutation.resolveSyncError', method: 'POST', path: '/sync/resolve/:id', access: 'stores.edit' },
  { field: 'Mutation.retryAllSyncErrors', method: 'POST', path: '/sync/retry-all', access: 'stores.edit' },
];
