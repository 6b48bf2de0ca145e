import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let creator: TestUser;
let editor: TestUser;
let deleter: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, creator, editor, deleter] = await Promise.all([
    t.userWith(['products.view']),
    t.userWith(['products.create']),
    t.userWith(['products.edit']),
    t.userWith(['products.delete']),
  ]);
});
afterAll(() => t.close());

const deptRow = (id: string) =>
  t.sql('select name, code, deleted_at from department where id = ?', [id]).then((r) => r[0]);

it('creates, lists by name, updates and deletes departments', async () => {
  const bakery = await t.rest('POST', '/departments', {
    token: creator.token,
    body: { name: 'Bakery', code: 'BAK' },
  });
  expect(bakery.status).toBe(201);
  expect(bakery.body.data).toMatchObject({ name: 'Bakery', code: 'BAK', version: 1 });
  await t.rest('POST', '/departments', { token: creator.token, body: { name: 'Alcohol' } });

  const list = await t.rest('GET', '/departments', { token: viewer.token });
  expect(list.status).toBe(200);
  expect(list.body.data.map((d: any) => [d.name, d.code])).toEqual([
    ['Alcohol', null],
    ['Bakery', 'BAK'],
  ]);

  const updated = await t.rest('PUT', `/departments/${bakery.body.data.id}`, {
    token: editor.token,
    body: { name: 'Bread', code: null },
  });
  expect(updated.status).toBe(200);
  expect(updated.body.data).toMatchObject({ name: 'Bread', code: null, version: 2 });

  const deleted = await t.rest('DELETE', `/departments/${bakery.body.data.id}`, { token: deleter.token });
  expect(deleted.status).toBe(200);
  expect((await deptRow(bakery.body.data.id)).deleted_at).not.toBeNull();
  const after = await t.rest('GET', '/departments', { token: viewer.token });
  expect(after.body.data.map((d: any) => d.name)).toEqual(['Alcohol']);
  expect(
    (await t.rest('PUT', `/departments/${bakery.body.data.id}`, { token: editor.token, body: { name: 'x' } }))
      .status,
  ).toBe(404);
  expect(
    (await t.rest('DELETE', `/departments/${bakery.body.data.id}`, { token: deleter.token })).status,
  ).toBe(404);
});

it('keeps codes unique among live departments (409), reusable after a delete', async () => {
  const first = await t.rest('POST', '/departments', {
    token: creator.token,
    body: { name: 'Dairy', code: 'DAI' },
  });
  const dup = await t.rest('POST', '/departments', {
    token: creator.token,
    body: { name: 'Dairy 2', code: 'DAI' },
  });
  expect(dup.status).toBe(409);
  expect(dup.body).toEqual({
    success: false,
    error: 'code: "DAI" is already in use',
    code: 'CONFLICT',
    field: 'code',
  });
  const other = await t.rest('POST', '/departments', {
    token: creator.token,
    body: { name: 'Deli', code: 'DEL' },
  });
  const clash = await t.rest('PUT', `/departments/${other.body.data.id}`, {
    token: editor.token,
    body: { code: 'DAI' },
  });
  expect(clash.status).toBe(409);
  expect((await deptRow(other.body.data.id)).code).toBe('DEL');
  await t.rest('DELETE', `/departments/${first.body.data.id}`, { token: deleter.token });
  expect(
    (
      await t.rest('POST', '/departments', {
        token: creator.token,
        body: { name: 'Dairy again', code: 'DAI' },
      })
    ).status,
  ).toBe(201);
});

it('refuses to delete a department that products belong to (409), unchanged', async () => {
  const dept = (await t.rest('POST', '/departments', { token: creator.token, body: { name: 'Frozen' } })).body
    .data;
  await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku: 'FRZ-1', name: 'Peas', sellPrice: 199, departmentId: dept.id },
  });
  const res = await t.rest('DELETE', `/departments/${dept.id}`, { token: deleter.token });
  expect(res.status).toBe(409);
  expect(res.body.error).toBe('Department has 1 product(s); move them to another department first');
  expect((await deptRow(dept.id)).deleted_at).toBeNull();
});

it('refuses null for a field that cannot be cleared (400), unchanged', async () => {
  const dept = (
    await t.rest('POST', '/departments', { token: creator.token, body: { name: 'Keep', code: 'KEEP' } })
  ).body.data;
  const res = await t.rest('PUT', `/departments/${dept.id}`, { token: editor.token, body: { name: null } });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    success: false,
    error: 'name: name must not be null',
    code: 'VALIDATION',
    field: 'name',
  });
  expect(await deptRow(dept.id)).toEqual({ name: 'Keep', code: 'KEEP', deleted_at: null });
});

it.each([
  [{}, 'name'],
  [{ name: '' }, 'name'],
  [{ name: 'x'.repeat(101) }, 'name'],
  [{ name: 'Bad code', code: 'has space' }, 'code'],
  [{ name: 42 }, 'name'],
])('rejects %j with 400 naming %s', async (body, field) => {
  const before = await t.count('department');
  const res = await t.rest('POST', '/departments', { token: creator.token, body });
  expect(res.status).toBe(400);
  expect(res.body.error.startsWith(`${field}: `)).toBe(true);
  expect(await t.count('department')).toBe(before);
});

it('guards every route: 401 anonymous, 403 without the permission, nothing changed', async () => {
  const dept = (await t.rest('POST', '/departments', { token: creator.token, body: { name: 'Guarded' } }))
    .body.data;
  const before = await t.count('department');
  expect((await t.rest('GET', '/departments')).status).toBe(401);
  expect((await t.rest('GET', '/departments', { token: creator.token })).status).toBe(403);
  expect((await t.rest('POST', '/departments', { token: viewer.token, body: { name: 'No' } })).status).toBe(
    403,
  );
  expect(
    (await t.rest('PUT', `/departments/${dept.id}`, { token: creator.token, body: { name: 'No' } })).status,
  ).toBe(403);
  expect((await t.rest('DELETE', `/departments/${dept.id}`, { token: editor.token })).status).toBe(403);
  expect((await t.rest('DELETE', `/departments/${dept.id}`)).status).toBe(401);
  expect(await t.count('department')).toBe(before);
  expect(await deptRow(dept.id)).toEqual({ name: 'Guarded', code: null, deleted_at: null });
});
