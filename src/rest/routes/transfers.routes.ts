// REST routes of transfers (services/transfers). Listed in order by index.ts.
import { section } from './route.js';

export const TRANSFER_SECTION = section(
  'Transfers',
  'Stock sent from one store to another: created, sent and cancelled by the source, received by the destination.',
  [
    {
      field: 'Query.transfers',
      method: 'GET',
      path: '/transfers',
      access: 'transfers.view',
    },
    {
      field: 'Query.transfer',
      method: 'GET',
      path: '/transfers/:id',
      access: 'transfers.view',
      failures: [404],
    },
    {
      field: 'Mutation.createTransfer',
      method: 'POST',
      path: '/transfers',
      access: 'transfers.create',
      status: 201,
      failures: [404, 409, 422],
    },
    {
      field: 'Mutation.sendTransfer',
      method: 'PUT',
      path: '/transfers/:id/send',
      access: 'transfers.send',
      failures: [404, 409],
    },
    {
      field: 'Mutation.receiveTransfer',
      method: 'PUT',
      path: '/transfers/:id/receive',
      access: 'transfers.receive',
      failures: [404, 409, 422],
    },
    {
      field: 'Mutation.cancelTransfer',
      method: 'PUT',
      path: '/transfers/:id/cancel',
      access: 'transfers.create',
      failures: [404, 409],
    },
  ],
);
