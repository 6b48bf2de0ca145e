// REST routes of stores (services/stores). Listed in order by index.ts.
import { section } from './route.js';

// Never deleted: PUT with isActive false closes one.
export const STORE_SECTION = section('Stores', 'The shops of the chain, and their sync tokens.', [
  { field: 'Query.stores', method: 'GET', path: '/stores', access: 'stores.view' },
  {
    field: 'Query.currentStore',
    method: 'GET',
    path: '/stores/current',
    access: 'signed-in',
    failures: [404],
  },
  { field: 'Query.storeDashboard', method: 'GET', path: '/stores/dashboard', access: 'stores.view' },
  {
    field: 'Mutation.createStore',
    method: 'POST',
    path: '/stores',
    access: 'stores.create',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateStore',
    method: 'PUT',
    path: '/stores/:id',
    access: 'stores.edit',
    failures: [409],
  },
  {
    field: 'Mutation.issueSyncToken',
    method: 'POST',
    path: '/stores/:id/sync-token',
    access: 'stores.edit',
    status: 201,
  },
]);
