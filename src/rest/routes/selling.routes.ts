// REST routes of sales (services/selling). Listed in order by index.ts.
import type { RestRoute } from './route.js';

/** Sales */
export const SALE_ROUTES: RestRoute[] = [
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
];
