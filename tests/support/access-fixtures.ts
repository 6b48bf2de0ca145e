import type { TestServer } from './server';

/**
 * One live row of every kind a route can name, so that access tests call routes on real rows: were the
 * permission check missing, the call would succeed and the table fingerprint would show it.
 */
export interface AccessFixtures {
  ids: Record<FixtureKind, string>;
  barcode: string;
}

type FixtureKind =
  | 'product'
  | 'department'
  | 'taxRate'
  | 'taxGroup'
  | 'supplier'
  | 'store'
  | 'tender'
  | 'customer'
  | 'salesRep'
  | 'storePrice'
  | 'special'
  | 'role'
  | 'user'
  | 'registerSession'
  | 'sale'
  | 'transfer'
  | 'purchaseOrder'
  | 'purchaseOrderItem'
  | 'syncError';

/** Every table a route can write: a refused call must leave each of them byte-identical. */
const WRITABLE_TABLES = [
  'product',
  'department',
  'app_user',
  'role',
  'user_role',
  'refresh_token',
  'tax_rate',
  'tax_group',
  'tax_group_rate',
  'supplier',
  'product_supplier',
  'store',
  'tender',
  'customer',
  'sales_rep',
  'store_price',
  'special',
  'register_session',
  'sale',
  'sale_item',
  'sale_item_tax',
  'sale_payment',
  'purchase_order',
  'purchase_order_item',
  'purchase_order_receipt',
  'inventory_level',
  'stock_movement',
  'transfer',
  'transfer_item',
  'transfer_step',
  'sync_change',
  'store_sync',
  'sync_event',
  'sync_error',
  'sync_outbox_seq',
  'sync_outbox',
  'sync_local_state',
];

/** A fingerprint of every writable table (an md5 of its rows). */
export function fingerprint(t: TestServer): Promise<Array<{ t: string; h: string }>> {
  return t.sql(
    WRITABLE_TABLES.map(
      (table) =>
        `select '${table}' as t, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from "${table}" x`,
    ).join(' union all '),
  );
}

