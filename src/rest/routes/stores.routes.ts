// REST routes of stores (services/stores). Listed in order by index.ts.
import type { RestRoute } from './route.js';

/** Stores (never deleted: PUT with isActive false closes one) */
export const STORE_ROUTES: RestRoute[] = [
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
];
