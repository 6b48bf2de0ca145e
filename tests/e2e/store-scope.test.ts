import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema } from 'graphql';
import { ROUTES } from '../../src/rest/routes/index';
import { accessRegistry } from '../../src/schema/allow';
import type { Permission } from '../../src/services/auth/permissions';
import {
  createSellingFixture,
  openRegister,
  postSale,
  saleBody,
  type SellingFixture,
} from '../support/selling';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/**
 * A store-level grant reads its own store's records, never another store's: every read of the REST table
 * (every GraphQL query has its route) is declared here as store-scoped (checked below on two stores with
 * rows of every kind), chain-wide only, or shared by every store (with the reason). A new read fails the
 * first test until it is declared.
 */

let t: TestServer;
/** Two stores with a sale, an open and a closed register session, stock, a price override, staff. */
let a: SellingFixture & Extra;
let b: SellingFixture & Extra;
/** Every read permission, held at store A only, signed in for A. */
let manager: TestUser;

interface Extra {
  openSession: string;
  closedSession: string;
  sale: string;
  /** A transfer from the store to a third store (no one's here). */
  transfer: string;
  purchaseOrder: string;
}

const READ_PERMISSIONS: Permission[] = [
  'pos.sell',
  'registers.view',
  'inventory.view',
  'transfers.view',
  'store_prices.view',
  'purchase_orders.view',
  'stores.view',
  'users.view',
  'reports.x_report',
  'reports.z_report',
];

type Call = [method: 'GET' | 'POST', path: string, body?: unknown];

interface ScopedRead {
  /** The read for store `f`'s records: `named` false is the caller's default (its own store). */
  call(f: SellingFixture & Extra, named: boolean): Call;
  /** Whether the read can name a store or a store's record (then naming B's is refused). */
  names: boolean;
  /** The store of every row of the answer (`null`: a row of every store, such as a chain-wide role). */
  stores(data: any): Array<string | null>;
}

const rowStores = (data: any[]) => data.map((row) => row.storeId as string);
const list = (path: string, param = 'store_id'): ScopedRead => ({
  call: (f, named) => ['GET', named ? `${path}?${param}=${f.store.id}` : path],
  names: true,
  stores: rowStores,
});
/** The stores a user list shows: each user's roles (a user shown without a role would be a leak too). */
const userStores = (users: any[]) =>
  users.flatMap((user) => (user.roles.length ? user.roles.map((r: any) => r.storeId) : ['no role']));

const SCOPED: Record<string, ScopedRead> = {
  'Query.sales': list('/sales'),
  'Query.refunds': list('/refunds'),
  'Query.registers': list('/registers'),
  'Query.inventory': list('/inventory'),
  'Query.stockMovements': list('/inventory/movements'),
  // The fixtures' transfers leave each store for a third one: a row is its source's.
  'Query.transfers': { ...list('/transfers'), stores: (data: any[]) => data.map((row) => row.fromStoreId) },
  'Query.transfer': {
    call: (f) => ['GET', `/transfers/${f.transfer}`],
    names: true,
    stores: (transfer) => [transfer.fromStoreId],
  },
  'Query.storePrices': list('/store-prices'),
  'Query.purchaseOrders': list('/purchase-orders'),
  'Query.purchaseOrder': {
    call: (f) => ['GET', `/purchase-orders/${f.purchaseOrder}`],
    names: true,
    stores: (order) => [order.storeId],
  },
  'Query.storeDashboard': { call: () => ['GET', '/stores/dashboard'], names: false, stores: rowStores },
  'Query.currentStore': { call: () => ['GET', '/stores/current'], names: false, stores: (s) => [s.id] },
  'Query.users': {
    call: () => ['GET', '/users?pageSize=100'],
    names: false,
    stores: userStores,
  },
  'Query.storeEmployees': { ...list('/users/store-employees', 'storeId'), stores: userStores },
  'Query.currentRegister': {
    call: (f, named) => ['GET', `/registers/current?terminalId=T01${named ? `&storeId=${f.store.id}` : ''}`],
    names: true,
    stores: (session) => [session.storeId],
  },
  'Query.xReport': {
    call: (f) => ['GET', `/reports/x-report?session_id=${f.openSession}`],
    names: true,
    stores: (report) => [report.storeId],
  },
  'Query.zReport': {
    call: (f) => ['GET', `/reports/z-report?session_id=${f.closedSession}`],
    names: true,
    stores: (report) => [report.storeId],
  },
  'Query.saleReceipt': {
    call: (f) => ['POST', '/sales/print', { saleId: f.sale }],
    names: true,
    stores: (receipt) => [receipt.store.id],
  },
};

