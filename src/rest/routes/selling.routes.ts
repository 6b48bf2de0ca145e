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

// Not in the reference (issue 14): refunds, each a sale of type REFUND.
export const REFUND_SECTION = section(
  'Refunds',
  'Refunds of earlier sales, line by line against the sale as recorded, at any store, paid out to its tenders.',
  [
    {
      field: 'Query.saleRefundable',
      method: 'GET',
      path: '/sales/:id/refundable',
      access: 'pos.sell',
      failures: [409],
    },
    {
      field: 'Mutation.createRefund',
      method: 'POST',
      path: '/refunds',
      access: 'pos.refund',
      status: 201,
      failures: [404, 409, 422],
    },
    { field: 'Query.refunds', method: 'GET', path: '/refunds', access: 'pos.sell' },
  ],
);
