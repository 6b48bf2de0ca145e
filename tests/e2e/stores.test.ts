import {
  CreateStoreDocument,
  CurrentStoreDocument,
  StoresDocument,
  UpdateStoreDocument,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let creator: TestUser;
let editor: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, creator, editor] = await Promise.all([
    t.userWith(['stores.view']),
    t.userWith(['stores.create']),
    t.userWith(['stores.edit']),
  ]);
});
afterAll(() => t.close());

const storeRow = (id: string) =>
  t
    .sql('select code, name, address, phone, timezone, is_active, version from store where id = ?', [id])
    .then((rows) => rows[0]);

async function createStore(body: Record<string, unknown>) {
  const res = await t.rest('POST', '/stores', { token: t.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

describe('POST /stores', () => {
  it('creates a store: code upper-cased, time zone canonicalised, active by default', async () => {
    const res = await t.rest('POST', '/stores', {
      token: creator.token,
      body: {
        code: 'main-st_1',
        name: 'Main Street',
        address: '1 Main Street, Leeds',
        phone: '+44 113 000 0000',
        timezone: 'europe/london',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'MAIN-ST_1',
        name: 'Main Street',
        address: '1 Main Street, Leeds',
        phone: '+44 113 000 0000',
        timezone: 'Europe/London',
        isActive: true,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    expect(await storeRow(res.body.data.id)).toEqual({
      code: 'MAIN-ST_1',
      name: 'Main Street',
      address: '1 Main Street, Leeds',
      phone: '+44 113 000 0000',
      timezone: 'Europe/London',
      is_active: true,
      version: 1,
    });
  });

  it('stores a zone link under its canonical name and may create an inactive store', async () => {
    const store = await createStore({
      code: 'NYC',
      name: 'New York',
      timezone: 'US/Eastern',
      isActive: false,
    });
    expect(store).toMatchObject({
      code: 'NYC',
      timezone: 'America/New_York',
      isActive: false,
      address: null,
    });
  });

  it('refuses a code in use, whatever its case (409), and writes nothing', async () => {
    await createStore({ code: 'DUP1', name: 'First', timezone: 'UTC' });
    const before = await t.count('store');
    const res = await t.rest('POST', '/stores', {
      token: creator.token,
      body: { code: 'dup1', name: 'Second', timezone: 'UTC' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: 'code: "DUP1" is already in use',
      code: 'CONFLICT',
      field: 'code',
    });
    expect(await t.count('store')).toBe(before);
  });

  it.each([
    [{ name: 'No code', timezone: 'UTC' }, 'code'],
    [{ code: '', name: 'Empty code', timezone: 'UTC' }, 'code'],
    [{ code: 'HAS SPACE', name: 'Bad code', timezone: 'UTC' }, 'code'],
    [{ code: 'X'.repeat(21), name: 'Long code', timezone: 'UTC' }, 'code'],
    [{ code: 'OK1', name: '  ', timezone: 'UTC' }, 'name'],
    [{ code: 'OK1', timezone: 'UTC' }, 'name'],
    [{ code: 'OK1', name: 'No zone' }, 'timezone'],
    [{ code: 'OK1', name: 'Mars', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ code: 'OK1', name: 'Null active', timezone: 'UTC', isActive: null }, 'isActive'],
    [{ code: 'OK1', name: 'Bad phone', timezone: 'UTC', phone: 'x'.repeat(41) }, 'phone'],
    [{ code: 'OK1', name: 'Typo', timezone: 'UTC', timeZone: 'UTC' }, 'timeZone'],
  ])('rejects %j with 400 naming %s, writing nothing', async (body, field) => {
    const before = await t.count('store');
    const res = await t.rest('POST', '/stores', { token: creator.token, body });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await t.count('store')).toBe(before);
  });
});

describe('GET /stores', () => {
  it('lists every store, active and inactive, by code; isActive filters', async () => {
    const b = await createStore({ code: 'LST-B', name: 'Bravo', timezone: 'UTC' });
    const a = await createStore({ code: 'LST-A', name: 'Alpha', timezone: 'UTC', isActive: false });
    const c = await createStore({ code: 'LST-C', name: 'Charlie', timezone: 'UTC' });
    const listed = async (query: string) => {
      const res = await t.rest('GET', `/stores${query}`, { token: viewer.token });
      expect(res.status).toBe(200);
      return res.body.data.filter((s: any) => s.code.startsWith('LST-')).map((s: any) => s.id);
    };
    expect(await listed('')).toEqual([a.id, b.id, c.id]);
    expect(await listed('?isActive=true')).toEqual([b.id, c.id]);
    expect(await listed('?isActive=false')).toEqual([a.id]);
    const all = (await t.rest('GET', '/stores', { token: viewer.token })).body.data;
    expect(all.length).toBe(await t.count('store'));
  });

  it('rejects a malformed filter with 400', async () => {
    const res = await t.rest('GET', '/stores?isActive=maybe', { token: viewer.token });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('isActive');
  });
});

describe('PUT /stores/:id', () => {
  let badSeq = 0;
  it('updates only the fields given; null clears address and phone', async () => {
    const store = await createStore({
      code: 'UPD1',
      name: 'Before',
      address: 'Old road',
      phone: '555',
      timezone: 'UTC',
    });
    const res = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { name: 'After', address: null, timezone: 'america/chicago' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: store.id,
      code: 'UPD1',
      name: 'After',
      address: null,
      phone: '555',
      timezone: 'America/Chicago',
      isActive: true,
      version: 2,
    });
    const cleared = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { phone: null },
    });
    expect(cleared.body.data).toMatchObject({ name: 'After', phone: null, timezone: 'America/Chicago' });
  });

  it('accepts the code only when unchanged (any case); a new code is 400, nothing changed', async () => {
    const store = await createStore({ code: 'FIX1', name: 'Fixed', timezone: 'UTC' });
    const same = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { code: 'fix1', name: 'Fixed too' },
    });
    expect(same.status).toBe(200);
    expect(same.body.data).toMatchObject({ code: 'FIX1', name: 'Fixed too' });
    const changed = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { code: 'FIX2', name: 'Renamed' },
    });
    expect(changed.status).toBe(400);
    expect(changed.body).toEqual({
      success: false,
      error: 'code: cannot be changed after creation',
      code: 'VALIDATION',
      field: 'code',
    });
    expect(await storeRow(store.id)).toMatchObject({ code: 'FIX1', name: 'Fixed too', version: 2 });
  });

  it('closes and reopens a store through isActive (stores are never deleted)', async () => {
    const store = await createStore({ code: 'CLS1', name: 'Closing', timezone: 'UTC' });
    const closed = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { isActive: false },
    });
    expect(closed.status).toBe(200);
    expect((await storeRow(store.id)).is_active).toBe(false);
    const reopened = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { isActive: true },
    });
    expect(reopened.body.data.isActive).toBe(true);
    expect((await t.rest('DELETE', `/stores/${store.id}`, { token: t.adminToken })).status).toBe(405);
  });

  it.each([
    [{ name: null }, 'name'],
    [{ name: '' }, 'name'],
    [{ timezone: null }, 'timezone'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ isActive: null }, 'isActive'],
    [{ code: null }, 'code'],
    [{ isActive: 'no' }, 'isActive'],
  ])('rejects %j with 400 naming %s, nothing changed', async (body, field) => {
    const store = await createStore({ code: `BAD-${++badSeq}`, name: 'Kept', timezone: 'UTC' });
    const res = await t.rest('PUT', `/stores/${store.id}`, { token: editor.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await storeRow(store.id)).toMatchObject({
      name: 'Kept',
      timezone: 'UTC',
      is_active: true,
      version: 1,
    });
  });

  it('names the invalid time zone', async () => {
    const store = await createStore({ code: 'TZ1', name: 'Zone', timezone: 'UTC' });
    const res = await t.rest('PUT', `/stores/${store.id}`, {
      token: editor.token,
      body: { timezone: 'Mars/Olympus' },
    });
    expect(res.body).toEqual({
      success: false,
      error: 'timezone: Value is not a valid IANA time zone: Mars/Olympus',
      code: 'VALIDATION',
      field: 'timezone',
    });
  });

  it('answers 404 for an unknown store and 400 for a malformed id', async () => {
    const missing = await t.rest('PUT', '/stores/01900000-0000-7000-8000-000000000000', {
      token: editor.token,
      body: { name: 'x' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const malformed = await t.rest('PUT', '/stores/nope', { token: editor.token, body: { name: 'x' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('id');
  });
});

describe('GET /stores/current', () => {
  it('is the store an HQ user signed in for, whatever their permissions', async () => {
    const store = await createStore({ code: 'CUR1', name: 'Current', timezone: 'Asia/Tokyo' });
    const cashier = await t.userWith(['pos.sell'], { storeId: store.id });
    const res = await t.rest('GET', '/stores/current', { token: cashier.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: store.id, code: 'CUR1', timezone: 'Asia/Tokyo' });
  });

  it('is 404 for an HQ session without a store, 401 anonymous', async () => {
    const res = await t.rest('GET', '/stores/current', { token: viewer.token });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      success: false,
      error: 'No current store: sign in for a store',
      code: 'NOT_FOUND',
    });
    expect((await t.rest('GET', '/stores/current')).status).toBe(401);
  });
});

describe('on a store server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ mode: 'store' });
  });
  afterAll(() => s.close());

  it('GET /stores/current is the store the server runs as', async () => {
    const res = await s.rest('GET', '/stores/current', { token: s.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: s.storeId, code: 'HOME', isActive: true });
  });

  it('refuses every store edit (403: stores are master data, edited at HQ), unchanged', async () => {
    for (const body of [{ name: 'Closed', isActive: false }, { name: 'Home store' }]) {
      const res = await s.rest('PUT', `/stores/${s.storeId}`, { token: s.adminToken, body });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        success: false,
        error: 'This is master data, managed at HQ: a store server only mirrors it',
        code: 'FORBIDDEN',
      });
    }
    const created = await s.rest('POST', '/stores', {
      token: s.adminToken,
      body: { code: 'NEWS', name: 'New', timezone: 'UTC' },
    });
    expect(created.status).toBe(403);
    const [row] = await s.sql('select name, is_active from store where id = ?', [s.storeId]);
    expect(row).toEqual({ name: 'Store HOME', is_active: true });
    expect(await s.count('store')).toBe(1);
  });
});