/** Every store's records at once: a store-level grant is refused (403). */
const CHAIN_WIDE: Record<string, string> = {
  'Query.syncErrors': '/sync/errors',
  'Query.syncDashboard': '/sync/dashboard',
};

const MASTER_DATA = 'master data, the same at every store';
const SHARED: Record<string, string> = {
  'Query.products': MASTER_DATA,
  'Query.product': MASTER_DATA,
  'Query.productByBarcode': MASTER_DATA,
  'Query.productSuppliers': MASTER_DATA,
  'Query.departments': MASTER_DATA,
  'Query.suppliers': MASTER_DATA,
  'Query.supplier': MASTER_DATA,
  'Query.customers': MASTER_DATA,
  'Query.customer': MASTER_DATA,
  'Query.salesReps': MASTER_DATA,
  'Query.salesRep': MASTER_DATA,
  'Query.tenders': MASTER_DATA,
  'Query.taxGroups': MASTER_DATA,
  'Query.taxGroup': MASTER_DATA,
  'Query.taxRates': MASTER_DATA,
  'Query.roles': MASTER_DATA,
  'Query.permissions': MASTER_DATA,
  'Query.specials': MASTER_DATA,
  'Query.activeSpecials': `${MASTER_DATA} (store_id only picks the store's calendar day)`,
  'Query.stores': "the chain's store directory, which every store server mirrors",
  'Query.crossStoreInventory':
    'by design: one product, every store, quantities only, so that a till can send a customer to a shop that has it',
  'Query.me': "the caller's own record",
  'Query.saleRefundable':
    "by design: any store's sale may be refunded at any store, so a till reads what is left of it",
  'Query.syncPull': "a store server's own pull: its sync token names its store (sync tests)",
  'Query.syncStatus': "a store server's own state: its sync token names its store (sync tests)",
  'Query.syncSale':
    "a store server refunding any store's sale asks HQ for it with its sync token (refunds-sync tests)",
};

/** Store A's fixture plus its rows of every other kind. */
async function storeWithRecords(): Promise<SellingFixture & Extra> {
  const f = await createSellingFixture(t);
  const admin = t.adminToken;
  const openSession = (await openRegister(t, f, 'T01')).id as string;
  const sale = await postSale(t, f, saleBody(f, [{ product: f.products.coffee }], { terminalId: 'T01' }));
  expect(sale.status).toBe(201);
  const refund = await t.rest('POST', '/refunds', {
    token: admin,
    body: {
      saleId: sale.body.data.id,
      receiptNumber: 'REFUND-1',
      terminalId: 'T01',
      cashierId: f.cashier.id,
      storeId: f.store.id,
      reason: 'Returned',
      items: [{ saleItemId: sale.body.data.items[0].id, quantity: 1000, disposition: 'RESTOCK' }],
      payments: [{ method: f.tenders.cash, amount: sale.body.data.grandTotal }],
    },
  });
  expect(refund.status).toBe(201);
  await openRegister(t, f, 'T02');
  const closed = await t.rest('POST', '/registers/close', {
    token: f.cashier.token,
    body: { storeId: f.store.id, terminalId: 'T02', declaredCash: 10_000 },
  });
  expect(closed.status).toBe(200);
  for (const [path, body] of [
    [
      '/inventory/adjustments',
      { storeId: f.store.id, productId: f.products.bread.id, quantity: 5000, reason: 'RECEIVED' },
    ],
    ['/store-prices', { storeId: f.store.id, productId: f.products.coffee.id, sellPrice: 900 }],
  ] as const) {
    const res = await t.rest('POST', path, { token: admin, body });
    expect([200, 201]).toContain(res.status);
  }
  const transfer = await t.rest('POST', '/transfers', {
    token: admin,
    body: {
      fromStoreId: f.store.id,
      toStoreId: elsewhere.id,
      items: [{ productId: f.products.bread.id, quantity: 1000 }],
    },
  });
  expect(transfer.status).toBe(201);
  const supplier = await t.rest('POST', '/suppliers', {
    token: admin,
    body: { name: `Supplier ${f.store.code}` },
  });
  const order = await t.rest('POST', '/purchase-orders', {
    token: admin,
    body: {
      supplierId: supplier.body.data.id,
      storeId: f.store.id,
      items: [{ productId: f.products.bread.id, quantity: 1000 }],
    },
  });
  expect(order.status).toBe(201);
  return {
    ...f,
    openSession,
    closedSession: closed.body.data.id,
    sale: sale.body.data.id,
    transfer: transfer.body.data.id,
    purchaseOrder: order.body.data.id,
  };
}

