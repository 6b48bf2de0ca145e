import {
  CreateSalesRepDocument,
  DeleteSalesRepDocument,
  SalesRepDocument,
  SalesRepsDocument,
  ToggleSalesRepActiveDocument,
  UpdateSalesRepDocument,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let creator: TestUser;
let editor: TestUser;
let deleter: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, creator, editor, deleter] = await Promise.all([
    t.userWith(['sales_reps.view']),
    t.userWith(['sales_reps.create']),
    t.userWith(['sales_reps.view', 'sales_reps.edit']),
    t.userWith(['sales_reps.view', 'sales_reps.delete']),
  ]);
});
afterAll(() => t.close());

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

const repRow = (id: string) =>
  t
    .sql(
      'select code, first_name, last_name, phone, email, is_active, version, deleted_at from sales_rep where id = ?',
      [id],
    )
    .then((rows) => rows[0]);

const codes = (res: { body: { data: Array<{ code: string }> } }) => res.body.data.map((r) => r.code);

async function createRep(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/sales-reps', { token: t.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('POST /sales-reps', () => {
  it('creates a rep: code upper-cased, e-mail lower-cased, active by default', async () => {
    const res = await t.rest('POST', '/sales-reps', {
      token: creator.token,
      body: {
        code: 'jd-01',
        firstName: ' Jane ',
        lastName: 'Doe',
        phone: '+1 555 0100',
        email: 'Jane.Doe@Shop.TEST',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'JD-01',
        firstName: 'Jane',
        lastName: 'Doe',
        phone: '+1 555 0100',
        email: 'jane.doe@shop.test',
        isActive: true,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    expect(await repRow(res.body.data.id)).toEqual({
      code: 'JD-01',
      first_name: 'Jane',
      last_name: 'Doe',
      phone: '+1 555 0100',
      email: 'jane.doe@shop.test',
      is_active: true,
      version: 1,
      deleted_at: null,
    });
  });

  it('creates an inactive rep when asked; optional fields null', async () => {
    const res = await t.rest('POST', '/sales-reps', {
      token: creator.token,
      body: { code: 'LATER_1', firstName: 'Not', lastName: 'Yet', isActive: false },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ code: 'LATER_1', phone: null, email: null, isActive: false });
  });

  it('refuses a code in use, whatever its case (409), writing nothing', async () => {
    await createRep({ code: 'DUP', firstName: 'First', lastName: 'Holder' });
    const before = await t.count('sales_rep');
    const res = await t.rest('POST', '/sales-reps', {
      token: creator.token,
      body: { code: 'dup', firstName: 'Second', lastName: 'Holder' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: 'code: "DUP" is already in use',
      code: 'CONFLICT',
      field: 'code',
    });
    expect(await t.count('sales_rep')).toBe(before);
  });

  it('refuses the code of a deleted rep (409): codes are never reused', async () => {
    const old = await createRep({ code: 'RET-1', firstName: 'Retired', lastName: 'Rep' });
    expect((await t.rest('DELETE', `/sales-reps/${old.id}`, { token: deleter.token })).status).toBe(200);
    const before = await t.count('sales_rep');
    const res = await t.rest('POST', '/sales-reps', {
      token: creator.token,
      body: { code: 'ret-1', firstName: 'New', lastName: 'Hire' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: 'code: "RET-1" belonged to a deleted sales rep and cannot be reused',
      code: 'CONFLICT',
      field: 'code',
    });
    expect(await t.count('sales_rep')).toBe(before);
  });

  it('lets exactly one of two simultaneous creations with one code through; the other is 409', async () => {
    const body = (firstName: string) => ({ code: 'RACE', firstName, lastName: 'Runner' });
    const results = await Promise.all([
      t.rest('POST', '/sales-reps', { token: creator.token, body: body('One') }),
      t.rest('POST', '/sales-reps', { token: creator.token, body: body('Two') }),
    ]);
    expect(results.map((r) => r.status).sort((x, y) => x - y)).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: 'CONFLICT', field: 'code' });
    expect(await t.sql("select first_name from sales_rep where code = 'RACE'")).toHaveLength(1);
  });

  it.each([
    ['no code', { firstName: 'A', lastName: 'B' }, 'code'],
    ['an empty code', { code: '', firstName: 'A', lastName: 'B' }, 'code'],
    ['a code with a space', { code: 'A B', firstName: 'A', lastName: 'B' }, 'code'],
    ['a code with an accent', { code: 'JOSÉ', firstName: 'A', lastName: 'B' }, 'code'],
    ['a code over 30', { code: 'C'.repeat(31), firstName: 'A', lastName: 'B' }, 'code'],
    ['no first name', { code: 'NF', lastName: 'B' }, 'firstName'],
    ['a blank last name', { code: 'BL', firstName: 'A', lastName: ' ' }, 'lastName'],
    ['a malformed e-mail', { code: 'EM', firstName: 'A', lastName: 'B', email: 'a@' }, 'email'],
    ['letters in the phone', { code: 'PH', firstName: 'A', lastName: 'B', phone: '555-CALL' }, 'phone'],
    ['a string isActive', { code: 'IA', firstName: 'A', lastName: 'B', isActive: 'yes' }, 'isActive'],
    ['a null isActive', { code: 'IN', firstName: 'A', lastName: 'B', isActive: null }, 'isActive'],
    ['an unknown field', { code: 'UF', firstName: 'A', lastName: 'B', active: true }, 'active'],
  ])('rejects %s with 400 naming the field, writing nothing', async (_label, body, field) => {
    const before = await t.count('sales_rep');
    const res = await t.rest('POST', '/sales-reps', { token: creator.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION' });
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await t.count('sales_rep')).toBe(before);
  });

  it('accepts a code of exactly 30 characters', async () => {
    const rep = await createRep({ code: 'c'.repeat(30), firstName: 'Long', lastName: 'Code' });
    expect(rep.code).toBe('C'.repeat(30));
  });

  it('is 401 anonymous and 403 without sales_reps.create; nothing written', async () => {
    const before = await t.count('sales_rep');
    const body = { code: 'DENY', firstName: 'No', lastName: 'Access' };
    expect((await t.rest('POST', '/sales-reps', { body })).status).toBe(401);
    const denied = await t.rest('POST', '/sales-reps', { token: editor.token, body });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      success: false,
      error: 'Missing permission: sales_reps.create',
      code: 'FORBIDDEN',
    });
    expect(await t.count('sales_rep')).toBe(before);
  });
});

describe('GET /sales-reps', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const reps = [
      { code: 'LST-B', firstName: 'Lisa', lastName: 'Turner' },
      { code: 'LST-A', firstName: 'Liam', lastName: 'Listerman', isActive: false },
      { code: 'LST-C', firstName: 'Carl', lastName: 'Stone' },
      { code: 'LST-X', firstName: 'Gone', lastName: 'Listed' },
    ];
    for (const r of reps) ids[r.code] = (await createRep(r)).id;
    await t.rest('DELETE', `/sales-reps/${ids['LST-X']}`, { token: deleter.token });
    for (let i = 1; i <= 23; i++)
      await createRep({ code: `PG-${String(i).padStart(2, '0')}`, firstName: 'Paged', lastName: `Rep ${i}` });
  });

  it.each([
    ['lst', ['LST-A', 'LST-B', 'LST-C']],
    ['lst-b', ['LST-B']],
    ['list', ['LST-A']],
    ['LISA', ['LST-B']],
    ['lisa turner', ['LST-B']],
    ['carl  STONE', ['LST-C']],
    ['turner lisa', []],
    ['gone', []],
  ])('search %j finds exactly %j, by code', async (search, expected) => {
    const res = await t.rest('GET', `/sales-reps?search=${encodeURIComponent(search)}`, {
      token: viewer.token,
    });
    expect(res.status).toBe(200);
    expect(codes(res)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('filters by isActive', async () => {
    const active = await t.rest('GET', '/sales-reps?search=lst&isActive=true', { token: viewer.token });
    expect(codes(active)).toEqual(['LST-B', 'LST-C']);
    const inactive = await t.rest('GET', '/sales-reps?search=lst&isActive=false', { token: viewer.token });
    expect(codes(inactive)).toEqual(['LST-A']);
    expect(inactive.body.data[0]).toEqual({
      id: ids['LST-A'],
      code: 'LST-A',
      firstName: 'Liam',
      lastName: 'Listerman',
      phone: null,
      email: null,
      isActive: false,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('paginates with total, page and pageSize beside data', async () => {
    const res = await t.rest('GET', '/sales-reps?search=paged&page=3&pageSize=10', { token: viewer.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'page', 'pageSize', 'success', 'total']);
    expect(res.body).toMatchObject({ total: 23, page: 3, pageSize: 10 });
    expect(codes(res)).toEqual(['PG-21', 'PG-22', 'PG-23']);
    const first = await t.rest('GET', '/sales-reps?search=paged', { token: viewer.token });
    expect(first.body).toMatchObject({ total: 23, page: 1, pageSize: 20 });
    expect(codes(first)).toEqual(
      Array.from({ length: 20 }, (_, i) => `PG-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it.each([
    ['page=0', 'page'],
    ['pageSize=0', 'pageSize'],
    ['isActive=maybe', 'isActive'],
    ['is_active=maybe', 'is_active'],
    ['isactive=true', 'isactive'],
  ])('?%s: 400 naming %s', async (query, field) => {
    const res = await t.rest('GET', `/sales-reps?${query}`, { token: viewer.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
  });

  it('is 401 anonymous and 403 without sales_reps.view', async () => {
    expect((await t.rest('GET', '/sales-reps')).status).toBe(401);
    expect((await t.rest('GET', '/sales-reps', { token: creator.token })).status).toBe(403);
  });
});

describe('GET /sales-reps/:id', () => {
  it('returns one rep; 404 unknown or deleted; 400 malformed; 401/403', async () => {
    const rep = await createRep({ code: 'ONE', firstName: 'Only', lastName: 'One' });
    const res = await t.rest('GET', `/sales-reps/${rep.id}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(rep);
    const missing = await t.rest('GET', `/sales-reps/${UNKNOWN_ID}`, { token: viewer.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: `Sales rep ${UNKNOWN_ID} not found`,
      code: 'NOT_FOUND',
    });
    expect((await t.rest('GET', '/sales-reps/not-a-uuid', { token: viewer.token })).status).toBe(400);
    expect((await t.rest('GET', `/sales-reps/${rep.id}`)).status).toBe(401);
    expect((await t.rest('GET', `/sales-reps/${rep.id}`, { token: creator.token })).status).toBe(403);
  });
});

describe('PUT /sales-reps/:id', () => {
  it('updates the fields given, keeps the others; null clears; same code accepted in any case', async () => {
    const rep = await createRep({
      code: 'UPD',
      firstName: 'Old',
      lastName: 'Name',
      phone: '555 0001',
      email: 'old@shop.test',
    });
    const res = await t.rest('PUT', `/sales-reps/${rep.id}`, {
      token: editor.token,
      body: { code: 'upd', firstName: 'New', phone: null, email: 'NEW@Shop.test', isActive: false },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      ...rep,
      firstName: 'New',
      phone: null,
      email: 'new@shop.test',
      isActive: false,
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(await repRow(rep.id)).toMatchObject({
      code: 'UPD',
      first_name: 'New',
      last_name: 'Name',
      phone: null,
      email: 'new@shop.test',
      is_active: false,
      version: 2,
    });
  });

  it('refuses to change the code (400), unchanged', async () => {
    const rep = await createRep({ code: 'IMM', firstName: 'Fixed', lastName: 'Code' });
    const res = await t.rest('PUT', `/sales-reps/${rep.id}`, {
      token: editor.token,
      body: { code: 'IMM2', firstName: 'Renamed' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      error: 'code: cannot be changed after creation',
      code: 'VALIDATION',
      field: 'code',
    });
    expect(await repRow(rep.id)).toMatchObject({ code: 'IMM', first_name: 'Fixed', version: 1 });
  });

  it.each([
    [{ code: null }, 'code: code must not be null'],
    [{ firstName: null }, 'firstName: firstName must not be null'],
    [{ lastName: '' }, null],
    [{ isActive: null }, 'isActive: isActive must not be null'],
    [{ email: 'bad@' }, null],
    [{ phone: 'x' }, null],
  ])('refuses %j with 400, unchanged', async (body, message) => {
    const rep = await createRep({ code: `NUL-${Object.keys(body)[0]}`, firstName: 'Stay', lastName: 'Same' });
    const res = await t.rest('PUT', `/sales-reps/${rep.id}`, { token: editor.token, body });
    expect(res.status).toBe(400);
    const field = Object.keys(body)[0];
    expect(res.body.field).toBe(field);
    if (message) expect(res.body.error).toBe(message);
    else expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await repRow(rep.id)).toMatchObject({ first_name: 'Stay', last_name: 'Same', version: 1 });
  });

  it('is 404 unknown, 401 anonymous, 403 without sales_reps.edit (unchanged)', async () => {
    const rep = await createRep({ code: 'PUT-G', firstName: 'Guarded', lastName: 'Rep' });
    const body = { firstName: 'Changed' };
    expect((await t.rest('PUT', `/sales-reps/${UNKNOWN_ID}`, { token: editor.token, body })).status).toBe(
      404,
    );
    expect((await t.rest('PUT', `/sales-reps/${rep.id}`, { body })).status).toBe(401);
    expect((await t.rest('PUT', `/sales-reps/${rep.id}`, { token: viewer.token, body })).status).toBe(403);
    expect((await t.rest('PUT', `/sales-reps/${rep.id}`, { token: deleter.token, body })).status).toBe(403);
    expect(await repRow(rep.id)).toMatchObject({ first_name: 'Guarded', version: 1 });
  });
});

describe('PATCH /sales-reps/:id/toggle-active', () => {
  it('flips the flag off and on again', async () => {
    const rep = await createRep({ code: 'TOG', firstName: 'Toggle', lastName: 'Twice' });
    const off = await t.rest('PATCH', `/sales-reps/${rep.id}/toggle-active`, { token: editor.token });
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ id: rep.id, isActive: false, version: 2 });
    expect((await repRow(rep.id)).is_active).toBe(false);
    const on = await t.rest('PATCH', `/sales-reps/${rep.id}/toggle-active`, { token: editor.token });
    expect(on.body.data).toMatchObject({ id: rep.id, isActive: true, version: 3 });
    expect((await repRow(rep.id)).is_active).toBe(true);
  });

  it('is 404 unknown, 401 anonymous, 403 without sales_reps.edit (unchanged)', async () => {
    const rep = await createRep({ code: 'TOG-G', firstName: 'Guarded', lastName: 'Toggle' });
    const path = `/sales-reps/${rep.id}/toggle-active`;
    expect(
      (await t.rest('PATCH', `/sales-reps/${UNKNOWN_ID}/toggle-active`, { token: editor.token })).status,
    ).toBe(404);
    expect((await t.rest('PATCH', path)).status).toBe(401);
    expect((await t.rest('PATCH', path, { token: viewer.token })).status).toBe(403);
    expect((await t.rest('PATCH', path, { token: deleter.token })).status).toBe(403);
    expect(await repRow(rep.id)).toMatchObject({ is_active: true, version: 1 });
  });
});

describe('DELETE /sales-reps/:id', () => {
  it('soft-deletes: inactive and marked; then 404 on every route and gone from lists', async () => {
    const rep = await createRep({ code: 'DEL', firstName: 'Leaving', lastName: 'Rep' });
    const res = await t.rest('DELETE', `/sales-reps/${rep.id}`, { token: deleter.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: rep.id, code: 'DEL', isActive: false, version: 2 });
    const row = await repRow(rep.id);
    expect(row).toMatchObject({ code: 'DEL', is_active: false, version: 2 });
    expect(row.deleted_at).not.toBeNull();

    expect((await t.rest('GET', `/sales-reps/${rep.id}`, { token: viewer.token })).status).toBe(404);
    expect(
      (await t.rest('PUT', `/sales-reps/${rep.id}`, { token: editor.token, body: { firstName: 'Back' } }))
        .status,
    ).toBe(404);
    expect(
      (await t.rest('PATCH', `/sales-reps/${rep.id}/toggle-active`, { token: editor.token })).status,
    ).toBe(404);
    expect((await t.rest('DELETE', `/sales-reps/${rep.id}`, { token: deleter.token })).status).toBe(404);
    const list = await t.rest('GET', '/sales-reps?search=leaving', { token: viewer.token });
    expect(list.body).toMatchObject({ data: [], total: 0 });
    const inactive = await t.rest('GET', '/sales-reps?isActive=false&search=leaving', {
      token: viewer.token,
    });
    expect(inactive.body).toMatchObject({ data: [], total: 0 });
    expect(await repRow(rep.id)).toMatchObject({ is_active: false, version: 2 });
  });

  it('is 404 unknown, 401 anonymous, 403 without sales_reps.delete (unchanged)', async () => {
    const rep = await createRep({ code: 'DEL-G', firstName: 'Guarded', lastName: 'Delete' });
    expect((await t.rest('DELETE', `/sales-reps/${UNKNOWN_ID}`, { token: deleter.token })).status).toBe(404);
    expect((await t.rest('DELETE', `/sales-reps/${rep.id}`)).status).toBe(401);
    expect((await t.rest('DELETE', `/sales-reps/${rep.id}`, { token: editor.token })).status).toBe(403);
    expect((await t.rest('DELETE', `/sales-reps/${rep.id}`, { token: viewer.token })).status).toBe(403);
    expect(await repRow(rep.id)).toMatchObject({ is_active: true, deleted_at: null, version: 1 });
  });
});

it('runs the sales rep lifecycle over GraphQL', async () => {
  const created = await t.gql(
    CreateSalesRepDocument,
    { code: 'gql-7', firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Engine.test' },
    creator.token,
  );
  expect(created.errors).toBeUndefined();
  const rep = created.data!.createSalesRep;
  expect(rep).toEqual({
    id: expect.any(String),
    code: 'GQL-7',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@engine.test',
    isActive: true,
  });

  const page = await t.gql(SalesRepsDocument, { search: 'ada love', isActive: true }, viewer.token);
  expect(page.data!.salesReps).toEqual({
    items: [{ id: rep.id, code: 'GQL-7', firstName: 'Ada', lastName: 'Lovelace', isActive: true }],
    total: 1,
  });

  const updated = await t.gql(
    UpdateSalesRepDocument,
    { id: rep.id, code: 'gql-7', firstName: 'Augusta', phone: '+44 20 7946 0000' },
    editor.token,
  );
  expect(updated.data!.updateSalesRep).toEqual({
    id: rep.id,
    code: 'GQL-7',
    firstName: 'Augusta',
    phone: '+44 20 7946 0000',
    version: 2,
  });
  const moved = await t.gql(UpdateSalesRepDocument, { id: rep.id, code: 'OTHER' }, editor.token);
  expect(moved.errors?.[0]).toMatchObject({
    message: 'code: cannot be changed after creation',
    extensions: { code: 'VALIDATION', field: 'code' },
  });

  const toggled = await t.gql(ToggleSalesRepActiveDocument, { id: rep.id }, editor.token);
  expect(toggled.data!.toggleSalesRepActive).toEqual({ id: rep.id, isActive: false, version: 3 });

  const dup = await t.gql(
    CreateSalesRepDocument,
    { code: 'GQL-7', firstName: 'A', lastName: 'B' },
    creator.token,
  );
  expect(dup.errors?.[0]).toMatchObject({
    message: 'code: "GQL-7" is already in use',
    extensions: { code: 'CONFLICT', field: 'code' },
  });

  expect((await t.gql(DeleteSalesRepDocument, { id: rep.id }, deleter.token)).data).toEqual({
    deleteSalesRep: { id: rep.id, isActive: false },
  });
  const gone = await t.gql(SalesRepDocument, { id: rep.id }, viewer.token);
  expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});
