import {
  CreateTenderDocument,
  DeleteTenderDocument,
  TendersDocument,
  UpdateTenderDocument,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let manager: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, manager] = await Promise.all([t.userWith(['tenders.view']), t.userWith(['tenders.manage'])]);
});
afterAll(() => t.close());

const tenderRow = (id: string) =>
  t
    .sql('select code, name, is_cash, is_active, sort_order, deleted_at, version from tender where id = ?', [
      id,
    ])
    .then((rows) => rows[0]);

async function createTender(body: Record<string, unknown>, server = t) {
  const res = await server.rest('POST', '/tenders', { token: server.adminToken, body });
  expect(res.status).toBe(201);
  return res.body.data;
}

async function listed(query = '', server = t, token = viewer.token) {
  const res = await server.rest('GET', `/tenders${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

describe('POST /tenders', () => {
  it('creates a tender: code upper-cased, active, sort order 0 by default', async () => {
    const res = await t.rest('POST', '/tenders', {
      token: manager.token,
      body: { code: 'gift_card-1', name: 'Gift card', isCash: false },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'GIFT_CARD-1',
        name: 'Gift card',
        isCash: false,
        isActive: true,
        sortOrder: 0,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    expect(await tenderRow(res.body.data.id)).toEqual({
      code: 'GIFT_CARD-1',
      name: 'Gift card',
      is_cash: false,
      is_active: true,
      sort_order: 0,
      deleted_at: null,
      version: 1,
    });
  });

  it('refuses a code in use, whatever its case (409), and writes nothing', async () => {
    await createTender({ code: 'DUP', name: 'Dup', isCash: false });
    const before = await t.count('tender');
    const res = await t.rest('POST', '/tenders', {
      token: manager.token,
      body: { code: 'dup', name: 'Again', isCash: true },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: 'code: "DUP" is already in use',
      code: 'CONFLICT',
      field: 'code',
    });
    expect(await t.count('tender')).toBe(before);
  });

  it("never reuses a deleted tender's code (409): payments name tenders by code", async () => {
    const old = await createTender({ code: 'CHEQUE', name: 'Cheque', isCash: false });
    expect((await t.rest('DELETE', `/tenders/${old.id}`, { token: manager.token })).status).toBe(200);
    const before = await t.count('tender');
    const res = await t.rest('POST', '/tenders', {
      token: manager.token,
      body: { code: 'Cheque', name: 'Cheque again', isCash: false },
    });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      success: false,
      error: 'code: "CHEQUE" belonged to a deleted tender and cannot be reused',
      code: 'CONFLICT',
      field: 'code',
    });
    expect(await t.count('tender')).toBe(before);
  });

  it.each([
    [{ name: 'No code', isCash: false }, 'code'],
    [{ code: 'HAS SPACE', name: 'Bad code', isCash: false }, 'code'],
    [{ code: 'X'.repeat(31), name: 'Long code', isCash: false }, 'code'],
    [{ code: 'OK', name: ' ', isCash: false }, 'name'],
    [{ code: 'OK', isCash: false }, 'name'],
    [{ code: 'OK', name: 'No cash flag' }, 'isCash'],
    [{ code: 'OK', name: 'Null cash flag', isCash: null }, 'isCash'],
    [{ code: 'OK', name: 'String cash flag', isCash: 'yes' }, 'isCash'],
    [{ code: 'OK', name: 'Negative', isCash: false, sortOrder: -1 }, 'sortOrder'],
    [{ code: 'OK', name: 'Fraction', isCash: false, sortOrder: 1.5 }, 'sortOrder'],
    [{ code: 'OK', name: 'Null order', isCash: false, sortOrder: null }, 'sortOrder'],
    [{ code: 'OK', name: 'Typo', isCash: false, is_cash: true }, 'is_cash'],
  ])('rejects %j with 400 naming %s, writing nothing', async (body, field) => {
    const before = await t.count('tender');
    const res = await t.rest('POST', '/tenders', { token: manager.token, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION');
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await t.count('tender')).toBe(before);
  });
});

describe('GET /tenders', () => {
  it('lists live tenders by sort order, then name; isActive filters; deleted ones never appear', async () => {
    const b = await createTender({ code: 'L-B', name: 'List Bravo', isCash: false, sortOrder: 5 });
    const a = await createTender({ code: 'L-A', name: 'List Alpha', isCash: false, sortOrder: 5 });
    const z = await createTender({ code: 'L-Z', name: 'List Zulu', isCash: false, sortOrder: 4 });
    const off = await createTender({ code: 'L-OFF', name: 'List Off', isCash: false, isActive: false });
    const gone = await createTender({ code: 'L-GONE', name: 'List Gone', isCash: false });
    await t.rest('DELETE', `/tenders/${gone.id}`, { token: manager.token });
    const ids = (rows: any[]) => rows.filter((r) => r.code.startsWith('L-')).map((r) => r.id);
    expect(ids(await listed())).toEqual([off.id, z.id, a.id, b.id]);
    expect(ids(await listed('?isActive=true'))).toEqual([z.id, a.id, b.id]);
    expect(ids(await listed('?isActive=false'))).toEqual([off.id]);
    const [{ n }] = await t.sql('select count(*)::int as n from tender where deleted_at is null');
    expect((await listed()).length).toBe(n);
  });
});

describe('PUT /tenders/:id', () => {
  let badSeq = 0;
  it('updates only the fields given', async () => {
    const tender = await createTender({ code: 'UPD', name: 'Before', isCash: false, sortOrder: 3 });
    const res = await t.rest('PUT', `/tenders/${tender.id}`, {
      token: manager.token,
      body: { name: 'After', isCash: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: tender.id,
      code: 'UPD',
      name: 'After',
      isCash: true,
      isActive: true,
      sortOrder: 3,
      version: 2,
    });
    const reordered = await t.rest('PUT', `/tenders/${tender.id}`, {
      token: manager.token,
      body: { sortOrder: 0, isActive: false },
    });
    expect(reordered.body.data).toMatchObject({ name: 'After', sortOrder: 0, isActive: false, version: 3 });
  });

  it('accepts the code only when unchanged (any case); a new code is 400, nothing changed', async () => {
    const tender = await createTender({ code: 'FIXED', name: 'Fixed', isCash: false });
    const same = await t.rest('PUT', `/tenders/${tender.id}`, {
      token: manager.token,
      body: { code: 'fixed', name: 'Still fixed' },
    });
    expect(same.status).toBe(200);
    expect(same.body.data).toMatchObject({ code: 'FIXED', name: 'Still fixed' });
    const changed = await t.rest('PUT', `/tenders/${tender.id}`, {
      token: manager.token,
      body: { code: 'MOVED', name: 'Moved' },
    });
    expect(changed.status).toBe(400);
    expect(changed.body).toEqual({
      success: false,
      error: 'code: cannot be changed after creation',
      code: 'VALIDATION',
      field: 'code',
    });
    expect(await tenderRow(tender.id)).toMatchObject({ code: 'FIXED', name: 'Still fixed', version: 2 });
  });

  it.each([
    [{ name: null }, 'name'],
    [{ name: '' }, 'name'],
    [{ isCash: null }, 'isCash'],
    [{ isActive: null }, 'isActive'],
    [{ sortOrder: -2 }, 'sortOrder'],
    [{ code: null }, 'code'],
  ])('rejects %j with 400 naming %s, nothing changed', async (body, field) => {
    const tender = await createTender({ code: `BAD-${++badSeq}`, name: 'Kept', isCash: false, sortOrder: 2 });
    const res = await t.rest('PUT', `/tenders/${tender.id}`, { token: manager.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await tenderRow(tender.id)).toMatchObject({
      name: 'Kept',
      is_active: true,
      sort_order: 2,
      version: 1,
    });
  });

  it('answers 404 for an unknown tender and 400 for a malformed id', async () => {
    const missing = await t.rest('PUT', '/tenders/01900000-0000-7000-8000-000000000000', {
      token: manager.token,
      body: { name: 'x' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const malformed = await t.rest('PUT', '/tenders/nope', { token: manager.token, body: { name: 'x' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('id');
  });
});

describe('DELETE /tenders/:id', () => {
  it('soft-deletes: the row stays, inactive; later PUT and DELETE are 404', async () => {
    const tender = await createTender({ code: 'VOUCHER', name: 'Voucher', isCash: false });
    const res = await t.rest('DELETE', `/tenders/${tender.id}`, { token: manager.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: tender.id, code: 'VOUCHER', isActive: false });
    const row = await tenderRow(tender.id);
    expect(row).toMatchObject({ code: 'VOUCHER', is_active: false, version: 2 });
    expect(row.deleted_at).not.toBeNull();
    expect((await listed()).map((r) => r.id)).not.toContain(tender.id);
    const put = await t.rest('PUT', `/tenders/${tender.id}`, {
      token: manager.token,
      body: { name: 'Back' },
    });
    expect(put.status).toBe(404);
    expect((await t.rest('DELETE', `/tenders/${tender.id}`, { token: manager.token })).status).toBe(404);
    expect(await tenderRow(tender.id)).toMatchObject({ name: 'Voucher', version: 2 });
  });
});

describe('the last active cash tender (a till must always take cash)', () => {
  // Its own server: these tests need to know exactly which cash tenders are active.
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const cashState = () =>
    s.sql(
      'select code, is_cash, is_active, deleted_at is not null as deleted from tender where is_cash or code = ? order by code',
      ['CASH'],
    );

  it('cannot be deleted, deactivated or made non-cash (409), nothing changed', async () => {
    const bootstrap = await listed('', s, s.adminToken);
    expect(bootstrap.map((r) => [r.code, r.isCash, r.sortOrder])).toEqual([
      ['CASH', true, 0],
      ['CARD', false, 1],
    ]);
    const cash = bootstrap[0];
    const before = await cashState();

    const del = await s.rest('DELETE', `/tenders/${cash.id}`, { token: s.adminToken });
    expect(del.status).toBe(409);
    expect(del.body).toEqual({
      success: false,
      error: 'This is the last active cash tender and cannot be deleted: a till must always take cash',
      code: 'CONFLICT',
    });
    const off = await s.rest('PUT', `/tenders/${cash.id}`, {
      token: s.adminToken,
      body: { name: 'Renamed', isActive: false },
    });
    expect(off.status).toBe(409);
    expect(off.body.field).toBe('isActive');
    expect(off.body.error).toBe(
      'isActive: this is the last active cash tender; a till must always take cash',
    );
    const card = await s.rest('PUT', `/tenders/${cash.id}`, { token: s.adminToken, body: { isCash: false } });
    expect(card.status).toBe(409);
    expect(card.body.field).toBe('isCash');
    expect(await cashState()).toEqual(before);
    expect((await s.sql('select name, version from tender where id = ?', [cash.id]))[0]).toEqual({
      name: 'Cash',
      version: 1,
    });

    // Another active cash tender lifts the rule; an inactive one does not count.
    await createTender({ code: 'FLOAT', name: 'Float cash', isCash: true, isActive: false }, s);
    expect((await s.rest('DELETE', `/tenders/${cash.id}`, { token: s.adminToken })).status).toBe(409);
    const petty = await createTender({ code: 'PETTY', name: 'Petty cash', isCash: true }, s);
    const ok = await s.rest('PUT', `/tenders/${cash.id}`, { token: s.adminToken, body: { isCash: false } });
    expect(ok.status).toBe(200);
    // PETTY is now the last one, and an inactive cash tender may always be deleted.
    expect(
      (await s.rest('PUT', `/tenders/${petty.id}`, { token: s.adminToken, body: { isActive: false } }))
        .status,
    ).toBe(409);
    const floatId = (await s.sql("select id from tender where code = 'FLOAT'"))[0].id;
    expect((await s.rest('DELETE', `/tenders/${floatId}`, { token: s.adminToken })).status).toBe(200);
  });

  it('lets exactly one of two concurrent removals of the last two cash tenders through', async () => {
    const one = await createTender({ code: 'RACE-1', name: 'Race one', isCash: true }, s);
    const two = await createTender({ code: 'RACE-2', name: 'Race two', isCash: true }, s);
    // Leave RACE-1 and RACE-2 as the only active cash tenders.
    const others = await s.sql(
      'select id from tender where is_cash and is_active and deleted_at is null and id not in (?, ?)',
      [one.id, two.id],
    );
    for (const { id } of others)
      expect((await s.rest('DELETE', `/tenders/${id}`, { token: s.adminToken })).status).toBe(200);

    // Hold both rows locked so that both requests are in flight at once, then let them race.
    const waiting = () =>
      s
        .sql(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        )
        .then((rows) => rows[0].n as number);
    let requests!: Promise<Array<{ status: number }>>;
    await s.server.orm.em.fork().transactional(async (tx) => {
      await tx.execute('select id from tender where id in (?, ?) for update', [one.id, two.id]);
      requests = Promise.all([
        s.rest('DELETE', `/tenders/${one.id}`, { token: s.adminToken }),
        s.rest('PUT', `/tenders/${two.id}`, { token: s.adminToken, body: { isActive: false } }),
      ]);
      for (let polls = 0; (await waiting()) < 2; polls++) {
        if (polls > 500) throw new Error('the two requests never waited on the locked rows');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const results = await requests;
    expect(results.map((r) => r.status).sort((x, y) => x - y)).toEqual([200, 409]);
    const [{ n }] = await s.sql(
      'select count(*)::int as n from tender where is_cash and is_active and deleted_at is null',
    );
    expect(n).toBe(1);
  });
});

it('guards every route: 401 anonymous, 403 without the permission, nothing changed', async () => {
  const tender = await createTender({ code: 'GUARDED', name: 'Guarded', isCash: false });
  const before = await t.count('tender');
  const body = { code: 'NOPE', name: 'No', isCash: false };
  expect((await t.rest('GET', '/tenders')).status).toBe(401);
  expect((await t.rest('GET', '/tenders', { token: manager.token })).status).toBe(403);
  expect((await t.rest('POST', '/tenders', { body })).status).toBe(401);
  const denied = await t.rest('POST', '/tenders', { token: viewer.token, body });
  expect(denied.status).toBe(403);
  expect(denied.body.error).toBe('Missing permission: tenders.manage');
  expect((await t.rest('PUT', `/tenders/${tender.id}`, { body: { name: 'No' } })).status).toBe(401);
  expect(
    (await t.rest('PUT', `/tenders/${tender.id}`, { token: viewer.token, body: { name: 'No' } })).status,
  ).toBe(403);
  expect((await t.rest('DELETE', `/tenders/${tender.id}`)).status).toBe(401);
  expect((await t.rest('DELETE', `/tenders/${tender.id}`, { token: viewer.token })).status).toBe(403);
  expect(await t.count('tender')).toBe(before);
  expect(await tenderRow(tender.id)).toMatchObject({
    name: 'Guarded',
    is_active: true,
    deleted_at: null,
    version: 1,
  });
});

it('round-trips through GraphQL', async () => {
  const created = await t.gql(
    CreateTenderDocument,
    { code: 'gql', name: 'Graph pay', isCash: false, sortOrder: 7 },
    manager.token,
  );
  expect(created.errors).toBeUndefined();
  const tender = created.data!.createTender;
  expect(tender).toEqual({
    id: expect.any(String),
    code: 'GQL',
    name: 'Graph pay',
    isCash: false,
    isActive: true,
    sortOrder: 7,
    version: 1,
  });
  const updated = await t.gql(
    UpdateTenderDocument,
    { id: tender.id, name: 'Graph', sortOrder: 8 },
    manager.token,
  );
  expect(updated.data!.updateTender).toMatchObject({ name: 'Graph', sortOrder: 8, version: 2 });
  const list = await t.gql(TendersDocument, { isActive: true }, viewer.token);
  expect(list.data!.tenders.find((r) => r.id === tender.id)).toMatchObject({ code: 'GQL', name: 'Graph' });
  const deleted = await t.gql(DeleteTenderDocument, { id: tender.id }, manager.token);
  expect(deleted.data!.deleteTender).toMatchObject({ id: tender.id, isActive: false });
  const again = await t.gql(DeleteTenderDocument, { id: tender.id }, manager.token);
  expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
});
