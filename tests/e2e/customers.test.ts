import {
  CreateCustomerDocument,
  CustomerDocument,
  CustomersDocument,
  DeleteCustomerDocument,
  UpdateCustomerDocument,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let creator: TestUser;
let editor: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, creator, editor] = await Promise.all([
    t.userWith(['customers.view']),
    t.userWith(['customers.create']),
    t.userWith(['customers.view', 'customers.edit']),
  ]);
});
afterAll(() => t.close());

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

const customerRow = (id: string) =>
  t
    .sql(
      'select first_name, last_name, email, phone, address, notes, version, deleted_at from customer where id = ?',
      [id],
    )
    .then((rows) => rows[0]);

async function createCustomer(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/customers', { token: t.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

const names = (res: { body: { data: Array<{ firstName: string; lastName: string }> } }) =>
  res.body.data.map((c) => `${c.firstName} ${c.lastName}`);

describe('POST /customers', () => {
  it('creates a customer: e-mail lower-cased, names tidied', async () => {
    const res = await t.rest('POST', '/customers', {
      token: creator.token,
      body: {
        firstName: '  Olivia ',
        lastName: 'de  la Cruz',
        email: 'Olivia.Cruz@Example.COM',
        phone: '+44 (20) 7946-0018',
        address: '1 High Street\nLondon',
        notes: 'Prefers e-mail receipts',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        firstName: 'Olivia',
        lastName: 'de la Cruz',
        email: 'olivia.cruz@example.com',
        phone: '+44 (20) 7946-0018',
        address: '1 High Street\nLondon',
        notes: 'Prefers e-mail receipts',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    expect(await customerRow(res.body.data.id)).toEqual({
      first_name: 'Olivia',
      last_name: 'de la Cruz',
      email: 'olivia.cruz@example.com',
      phone: '+44 (20) 7946-0018',
      address: '1 High Street\nLondon',
      notes: 'Prefers e-mail receipts',
      version: 1,
      deleted_at: null,
    });
  });

  it('creates with names only; optional fields are null', async () => {
    const res = await t.rest('POST', '/customers', {
      token: creator.token,
      body: { firstName: 'Bare', lastName: 'Minimum' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ email: null, phone: null, address: null, notes: null });
  });

  it('allows two customers with the same e-mail (a family shares one)', async () => {
    const a = await createCustomer({ firstName: 'Pat', lastName: 'Family', email: 'home@family.test' });
    const b = await t.rest('POST', '/customers', {
      token: creator.token,
      body: { firstName: 'Sam', lastName: 'Family', email: 'HOME@family.test' },
    });
    expect(b.status).toBe(201);
    expect(b.body.data.email).toBe('home@family.test');
    expect(b.body.data.id).not.toBe(a.id);
  });

  it.each([
    ['no first name', { lastName: 'No first' }, 'firstName'],
    ['no last name', { firstName: 'No last' }, 'lastName'],
    ['a blank first name', { firstName: '   ', lastName: 'Blank' }, 'firstName'],
    ['a first name over 100', { firstName: 'x'.repeat(101), lastName: 'Long' }, 'firstName'],
    ['a malformed e-mail', { firstName: 'Bad', lastName: 'Mail', email: 'not-an-email' }, 'email'],
    [
      'an e-mail over 254',
      { firstName: 'Long', lastName: 'Mail', email: `${'a'.repeat(250)}@x.io` },
      'email',
    ],
    ['letters in the phone', { firstName: 'Bad', lastName: 'Phone', phone: 'call me' }, 'phone'],
    ['a phone without digits', { firstName: 'No', lastName: 'Digits', phone: '+( )' }, 'phone'],
    ['a phone over 40', { firstName: 'Long', lastName: 'Phone', phone: '1'.repeat(41) }, 'phone'],
    ['notes over 4000', { firstName: 'Long', lastName: 'Notes', notes: 'n'.repeat(4001) }, 'notes'],
    ['an address over 500', { firstName: 'Long', lastName: 'Address', address: 'a'.repeat(501) }, 'address'],
    ['an unknown field', { firstName: 'Typo', lastName: 'Field', emial: 'a@b.co' }, 'emial'],
  ])('rejects %s with 400 naming the field, writing nothing', async (_label, body, field) => {
    const before = await t.count('customer');
    const res = await t.rest('POST', '/customers', { token: creator.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION' });
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await t.count('customer')).toBe(before);
  });

  it('accepts notes of 4000 characters', async () => {
    const res = await t.rest('POST', '/customers', {
      token: creator.token,
      body: { firstName: 'Many', lastName: 'Notes', notes: 'n'.repeat(4000) },
    });
    expect(res.status).toBe(201);
  });

  it('is 401 anonymous and 403 without customers.create; nothing written', async () => {
    const before = await t.count('customer');
    const body = { firstName: 'Denied', lastName: 'Person' };
    expect((await t.rest('POST', '/customers', { body })).status).toBe(401);
    const denied = await t.rest('POST', '/customers', { token: editor.token, body });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      success: false,
      error: 'Missing permission: customers.create',
      code: 'FORBIDDEN',
    });
    expect(await t.count('customer')).toBe(before);
  });
});

describe('GET /customers', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const people = [
      { firstName: 'Ann', lastName: 'Smith', email: 'ann.smith@example.com', phone: '+1 (555) 010-2030' },
      { firstName: 'Annabel', lastName: 'Smithers', email: 'bel@example.org', phone: '020 8123 4567' },
      { firstName: 'John', lastName: 'Annson', email: 'JOHN@Shop.test' },
      { firstName: 'Mary Ann', lastName: 'Jones' },
      { firstName: 'Zed', lastName: 'Smith', email: 'zed@example.com' },
      { firstName: 'Gone', lastName: 'Smith', email: 'gone@example.com' },
    ];
    for (const p of people) ids[p.firstName] = (await createCustomer(p)).id;
    await t.rest('DELETE', `/customers/${ids.Gone}`, { token: editor.token });
    for (let i = 1; i <= 25; i++)
      await createCustomer({ firstName: `P${String(i).padStart(2, '0')}`, lastName: 'Pager' });
  });

  it.each([
    ['ann smith', ['Ann Smith']],
    ['  ANN   smith ', ['Ann Smith']],
    ['ann', ['John Annson', 'Mary Ann Jones', 'Ann Smith', 'Annabel Smithers']],
    ['smith', ['Ann Smith', 'Zed Smith', 'Annabel Smithers']],
    ['ann jones', ['Mary Ann Jones']],
    ['mary ann', ['Mary Ann Jones']],
    ['nn smi', ['Ann Smith']],
    ['smith ann', []],
    ['@shop.TEST', ['John Annson']],
    ['example.org', ['Annabel Smithers']],
    ['(555) 010', ['Ann Smith']],
    ['8123 45', ['Annabel Smithers']],
    ['%', []],
    ['_', []],
  ])('search %j finds exactly %j, by last name then first name', async (search, expected) => {
    const res = await t.rest('GET', `/customers?search=${encodeURIComponent(search)}`, {
      token: viewer.token,
    });
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('returns whole rows, e-mail as stored (lower case)', async () => {
    const res = await t.rest('GET', '/customers?search=annson', { token: viewer.token });
    expect(res.body.data).toEqual([
      {
        id: ids.John,
        firstName: 'John',
        lastName: 'Annson',
        email: 'john@shop.test',
        phone: null,
        address: null,
        notes: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
  });

  it('paginates with total, page and pageSize beside data', async () => {
    const res = await t.rest('GET', '/customers?search=pager&page=2&pageSize=10', { token: viewer.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'page', 'pageSize', 'success', 'total']);
    expect(res.body).toMatchObject({ total: 25, page: 2, pageSize: 10 });
    expect(res.body.data.map((c: any) => c.firstName)).toEqual(
      Array.from({ length: 10 }, (_, i) => `P${i + 11}`),
    );
    const last = await t.rest('GET', '/customers?search=pager&page=3&pageSize=10', { token: viewer.token });
    expect(last.body.data.map((c: any) => c.firstName)).toEqual(['P21', 'P22', 'P23', 'P24', 'P25']);
    const defaults = await t.rest('GET', '/customers?search=pager', { token: viewer.token });
    expect(defaults.body).toMatchObject({ total: 25, page: 1, pageSize: 20 });
    expect(defaults.body.data).toHaveLength(20);
  });

  it('leaves deleted customers out', async () => {
    const res = await t.rest('GET', '/customers?search=gone', { token: viewer.token });
    expect(res.body).toMatchObject({ data: [], total: 0 });
  });

  it.each([
    ['page=0', 'page'],
    ['pageSize=101', 'pageSize'],
    [`search=${'x'.repeat(101)}`, 'search'],
    ['active=true', 'active'],
  ])('?%s: 400 naming %s', async (query, field) => {
    const res = await t.rest('GET', `/customers?${query}`, { token: viewer.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
  });

  it('is 401 anonymous and 403 without customers.view', async () => {
    expect((await t.rest('GET', '/customers')).status).toBe(401);
    expect((await t.rest('GET', '/customers', { token: creator.token })).status).toBe(403);
  });
});

describe('GET /customers/:id', () => {
  it('returns one customer; 404 unknown or deleted; 400 malformed; 401/403', async () => {
    const c = await createCustomer({ firstName: 'Single', lastName: 'Get', phone: '555 0101' });
    const res = await t.rest('GET', `/customers/${c.id}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(c);

    const missing = await t.rest('GET', `/customers/${UNKNOWN_ID}`, { token: viewer.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: `Customer ${UNKNOWN_ID} not found`,
      code: 'NOT_FOUND',
    });
    expect((await t.rest('GET', '/customers/12345', { token: viewer.token })).status).toBe(400);
    expect((await t.rest('GET', `/customers/${c.id}`)).status).toBe(401);
    expect((await t.rest('GET', `/customers/${c.id}`, { token: creator.token })).status).toBe(403);

    await t.rest('DELETE', `/customers/${c.id}`, { token: editor.token });
    expect((await t.rest('GET', `/customers/${c.id}`, { token: viewer.token })).status).toBe(404);
  });
});

describe('PUT /customers/:id', () => {
  it('updates the fields given, keeps the others; null clears; bumps the version', async () => {
    const c = await createCustomer({
      firstName: 'Before',
      lastName: 'Update',
      email: 'before@example.com',
      phone: '555 1000',
      address: 'Somewhere',
      notes: 'Old note',
    });
    const res = await t.rest('PUT', `/customers/${c.id}`, {
      token: editor.token,
      body: { firstName: 'After', email: 'After@Example.com', phone: null, notes: null },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      ...c,
      firstName: 'After',
      email: 'after@example.com',
      phone: null,
      notes: null,
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(await customerRow(c.id)).toMatchObject({
      first_name: 'After',
      last_name: 'Update',
      email: 'after@example.com',
      phone: null,
      address: 'Somewhere',
      notes: null,
      version: 2,
    });
  });

  it.each([
    [{ firstName: null }, 'firstName: firstName must not be null'],
    [{ lastName: null }, 'lastName: lastName must not be null'],
    [{ lastName: '  ' }, 'lastName: lastName must not be blank'],
    [{ email: 'nope' }, null],
    [{ phone: 'abc' }, 'phone: phone may contain digits, single spaces and + - ( ) . only'],
  ])('refuses %j with 400, unchanged', async (body, message) => {
    const c = await createCustomer({ firstName: 'Keep', lastName: 'Me', email: 'keep@example.com' });
    const res = await t.rest('PUT', `/customers/${c.id}`, { token: editor.token, body });
    expect(res.status).toBe(400);
    const field = Object.keys(body)[0];
    expect(res.body.field).toBe(field);
    if (message) expect(res.body.error).toBe(message);
    else expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await customerRow(c.id)).toMatchObject({
      first_name: 'Keep',
      last_name: 'Me',
      email: 'keep@example.com',
      version: 1,
    });
  });

  it('is 404 unknown, 401 anonymous, 403 without customers.edit (unchanged)', async () => {
    const c = await createCustomer({ firstName: 'Guarded', lastName: 'Update' });
    const body = { firstName: 'Changed' };
    expect((await t.rest('PUT', `/customers/${UNKNOWN_ID}`, { token: editor.token, body })).status).toBe(404);
    expect((await t.rest('PUT', `/customers/${c.id}`, { body })).status).toBe(401);
    expect((await t.rest('PUT', `/customers/${c.id}`, { token: viewer.token, body })).status).toBe(403);
    expect((await t.rest('PUT', `/customers/${c.id}`, { token: creator.token, body })).status).toBe(403);
    expect(await customerRow(c.id)).toMatchObject({ first_name: 'Guarded', version: 1 });
  });
});

describe('DELETE /customers/:id', () => {
  it('soft-deletes: the row stays, marked; gone from lists and look-ups; later PUT/DELETE 404', async () => {
    const c = await createCustomer({ firstName: 'Leaving', lastName: 'Soon', email: 'leaving@example.com' });
    const res = await t.rest('DELETE', `/customers/${c.id}`, { token: editor.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: c.id, firstName: 'Leaving', lastName: 'Soon', version: 2 });
    const row = await customerRow(c.id);
    expect(row.deleted_at).not.toBeNull();
    expect(row.first_name).toBe('Leaving');

    const list = await t.rest('GET', '/customers?search=leaving', { token: viewer.token });
    expect(list.body).toMatchObject({ data: [], total: 0 });
    expect((await t.rest('GET', `/customers/${c.id}`, { token: viewer.token })).status).toBe(404);
    const put = await t.rest('PUT', `/customers/${c.id}`, { token: editor.token, body: { notes: 'x' } });
    expect(put.status).toBe(404);
    expect((await t.rest('DELETE', `/customers/${c.id}`, { token: editor.token })).status).toBe(404);
    expect((await customerRow(c.id)).version).toBe(2);
  });

  it('is 404 unknown, 401 anonymous, 403 without customers.edit (unchanged)', async () => {
    const c = await createCustomer({ firstName: 'Guarded', lastName: 'Delete' });
    expect((await t.rest('DELETE', `/customers/${UNKNOWN_ID}`, { token: editor.token })).status).toBe(404);
    expect((await t.rest('DELETE', `/customers/${c.id}`)).status).toBe(401);
    expect((await t.rest('DELETE', `/customers/${c.id}`, { token: viewer.token })).status).toBe(403);
    expect((await t.rest('DELETE', `/customers/${c.id}`, { token: creator.token })).status).toBe(403);
    expect(await customerRow(c.id)).toMatchObject({ deleted_at: null, version: 1 });
  });
});

it('runs the customer lifecycle over GraphQL', async () => {
  const created = await t.gql(
    CreateCustomerDocument,
    { firstName: 'Grace', lastName: 'Hopper', email: 'Grace@Navy.test', phone: '555 1906' },
    creator.token,
  );
  expect(created.errors).toBeUndefined();
  const customer = created.data!.createCustomer;
  expect(customer).toEqual({
    id: expect.any(String),
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@navy.test',
    phone: '555 1906',
    address: null,
    notes: null,
    version: 1,
  });

  const page = await t.gql(CustomersDocument, { search: 'grace hop', pageSize: 5 }, viewer.token);
  expect(page.data!.customers).toEqual({
    items: [
      {
        id: customer.id,
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@navy.test',
        phone: '555 1906',
      },
    ],
    total: 1,
    page: 1,
    pageSize: 5,
  });

  const updated = await t.gql(UpdateCustomerDocument, { id: customer.id, notes: 'Admiral' }, editor.token);
  expect(updated.data!.updateCustomer).toEqual({
    id: customer.id,
    email: 'grace@navy.test',
    notes: 'Admiral',
    version: 2,
  });

  const badEmail = await t.gql(UpdateCustomerDocument, { id: customer.id, email: 'nope' }, editor.token);
  expect(badEmail.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

  expect((await t.gql(DeleteCustomerDocument, { id: customer.id }, editor.token)).data).toEqual({
    deleteCustomer: { id: customer.id },
  });
  const gone = await t.gql(CustomerDocument, { id: customer.id }, viewer.token);
  expect(gone.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});