/** Where the fixtures' transfers go. */
let elsewhere: { id: string };

beforeAll(async () => {
  t = await startTestServer();
  elsewhere = await t.createStore();
  a = await storeWithRecords();
  b = await storeWithRecords();
  manager = await t.userWith(READ_PERMISSIONS, { storeId: a.store.id });
  // Someone working at both stores: listed at A with its role at A only.
  const role = await t.rest('POST', '/roles', {
    token: t.adminToken,
    body: { name: 'Both stores', permissions: ['pos.sell'] },
  });
  const both = await t.rest('POST', '/users', {
    token: t.adminToken,
    body: {
      username: 'both-stores',
      displayName: 'Both',
      pin: '42424242',
      roles: [
        { roleId: role.body.data.id, storeId: a.store.id },
        { roleId: role.body.data.id, storeId: b.store.id },
      ],
    },
  });
  expect(both.status).toBe(201);
});
afterAll(() => t.close());

const send = (token: string, [method, path, body]: Call) => t.rest(method, path, { token, body });

describe('store scope of reads', () => {
  it('declares every read of the API as store-scoped, chain-wide or shared', () => {
    const reads = ROUTES.filter((r) => r.field.startsWith('Query.')).map((r) => r.field);
    const declared = [...Object.keys(SCOPED), ...Object.keys(CHAIN_WIDE), ...Object.keys(SHARED)];
    expect([...declared].sort()).toEqual([...reads].sort());
    expect(new Set(declared).size).toBe(declared.length);
    // GraphQL has no read without its REST route; its subscriptions of store records are chain-wide.
    const schema = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'));
    const queries = Object.keys(schema.getQueryType()!.getFields()).map((name) => `Query.${name}`);
    expect(queries.sort()).toEqual([...reads].sort());
    for (const name of ['syncStatusChanged', 'syncErrorRaised']) {
      expect(accessRegistry.get(name)).toMatchObject({ kind: 'permissions', chainWide: true });
    }
  });

  it.each(Object.keys(SCOPED))("%s shows a store-level grant its store's rows only", async (field) => {
    const read = SCOPED[field];
    const own = await send(manager.token, read.call(a, false));
    expect(own.status).toBe(200);
    const stores = read.stores(own.body.data);
    // Something of A's is shown (the check is not vacuous), and nothing of another store.
    expect(stores).toContain(a.store.id);
    expect(stores.filter((s) => s !== a.store.id && s !== null)).toEqual([]);
    if (!read.names) return;
    const named = await send(manager.token, read.call(a, true));
    expect(named.status).toBe(200);
    expect(read.stores(named.body.data).filter((s) => s !== a.store.id && s !== null)).toEqual([]);
    const other = await send(manager.token, read.call(b, true));
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN');
  });

  it.each(Object.entries(SCOPED).filter(([, read]) => read.names))(
    '%s reads any store for a grant held at every store',
    async (_field, read) => {
      const own = await send(t.adminToken, read.call(b, true));
      expect(own.status).toBe(200);
      expect(read.stores(own.body.data)).toContain(b.store.id);
    },
  );

  it.each(Object.entries(CHAIN_WIDE))('%s refuses a store-level grant', async (_field, path) => {
    const res = await t.rest('GET', path, { token: manager.token });
    expect(res.status).toBe(403);
  });

  it('lists the users of the store with their roles there only', async () => {
    const res = await t.rest('GET', '/users?pageSize=100', { token: manager.token });
    const byName = new Map(res.body.data.map((u: any) => [u.username, u]));
    expect(byName.has(a.cashier.username)).toBe(true);
    expect(byName.has(b.cashier.username)).toBe(false);
    expect((byName.get('both-stores') as any).roles.map((r: any) => r.storeId)).toEqual([a.store.id]);
    expect(res.body.total).toBe(res.body.data.length);
  });
});

