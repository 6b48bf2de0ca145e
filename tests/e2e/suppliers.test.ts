import {
  CreateSupplierDocument,
  DeleteSupplierDocument,
  LinkProductSupplierDocument,
  ProductsBySupplierDocument,
  ProductSuppliersDocument,
  SupplierDocument,
  SuppliersDocument,
  UnlinkProductSupplierDocument,
  UpdateProductSupplierDocument,
  UpdateSupplierDocument,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let creator: TestUser;
let editor: TestUser;
let deleter: TestUser;
let productViewer: TestUser;
let productEditor: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, creator, editor, deleter, productViewer, productEditor] = await Promise.all([
    t.userWith(['suppliers.view']),
    t.userWith(['suppliers.create']),
    t.userWith(['suppliers.edit']),
    t.userWith(['suppliers.delete']),
    // Who reads and keeps suppliers' costs sees them (products.view_cost).
    t.userWith(['products.view', 'products.view_cost']),
    t.userWith(['products.view', 'products.edit', 'products.view_cost']),
  ]);
});
afterAll(() => t.close());

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';
const timestamps = { createdAt: expect.any(String), updatedAt: expect.any(String) };

const supplierRow = (id: string) =>
  t
    .sql(
      'select name, contact_name, email, phone, address, is_active, deleted_at, version from supplier where id = ?',
      [id],
    )
    .then((rows) => rows[0]);

/** A product's links as stored, by supplier name. */
const linkRows = (productId: string) =>
  t.sql(
    `select s.name, ps.supplier_sku, ps.cost_price::int as cost_price, ps.is_preferred, ps.version
       from product_supplier ps join supplier s on s.id = ps.supplier_id
      where ps.product_id = ? order by s.name`,
    [productId],
  );

