import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let editor: TestUser;
let creator: TestUser;
let deleter: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, editor, creator, deleter] = await Promise.all([
    t.userWith(['products.view']),
    // Who sets cost prices sees them; a viewer does not (products.view_cost).
    t.userWith(['products.view', 'products.edit', 'products.view_cost']),
    t.userWith(['products.create', 'products.view_cost']),
    t.userWith(['products.delete']),
  ]);
});
afterAll(() => t.close());

const productRow = (sku: string) =>
  t.sql('select * from product where sku = ?', [sku]).then((rows) => rows[0]);

async function createProduct(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/products', { token: t.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('POST /products', () => {
  it('creates a product with defaults and returns it in the envelope', async () => {
    const dept = (
      await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Beverages', code: 'BEV' } })
    ).body.data;
    const res = await t.rest('POST', '/products', {
      token: creator.token,
      body: {
        sku: 'COF-1',
        barcode: '1234567890123',
        name: 'Coffee',
        departmentId: dept.id,
        costPrice: 500,
        sellPrice: 999,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({
      sku: 'COF-1',
      barcode: '1234567890123',
      name: 'Coffee',
      description: null,
      departmentId: dept.id,
      taxGroupId: null,
      costPrice: 500,
      sellPrice: 999,
      trackStock: true,
      lowStockThreshold: 0,
      isActive: true,
      version: 1,
    });
    expect(res.body.data.id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await productRow('COF-1');
    expect(row.sell_price).toBe('999');
    expect(row.department_id).toBe(dept.id);
  });

  it('refuses a duplicate SKU or barcode with 409 and writes nothing', async () => {
    await createProduct({ sku: 'DUP-1', barcode: '555000', name: 'First', sellPrice: 100 });
    const before = await t.count('product');
    const sku = await t.rest('POST', '/products', {
      token: creator.token,
      body: { sku: 'DUP-1', name: 'Again', sellPrice: 1 },
    });
    expect(sku.status).toBe(409);
    expect(sku.body).toEqual({
      success: false,
      error: 'sku: "DUP-1" is already in use',
      code: 'CONFLICT',
      field: 'sku',
    });
    const barcode = await t.rest('POST', '/products', {
      token: creator.token,
      body: { sku: 'DUP-2', barcode: '555000', name: 'Again', sellPrice: 1 },
    });
    expect(barcode.status).toBe(409);
    expect(barcode.body.field).toBe('barcode');
    expect(await t.count('product')).toBe(before);
  });

  it.each([
    [{ name: 'No SKU', sellPrice: 1 }, 'sku'],
    [{ sku: 'X-1', name: 'Negative', sellPrice: -1 }, 'sellPrice'],
    [{ sku: 'X-1', name: 'Float', sellPrice: 9.99 }, 'sellPrice'],
    [{ sku: 'X-1', name: 'String price', sellPrice: '999' }, 'sellPrice'],
    [{ sku: 'X-1', name: 'Bool price', sellPrice: true }, 'sellPrice'],
    [{ sku: 'X-1', name: '   ', sellPrice: 1 }, 'name'],
    [{ sku: 'has space', name: 'Bad sku', sellPrice: 1 }, 'sku'],
    [{ sku: 'X-1', name: 'Bad dept', sellPrice: 1, departmentId: 'nope' }, 'departmentId'],
    [
      {
        sku: 'X-1',
        name: 'Unknown dept',
        sellPrice: 1,
        departmentId: '01900000-0000-7000-8000-000000000000',
      },
      'departmentId',
    ],
    [
      { sku: 'X-1', name: 'Unknown group', sellPrice: 1, taxGroupId: '01900000-0000-7000-8000-000000000000' },
      'taxGroupId',
    ],
    [{ sku: 'X-1', name: 'Bad track', sellPrice: 1, trackStock: 'yes' }, 'trackStock'],
    [{ sku: 'X-1', name: 'Typo', sellPrice: 1, sellprice: 2 }, 'sellprice'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const before = await t.count('product');
    const res = await t.rest('POST', '/products', { token: creator.token, body });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await t.count('product')).toBe(before);
  });

  it('rejects a body over 1 MB with 413', async () => {
    const res = await t.rest('POST', '/products', {
      token: creator.token,
      raw: JSON.stringify({ description: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects invalid JSON with 400', async () => {
    const res = await t.rest('POST', '/products', { token: creator.token, raw: '{"sku": "A",' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, error: 'Request body is not valid JSON', code: 'VALIDATION' });
  });

  it('is 401 anonymous (before validation) and 403 without products.create; nothing written', async () => {
    const before = await t.count('product');
    const anon = await t.rest('POST', '/products', { raw: 'not json' });
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ success: false, error: 'Authentication required', code: 'UNAUTHENTICATED' });
    const denied = await t.rest('POST', '/products', {
      token: viewer.token,
      body: { sku: 'DENY-1', name: 'x', sellPrice: 1 },
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      success: false,
      error: 'Missing permission: products.create',
      code: 'FORBIDDEN',
    });
    expect(await t.count('product')).toBe(before);
  });
});

describe('GET /products', () => {
  beforeAll(async () => {
    const dept = (
      await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Search dept' } })
    ).body.data;
    for (let i = 1; i <= 25; i++) {
      await createProduct({
        sku: `LIST-${String(i).padStart(2, '0')}`,
        barcode: `9900${i}`,
        name: `Listed item ${String(i).padStart(2, '0')}`,
        sellPrice: i * 100,
        departmentId: i <= 3 ? dept.id : undefined,
      });
    }
    (globalThis as any).searchDept = dept.id;
  });

  it('paginates with total, page and pageSize beside data', async () => {
    const res = await t.rest('GET', '/products?search=listed&page=2&pageSize=10', { token: viewer.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'page', 'pageSize', 'success', 'total']);
    expect(res.body.total).toBe(25);
    expect(res.body.page).toBe(2);
    expect(res.body.pageSize).toBe(10);
    expect(res.body.data.map((p: any) => p.sku)).toEqual(
      Array.from({ length: 10 }, (_, i) => `LIST-${String(i + 11).padStart(2, '0')}`),
    );
  });

  it('defaults to page 1 of 20', async () => {
    const res = await t.rest('GET', '/products?search=LIST-', { token: viewer.token });
    expect(res.body.page).toBe(1);
    expect(res.body.pageSize).toBe(20);
    expect(res.body.data).toHaveLength(20);
  });

  it('searches by SKU, barcode and name, and filters by department', async () => {
    const bySku = await t.rest('GET', '/products?search=list-07', { token: viewer.token });
    expect(bySku.body.data.map((p: any) => p.sku)).toEqual(['LIST-07']);
    const byBarcode = await t.rest('GET', '/products?search=990012', { token: viewer.token });
    expect(byBarcode.body.data.map((p: any) => p.sku)).toEqual(['LIST-12']);
    const byDept = await t.rest('GET', `/products?departmentId=${(globalThis as any).searchDept}`, {
      token: viewer.token,
    });
    expect(byDept.body.data.map((p: any) => p.sku)).toEqual(['LIST-01', 'LIST-02', 'LIST-03']);
    expect(byDept.body.total).toBe(3);
  });

  it('treats LIKE wildcards in the search as plain characters', async () => {
    const res = await t.rest('GET', '/products?search=%25', { token: viewer.token });
    expect(res.body.total).toBe(0);
  });

  it.each([
    ['page=0', 'page'],
    ['pageSize=101', 'pageSize'],
    ['pageSize=abc', 'pageSize'],
    ['departmentId=123', 'departmentId'],
    ['isActive=yes', 'isActive'],
    ['page=1&page=2', 'page'],
  ])('rejects ?%s with 400 naming %s', async (query, field) => {
    const res = await t.rest('GET', `/products?${query}`, { token: viewer.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
  });

  it('is 401 anonymous and 403 without products.view', async () => {
    expect((await t.rest('GET', '/products')).status).toBe(401);
    expect((await t.rest('GET', '/products', { token: creator.token })).status).toBe(403);
  });
});

describe('GET /products/:id and /products/barcode/:barcode', () => {
  it('returns one product, 404 for an unknown id, 400 for a malformed one', async () => {
    const p = await createProduct({ sku: 'ONE-1', barcode: '7770001', name: 'One', sellPrice: 250 });
    const res = await t.rest('GET', `/products/${p.id}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: p.id, sku: 'ONE-1', sellPrice: 250 });
    const missing = await t.rest('GET', '/products/01900000-0000-7000-8000-000000000000', {
      token: viewer.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: 'Product 01900000-0000-7000-8000-000000000000 not found',
      code: 'NOT_FOUND',
    });
    const malformed = await t.rest('GET', '/products/12345', { token: viewer.token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('id: Value is not a valid UUID: 12345');
  });

  it('looks up an active product by barcode; inactive or unknown is 404', async () => {
    const dept = (
      await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Scanned', code: 'SCN' } })
    ).body.data;
    const rate = (
      await t.rest('POST', '/taxes', {
        token: t.adminToken,
        body: { name: 'Scan VAT', rate: 2000, isCompound: false },
      })
    ).body.data;
    const group = (
      await t.rest('POST', '/taxes/groups', {
        token: t.adminToken,
        body: { name: 'Scan group', rates: [{ taxRateId: rate.id, sortOrder: 1 }] },
      })
    ).body.data;
    const p = await createProduct({
      sku: 'SCAN-1',
      barcode: '4006381333931',
      name: 'Scanned',
      description: 'Scanned at the till',
      departmentId: dept.id,
      taxGroupId: group.id,
      // Past 32 bits, within the largest amount (MAX_MONEY).
      costPrice: 45_000_000_001,
      sellPrice: 120,
      trackStock: false,
      lowStockThreshold: 2500,
    });
    const res = await t.rest('GET', '/products/barcode/4006381333931', { token: viewer.token });
    expect(res.status).toBe(200);
    // Read without an entity, yet exactly what the entity-backed routes answer, priced (no store: the
    // product's own price) with its rates; the cost hidden from a viewer without products.view_cost.
    const byId = (await t.rest('GET', `/products/${p.id}`, { token: viewer.token })).body.data;
    expect(res.body.data).toEqual({
      ...p,
      costPrice: null,
      storeId: null,
      effectivePrice: 120,
      priceSource: 'PRODUCT',
      specialId: null,
      specialEndDate: null,
      taxRates: [{ id: rate.id, name: 'Scan VAT', rate: 2000, isCompound: false, sortOrder: 1 }],
    });
    expect(byId).toEqual(res.body.data);
    expect(p).toMatchObject({
      sku: 'SCAN-1',
      departmentId: dept.id,
      taxGroupId: group.id,
      costPrice: 45_000_000_001,
      trackStock: false,
      lowStockThreshold: 2500,
    });
    const costed = await t.rest('GET', '/products/barcode/4006381333931', { token: t.adminToken });
    expect(costed.body.data.costPrice).toBe(45_000_000_001);
    expect(res.body.data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await t.rest('DELETE', `/products/${p.id}`, { token: deleter.token });
    expect((await t.rest('GET', '/products/barcode/4006381333931', { token: viewer.token })).status).toBe(
      404,
    );
    expect((await t.rest('GET', '/products/barcode/0000', { token: viewer.token })).status).toBe(404);
    expect((await t.rest('GET', '/products/barcode/4006381333931')).status).toBe(401);
  });
});

describe('PUT /products/:id', () => {
  it('updates the given fields, keeps the others, bumps the version; null clears', async () => {
    const p = await createProduct({
      sku: 'UPD-1',
      barcode: '8880001',
      name: 'Before',
      description: 'Desc',
      sellPrice: 100,
      costPrice: 40,
    });
    const res = await t.rest('PUT', `/products/${p.id}`, {
      token: editor.token,
      body: { name: 'After', sellPrice: 150, description: null },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      name: 'After',
      sellPrice: 150,
      costPrice: 40,
      barcode: '8880001',
      description: null,
      version: 2,
    });
    const row = await productRow('UPD-1');
    expect(row.name).toBe('After');
    expect(row.description).toBeNull();
  });

  it.each(['name', 'sellPrice', 'costPrice', 'trackStock', 'isActive'])(
    'refuses %s: null with 400',
    async (field) => {
      const p = await createProduct({ sku: `NUL-${field}`, name: 'Not null', sellPrice: 100 });
      const res = await t.rest('PUT', `/products/${p.id}`, { token: editor.token, body: { [field]: null } });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(`${field}: ${field} must not be null`);
      expect((await productRow(`NUL-${field}`)).version).toBe(1);
    },
  );

  it('refuses to change the SKU (400) but accepts the same SKU', async () => {
    const p = await createProduct({ sku: 'IMM-1', name: 'Immutable', sellPrice: 100 });
    const changed = await t.rest('PUT', `/products/${p.id}`, {
      token: editor.token,
      body: { sku: 'IMM-2', name: 'Renamed' },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toBe('sku: cannot be changed after creation');
    expect((await productRow('IMM-1')).name).toBe('Immutable');
    const same = await t.rest('PUT', `/products/${p.id}`, {
      token: editor.token,
      body: { sku: 'IMM-1', name: 'Renamed' },
    });
    expect(same.status).toBe(200);
  });

  it('refuses a barcode used by another product with 409', async () => {
    await createProduct({ sku: 'BC-1', barcode: '6660001', name: 'A', sellPrice: 1 });
    const b = await createProduct({ sku: 'BC-2', barcode: '6660002', name: 'B', sellPrice: 1 });
    const res = await t.rest('PUT', `/products/${b.id}`, {
      token: editor.token,
      body: { barcode: '6660001' },
    });
    expect(res.status).toBe(409);
    expect((await productRow('BC-2')).barcode).toBe('6660002');
  });

  it('is 404 for an unknown product, 401 anonymous, 403 without products.edit (unchanged)', async () => {
    const p = await createProduct({ sku: 'PERM-1', name: 'Guarded', sellPrice: 100 });
    expect(
      (
        await t.rest('PUT', '/products/01900000-0000-7000-8000-000000000000', {
          token: editor.token,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await t.rest('PUT', `/products/${p.id}`, { body: { name: 'x' } })).status).toBe(401);
    expect(
      (await t.rest('PUT', `/products/${p.id}`, { token: viewer.token, body: { name: 'x' } })).status,
    ).toBe(403);
    const row = await productRow('PERM-1');
    expect(row.name).toBe('Guarded');
    expect(row.version).toBe(1);
  });
});

describe('PATCH /products/:id/toggle-active and DELETE /products/:id', () => {
  it('toggles the active flag back and forth', async () => {
    const p = await createProduct({ sku: 'TOG-1', name: 'Toggle', sellPrice: 100 });
    const off = await t.rest('PATCH', `/products/${p.id}/toggle-active`, { token: editor.token });
    expect(off.status).toBe(200);
    expect(off.body.data.isActive).toBe(false);
    const on = await t.rest('PATCH', `/products/${p.id}/toggle-active`, { token: editor.token });
    expect(on.body.data.isActive).toBe(true);
    expect((await t.rest('PATCH', `/products/${p.id}/toggle-active`, { token: viewer.token })).status).toBe(
      403,
    );
    expect((await productRow('TOG-1')).is_active).toBe(true);
    const unknown = '/products/01900000-0000-7000-8000-000000000000/toggle-active';
    expect((await t.rest('PATCH', unknown, { token: editor.token })).status).toBe(404);
  });

  it('soft-deletes: the product stays, inactive', async () => {
    const p = await createProduct({ sku: 'DEL-1', name: 'Delete me', sellPrice: 100 });
    expect((await t.rest('DELETE', `/products/${p.id}`, { token: viewer.token })).status).toBe(403);
    expect((await productRow('DEL-1')).is_active).toBe(true);
    const res = await t.rest('DELETE', `/products/${p.id}`, { token: deleter.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: p.id, isActive: false });
    expect((await productRow('DEL-1')).is_active).toBe(false);
    const inactive = await t.rest('GET', '/products?search=DEL-1&isActive=false', { token: viewer.token });
    expect(inactive.body.data.map((x: any) => x.sku)).toEqual(['DEL-1']);
    expect(
      (await t.rest('DELETE', '/products/01900000-0000-7000-8000-000000000000', { token: deleter.token }))
        .status,
    ).toBe(404);
  });
});