describe('managing users of another store', () => {
  let editor: TestUser;
  const snapshot = (id: string) =>
    t.sql(
      `select u.username, u.display_name, u.is_active, u.pin_hash, u.pin_digest,
              (select count(*)::int from user_role ur where ur.user_id = u.id) as roles,
              (select count(*)::int from refresh_token rt where rt.user_id = u.id and rt.revoked_at is null) as tokens
         from app_user u where u.id = ?`,
      [id],
    );
  const makeUser = async (username: string, pin: string, storeId?: string | null) => {
    const role = await t.rest('POST', '/roles', {
      token: t.adminToken,
      body: { name: `Role ${username}`, permissions: [] },
    });
    const res = await t.rest('POST', '/users', {
      token: t.adminToken,
      body: {
        username,
        displayName: username,
        pin,
        roles: storeId === undefined ? [] : [{ roleId: role.body.data.id, storeId }],
      },
    });
    expect(res.status).toBe(201);
    return res.body.data.id as string;
  };

  beforeAll(async () => {
    editor = await t.userWith(['users.edit', 'users.create', 'pos.sell'], { storeId: a.store.id });
  });

  it.each([
    ['works only at store B', 'at-b', b],
    ['has no role at all', 'no-role', undefined],
  ] as const)(
    'refuses a store manager a PIN reset or deactivation of a user who %s; nothing changed',
    async (_case, username, store) => {
      const id = await makeUser(username, username === 'at-b' ? '61616161' : '62626262', store?.store.id);
      await t.login(username, username === 'at-b' ? '61616161' : '62626262');
      const before = await snapshot(id);
      for (const body of [{ pin: '63636363' }, { isActive: false }, { displayName: 'Renamed' }]) {
        const res = await t.rest('PUT', `/users/${id}`, { token: editor.token, body });
        expect(res.status).toBe(403);
        expect(res.body.error).toBe(
          store
            ? 'You cannot manage a user of a store where you do not hold users.edit'
            : 'You cannot manage a user who works at no store: that needs users.edit at every store',
        );
      }
      // Nor by adopting the user into the manager's own store first (with a role granting nothing).
      const [empty] = await t.sql('select id from role where name = ?', [`Role ${username}`]);
      const adopt = await t.rest('PUT', `/users/${id}`, {
        token: editor.token,
        body: { roles: [{ roleId: empty.id, storeId: a.store.id }] },
      });
      expect(adopt.status).toBe(403);
      expect(await snapshot(id)).toEqual(before);
    },
  );

  it('refuses a user working at every store, and creating a user for another store or none', async () => {
    const id = await makeUser('everywhere', '64646464', null);
    const before = await snapshot(id);
    const res = await t.rest('PUT', `/users/${id}`, { token: editor.token, body: { pin: '65656565' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe(
      'You cannot manage a user who works at every store: that needs users.edit at every store',
    );
    expect(await snapshot(id)).toEqual(before);

    const users = await t.count('app_user');
    const roleId = (await t.sql("select id from role where name = 'Role everywhere'"))[0].id;
    for (const roles of [[], [{ roleId, storeId: b.store.id }]]) {
      const created = await t.rest('POST', '/users', {
        token: editor.token,
        body: { username: `new-${roles.length}`, displayName: 'New', pin: `6666666${roles.length}`, roles },
      });
      expect(created.status).toBe(403);
    }
    expect(await t.count('app_user')).toBe(users);
  });

  it("lets the store manager manage its own store's users; a chain-wide manager manages anyone", async () => {
    const local = await makeUser('at-a', '67676767', a.store.id);
    const res = await t.rest('PUT', `/users/${local}`, {
      token: editor.token,
      body: { pin: '68686868', displayName: 'Local' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.displayName).toBe('Local');
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'at-a', pin: '68686868' } })).status,
    ).toBe(200);
    const off = await t.rest('PUT', `/users/${local}`, { token: editor.token, body: { isActive: false } });
    expect(off.status).toBe(200);
    expect((await snapshot(local))[0].is_active).toBe(false);

    const created = await t.rest('POST', '/users', {
      token: editor.token,
      body: {
        username: 'hired-at-a',
        displayName: 'Hired',
        pin: '69696969',
        roles: [
          {
            roleId: (await t.sql("select id from role where name = 'Role at-a'"))[0].id,
            storeId: a.store.id,
          },
        ],
      },
    });
    expect(created.status).toBe(201);

    const roleless = await makeUser('roleless-2', '70707077');
    const chainWide = await t.userWith(['users.edit']);
    expect(
      (await t.rest('PUT', `/users/${roleless}`, { token: chainWide.token, body: { pin: '71717171' } }))
        .status,
    ).toBe(200);
  });
});
