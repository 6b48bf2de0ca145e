// REST routes of sync (src/sync/hq): the store servers' routes and the dashboard's. Listed in order by index.ts.
import { section } from './route.js';

// The reference says "JWT" for the dashboard routes; they need stores.view (read) or stores.edit (repair) at
// every store, because parked events carry every store's sales.
export const SYNC_SECTION = section(
  'Sync',
  'HQ only. Store servers call the pull, push and status routes with their sync token; users with stores.view or stores.edit at every store watch and repair sync.',
  [
    {
      field: 'Query.syncPull',
      method: 'GET',
      path: '/sync/pull',
      access: 'sync-token',
    },
    { field: 'Mutation.syncPush', method: 'POST', path: '/sync/push', access: 'sync-token', failures: [409] },
    { field: 'Query.syncStatus', method: 'GET', path: '/sync/status', access: 'sync-token' },
    // Not in the reference: a store server's sign-in of a user it holds no credential material for.
    {
      field: 'Mutation.verifyStoreSignIn',
      method: 'POST',
      path: '/sync/verify-sign-in',
      access: 'sync-token',
    },
    // Not in the reference (issue 14): a store server refunding a sale it does not hold asks HQ for it.
    { field: 'Query.syncSale', method: 'GET', path: '/sync/sale', access: 'sync-token', failures: [404] },
    { field: 'Query.syncDashboard', method: 'GET', path: '/sync/dashboard', access: 'stores.view' },
    {
      field: 'Query.syncErrors',
      method: 'GET',
      path: '/sync/errors',
      access: 'stores.view',
    },
    {
      field: 'Mutation.retrySyncError',
      method: 'POST',
      path: '/sync/retry/:id',
      access: 'stores.edit',
      failures: [409],
    },
    {
      field: 'Mutation.resolveSyncError',
      method: 'POST',
      path: '/sync/resolve/:id',
      access: 'stores.edit',
      failures: [409],
    },
    { field: 'Mutation.retryAllSyncErrors', method: 'POST', path: '/sync/retry-all', access: 'stores.edit' },
  ],
);