it('guards every route: 401 anonymous, 403 without the permission, nothing changed', async () => {
  const store = await createStore({ code: 'GRD1', name: 'Guarded', timezone: 'UTC' });
  const before = await t.count('store');
  expect((await t.rest('GET', '/stores')).status).toBe(401);
  expect((await t.rest('GET', '/stores', { token: creator.token })).status).toBe(403);
  const body = { code: 'NOPE', name: 'No', timezone: 'UTC' };
  expect((await t.rest('POST', '/stores', { body })).status).toBe(401);
  expect((await t.rest('POST', '/stores', { token: editor.token, body })).status).toBe(403);
  expect((await t.rest('PUT', `/stores/${store.id}`, { body: { name: 'No' } })).status).toBe(401);
  const denied = await t.rest('PUT', `/stores/${store.id}`, { token: creator.token, body: { name: 'No' } });
  expect(denied.status).toBe(403);
  expect(denied.body.error).toBe('Missing permission: stores.edit');
  expect(await t.count('store')).toBe(before);
  expect(await storeRow(store.id)).toMatchObject({ name: 'Guarded', version: 1 });
});

it('round-trips through GraphQL', async () => {
  const created = await t.gql(
    CreateStoreDocument,
    { code: 'gql-1', name: 'Graph', timezone: 'europe/paris', phone: '01 23' },
    creator.token,
  );
  expect(created.errors).toBeUndefined();
  const store = created.data!.createStore;
  expect(store).toEqual({
    id: expect.any(String),
    code: 'GQL-1',
    name: 'Graph',
    address: null,
    phone: '01 23',
    timezone: 'Europe/Paris',
    isActive: true,
    version: 1,
  });
  const updated = await t.gql(
    UpdateStoreDocument,
    { id: store.id, address: '2 Rue', isActive: false },
    editor.token,
  );
  expect(updated.data!.updateStore).toMatchObject({ address: '2 Rue', isActive: false, version: 2 });
  const listed = await t.gql(StoresDocument, { isActive: false }, viewer.token);
  expect(listed.data!.stores.map((s) => s.code)).toContain('GQL-1');
  const current = await t.gql(CurrentStoreDocument, {}, viewer.token);
  expect(current.errors?.[0]).toMatchObject({
    message: 'No current store: sign in for a store',
    extensions: { code: 'NOT_FOUND' },
  });
  const open = await createStore({ code: 'GQL-2', name: 'Open', timezone: 'Asia/Tokyo' });
  const clerk = await t.userWith(['stores.view'], { storeId: open.id });
  const mine = await t.gql(CurrentStoreDocument, {}, clerk.token);
  expect(mine.errors).toBeUndefined();
  expect(mine.data!.currentStore).toEqual({
    id: open.id,
    code: 'GQL-2',
    name: 'Open',
    address: null,
    phone: null,
    timezone: 'Asia/Tokyo',
    isActive: true,
    version: 1,
  });
  const bad = await t.gql(
    CreateStoreDocument,
    { code: 'MARS', name: 'Mars', timezone: 'Mars/Olympus' },
    creator.token,
  );
  expect(bad.errors?.[0].message).toMatch(/Mars\/Olympus/);
});
