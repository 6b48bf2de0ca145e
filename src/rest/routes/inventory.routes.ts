// REST routes of inventory (services/inventory). Listed in order by index.ts.
import { section } from './route.js';

// `GET /inventory/movements` is not in the reference: the ledger, for audits.
export const INVENTORY_SECTION = section(
  'Inventory',
  'Stock on hand per store, the stock ledger, adjustments.',
  [
    {
      field: 'Query.inventory',
      method: 'GET',
      path: '/inventory',
      access: 'inventory.view',
    },
    {
      field: 'Query.crossStoreInventory',
      method: 'GET',
      path: '/inventory/cross-store',
      access: 'inventory.view',
      failures: [404],
    },
    {
      field: 'Query.stockMovements',
      method: 'GET',
      path: '/inventory/movements',
      access: 'inventory.view',
    },
    {
      field: 'Mutation.adjustStock',
      method: 'POST',
      path: '/inventory/adjustments',
      access: 'inventory.adjust',
      status: 201,
      failures: [404, 409, 422],
    },
  ],
);
