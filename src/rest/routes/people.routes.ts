// REST routes of people (services/people): customers, sales reps, users, roles. Listed in order by index.ts.
import { section } from './route.js';

export const CUSTOMER_SECTION = section('Customers', 'Customers a sale can be made to.', [
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
]);

export const SALES_REP_SECTION = section('Sales Reps', 'Sales representatives credited with sales.', [
  { field: 'Query.salesReps', method: 'GET', path: '/sales-reps', access: 'sales_reps.view' },
  { field: 'Query.salesRep', method: 'GET', path: '/sales-reps/:id', access: 'sales_reps.view' },
  {
    field: 'Mutation.createSalesRep',
    method: 'POST',
    path: '/sales-reps',
    access: 'sales_reps.create',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateSalesRep',
    method: 'PUT',
    path: '/sales-reps/:id',
    access: 'sales_reps.edit',
    failures: [409],
  },
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
]);

export const USER_SECTION = section('Users', 'Staff accounts and their roles per store.', [
  { field: 'Query.users', method: 'GET', path: '/users', access: 'users.view' },
  { field: 'Query.storeEmployees', method: 'GET', path: '/users/store-employees', access: 'signed-in' },
  {
    field: 'Mutation.createUser',
    method: 'POST',
    path: '/users',
    access: 'users.create',
    status: 201,
    failures: [409],
  },
  { field: 'Mutation.updateUser', method: 'PUT', path: '/users/:id', access: 'users.edit', failures: [409] },
]);

export const ROLE_SECTION = section('Roles', 'Roles and the permissions they grant.', [
  { field: 'Query.roles', method: 'GET', path: '/roles', access: 'roles.view' },
  { field: 'Query.permissions', method: 'GET', path: '/roles/permissions/all', access: 'roles.view' },
  {
    field: 'Mutation.createRole',
    method: 'POST',
    path: '/roles',
    access: 'roles.manage',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateRole',
    method: 'PUT',
    path: '/roles/:id',
    access: 'roles.manage',
    failures: [409],
  },
  {
    field: 'Mutation.setRolePermissions',
    method: 'PUT',
    path: '/roles/:id/permissions',
    access: 'roles.manage',
  },
]);
