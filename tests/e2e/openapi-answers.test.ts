import { ROUTES, type RestRoute } from '../../src/rest/routes/index';
import { createAccessFixtures, type AccessFixtures } from '../support/access-fixtures';
import { draftPurchaseOrder, sendDraft } from '../support/purchasing';
import { events, issueToken, registerOpened } from '../support/push-events';
import { createSellingFixture, openRegister, saleBody, type SellingFixture } from '../support/selling';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/**
 * Every route of the route table called with real data, its answer checked against the schema the
 * served document gives for its status (TestServer.rest checks every answer so): a success for each,
 * then for each a refusal without a token and one with an unknown query parameter.
 */

let t: TestServer;
let store: TestServer;
let fx: AccessFixtures;
let f: SellingFixture;
let storeAdmin: string;
let employee: TestUser;
let syncToken: string;
let syncStore: { id: string };

beforeAll(async () => {
  t = await startTestServer();
  store = await startTestServer({ mode: 'store' });
  fx = await createAccessFixtures(t);
  f = await createSellingFixture(t);
  storeAdmin = await t.login('admin', '1234', f.store.id);
  employee = await store.userWith(['pos.sell'], { storeId: store.storeId });
  // A store with a server of its own (HQ takes its trading only through sync).
  syncStore = await t.createStore();
  syncToken = await issueToken(t, syncStore.id);
}, 30_000);
afterAll(async () => {
  await store?.close();
  await t?.close();
});

interface Call {
  path: string;
  body?: unknown;
  token?: string;
  /** Another server than HQ (a store server's own routes). */
  on?: TestServer;
}

