// REST routes of people (services/people): customers, sales reps, users, roles. Listed in order by index.ts.
import type { RestRoute } from './route.js';

/** Customers */
export const CUSTOMER_ROUTES: RestRoute[] = [
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
];

/** Sales reps */
export const SALES_REP_ROUTES: RestRoute[] = [
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
];

/** Users */
export const USER_ROUTES: RestRoute[] = [
  { field: 'Query.users', method: 'GET', path: '/users', access: 'users.view' },
  { field: 'Query.storeEmployees', method: 'GET', path: '/users/store-employees', access: 'signed-in' },
  { field: 'Mutation.createUser', method: 'POST', path: '/users', access: 'users.create', status: 201 },
  { field: 'Mutation.updateUser', method: 'PUT', path: '/users/:id', access: 'users.edit' },
];

/** Roles */
export const ROLE_ROUTES: RestRoute[] = [
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
];
