// REST routes of the catalogue (services/catalog): products and their suppliers, departments, suppliers, tenders. Listed in order by index.ts.
import type { RestRoute } from './route.js';

/** Products */
export const PRODUCT_ROUTES: RestRoute[] = [
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
];

/** Departments */
export const DEPARTMENT_ROUTES: RestRoute[] = [
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
];

/** Suppliers (`GET /suppliers/:id` is not in the reference: every client needs the single read) */
export const SUPPLIER_ROUTES: RestRoute[] = [
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
];

/** Tenders */
export const TENDER_ROUTES: RestRoute[] = [
  { field: 'Query.tenders', method: 'GET', path: '/tenders', access: 'tenders.view' },
  { field: 'Mutation.createTender', method: 'POST', path: '/tenders', access: 'tenders.manage', status: 201 },
  { field: 'Mutation.updateTender', method: 'PUT', path: '/tenders/:id', access: 'tenders.manage' },
  { field: 'Mutation.deleteTender', method: 'DELETE', path: '/tenders/:id', access: 'tenders.manage' },
];