async function createSupplier(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/suppliers', { token: t.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function createProduct(sku: string, name: string, extra: Record<string, unknown> = {}) {
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku, name, sellPrice: 100, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function link(productId: string, body: Record<string, unknown>) {
  const res = await t.rest('POST', `/products/${productId}/suppliers`, { token: productEditor.token, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('suppliers', () => {
  it('creates a supplier (201) with defaults and reads it back', async () => {
    const full = await t.rest('POST', '/suppliers', {
      token: creator.token,
      body: {
        name: 'Kestrel Foods',
        contactName: 'Mara Quill',
        email: 'orders@kestrel.example',
        phone: '+44 (20) 7946-0001',
        address: '1 Mill Lane, Leeds',
      },
    });
    expect(full.status).toBe(201);
    expect(full.body).toEqual({
      success: true,
      data: {
        id: expect.any(String),
        name: 'Kestrel Foods',
        contactName: 'Mara Quill',
        email: 'orders@kestrel.example',
        phone: '+44 (20) 7946-0001',
        address: '1 Mill Lane, Leeds',
        isActive: true,
        version: 1,
        ...timestamps,
      },
    });
    const minimal = await t.rest('POST', '/suppliers', {
      token: creator.token,
      body: { name: 'Heron Drinks' },
    });
    expect(minimal.status).toBe(201);
    expect(minimal.body.data).toEqual({
      id: expect.any(String),
      name: 'Heron Drinks',
      contactName: null,
      email: null,
      phone: null,
      address: null,
      isActive: true,
      version: 1,
      ...timestamps,
    });

    const read = await t.rest('GET', `/suppliers/${full.body.data.id}`, { token: viewer.token });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(full.body.data);
  });

  it('lists live suppliers by name: search over name, contact, e-mail and phone, isActive, pages', async () => {
    const bramble = await createSupplier({ name: 'Bramble Qzx Farm' });
    const alder = await createSupplier({ name: 'Alder Dairy', contactName: 'Jo Qzx' });
    const cedar = await createSupplier({ name: 'Cedar Mills', email: 'sales@qzx.example', isActive: false });
    const dune = await createSupplier({ name: 'Dune Bakery', phone: '+1 (555) 010-9999' });
    const gone = await createSupplier({ name: 'Elm Qzx' });
    expect((await t.rest('DELETE', `/suppliers/${gone.id}`, { token: deleter.token })).status).toBe(200);

    const list = (query: string) => t.rest('GET', `/suppliers?${query}`, { token: viewer.token });

    const all = await list('search=QZX');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      success: true,
      data: [alder, bramble, cedar],
      total: 3,
      page: 1,
      pageSize: 20,
    });
    expect((await list('search=555)%20010')).body.data).toEqual([dune]);
    expect((await list('search=qzx&isActive=false')).body.data).toEqual([cedar]);
    expect((await list('search=qzx&isActive=true')).body.data.map((s: any) => s.name)).toEqual([
      'Alder Dairy',
      'Bramble Qzx Farm',
    ]);
    const page2 = await list('search=qzx&pageSize=2&page=2');
    expect(page2.body).toEqual({ success: true, data: [cedar], total: 3, page: 2, pageSize: 2 });

    const bad = await list('isActive=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('isActive');
  });

  it('updates the given fields, keeps the others, null clears; bumps the version', async () => {
    const supplier = await createSupplier({
      name: 'Finch Foods',
      contactName: 'Al Finch',
      email: 'al@finch.example',
      phone: '0113 496 0000',
      address: 'Finch Street',
    });
    const res = await t.rest('PUT', `/suppliers/${supplier.id}`, {
      token: editor.token,
      body: { contactName: null, phone: '0113.496.0001', isActive: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      ...supplier,
      contactName: null,
      phone: '0113.496.0001',
      isActive: false,
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(await supplierRow(supplier.id)).toEqual({
      name: 'Finch Foods',
      contact_name: null,
      email: 'al@finch.example',
      phone: '0113.496.0001',
      address: 'Finch Street',
      is_active: false,
      deleted_at: null,
      version: 2,
    });
  });

  it.each([
    [{ name: null }, 'name', 'name: name must not be null'],
    [{ isActive: null }, 'isActive', 'isActive: isActive must not be null'],
    [{ email: 'nobody' }, 'email', 'email: Value is not a valid email address: nobody'],
    [{ phone: 'call me' }, 'phone', 'phone: phone may contain digits, single spaces and + - ( ) . only'],
  ])('refuses update %j with 400 naming %s, unchanged', async (body, field, error) => {
    const supplier = await createSupplier({ name: 'Steady Supplies', email: 'a@steady.example' });
    const res = await t.rest('PUT', `/suppliers/${supplier.id}`, { token: editor.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, error, code: 'VALIDATION', field });
    expect(await supplierRow(supplier.id)).toMatchObject({
      name: 'Steady Supplies',
      email: 'a@steady.example',
      is_active: true,
      version: 1,
    });
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'Bad', email: 'not-an-email' }, 'email'],
    [{ name: 'Bad', email: `${'a'.repeat(250)}@x.io` }, 'email'],
    [{ name: 'Bad', phone: 'call me' }, 'phone'],
    [{ name: 'Bad', phone: '+44  20' }, 'phone'],
    [{ name: 'Bad', phone: '(-)' }, 'phone'],
    [{ name: 'Bad', phone: '1'.repeat(41) }, 'phone'],
    [{ name: 'Bad', contactName: '' }, 'contactName'],
    [{ name: 'Bad', isActive: 'yes' }, 'isActive'],
    [{ name: 'Bad', fax: '123' }, 'fax'],
  ])('rejects %j with 400 naming %s, nothing written', async (body, field) => {
    const before = await t.count('supplier');
    const res = await t.rest('POST', '/suppliers', { token: creator.token, body });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(res.body.error.startsWith(`${field}: `)).toBe(true);
    expect(await t.count('supplier')).toBe(before);
  });

  it('is 404 for an unknown or deleted supplier and 400 for a malformed id', async () => {
    const supplier = await createSupplier({ name: 'Short Lived' });
    const deleted = await t.rest('DELETE', `/suppliers/${supplier.id}`, { token: deleter.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({
      id: supplier.id,
      name: 'Short Lived',
      isActive: false,
      version: 2,
    });
    expect(await supplierRow(supplier.id)).toMatchObject({
      is_active: false,
      deleted_at: expect.any(String),
    });

    for (const id of [supplier.id, UNKNOWN_ID]) {
      const get = await t.rest('GET', `/suppliers/${id}`, { token: viewer.token });
      expect(get.status).toBe(404);
      expect(get.body).toEqual({ success: false, error: `Supplier ${id} not found`, code: 'NOT_FOUND' });
      expect(
        (await t.rest('PUT', `/suppliers/${id}`, { token: editor.token, body: { name: 'Back' } })).status,
      ).toBe(404);
      expect((await t.rest('DELETE', `/suppliers/${id}`, { token: deleter.token })).status).toBe(404);
    }
    expect((await supplierRow(supplier.id)).name).toBe('Short Lived');
    const malformed = await t.rest('GET', '/suppliers/not-a-uuid', { token: viewer.token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('id');
  });

  it('refuses to delete a supplier linked to products (409, unchanged); deletes it once unlinked', async () => {
    const supplier = await createSupplier({ name: 'Linked Ltd' });
    const [p1, p2] = [await createProduct('LNK-1', 'Linked one'), await createProduct('LNK-2', 'Linked two')];
    await link(p1.id, { supplierId: supplier.id });
    await link(p2.id, { supplierId: supplier.id, isPreferred: true });

    const refused = await t.rest('DELETE', `/suppliers/${supplier.id}`, { token: deleter.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      success: false,
      error: 'Supplier is linked to 2 product(s); unlink them first',
      code: 'CONFLICT',
    });
    expect(await supplierRow(supplier.id)).toMatchObject({ deleted_at: null, version: 1 });
    expect(await linkRows(p1.id)).toHaveLength(1);
    expect(await linkRows(p2.id)).toHaveLength(1);

    for (const p of [p1, p2]) {
      const unlinked = await t.rest('DELETE', `/products/${p.id}/suppliers/${supplier.id}`, {
        token: productEditor.token,
      });
      expect(unlinked.status).toBe(200);
    }
    expect((await t.rest('DELETE', `/suppliers/${supplier.id}`, { token: deleter.token })).status).toBe(200);
    expect((await supplierRow(supplier.id)).deleted_at).not.toBeNull();

    // A deleted supplier can no longer be linked.
    const relink = await t.rest('POST', `/products/${p1.id}/suppliers`, {
      token: productEditor.token,
      body: { supplierId: supplier.id },
    });
    expect(relink.status).toBe(400);
    expect(relink.body).toEqual({
      success: false,
      error: 'supplierId: no supplier with this id',
      code: 'VALIDATION',
      field: 'supplierId',
    });
    expect(await linkRows(p1.id)).toEqual([]);
  });

  it('never lets a delete and a new link of the same supplier both succeed', async () => {
    const product = await createProduct('LNK-RACE', 'Raced link');
    const supplier = await createSupplier({ name: 'Racing Ltd' });
    const [deleted, linked] = await Promise.all([
      t.rest('DELETE', `/suppliers/${supplier.id}`, { token: deleter.token }),
      t.rest('POST', `/products/${product.id}/suppliers`, {
        token: productEditor.token,
        body: { supplierId: supplier.id },
      }),
    ]);
    const row = await supplierRow(supplier.id);
    const links = await linkRows(product.id);
    if (deleted.status === 200) {
      expect([linked.status, linked.body.field, links]).toEqual([400, 'supplierId', []]);
      expect(row.deleted_at).not.toBeNull();
    } else {
      expect([deleted.status, linked.status, links.length]).toEqual([409, 201, 1]);
      expect(row.deleted_at).toBeNull();
    }
  });

  it('guards every supplier route: 401 anonymous, 403 without the permission, nothing changed', async () => {
    const supplier = await createSupplier({ name: 'Guarded Goods' });
    const before = await t.count('supplier');
    const id = supplier.id;
    expect((await t.rest('GET', '/suppliers')).status).toBe(401);
    expect((await t.rest('GET', `/suppliers/${id}`)).status).toBe(401);
    expect((await t.rest('POST', '/suppliers', { body: { name: 'No' } })).status).toBe(401);
    expect((await t.rest('PUT', `/suppliers/${id}`, { body: { name: 'No' } })).status).toBe(401);
    expect((await t.rest('DELETE', `/suppliers/${id}`)).status).toBe(401);
    const forbidden = [
      await t.rest('GET', '/suppliers', { token: creator.token }),
      await t.rest('GET', `/suppliers/${id}`, { token: productViewer.token }),
      await t.rest('POST', '/suppliers', { token: viewer.token, body: { name: 'No' } }),
      await t.rest('PUT', `/suppliers/${id}`, { token: creator.token, body: { name: 'No' } }),
      await t.rest('DELETE', `/suppliers/${id}`, { token: editor.token }),
    ];
    expect(forbidden.map((r) => [r.status, r.body.code])).toEqual(Array(5).fill([403, 'FORBIDDEN']));
    expect(await t.count('supplier')).toBe(before);
    expect(await supplierRow(id)).toMatchObject({ name: 'Guarded Goods', deleted_at: null, version: 1 });
  });
});

describe('product suppliers', () => {
  it('links suppliers (201) and lists them preferred first, then by supplier name', async () => {
    const product = await createProduct('PS-LIST', 'Linked coffee');
    const walnut = await createSupplier({ name: 'Walnut Co' });
    const aspen = await createSupplier({ name: 'Aspen Ltd' });
    const maple = await createSupplier({ name: 'Maple Inc' });

    const created = await t.rest('POST', `/products/${product.id}/suppliers`, {
      token: productEditor.token,
      body: { supplierId: walnut.id, supplierSku: 'W-1', costPrice: 450 },
    });
    expect(created.status).toBe(201);
    const walnutLink = {
      id: expect.any(String),
      productId: product.id,
      supplierId: walnut.id,
      supplierName: 'Walnut Co',
      supplierSku: 'W-1',
      costPrice: 450,
      isPreferred: false,
      version: 1,
      ...timestamps,
    };
    expect(created.body).toEqual({ success: true, data: walnutLink });
    const mapleLink = await link(product.id, { supplierId: maple.id, isPreferred: true });
    const aspenLink = await link(product.id, { supplierId: aspen.id });
    expect(aspenLink).toEqual({
      ...walnutLink,
      supplierId: aspen.id,
      supplierName: 'Aspen Ltd',
      supplierSku: null,
      costPrice: null,
    });

    const list = await t.rest('GET', `/products/${product.id}/suppliers`, { token: productViewer.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ success: true, data: [mapleLink, aspenLink, created.body.data] });
    expect(mapleLink).toMatchObject({ supplierName: 'Maple Inc', isPreferred: true });
  });

  it('keeps exactly one preferred supplier while the preference moves', async () => {
    const product = await createProduct('PS-PREF', 'Preferred tea');
    const [a, b, c] = [
      await createSupplier({ name: 'Pref A' }),
      await createSupplier({ name: 'Pref B' }),
      await createSupplier({ name: 'Pref C' }),
    ];
    await link(product.id, { supplierId: a.id, isPreferred: true });
    await link(product.id, { supplierId: b.id, isPreferred: true });
    await link(product.id, { supplierId: c.id });
    expect((await linkRows(product.id)).map((r) => [r.name, r.is_preferred, r.version])).toEqual([
      ['Pref A', false, 2],
      ['Pref B', true, 1],
      ['Pref C', false, 1],
    ]);

    const moved = await t.rest('PUT', `/products/${product.id}/suppliers/${c.id}`, {
      token: productEditor.token,
      body: { isPreferred: true },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ supplierName: 'Pref C', isPreferred: true, version: 2 });
    expect((await linkRows(product.id)).map((r) => [r.name, r.is_preferred])).toEqual([
      ['Pref A', false],
      ['Pref B', false],
      ['Pref C', true],
    ]);

    // Two concurrent moves: both succeed, one after the other, and one preferred link remains.
    const racing = await Promise.all(
      [a, b].map((s) =>
        t.rest('PUT', `/products/${product.id}/suppliers/${s.id}`, {
          token: productEditor.token,
          body: { isPreferred: true },
        }),
      ),
    );
    expect(racing.map((r) => r.status)).toEqual([200, 200]);
    const preferred = (await linkRows(product.id)).filter((r) => r.is_preferred).map((r) => r.name);
    expect(preferred).toHaveLength(1);
    expect(['Pref A', 'Pref B']).toContain(preferred[0]);

    const cleared = await t.rest(
      'PUT',
      `/products/${product.id}/suppliers/${preferred[0] === 'Pref A' ? a.id : b.id}`,
      {
        token: productEditor.token,
        body: { isPreferred: false },
      },
    );
    expect(cleared.body.data.isPreferred).toBe(false);
    expect((await linkRows(product.id)).filter((r) => r.is_preferred)).toEqual([]);
  });

  it('links concurrently as preferred: both linked, exactly one preferred', async () => {
    const product = await createProduct('PS-RACE', 'Raced rice');
    const suppliers = [await createSupplier({ name: 'Race A' }), await createSupplier({ name: 'Race B' })];
    const results = await Promise.all(
      suppliers.map((s) =>
        t.rest('POST', `/products/${product.id}/suppliers`, {
          token: productEditor.token,
          body: { supplierId: s.id, isPreferred: true },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    const rows = await linkRows(product.id);
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.is_preferred)).toHaveLength(1);
  });

  it('updates a link partially; null clears the SKU and cost; 400 naming the field, unchanged', async () => {
    const product = await createProduct('PS-UPD', 'Updated oats');
    const supplier = await createSupplier({ name: 'Update Co' });
    const linked = await link(product.id, { supplierId: supplier.id, supplierSku: 'U-1', costPrice: 300 });
    const path = `/products/${product.id}/suppliers/${supplier.id}`;

    const cost = await t.rest('PUT', path, { token: productEditor.token, body: { costPrice: 320 } });
    expect(cost.status).toBe(200);
    expect(cost.body.data).toEqual({ ...linked, costPrice: 320, version: 2, updatedAt: expect.any(String) });

    const cleared = await t.rest('PUT', path, {
      token: productEditor.token,
      body: { supplierSku: null, costPrice: null },
    });
    expect(cleared.body.data).toMatchObject({
      supplierSku: null,
      costPrice: null,
      isPreferred: false,
      version: 3,
    });

    for (const [body, field] of [
      [{ isPreferred: null }, 'isPreferred'],
      [{ costPrice: -1 }, 'costPrice'],
      [{ costPrice: 1.5 }, 'costPrice'],
      [{ supplierSku: '' }, 'supplierSku'],
      [{ supplierSku: 'x'.repeat(65) }, 'supplierSku'],
    ] as const) {
      const res = await t.rest('PUT', path, { token: productEditor.token, body });
      expect([res.status, res.body.field]).toEqual([400, field]);
    }
    expect(await linkRows(product.id)).toEqual([
      { name: 'Update Co', supplier_sku: null, cost_price: null, is_preferred: false, version: 3 },
    ]);
  });

  it('refuses a duplicate link with 409 and bad references with 404 or 400, nothing written', async () => {
    const product = await createProduct('PS-DUP', 'Duplicate dates');
    const supplier = await createSupplier({ name: 'Dup Co' });
    await link(product.id, { supplierId: supplier.id, supplierSku: 'D-1' });
    const before = await t.count('product_supplier');

    const dup = await t.rest('POST', `/products/${product.id}/suppliers`, {
      token: productEditor.token,
      body: { supplierId: supplier.id, supplierSku: 'D-2' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      success: false,
      error: 'supplierId: this supplier is already linked to the product',
      code: 'CONFLICT',
      field: 'supplierId',
    });

    const noProduct = await t.rest('POST', `/products/${UNKNOWN_ID}/suppliers`, {
      token: productEditor.token,
      body: { supplierId: supplier.id },
    });
    expect(noProduct.status).toBe(404);
    expect(noProduct.body.error).toBe(`Product ${UNKNOWN_ID} not found`);
    const noSupplier = await t.rest('POST', `/products/${product.id}/suppliers`, {
      token: productEditor.token,
      body: { supplierId: UNKNOWN_ID },
    });
    expect([noSupplier.status, noSupplier.body.error]).toEqual([400, 'supplierId: no supplier with this id']);
    const missing = await t.rest('POST', `/products/${product.id}/suppliers`, {
      token: productEditor.token,
      body: { costPrice: 10 },
    });
    expect([missing.status, missing.body.error]).toEqual([400, 'supplierId: is required']);
    const malformed = await t.rest('POST', `/products/${product.id}/suppliers`, {
      token: productEditor.token,
      body: { supplierId: 'nope' },
    });
    expect([malformed.status, malformed.body.field]).toEqual([400, 'supplierId']);

    expect(await t.count('product_supplier')).toBe(before);
    expect(await linkRows(product.id)).toEqual([
      { name: 'Dup Co', supplier_sku: 'D-1', cost_price: null, is_preferred: false, version: 1 },
    ]);

    expect(
      (await t.rest('GET', `/products/${UNKNOWN_ID}/suppliers`, { token: productViewer.token })).status,
    ).toBe(404);
    const other = await createSupplier({ name: 'Unlinked Co' });
    for (const [productId, supplierId] of [
      [product.id, other.id],
      [UNKNOWN_ID, supplier.id],
    ]) {
      const put = await t.rest('PUT', `/products/${productId}/suppliers/${supplierId}`, {
        token: productEditor.token,
        body: { costPrice: 1 },
      });
      expect(put.status).toBe(404);
      const del = await t.rest('DELETE', `/products/${productId}/suppliers/${supplierId}`, {
        token: productEditor.token,
      });
      expect(del.status).toBe(404);
    }
    const notLinked = await t.rest('DELETE', `/products/${product.id}/suppliers/${other.id}`, {
      token: productEditor.token,
    });
    expect(notLinked.body.error).toBe(`Link of product ${product.id} to supplier ${other.id} not found`);
  });

  it('unlinks: the row goes and the removed link is returned; a second unlink is 404', async () => {
    const product = await createProduct('PS-DEL', 'Unlinked umami');
    const supplier = await createSupplier({ name: 'Gone Co' });
    const linked = await link(product.id, { supplierId: supplier.id, costPrice: 99, isPreferred: true });
    const path = `/products/${product.id}/suppliers/${supplier.id}`;
    const res = await t.rest('DELETE', path, { token: productEditor.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: linked });
    expect(await linkRows(product.id)).toEqual([]);
    expect((await t.rest('DELETE', path, { token: productEditor.token })).status).toBe(404);
  });

  it('guards the link routes: 401 anonymous, 403 without the permission, nothing changed', async () => {
    const product = await createProduct('PS-GRD', 'Guarded grain');
    const supplier = await createSupplier({ name: 'Guard Co' });
    const other = await createSupplier({ name: 'Guard Other' });
    await link(product.id, { supplierId: supplier.id, costPrice: 10 });
    const base = `/products/${product.id}/suppliers`;
    const before = await linkRows(product.id);

    expect((await t.rest('GET', base)).status).toBe(401);
    expect((await t.rest('POST', base, { body: { supplierId: other.id } })).status).toBe(401);
    expect((await t.rest('PUT', `${base}/${supplier.id}`, { body: { costPrice: 1 } })).status).toBe(401);
    expect((await t.rest('DELETE', `${base}/${supplier.id}`)).status).toBe(401);
    const forbidden = [
      await t.rest('GET', base, { token: viewer.token }),
      await t.rest('POST', base, { token: productViewer.token, body: { supplierId: other.id } }),
      await t.rest('PUT', `${base}/${supplier.id}`, { token: productViewer.token, body: { costPrice: 1 } }),
      await t.rest('DELETE', `${base}/${supplier.id}`, { token: editor.token }),
    ];
    expect(forbidden.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([403, 'FORBIDDEN']));
    expect(await linkRows(product.id)).toEqual(before);
  });
});

describe('products by supplier', () => {
  it('GET /products?supplierId= lists the products linked to it, with the other filters and pages', async () => {
    const dept = (await t.rest('POST', '/departments', { token: t.adminToken, body: { name: 'Dairy-free' } }))
      .body.data;
    const oatMilk = await createProduct('BYS-1', 'Oat milk', { departmentId: dept.id });
    const oatBar = await createProduct('BYS-2', 'Oat bar');
    const rye = await createProduct('BYS-3', 'Rye bread');
    const oatFlakes = await createProduct('BYS-4', 'Oat flakes');
    const mill = await createSupplier({ name: 'Northern Mill' });
    const other = await createSupplier({ name: 'Southern Mill' });
    for (const p of [oatMilk, oatBar, rye]) await link(p.id, { supplierId: mill.id });
    for (const p of [oatFlakes, oatMilk]) await link(p.id, { supplierId: other.id });
    await t.rest('PATCH', `/products/${rye.id}/toggle-active`, { token: t.adminToken });

    const list = (query: string) => t.rest('GET', `/products?${query}`, { token: productViewer.token });
    const names = (res: { body: { data: Array<{ name: string }> } }) => res.body.data.map((p) => p.name);

    const all = await list(`supplierId=${mill.id}`);
    expect(all.status).toBe(200);
    expect(names(all)).toEqual(['Oat bar', 'Oat milk', 'Rye bread']);
    expect(all.body.data[0]).toEqual({ ...oatBar, updatedAt: expect.any(String) });
    expect(all.body.total).toBe(3);
    expect(names(await list(`supplierId=${mill.id}&search=oat`))).toEqual(['Oat bar', 'Oat milk']);
    expect(names(await list(`supplierId=${mill.id}&departmentId=${dept.id}`))).toEqual(['Oat milk']);
    expect(names(await list(`supplierId=${mill.id}&isActive=false`))).toEqual(['Rye bread']);
    const page2 = await list(`supplierId=${mill.id}&pageSize=2&page=2`);
    expect([names(page2), page2.body.total, page2.body.page]).toEqual([['Rye bread'], 3, 2]);
    expect(names(await list(`supplierId=${other.id}`))).toEqual(['Oat flakes', 'Oat milk']);
    const none = await list(`supplierId=${UNKNOWN_ID}`);
    expect([none.body.data, none.body.total]).toEqual([[], 0]);
    const bad = await list('supplierId=nope');
    expect([bad.status, bad.body.field]).toEqual([400, 'supplierId']);
  });
});

it('round-trips suppliers and links through GraphQL', async () => {
  const token = t.adminToken;
  const created = await t.gql(
    CreateSupplierDocument,
    { name: 'Graph Goods', email: 'hello@graph.example', phone: '555 0199' },
    token,
  );
  expect(created.errors).toBeUndefined();
  const supplier = created.data!.createSupplier;
  expect(supplier).toEqual({
    id: expect.any(String),
    name: 'Graph Goods',
    contactName: null,
    email: 'hello@graph.example',
    phone: '555 0199',
    address: null,
    isActive: true,
    version: 1,
  });
  const updated = await t.gql(UpdateSupplierDocument, { id: supplier.id, name: 'Graph Goods Ltd' }, token);
  expect(updated.data!.updateSupplier).toEqual({ ...supplier, name: 'Graph Goods Ltd', version: 2 });
  expect((await t.gql(SupplierDocument, { id: supplier.id }, token)).data!.supplier.name).toBe(
    'Graph Goods Ltd',
  );
  const page = await t.gql(SuppliersDocument, { search: 'graph goods' }, token);
  expect(page.data!.suppliers).toEqual({
    items: [{ ...supplier, name: 'Graph Goods Ltd', version: 2 }],
    total: 1,
    page: 1,
    pageSize: 20,
  });

  const product = await createProduct('GQL-PS', 'Graph grapes');
  const linked = await t.gql(
    LinkProductSupplierDocument,
    { productId: product.id, supplierId: supplier.id, supplierSku: 'G-1', costPrice: 75, isPreferred: true },
    token,
  );
  const expectedLink = {
    id: expect.any(String),
    productId: product.id,
    supplierId: supplier.id,
    supplierName: 'Graph Goods Ltd',
    supplierSku: 'G-1',
    costPrice: 75,
    isPreferred: true,
    version: 1,
  };
  expect(linked.data!.linkProductSupplier).toEqual(expectedLink);
  const again = await t.gql(
    LinkProductSupplierDocument,
    { productId: product.id, supplierId: supplier.id },
    token,
  );
  expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'supplierId' });

  const changed = await t.gql(
    UpdateProductSupplierDocument,
    { productId: product.id, supplierId: supplier.id, costPrice: null },
    token,
  );
  expect(changed.data!.updateProductSupplier).toEqual({ ...expectedLink, costPrice: null, version: 2 });
  const links = await t.gql(ProductSuppliersDocument, { productId: product.id }, token);
  expect(links.data!.productSuppliers).toEqual([{ ...expectedLink, costPrice: null, version: 2 }]);
  const bySupplier = await t.gql(ProductsBySupplierDocument, { supplierId: supplier.id }, token);
  expect(bySupplier.data!.products).toEqual({
    items: [{ id: product.id, sku: 'GQL-PS', name: 'Graph grapes' }],
    total: 1,
  });

  const refused = await t.gql(DeleteSupplierDocument, { id: supplier.id }, token);
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
  const unlinked = await t.gql(
    UnlinkProductSupplierDocument,
    { productId: product.id, supplierId: supplier.id },
    token,
  );
  expect(unlinked.data!.unlinkProductSupplier).toEqual({ ...expectedLink, costPrice: null, version: 2 });
  const deleted = await t.gql(DeleteSupplierDocument, { id: supplier.id }, token);
  expect(deleted.data!.deleteSupplier).toEqual({ id: supplier.id });
  expect((await t.gql(SupplierDocument, { id: supplier.id }, token)).errors?.[0].extensions).toMatchObject({
    code: 'NOT_FOUND',
  });
});
