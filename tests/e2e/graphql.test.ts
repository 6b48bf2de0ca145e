import { createClient, type Client } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';
import {
  CreateDepartmentDocument,
  CreateProductDocument,
  CreateRoleDocument,
  CreateUserDocument,
  DeleteDepartmentDocument,
  DeleteProductDocument,
  DepartmentsDocument,
  LoginDocument,
  MeDocument,
  ProductByBarcodeDocument,
  ProductChangedDocument,
  ProductDocument,
  ProductsDocument,
  RolesDocument,
  ToggleProductActiveDocument,
  UpdateDepartmentDocument,
  UpdateProductDocument,
  UsersDocument,
  type ProductChangedSubscription,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  viewer = await t.userWith(['products.view']);
});
afterAll(() => t.close());

describe('GraphQL: the same operations as REST', () => {
  it('logs in and reads the caller', async () => {
    const login = await t.gql(LoginDocument, { username: 'admin', pin: '1234' });
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user.username).toBe('admin');
    const me = await t.gql(MeDocument, {}, login.data!.login.accessToken);
    expect(me.data!.me.user.username).toBe('admin');
    expect(me.data!.me.storeId).toBeNull();
  });

  it('runs the product lifecycle', async () => {
    const dept = await t.gql(CreateDepartmentDocument, { name: 'Tea', code: 'TEA' }, t.adminToken);
    const deptId = dept.data!.createDepartment.id;
    const created = await t.gql(
      CreateProductDocument,
      {
        sku: 'GQL-1',
        name: 'Green tea',
        sellPrice: 4_500_000_000,
        barcode: '3000000000017',
        costPrice: 120,
        departmentId: deptId,
      },
      t.adminToken,
    );
    expect(created.errors).toBeUndefined();
    const product = created.data!.createProduct;
    // Money is a 53-bit integer: $45,000,000.00 does not overflow.
    expect(product).toMatchObject({
      sku: 'GQL-1',
      sellPrice: 4_500_000_000,
      costPrice: 120,
      departmentId: deptId,
      isActive: true,
      version: 1,
    });

    const page = await t.gql(ProductsDocument, { search: 'green', pageSize: 5 }, viewer.token);
    expect(page.data!.products).toMatchObject({ total: 1, page: 1, pageSize: 5 });
    expect(page.data!.products.items[0].id).toBe(product.id);
    expect((await t.gql(ProductDocument, { id: product.id }, viewer.token)).data!.product.sku).toBe('GQL-1');
    expect(
      (await t.gql(ProductByBarcodeDocument, { barcode: '3000000000017' }, viewer.token)).data!
        .productByBarcode.id,
    ).toBe(product.id);

    const updated = await t.gql(
      UpdateProductDocument,
      { id: product.id, sellPrice: 499, departmentId: null },
      t.adminToken,
    );
    expect(updated.data!.updateProduct).toMatchObject({ sellPrice: 499, departmentId: null, version: 2 });
    expect(
      (await t.gql(ToggleProductActiveDocument, { id: product.id }, t.adminToken)).data!.toggleProductActive
        .isActive,
    ).toBe(false);
    expect(
      (await t.gql(DeleteProductDocument, { id: product.id }, t.adminToken)).data!.deleteProduct.isActive,
    ).toBe(false);

    const renamed = await t.gql(UpdateDepartmentDocument, { id: deptId, name: 'Teas' }, t.adminToken);
    expect(renamed.data!.updateDepartment).toEqual({ id: deptId, name: 'Teas', code: 'TEA' });
    expect(
      (await t.gql(DeleteDepartmentDocument, { id: deptId }, t.adminToken)).data!.deleteDepartment.id,
    ).toBe(deptId);
    expect((await t.gql(DepartmentsDocument, {}, viewer.token)).data!.departments).toEqual([]);
  });

  it('manages roles and users', async () => {
    const role = await t.gql(
      CreateRoleDocument,
      { name: 'GQL role', permissions: ['pos.sell'] },
      t.adminToken,
    );
    const roleId = role.data!.createRole.id;
    const user = await t.gql(
      CreateUserDocument,
      { username: 'gql-user', displayName: 'G', pin: '90909090', roles: [{ roleId }] },
      t.adminToken,
    );
    expect(user.data!.createUser.roles).toEqual([{ roleId, storeId: null }]);
    const users = await t.gql(UsersDocument, { search: 'gql-' }, t.adminToken);
    expect(users.data!.users.items.map((u) => u.username)).toEqual(['gql-user']);
    const roles = await t.gql(RolesDocument, {}, t.adminToken);
    expect(roles.data!.roles.find((r) => r.id === roleId)?.permissions).toEqual(['pos.sell']);
  });

  it('reports errors with stable codes: UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, VALIDATION', async () => {
    const anon = await t.gql(ProductsDocument, {});
    expect(anon.errors![0]).toMatchObject({
      message: 'Authentication required',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const before = await t.count('product');
    const denied = await t.gql(
      CreateProductDocument,
      { sku: 'NO-1', name: 'No', sellPrice: 1 },
      viewer.token,
    );
    expect(denied.errors![0]).toMatchObject({
      message: 'Missing permission: products.create',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await t.count('product')).toBe(before);
    const missing = await t.gql(
      ProductDocument,
      { id: '01900000-0000-7000-8000-000000000000' },
      viewer.token,
    );
    expect(missing.errors![0].extensions!.code).toBe('NOT_FOUND');
    await t.gql(CreateProductDocument, { sku: 'DUP-G', name: 'One', sellPrice: 1 }, t.adminToken);
    const dup = await t.gql(CreateProductDocument, { sku: 'DUP-G', name: 'Two', sellPrice: 1 }, t.adminToken);
    expect(dup.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'sku' } });
    const invalid = await t.gql(
      CreateProductDocument,
      { sku: 'NEG-1', name: 'Neg', sellPrice: -5 },
      t.adminToken,
    );
    expect(invalid.errors![0]).toMatchObject({
      message: 'sellPrice: sellPrice must not be less than 0',
      extensions: { code: 'VALIDATION', field: 'sellPrice' },
    });
    const badId = await t.gql(ProductDocument, { id: 'nope' }, viewer.token);
    expect(badId.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify([anon, denied, missing, dup, invalid, badId])).not.toMatch(/stacktrace/);
  });
});

