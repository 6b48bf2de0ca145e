// REST routes of sales (services/selling). Listed in order by index.ts.
import { section } from './route.js';

export const SALE_SECTION = section('Sales', 'Sales rung up at the tills, their receipts and voids.', [
  {
    field: 'Query.sales',
    method: 'GET',
    path: '/sales',
    access: 'pos.sell',
  },
  {
    field: 'Mutation.createSale',
    method: 'POST',
    path: '/sales',
    access: 'pos.sell',
    status: 201,
    failures: [404, 409, 422],
  },
  { field: 'Mutation.voidSale', method: 'PUT', path: '/sales/:id/void', access: 'pos.void', failures: [409] },
  { field: 'Query.saleReceipt', method: 'POST', path: '/sales/print', access: 'pos.sell', failures: [404] },
]);
