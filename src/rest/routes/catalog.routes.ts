// REST routes of the catalogue (services/catalog): products and their suppliers, departments, suppliers, tenders. Listed in order by index.ts.
import { section } from './route.js';

export const PRODUCT_SECTION = section(
  'Products',
  'The catalogue: products, their barcodes and their suppliers.',
  [
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
      failures: [409],
    },
    {
      field: 'Mutation.updateProduct',
      method: 'PUT',
      path: '/products/:id',
      access: 'products.edit',
      failures: [409],
    },
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
      failures: [409],
    },
    {
      field: 'Mutation.updateProductSupplier',
      method: 'PUT',
      path: '/products/:productId/suppliers/:supplierId',
      access: 'products.edit',
      failures: [409],
    },
    {
      field: 'Mutation.unlinkProductSupplier',
      method: 'DELETE',
      path: '/products/:productId/suppliers/:supplierId',
      access: 'products.edit',
    },
  ],
);

export const DEPARTMENT_SECTION = section(
  'Departments',
  'Departments group products for reports and specials.',
  [
    { field: 'Query.departments', method: 'GET', path: '/departments', access: 'products.view' },
    {
      field: 'Mutation.createDepartment',
      method: 'POST',
      path: '/departments',
      access: 'products.create',
      status: 201,
      failures: [409],
    },
    {
      field: 'Mutation.updateDepartment',
      method: 'PUT',
      path: '/departments/:id',
      access: 'products.edit',
      failures: [409],
    },
    {
      field: 'Mutation.deleteDepartment',
      method: 'DELETE',
      path: '/departments/:id',
      access: 'products.delete',
      failures: [409],
    },
  ],
);

// `GET /suppliers/:id` is not in the reference: every client needs the single read.
export const SUPPLIER_SECTION = section('Suppliers', 'Who the shops buy from.', [
  { field: 'Query.suppliers', method: 'GET', path: '/suppliers', access: 'suppliers.view' },
  { field: 'Query.supplier', method: 'GET', path: '/suppliers/:id', access: 'suppliers.view' },
  {
    field: 'Mutation.createSupplier',
    method: 'POST',
    path: '/suppliers',
    access: 'suppliers.create',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateSupplier',
    method: 'PUT',
    path: '/suppliers/:id',
    access: 'suppliers.edit',
    failures: [409],
  },
  {
    field: 'Mutation.deleteSupplier',
    method: 'DELETE',
    path: '/suppliers/:id',
    access: 'suppliers.delete',
    failures: [409],
  },
]);

export const TENDER_SECTION = section('Tenders', 'The ways a customer pays (cash, card, ...).', [
  { field: 'Query.tenders', method: 'GET', path: '/tenders', access: 'tenders.view' },
  {
    field: 'Mutation.createTender',
    method: 'POST',
    path: '/tenders',
    access: 'tenders.manage',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateTender',
    method: 'PUT',
    path: '/tenders/:id',
    access: 'tenders.manage',
    failures: [409],
  },
  {
    field: 'Mutation.deleteTender',
    method: 'DELETE',
    path: '/tenders/:id',
    access: 'tenders.manage',
    failures: [409],
  },
]);
