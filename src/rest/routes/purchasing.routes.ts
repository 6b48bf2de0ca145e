// REST routes of purchase orders (services/purchasing). Listed in order by index.ts.
import { section } from './route.js';

// Every mutation but receive is HQ's; receive is served by the order's store server too.
export const PURCHASE_ORDER_SECTION = section(
  'Purchase Orders',
  'Goods ordered from suppliers for a store: made and approved at HQ, received at the store into its stock.',
  [
    {
      field: 'Query.purchaseOrders',
      method: 'GET',
      path: '/purchase-orders',
      access: 'purchase_orders.view',
    },
    {
      field: 'Query.purchaseOrder',
      method: 'GET',
      path: '/purchase-orders/:id',
      access: 'purchase_orders.view',
    },
    {
      field: 'Mutation.createPurchaseOrder',
      method: 'POST',
      path: '/purchase-orders',
      access: 'purchase_orders.create',
      status: 201,
      failures: [422],
    },
    {
      field: 'Mutation.updatePurchaseOrder',
      method: 'PUT',
      path: '/purchase-orders/:id',
      access: 'purchase_orders.edit',
      failures: [409, 422],
    },
    {
      field: 'Mutation.submitPurchaseOrder',
      method: 'PATCH',
      path: '/purchase-orders/:id/submit',
      access: 'purchase_orders.create',
      failures: [409],
    },
    {
      field: 'Mutation.approvePurchaseOrder',
      method: 'PATCH',
      path: '/purchase-orders/:id/approve',
      access: 'purchase_orders.approve',
      failures: [409],
    },
    {
      field: 'Mutation.sendPurchaseOrder',
      method: 'PATCH',
      path: '/purchase-orders/:id/send',
      access: 'purchase_orders.edit',
      failures: [409],
    },
    {
      field: 'Mutation.receivePurchaseOrder',
      method: 'PATCH',
      path: '/purchase-orders/:id/receive',
      access: 'purchase_orders.receive',
      failures: [409, 422],
    },
    {
      field: 'Mutation.cancelPurchaseOrder',
      method: 'PATCH',
      path: '/purchase-orders/:id/cancel',
      access: 'purchase_orders.edit',
      failures: [409],
    },
    {
      field: 'Mutation.deletePurchaseOrder',
      method: 'DELETE',
      path: '/purchase-orders/:id',
      access: 'purchase_orders.delete',
      failures: [409],
    },
    {
      field: 'Mutation.addPurchaseOrderItem',
      method: 'POST',
      path: '/purchase-orders/:id/items',
      access: 'purchase_orders.edit',
      status: 201,
      failures: [409, 422],
    },
    {
      field: 'Mutation.updatePurchaseOrderItem',
      method: 'PUT',
      path: '/purchase-orders/:id/items/:itemId',
      access: 'purchase_orders.edit',
      failures: [409, 422],
    },
    {
      field: 'Mutation.removePurchaseOrderItem',
      method: 'DELETE',
      path: '/purchase-orders/:id/items/:itemId',
      access: 'purchase_orders.edit',
      failures: [409],
    },
  ],
);