async function create(t: TestServer, path: string, body: unknown): Promise<string> {
  const res = await t.rest('POST', path, { token: t.adminToken, body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
  return res.body.data.id;
}

/** Creates the rows through the API as the admin. */
export async function createAccessFixtures(t: TestServer): Promise<AccessFixtures> {
  const department = await create(t, '/departments', { name: 'Access dept' });
  const taxRate = await create(t, '/taxes', { name: 'Access rate', rate: 500, isCompound: false });
  const taxGroup = await create(t, '/taxes/groups', {
    name: 'Access group',
    rates: [{ taxRateId: taxRate, sortOrder: 1 }],
  });
  const barcode = '990000000001';
  const product = await create(t, '/products', {
    sku: 'ACCESS-1',
    barcode,
    name: 'Access product',
    sellPrice: 100,
    departmentId: department,
    taxGroupId: taxGroup,
  });
  const supplier = await create(t, '/suppliers', { name: 'Access supplier' });
  await create(t, `/products/${product}/suppliers`, { supplierId: supplier });
  const store = await create(t, '/stores', { code: 'ACCESS', name: 'Access store', timezone: 'UTC' });
  const tender = await create(t, '/tenders', { code: 'ACCESS', name: 'Access tender', isCash: false });
  const customer = await create(t, '/customers', { firstName: 'Access', lastName: 'Customer' });
  const salesRep = await create(t, '/sales-reps', { code: 'ACCESS', firstName: 'Access', lastName: 'Rep' });
  const storePrice = await create(t, '/store-prices', { storeId: store, productId: product, sellPrice: 90 });
  const special = await create(t, '/specials', {
    productId: product,
    specialPrice: 80,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  // A level and a movement, so that a refused adjustment would show in the fingerprint.
  await create(t, '/inventory/adjustments', {
    storeId: store,
    productId: product,
    quantity: 5000,
    reason: 'RECEIVED',
  });
  const role = await create(t, '/roles', { name: 'Access role', permissions: ['products.view'] });
  const user = await create(t, '/users', {
    username: 'access-user',
    displayName: 'Access user',
    pin: '80808080',
    roles: [{ roleId: role }],
  });
  const registerSession = await create(t, '/registers/open', {
    storeId: store,
    terminalId: 'ACCESS',
    openingAmount: 1000,
  });
  const [admin] = await t.sql<{ id: string }>(`select id from app_user where username = 'admin'`);
  // The special's 80 applies; 5 % of 80 is 4.
  const sale = await create(t, '/sales', {
    receiptNumber: 'ACCESS-1',
    cashierId: admin.id,
    terminalId: 'ACCESS',
    storeId: store,
    subtotal: 80,
    taxTotal: 4,
    discountTotal: 0,
    grandTotal: 84,
    items: [
      {
        productId: product,
        productName: 'Access product',
        quantity: 1000,
        unitPrice: 80,
        taxRate: 500,
        taxAmount: 4,
        discountAmount: 0,
        lineTotal: 84,
        taxes: [{ taxRateName: 'Access rate', rate: 500, taxAmount: 4, isCompound: false, sortOrder: 1 }],
      },
    ],
    payments: [{ method: 'ACCESS', amount: 84 }],
  });
  // A transfer still PENDING, so that a refused send, receipt or cancel would show in the fingerprint.
  const destination = await create(t, '/stores', {
    code: 'ACCESS2',
    name: 'Access store 2',
    timezone: 'UTC',
  });
  const transfer = await create(t, '/transfers', {
    fromStoreId: store,
    toStoreId: destination,
    items: [{ productId: product, quantity: 1000 }],
  });
  // A draft purchase order with a line, for the routes that name an order or its line.
  const order = await t.rest('POST', '/purchase-orders', {
    token: t.adminToken,
    body: { supplierId: supplier, storeId: store, items: [{ productId: product, quantity: 2000 }] },
  });
  if (order.status !== 201) throw new Error(`/purchase-orders: ${JSON.stringify(order.body)}`);
  // A parked store event (as a push that failed to apply leaves it), for the retry and resolve routes.
  const syncError = '01900000-0000-7000-8000-00000000e001';
  await t.sql(
    `insert into sync_error (id, store_id, seq, event_id, type, occurred_at, payload, code, message)
     values (?, ?, 1, '01900000-0000-7000-8000-00000000e002', 'sale.created', now(), '{}', 'VALIDATION', 'Access fixture')`,
    [syncError, store],
  );
  return {
    barcode,
    ids: {
      syncError,
      registerSession,
      sale,
      transfer,
      purchaseOrder: order.body.data.id,
      purchaseOrderItem: order.body.data.items[0].id,
      product,
      department,
      taxRate,
      taxGroup,
      supplier,
      store,
      tender,
      customer,
      salesRep,
      storePrice,
      special,
      role,
      user,
    },
  };
}

/** Which row an `id` argument of a root field names, from the field's name. */
const ID_OWNERS: Array<[RegExp, FixtureKind]> = [
  [/PurchaseOrder/i, 'purchaseOrder'],
  [/SyncError/i, 'syncError'],
  [/SyncToken/i, 'store'],
  [/RegisterSession/i, 'registerSession'],
  [/Sale$/, 'sale'],
  [/saleRefundable/, 'sale'],
  [/Transfer/i, 'transfer'],
  [/TaxGroup/i, 'taxGroup'],
  [/TaxRate/i, 'taxRate'],
  [/SalesRep/i, 'salesRep'],
  [/StorePrice/i, 'storePrice'],
  [/Special/i, 'special'],
  [/Customer/i, 'customer'],
  [/Tender/i, 'tender'],
  [/Supplier/i, 'supplier'],
  [/Store/i, 'store'],
  [/Department/i, 'department'],
  [/Product/i, 'product'],
  [/Role/i, 'role'],
  [/User/i, 'user'],
];

/** A real value for an argument of a root field: ids name the fixture rows. */
export function fixtureArg(fixtures: AccessFixtures, field: string, arg: string): string | undefined {
  if (arg === 'barcode') return fixtures.barcode;
  if (arg === 'productId') return fixtures.ids.product;
  if (arg === 'supplierId') return fixtures.ids.supplier;
  if (arg === 'storeId') return fixtures.ids.store;
  if (arg === 'sessionId') return fixtures.ids.registerSession;
  if (arg === 'saleId') return fixtures.ids.sale;
  if (arg === 'itemId') return fixtures.ids.purchaseOrderItem;
  if (arg !== 'id') return undefined;
  const owner = ID_OWNERS.find(([pattern]) => pattern.test(field));
  if (!owner) throw new Error(`no fixture for ${field}(id)`);
  return fixtures.ids[owner[1]];
}