describe('GraphQL subscriptions over graphql-ws', () => {
  function connect(token?: string): Client {
    return createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
  }

  it('streams product changes to a subscriber after each commit, and nothing for a failed write', async () => {
    const client = connect(viewer.token);
    const events: ProductChangedSubscription[] = [];
    const unsubscribe = client.subscribe<ProductChangedSubscription>(
      { query: print(ProductChangedDocument) },
      { next: (value) => events.push(value.data!), error: () => undefined, complete: () => undefined },
    );
    // The subscription is live once a warm-up change arrives (no guessing how long that takes).
    const warmUp = (
      await t.rest('POST', '/products', {
        token: t.adminToken,
        body: { sku: 'WARM-1', name: 'Warm', sellPrice: 1 },
      })
    ).body.data;
    for (let i = 0; i < 200 && events.length === 0; i++) {
      await t.rest('PATCH', `/products/${warmUp.id}/toggle-active`, { token: t.adminToken });
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(events.length).toBeGreaterThanOrEqual(1);
    const live = () => events.filter((e) => e.productChanged.product.id !== warmUp.id);

    const created = await t.rest('POST', '/products', {
      token: t.adminToken,
      body: { sku: 'LIVE-1', name: 'Live', sellPrice: 100 },
    });
    const failed = await t.rest('POST', '/products', {
      token: t.adminToken,
      body: { sku: 'LIVE-1', name: 'Dup', sellPrice: 1 },
    });
    expect(failed.status).toBe(409);
    await t.rest('PUT', `/products/${created.body.data.id}`, {
      token: t.adminToken,
      body: { sellPrice: 150 },
    });
    for (let i = 0; i < 200 && live().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    unsubscribe();
    expect(live()).toEqual([
      {
        productChanged: {
          kind: 'CREATED',
          product: { id: created.body.data.id, sku: 'LIVE-1', sellPrice: 100 },
        },
      },
      {
        productChanged: {
          kind: 'UPDATED',
          product: { id: created.body.data.id, sku: 'LIVE-1', sellPrice: 150 },
        },
      },
    ]);
    await client.dispose();
  });

  it('refuses a connection without a valid token', async () => {
    const client = connect('not-a-token');
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: print(ProductChangedDocument) },
        {
          next: () => resolve('data'),
          error: (err) => resolve(err instanceof Error ? err.message : 'closed'),
          complete: () => resolve('complete'),
        },
      );
    });
    expect(outcome).not.toBe('data');
    await client.dispose();
  });
});