const created = async (path: string, body: unknown): Promise<string> => {
  const res = await t.rest('POST', path, { token: t.adminToken, body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${JSON.stringify(res.body)}`);
  return res.body.data.id;
};
const code = () => Math.random().toString(36).slice(2, 8).toUpperCase();
const product = () => created('/products', { sku: `S-${code()}`, name: 'Sample', sellPrice: 100 });
/** A PENDING transfer of the fixtures' product, from the fixtures' store to the selling fixture's. */
const transfer = () =>
  created('/transfers', {
    fromStoreId: fx.ids.store,
    toStoreId: f.store.id,
    items: [{ productId: fx.ids.product, quantity: 1000 }],
  });
/** A DRAFT purchase order at the selling fixture's store, with one line of bread. */
const draftOrder = () =>
  draftPurchaseOrder(t, {
    supplierId: fx.ids.supplier,
    storeId: f.store.id,
    items: [{ productId: f.products.bread.id, quantity: 2000 }],
  });
/** The same order walked to `status`. */
const orderAt = async (status: 'SUBMITTED' | 'APPROVED' | 'SENT') => {
  const order = await draftOrder();
  if (status === 'SENT') return sendDraft(t, order.id);
  const steps = status === 'SUBMITTED' ? ['submit'] : ['submit', 'approve'];
  for (const step of steps)
    await t.rest('PATCH', `/purchase-orders/${order.id}/${step}`, { token: t.adminToken });
  return order;
};
const coffeeSale = (receiptNumber: string, terminalId = 'T01') =>
  saleBody(f, [{ product: f.products.coffee }], { receiptNumber, terminalId, payments: undefined });

/** A successful call of each route, by its GraphQL field (rows it changes are its own where it destroys). */
const SAMPLES: Record<string, () => Promise<Call>> = {
  'Mutation.login': async () => ({ path: '/auth/login', body: { username: 'admin', pin: '1234' } }),
  'Mutation.pinLogin': async () => ({ path: '/auth/pin-login', body: { pin: employee.pin }, on: store }),
  'Mutation.refreshToken': async () => {
    const login = await t.rest('POST', '/auth/login', { body: { username: 'admin', pin: '1234' } });
    return { path: '/auth/refresh', body: { refreshToken: login.body.data.refreshToken } };
  },
  'Query.me': async () => ({ path: '/auth/me' }),
  'Mutation.changeCredential': async () => {
    const user = await t.userWith([]);
    return {
      path: '/auth/change-credential',
      token: user.token,
      body: { currentPin: user.pin, newPin: '86427531' },
    };
  },
  'Query.products': async () => ({ path: '/products?page_size=5' }),
  'Query.productByBarcode': async () => ({ path: `/products/barcode/${fx.barcode}` }),
  'Query.product': async () => ({ path: `/products/${fx.ids.product}` }),
  'Mutation.createProduct': async () => ({
    path: '/products',
    body: { sku: `N-${code()}`, name: 'New', sellPrice: 250 },
  }),
  'Mutation.updateProduct': async () => ({ path: `/products/${await product()}`, body: { name: 'Renamed' } }),
  'Mutation.toggleProductActive': async () => ({ path: `/products/${await product()}/toggle-active` }),
  'Mutation.deleteProduct': async () => ({ path: `/products/${await product()}` }),
  'Query.productSuppliers': async () => ({ path: `/products/${fx.ids.product}/suppliers` }),
  'Mutation.linkProductSupplier': async () => ({
    path: `/products/${await product()}/suppliers`,
    body: { supplierId: fx.ids.supplier, supplierSku: 'SUP-1', costPrice: 40 },
  }),
  'Mutation.updateProductSupplier': async () => ({
    path: `/products/${fx.ids.product}/suppliers/${fx.ids.supplier}`,
    body: { costPrice: 45 },
  }),
  'Mutation.unlinkProductSupplier': async () => {
    const id = await product();
    await created(`/products/${id}/suppliers`, { supplierId: fx.ids.supplier });
    return { path: `/products/${id}/suppliers/${fx.ids.supplier}` };
  },
  'Query.departments': async () => ({ path: '/departments' }),
  'Mutation.createDepartment': async () => ({ path: '/departments', body: { name: `Dept ${code()}` } }),
  'Mutation.updateDepartment': async () => ({
    path: `/departments/${fx.ids.department}`,
    body: { code: 'ACC' },
  }),
  'Mutation.deleteDepartment': async () => ({
    path: `/departments/${await created('/departments', { name: `Gone ${code()}` })}`,
  }),
  'Query.suppliers': async () => ({ path: '/suppliers' }),
  'Query.supplier': async () => ({ path: `/suppliers/${fx.ids.supplier}` }),
  'Mutation.createSupplier': async () => ({
    path: '/suppliers',
    body: { name: `Supplier ${code()}`, email: 'a@b.example' },
  }),
  'Mutation.updateSupplier': async () => ({
    path: `/suppliers/${fx.ids.supplier}`,
    body: { phone: '555-0100' },
  }),
  'Mutation.deleteSupplier': async () => ({
    path: `/suppliers/${await created('/suppliers', { name: `Gone ${code()}` })}`,
  }),
  'Query.customers': async () => ({ path: '/customers?search=access' }),
  'Query.customer': async () => ({ path: `/customers/${fx.ids.customer}` }),
  'Mutation.createCustomer': async () => ({
    path: '/customers',
    body: { firstName: 'Ada', lastName: 'Lovelace' },
  }),
  'Mutation.updateCustomer': async () => ({
    path: `/customers/${fx.ids.customer}`,
    body: { notes: 'Regular' },
  }),
  'Mutation.deleteCustomer': async () => ({
    path: `/customers/${await created('/customers', { firstName: 'Gone', lastName: 'Soon' })}`,
  }),
  'Query.salesReps': async () => ({ path: '/sales-reps' }),
  'Query.salesRep': async () => ({ path: `/sales-reps/${fx.ids.salesRep}` }),
  'Mutation.createSalesRep': async () => ({
    path: '/sales-reps',
    body: { code: `R${code()}`, firstName: 'Sam', lastName: 'Seller' },
  }),
  'Mutation.updateSalesRep': async () => ({
    path: `/sales-reps/${fx.ids.salesRep}`,
    body: { phone: '555-0101' },
  }),
  'Mutation.toggleSalesRepActive': async () => ({
    path: `/sales-reps/${await created('/sales-reps', { code: `T${code()}`, firstName: 'T', lastName: 'T' })}/toggle-active`,
  }),
  'Mutation.deleteSalesRep': async () => ({
    path: `/sales-reps/${await created('/sales-reps', { code: `D${code()}`, firstName: 'D', lastName: 'D' })}`,
  }),
  'Query.stores': async () => ({ path: '/stores' }),
  'Query.currentStore': async () => ({ path: '/stores/current', token: storeAdmin }),
  'Query.storeDashboard': async () => ({ path: '/stores/dashboard' }),
  'Mutation.createStore': async () => ({
    path: '/stores',
    body: { code: `N${code()}`, name: 'New', timezone: 'Asia/Tokyo' },
  }),
  'Mutation.updateStore': async () => ({ path: `/stores/${fx.ids.store}`, body: { phone: '555-0102' } }),
  'Mutation.issueSyncToken': async () => ({ path: `/stores/${(await t.createStore()).id}/sync-token` }),
  'Query.tenders': async () => ({ path: '/tenders' }),
  'Mutation.createTender': async () => ({
    path: '/tenders',
    body: { code: `G${code()}`, name: 'Gift card', isCash: false },
  }),
  'Mutation.updateTender': async () => ({ path: `/tenders/${fx.ids.tender}`, body: { sortOrder: 3 } }),
  'Mutation.deleteTender': async () => ({
    path: `/tenders/${await created('/tenders', { code: `X${code()}`, name: 'Gone', isCash: false })}`,
  }),
  'Query.taxGroups': async () => ({ path: '/taxes/groups' }),
  'Query.taxGroup': async () => ({ path: `/taxes/groups/${fx.ids.taxGroup}` }),
  'Mutation.createTaxGroup': async () => ({
    path: '/taxes/groups',
    body: { name: `Group ${code()}`, rates: [{ taxRateId: fx.ids.taxRate, sortOrder: 0 }] },
  }),
  'Mutation.updateTaxGroup': async () => ({
    path: `/taxes/groups/${fx.ids.taxGroup}`,
    body: { name: 'Access group 2' },
  }),
  'Mutation.deleteTaxGroup': async () => ({
    path: `/taxes/groups/${await created('/taxes/groups', { name: `Gone ${code()}`, rates: [] })}`,
  }),
  'Query.taxRates': async () => ({ path: '/taxes' }),
  'Mutation.createTaxRate': async () => ({
    path: '/taxes',
    body: { name: `Rate ${code()}`, rate: 300, isCompound: false },
  }),
  'Mutation.updateTaxRate': async () => ({
    path: `/taxes/${fx.ids.taxRate}`,
    body: { name: 'Access rate 2' },
  }),
  'Mutation.deleteTaxRate': async () => ({
    path: `/taxes/${await created('/taxes', { name: `Gone ${code()}`, rate: 100, isCompound: false })}`,
  }),
  'Query.users': async () => ({ path: '/users' }),
  'Query.storeEmployees': async () => ({ path: '/users/store-employees', token: storeAdmin }),
  'Mutation.createUser': async () => ({
    path: '/users',
    body: { username: `u-${code()}`, displayName: 'New user', password: 'a long pass phrase' },
  }),
  'Mutation.updateUser': async () => ({
    path: `/users/${fx.ids.user}`,
    body: { displayName: 'Renamed user' },
  }),
  'Query.roles': async () => ({ path: '/roles' }),
  'Query.permissions': async () => ({ path: '/roles/permissions/all' }),
  'Mutation.createRole': async () => ({
    path: '/roles',
    body: { name: `Role ${code()}`, permissions: ['pos.sell'] },
  }),
  'Mutation.updateRole': async () => ({ path: `/roles/${fx.ids.role}`, body: { description: 'Viewers' } }),
  'Mutation.setRolePermissions': async () => ({
    path: `/roles/${fx.ids.role}/permissions`,
    body: { permissions: ['products.view', 'stores.view'] },
  }),
  'Query.storePrices': async () => ({ path: `/store-prices?store_id=${fx.ids.store}` }),
  'Mutation.setStorePrice': async () => ({
    path: '/store-prices',
    body: { storeId: fx.ids.store, productId: fx.ids.product, sellPrice: 95 },
  }),
  'Mutation.deleteStorePrice': async () => ({
    path: `/store-prices/${await created('/store-prices', { storeId: f.store.id, productId: fx.ids.product, sellPrice: 85 })}`,
  }),
  'Query.purchaseOrders': async () => ({ path: `/purchase-orders?store_id=${f.store.id}&status=DRAFT` }),
  'Query.purchaseOrder': async () => ({ path: `/purchase-orders/${fx.ids.purchaseOrder}` }),
  'Mutation.createPurchaseOrder': async () => ({
    path: '/purchase-orders',
    body: {
      supplierId: fx.ids.supplier,
      storeId: f.store.id,
      expectedDate: '2030-02-01',
      notes: 'Sample',
      items: [{ productId: f.products.coffee.id, quantity: 1500, unitCost: 333 }],
    },
  }),
  'Mutation.updatePurchaseOrder': async () => ({
    path: `/purchase-orders/${(await draftOrder()).id}`,
    body: { notes: 'Call before delivery', expectedDate: null },
  }),
  'Mutation.submitPurchaseOrder': async () => ({
    path: `/purchase-orders/${(await draftOrder()).id}/submit`,
  }),
  'Mutation.approvePurchaseOrder': async () => ({
    path: `/purchase-orders/${(await orderAt('SUBMITTED')).id}/approve`,
  }),
  'Mutation.sendPurchaseOrder': async () => ({
    path: `/purchase-orders/${(await orderAt('APPROVED')).id}/send`,
  }),
  'Mutation.receivePurchaseOrder': async () => {
    const order = await orderAt('SENT');
    return {
      path: `/purchase-orders/${order.id}/receive`,
      body: { items: [{ itemId: order.items[0].id, quantityReceived: 1000, unitCost: 170 }], note: 'Half' },
    };
  },
  'Mutation.cancelPurchaseOrder': async () => ({
    path: `/purchase-orders/${(await orderAt('SENT')).id}/cancel`,
  }),
  'Mutation.deletePurchaseOrder': async () => ({ path: `/purchase-orders/${(await draftOrder()).id}` }),
  'Mutation.addPurchaseOrderItem': async () => ({
    path: `/purchase-orders/${(await draftOrder()).id}/items`,
    body: { productId: f.products.watch.id, quantity: 1000 },
  }),
  'Mutation.updatePurchaseOrderItem': async () => {
    const order = await draftOrder();
    return { path: `/purchase-orders/${order.id}/items/${order.items[0].id}`, body: { quantity: 3000 } };
  },
  'Mutation.removePurchaseOrderItem': async () => {
    const order = await draftOrder();
    return { path: `/purchase-orders/${order.id}/items/${order.items[0].id}` };
  },
  'Query.specials': async () => ({ path: '/specials' }),
  'Mutation.createSpecial': async () => ({
    path: '/specials',
    body: { productId: fx.ids.product, specialPrice: 70, startDate: '2030-01-01', endDate: '2030-01-31' },
  }),
  'Query.activeSpecials': async () => ({ path: `/specials/active?store_id=${fx.ids.store}` }),
  'Mutation.updateSpecial': async () => ({
    path: `/specials/${fx.ids.special}`,
    body: { description: 'Summer' },
  }),
  'Mutation.deleteSpecial': async () => ({
    path: `/specials/${await created('/specials', { productId: fx.ids.product, specialPrice: 60, startDate: '2031-01-01', endDate: '2031-01-02' })}`,
  }),
  'Query.registers': async () => ({ path: `/registers?store_id=${f.store.id}` }),
  'Query.currentRegister': async () => ({
    path: `/registers/current?terminal_id=ACCESS&store_id=${fx.ids.store}`,
    token: t.adminToken,
  }),
  'Mutation.openRegister': async () => ({
    path: '/registers/open',
    token: f.cashier.token,
    body: { storeId: f.store.id, terminalId: 'T01', openingAmount: 10_000 },
  }),
  'Mutation.closeRegister': async () => {
    await openRegister(t, f, 'T02');
    return {
      path: '/registers/close',
      token: f.cashier.token,
      body: { storeId: f.store.id, terminalId: 'T02', declaredCash: 10_000 },
    };
  },
  'Mutation.closeRegisterSession': async () => {
    const session = await openRegister(t, f, 'T03');
    closedSession = session.id;
    return { path: `/registers/${session.id}/close`, token: f.cashier.token, body: { declaredCash: 9_900 } };
  },
  'Query.sales': async () => ({ path: `/sales?store_id=${f.store.id}`, token: f.cashier.token }),
  'Mutation.createSale': async () => ({
    path: '/sales',
    token: f.cashier.token,
    body: coffeeSale('SAMPLE-1'),
  }),
  'Mutation.voidSale': async () => {
    const sale = await t.rest('POST', '/sales', { token: f.cashier.token, body: coffeeSale('SAMPLE-2') });
    return {
      path: `/sales/${sale.body.data.id}/void`,
      token: f.cashier.token,
      body: { reason: 'Rang twice' },
    };
  },
  'Query.saleReceipt': async () => ({ path: '/sales/print', body: { saleId: fx.ids.sale } }),
  'Query.saleRefundable': async () => ({ path: `/sales/${fx.ids.sale}/refundable` }),
  'Mutation.createRefund': async () => {
    const sale = await t.rest('POST', '/sales', { token: f.cashier.token, body: coffeeSale('SAMPLE-3') });
    return {
      path: '/refunds',
      body: {
        saleId: sale.body.data.id,
        receiptNumber: 'SAMPLE-REFUND-1',
        terminalId: 'T01',
        cashierId: f.cashier.id,
        storeId: f.store.id,
        reason: 'Damaged box',
        items: [{ saleItemId: sale.body.data.items[0].id, quantity: 1000, disposition: 'DAMAGED' }],
        payments: [{ method: f.tenders.cash, amount: sale.body.data.grandTotal }],
      },
    };
  },
  'Query.refunds': async () => ({ path: `/refunds?store_id=${f.store.id}` }),
  'Query.syncSale': async () => ({ path: `/sync/sale?id=${fx.ids.sale}`, token: syncToken }),
  'Query.xReport': async () => ({ path: `/reports/x-report?session_id=${fx.ids.registerSession}` }),
  'Query.zReport': async () => ({ path: `/reports/z-report?session_id=${closedSession}` }),
  'Query.inventory': async () => ({ path: `/inventory?store_id=${fx.ids.store}` }),
  'Query.crossStoreInventory': async () => ({ path: `/inventory/cross-store?product_id=${fx.ids.product}` }),
  'Query.stockMovements': async () => ({ path: `/inventory/movements?product_id=${fx.ids.product}` }),
  'Mutation.adjustStock': async () => ({
    path: '/inventory/adjustments',
    body: { storeId: fx.ids.store, productId: fx.ids.product, newQuantity: 3000, reason: 'PHYSICAL_COUNT' },
  }),
  'Query.transfers': async () => ({ path: `/transfers?store_id=${fx.ids.store}` }),
  'Query.transfer': async () => ({ path: `/transfers/${fx.ids.transfer}` }),
  'Mutation.createTransfer': async () => ({
    path: '/transfers',
    body: {
      fromStoreId: fx.ids.store,
      toStoreId: f.store.id,
      notes: 'Sample',
      items: [{ productId: fx.ids.product, quantity: 1000 }],
    },
  }),
  'Mutation.sendTransfer': async () => ({
    path: `/transfers/${await transfer()}/send`,
    body: { note: 'Van' },
  }),
  'Mutation.receiveTransfer': async () => {
    const id = await transfer();
    const sent = await t.rest('PUT', `/transfers/${id}/send`, { token: t.adminToken, body: {} });
    return {
      path: `/transfers/${id}/receive`,
      body: {
        items: [{ itemId: sent.body.data.items[0].id, quantityReceived: 500, quantityDamaged: 250 }],
        complete: true,
        note: 'Short',
      },
    };
  },
  'Mutation.cancelTransfer': async () => ({ path: `/transfers/${await transfer()}/cancel`, body: {} }),
  'Query.syncPull': async () => ({ path: '/sync/pull', token: syncToken }),
  'Mutation.syncPush': async () => ({
    path: '/sync/push',
    token: syncToken,
    body: {
      events: events(1, [
        { type: 'register.opened', payload: registerOpened({ ...f, store: { ...f.store, ...syncStore } }) },
      ]),
    },
  }),
  'Query.syncStatus': async () => ({ path: '/sync/status', token: syncToken }),
  'Mutation.verifyStoreSignIn': async () => ({
    path: '/sync/verify-sign-in',
    token: syncToken,
    body: { username: 'admin', pin: '1234' },
  }),
  'Query.syncDashboard': async () => ({ path: '/sync/dashboard' }),
  'Query.syncErrors': async () => ({ path: '/sync/errors' }),
  'Mutation.retrySyncError': async () => ({ path: `/sync/retry/${fx.ids.syncError}` }),
  'Mutation.resolveSyncError': async () => ({
    path: `/sync/resolve/${fx.ids.syncError}`,
    body: { note: 'Known' },
  }),
  'Mutation.retryAllSyncErrors': async () => ({ path: '/sync/retry-all', body: { storeId: f.store.id } }),
};
let closedSession = '';

const call = (route: RestRoute, c: Call) =>
  (c.on ?? t).rest(route.method, c.path, { token: c.token ?? t.adminToken, body: c.body });

describe('every route of the route table', () => {
  it('has a sample call', () => {
    expect(ROUTES.filter((r) => !SAMPLES[r.field]).map((r) => r.field)).toEqual([]);
    expect(Object.keys(SAMPLES).length).toBe(ROUTES.length);
  });

  it('answers its sample with its documented success, body as documented', async () => {
    for (const route of ROUTES) {
      const res = await call(route, await SAMPLES[route.field]());
      const error = res.status >= 300 ? res.body.error : undefined;
      expect([route.field, res.status, error]).toEqual([route.field, route.status ?? 200, undefined]);
    }
  }, 60_000);

  it('answers without a token, or with an unknown query parameter, as documented', async () => {
    for (const route of ROUTES) {
      const sample = await SAMPLES[route.field]();
      const anonymous = await (sample.on ?? t).rest(route.method, sample.path, { body: sample.body });
      if (route.access !== 'public')
        expect([route.field, anonymous.status, anonymous.body.code]).toEqual([
          route.field,
          401,
          'UNAUTHENTICATED',
        ]);
      const unknown = await call(route, {
        ...sample,
        path: `${sample.path}${sample.path.includes('?') ? '&' : '?'}zz=1`,
      });
      expect([route.field, unknown.status, unknown.body.field]).toEqual([route.field, 400, 'zz']);
    }
  }, 60_000);
});
