import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CreateTaxGroupDocument,
  CreateTaxRateDocument,
  DeleteTaxGroupDocument,
  DeleteTaxRateDocument,
  ProductDocument,
  TaxGroupDocument,
  TaxGroupsDocument,
  TaxRatesDocument,
  UpdateTaxGroupDocument,
  UpdateTaxRateDocument,
} from '../generated/graphql';
import { createRequestContext } from '../../src/services/core/context';
import { taxRatesForGroups } from '../../src/services/pricing/tax.service';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let viewer: TestUser;
let manager: TestUser;
let productViewer: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [viewer, manager, productViewer] = await Promise.all([
    t.userWith(['taxes.view']),
    t.userWith(['taxes.manage']),
    t.userWith(['products.view']),
  ]);
});
afterAll(() => t.close());

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';
let rateNames = 0;
const timestamps = { createdAt: expect.any(String), updatedAt: expect.any(String) };

async function createRate(name: string, rate: number, isCompound = false, isActive = true) {
  const res = await t.rest('POST', '/taxes', {
    token: manager.token,
    body: { name, rate, isCompound, isActive },
  });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; name: string; rate: number; isCompound: boolean };
}

async function createGroup(name: string, rates: Array<{ taxRateId: string; sortOrder: number }>) {
  const res = await t.rest('POST', '/taxes/groups', { token: manager.token, body: { name, rates } });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; name: string; version: number };
}

async function createProduct(sku: string, taxGroupId: string | null, isActive = true) {
  const res = await t.rest('POST', '/products', {
    token: t.adminToken,
    body: { sku, name: sku, sellPrice: 100, taxGroupId, isActive },
  });
  expect(res.status).toBe(201);
  return res.body.data as { id: string };
}

const rateRow = (id: string) =>
  t
    .sql('select name, rate, is_compound, is_active, version, deleted_at from tax_rate where id = ?', [id])
    .then((rows) => rows[0]);
const groupRow = (id: string) =>
  t.sql('select name, version, deleted_at from tax_group where id = ?', [id]).then((rows) => rows[0]);
const groupLinks = (id: string) =>
  t.sql('select tax_rate_id, sort_order from tax_group_rate where tax_group_id = ? order by sort_order', [
    id,
  ]);
/** The rates of a group as responses show them. */
const member = (
  rate: { id: string; name: string; rate: number; isCompound: boolean },
  sortOrder: number,
) => ({
  taxRateId: rate.id,
  name: rate.name,
  rate: rate.rate,
  isCompound: rate.isCompound,
  sortOrder,
});

describe('tax rates: /taxes', () => {
  it('creates, lists by name (filtered by isActive), updates the given fields and deletes', async () => {
    const created = await t.rest('POST', '/taxes', {
      token: manager.token,
      body: { name: 'LC State', rate: 625, isCompound: false },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'LC State',
        rate: 625,
        isCompound: false,
        isActive: true,
        version: 1,
        ...timestamps,
      },
    });
    const state = created.body.data;
    const county = await createRate('LC County', 100_000, true, false);
    await createRate('LC Athletic', 0);

    const mine = (rates: any[]) => rates.filter((r) => r.name.startsWith('LC '));
    const list = await t.rest('GET', '/taxes', { token: viewer.token });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body).sort()).toEqual(['data', 'success']);
    expect(mine(list.body.data).map((r: any) => [r.name, r.rate, r.isCompound, r.isActive])).toEqual([
      ['LC Athletic', 0, false, true],
      ['LC County', 100_000, true, false],
      ['LC State', 625, false, true],
    ]);
    const inactive = await t.rest('GET', '/taxes?isActive=false', { token: viewer.token });
    expect(mine(inactive.body.data).map((r: any) => r.name)).toEqual(['LC County']);
    expect(inactive.body.data.every((r: any) => r.isActive === false)).toBe(true);
    const active = await t.rest('GET', '/taxes?isActive=true', { token: viewer.token });
    expect(mine(active.body.data).map((r: any) => r.name)).toEqual(['LC Athletic', 'LC State']);

    const updated = await t.rest('PUT', `/taxes/${state.id}`, { token: manager.token, body: { rate: 700 } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ ...state, rate: 700, version: 2, updatedAt: expect.any(String) });
    const flags = await t.rest('PUT', `/taxes/${county.id}`, {
      token: manager.token,
      body: { name: 'LC County 2', isCompound: false, isActive: true },
    });
    expect(flags.body.data).toMatchObject({
      name: 'LC County 2',
      rate: 100_000,
      isCompound: false,
      isActive: true,
    });

    const deleted = await t.rest('DELETE', `/taxes/${state.id}`, { token: manager.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data.id).toBe(state.id);
    expect((await rateRow(state.id)).deleted_at).not.toBeNull();
    const after = await t.rest('GET', '/taxes', { token: viewer.token });
    expect(mine(after.body.data).map((r: any) => r.name)).toEqual(['LC Athletic', 'LC County 2']);
    const gone = await t.rest('PUT', `/taxes/${state.id}`, { token: manager.token, body: { rate: 1 } });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ success: false, error: `TaxRate ${state.id} not found`, code: 'NOT_FOUND' });
    expect((await t.rest('DELETE', `/taxes/${state.id}`, { token: manager.token })).status).toBe(404);
    expect((await rateRow(state.id)).rate).toBe(700);
  });

  it('keeps names unique among live rates (409, unchanged), reusable after a delete', async () => {
    const first = await createRate('UQ VAT', 2000);
    const dup = await t.rest('POST', '/taxes', {
      token: manager.token,
      body: { name: 'UQ VAT', rate: 500, isCompound: false },
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      success: false,
      error: 'name: "UQ VAT" is already in use',
      code: 'CONFLICT',
      field: 'name',
    });
    const other = await createRate('UQ Reduced', 500);
    const clash = await t.rest('PUT', `/taxes/${other.id}`, {
      token: manager.token,
      body: { name: 'UQ VAT' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.field).toBe('name');
    expect(await rateRow(other.id)).toMatchObject({ name: 'UQ Reduced', version: 1 });
    // Renaming a rate to its own name is not a clash.
    const same = await t.rest('PUT', `/taxes/${other.id}`, {
      token: manager.token,
      body: { name: 'UQ Reduced' },
    });
    expect(same.status).toBe(200);

    await t.rest('DELETE', `/taxes/${first.id}`, { token: manager.token });
    const again = await t.rest('POST', '/taxes', {
      token: manager.token,
      body: { name: 'UQ VAT', rate: 2100, isCompound: false },
    });
    expect(again.status).toBe(201);
    expect(again.body.data.id).not.toBe(first.id);
  });

  it.each([
    [{ rate: 825, isCompound: false }, 'name'],
    [{ name: '  ', rate: 825, isCompound: false }, 'name'],
    [{ name: 'x'.repeat(101), rate: 825, isCompound: false }, 'name'],
    [{ name: 'Bad', isCompound: false }, 'rate'],
    [{ name: 'Bad', rate: -1, isCompound: false }, 'rate'],
    [{ name: 'Bad', rate: 100_001, isCompound: false }, 'rate'],
    [{ name: 'Bad', rate: 8.25, isCompound: false }, 'rate'],
    [{ name: 'Bad', rate: '825', isCompound: false }, 'rate'],
    [{ name: 'Bad', rate: 825 }, 'isCompound'],
    [{ name: 'Bad', rate: 825, isCompound: 'no' }, 'isCompound'],
    [{ name: 'Bad', rate: 825, isCompound: false, isActive: null }, 'isActive'],
    [{ name: 'Bad', rate: 825, isCompound: false, percent: 8.25 }, 'percent'],
  ])('POST /taxes rejects %j with 400 naming %s, nothing written', async (body, field) => {
    const before = await t.count('tax_rate');
    const res = await t.rest('POST', '/taxes', { token: manager.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, code: 'VALIDATION' });
    expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    expect(await t.count('tax_rate')).toBe(before);
  });

  it.each([
    [{ name: null }, 'name: name must not be null'],
    [{ rate: null }, 'rate: rate must not be null'],
    [{ isCompound: null }, 'isCompound: isCompound must not be null'],
    [{ isActive: null }, 'isActive: isActive must not be null'],
    [{ rate: 100_001 }, 'rate: rate must not be greater than 100000'],
  ])('PUT /taxes/:id rejects %j with 400, unchanged', async (body, error) => {
    const rate = await createRate(`NN ${error}`, 825);
    const res = await t.rest('PUT', `/taxes/${rate.id}`, { token: manager.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(await rateRow(rate.id)).toMatchObject({
      rate: 825,
      is_compound: false,
      is_active: true,
      version: 1,
    });
  });

  it('rejects a malformed id (400) and an unknown filter value (400)', async () => {
    expect((await t.rest('PUT', '/taxes/abc', { token: manager.token, body: { rate: 1 } })).body.error).toBe(
      'id: Value is not a valid UUID: abc',
    );
    const filter = await t.rest('GET', '/taxes?isActive=yes', { token: viewer.token });
    expect(filter.status).toBe(400);
    expect(filter.body.field).toBe('isActive');
  });

  it('refuses to delete a rate that live groups hold (409, unchanged); deleted groups do not count', async () => {
    const rate = await createRate('Held', 500);
    const other = await createRate('Held other', 100);
    const a = await createGroup('Held A', [{ taxRateId: rate.id, sortOrder: 0 }]);
    const b = await createGroup('Held B', [
      { taxRateId: other.id, sortOrder: 0 },
      { taxRateId: rate.id, sortOrder: 1 },
    ]);
    const refused = await t.rest('DELETE', `/taxes/${rate.id}`, { token: manager.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      success: false,
      error: 'Tax rate is in 2 tax group(s); remove it from them first',
      code: 'CONFLICT',
    });
    expect(await rateRow(rate.id)).toMatchObject({ deleted_at: null, version: 1 });

    expect((await t.rest('DELETE', `/taxes/groups/${a.id}`, { token: manager.token })).status).toBe(200);
    const stillHeld = await t.rest('DELETE', `/taxes/${rate.id}`, { token: manager.token });
    expect(stillHeld.body.error).toBe('Tax rate is in 1 tax group(s); remove it from them first');

    await t.rest('PUT', `/taxes/groups/${b.id}`, {
      token: manager.token,
      body: { rates: [{ taxRateId: other.id, sortOrder: 0 }] },
    });
    expect((await t.rest('DELETE', `/taxes/${rate.id}`, { token: manager.token })).status).toBe(200);
    expect((await rateRow(rate.id)).deleted_at).not.toBeNull();
  });

  it('guards every rate route: 401 anonymous, 403 without the permission, nothing changed', async () => {
    const rate = await createRate('Guarded rate', 825);
    const before = await t.count('tax_rate');
    expect((await t.rest('GET', '/taxes')).status).toBe(401);
    expect((await t.rest('GET', '/taxes', { token: productViewer.token })).status).toBe(403);
    const body = { name: 'No', rate: 1, isCompound: false };
    expect((await t.rest('POST', '/taxes', { body })).status).toBe(401);
    const denied = await t.rest('POST', '/taxes', { token: viewer.token, body });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      success: false,
      error: 'Missing permission: taxes.manage',
      code: 'FORBIDDEN',
    });
    expect((await t.rest('PUT', `/taxes/${rate.id}`, { body: { rate: 1 } })).status).toBe(401);
    expect(
      (await t.rest('PUT', `/taxes/${rate.id}`, { token: viewer.token, body: { rate: 1 } })).status,
    ).toBe(403);
    expect((await t.rest('DELETE', `/taxes/${rate.id}`)).status).toBe(401);
    expect((await t.rest('DELETE', `/taxes/${rate.id}`, { token: viewer.token })).status).toBe(403);
    expect(await t.count('tax_rate')).toBe(before);
    expect(await rateRow(rate.id)).toEqual({
      name: 'Guarded rate',
      rate: 825,
      is_compound: false,
      is_active: true,
      version: 1,
      deleted_at: null,
    });
  });
});

describe('tax groups: /taxes/groups', () => {
  it('creates a group and answers its rates in sortOrder (list, single, create)', async () => {
    const federal = await createRate('CG Federal', 500);
    const provincial = await createRate('CG Provincial', 950, true);
    const created = await t.rest('POST', '/taxes/groups', {
      token: manager.token,
      body: {
        name: 'CG Standard',
        rates: [
          { taxRateId: provincial.id, sortOrder: 10 },
          { taxRateId: federal.id, sortOrder: 0 },
        ],
      },
    });
    expect(created.status).toBe(201);
    const group = {
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'CG Standard',
      version: 1,
      ...timestamps,
      rates: [member(federal, 0), member(provincial, 10)],
    };
    expect(created.body).toEqual({ success: true, data: group });
    const id = created.body.data.id;
    expect(await groupLinks(id)).toEqual([
      { tax_rate_id: federal.id, sort_order: 0 },
      { tax_rate_id: provincial.id, sort_order: 10 },
    ]);

    const single = await t.rest('GET', `/taxes/groups/${id}`, { token: viewer.token });
    expect(single.status).toBe(200);
    expect(single.body.data).toEqual({ ...group, id });

    const exempt = await createGroup('CG Exempt', []);
    const list = await t.rest('GET', '/taxes/groups', { token: viewer.token });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body).sort()).toEqual(['data', 'success']);
    const mine = list.body.data.filter((g: any) => g.name.startsWith('CG '));
    expect(mine).toEqual([
      { id: exempt.id, name: 'CG Exempt', version: 1, ...timestamps, rates: [] },
      { ...group, id },
    ]);
  });

  it('attaches inactive rates (they are kept, just not charged)', async () => {
    const off = await createRate('Dormant', 300, false, false);
    const group = await t.rest('POST', '/taxes/groups', {
      token: manager.token,
      body: { name: 'With dormant', rates: [{ taxRateId: off.id, sortOrder: 0 }] },
    });
    expect(group.status).toBe(201);
    expect(group.body.data.rates).toEqual([member(off, 0)]);
  });

  it('replaces the rates on update and bumps the version, also when only the rates change', async () => {
    const a = await createRate('RP A', 100);
    const b = await createRate('RP B', 200);
    const c = await createRate('RP C', 300, true);
    const group = await createGroup('RP Group', [
      { taxRateId: a.id, sortOrder: 0 },
      { taxRateId: b.id, sortOrder: 1 },
    ]);

    const replaced = await t.rest('PUT', `/taxes/groups/${group.id}`, {
      token: manager.token,
      body: {
        rates: [
          { taxRateId: c.id, sortOrder: 0 },
          { taxRateId: b.id, sortOrder: 5 },
        ],
      },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data).toEqual({
      id: group.id,
      name: 'RP Group',
      version: 2,
      ...timestamps,
      rates: [member(c, 0), member(b, 5)],
    });
    expect(await groupLinks(group.id)).toEqual([
      { tax_rate_id: c.id, sort_order: 0 },
      { tax_rate_id: b.id, sort_order: 5 },
    ]);
    expect((await groupRow(group.id)).version).toBe(2);

    // Only an order change is a change too (compound taxes depend on it).
    const swapped = await t.rest('PUT', `/taxes/groups/${group.id}`, {
      token: manager.token,
      body: {
        rates: [
          { taxRateId: c.id, sortOrder: 5 },
          { taxRateId: b.id, sortOrder: 0 },
        ],
      },
    });
    expect(swapped.body.data).toMatchObject({ version: 3, rates: [member(b, 0), member(c, 5)] });

    // The same set again changes nothing; a rename keeps the rates.
    const same = await t.rest('PUT', `/taxes/groups/${group.id}`, {
      token: manager.token,
      body: {
        rates: [
          { taxRateId: b.id, sortOrder: 0 },
          { taxRateId: c.id, sortOrder: 5 },
        ],
      },
    });
    expect(same.body.data.version).toBe(3);
    const renamed = await t.rest('PUT', `/taxes/groups/${group.id}`, {
      token: manager.token,
      body: { name: 'RP Renamed' },
    });
    expect(renamed.body.data).toMatchObject({
      name: 'RP Renamed',
      version: 4,
      rates: [member(b, 0), member(c, 5)],
    });

    const emptied = await t.rest('PUT', `/taxes/groups/${group.id}`, {
      token: manager.token,
      body: { rates: [] },
    });
    expect(emptied.body.data).toMatchObject({ version: 5, rates: [] });
    expect(await groupLinks(group.id)).toEqual([]);
  });

  type Ids = { x: string; y: string; deleted: string };
  const entry = (taxRateId: string, sortOrder: number) => ({ taxRateId, sortOrder });
  it.each<[string, (ids: Ids) => Record<string, unknown>, string]>([
    [
      'an unknown rate',
      ({ x }) => ({ name: 'V', rates: [entry(x, 0), entry(UNKNOWN_ID, 1)] }),
      'rates.1.taxRateId: no tax rate with this id',
    ],
    [
      'a deleted rate',
      ({ deleted }) => ({ name: 'V', rates: [entry(deleted, 0)] }),
      'rates.0.taxRateId: no tax rate with this id',
    ],
    [
      'the same rate twice',
      ({ x }) => ({ name: 'V', rates: [entry(x, 0), entry(x, 1)] }),
      'rates.1.taxRateId: the same tax rate is already listed at rates.0',
    ],
    [
      'a sortOrder used twice',
      ({ x, y }) => ({ name: 'V', rates: [entry(x, 3), entry(y, 3)] }),
      'rates.1.sortOrder: 3 is already used by rates.0',
    ],
    [
      'a negative sortOrder',
      ({ x }) => ({ name: 'V', rates: [entry(x, -1)] }),
      'rates.0.sortOrder: sortOrder must not be less than 0',
    ],
    [
      'a fractional sortOrder',
      ({ x }) => ({ name: 'V', rates: [entry(x, 1.5)] }),
      'rates.0.sortOrder: Int cannot represent non-integer value: 1.5',
    ],
    [
      'a missing sortOrder',
      ({ x }) => ({ name: 'V', rates: [{ taxRateId: x }] }),
      'rates.0.sortOrder: is required',
    ],
    [
      'a malformed taxRateId',
      () => ({ name: 'V', rates: [entry('abc', 0)] }),
      'rates.0.taxRateId: Value is not a valid UUID: abc',
    ],
    [
      'an unknown field in a rate',
      ({ x }) => ({ name: 'V', rates: [{ ...entry(x, 0), extra: 1 }] }),
      'rates.0.extra: unknown field',
    ],
    [
      'more than 20 rates',
      () => ({ name: 'V', rates: Array.from({ length: 21 }, (_, i) => entry(UNKNOWN_ID, i)) }),
      'rates: rates must contain no more than 20 elements',
    ],
    ['missing rates', () => ({ name: 'V' }), 'rates: is required'],
    [
      'null rates',
      () => ({ name: 'V', rates: null }),
      'rates: Expected non-nullable type "[TaxGroupRateInput!]!" not to be null.',
    ],
    ['a missing name', () => ({ rates: [] }), 'name: is required'],
  ])(
    'POST /taxes/groups refuses %s with 400 naming the field, nothing written',
    async (_case, build, error) => {
      const suffix = String(++rateNames);
      const [x, y, deleted] = await Promise.all([
        createRate(`V x ${suffix}`, 1),
        createRate(`V y ${suffix}`, 2),
        createRate(`V deleted ${suffix}`, 3),
      ]);
      await t.rest('DELETE', `/taxes/${deleted.id}`, { token: manager.token });
      const [groups, links] = [await t.count('tax_group'), await t.count('tax_group_rate')];
      const res = await t.rest('POST', '/taxes/groups', {
        token: manager.token,
        body: build({ x: x.id, y: y.id, deleted: deleted.id }),
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ success: false, error, code: 'VALIDATION', field: error.split(':')[0] });
      expect([await t.count('tax_group'), await t.count('tax_group_rate')]).toEqual([groups, links]);
    },
  );

  it('refuses bad updates with 400 and leaves the group as it was', async () => {
    const a = await createRate('BU A', 100);
    const b = await createRate('BU B', 200);
    const group = await createGroup('BU Group', [{ taxRateId: a.id, sortOrder: 0 }]);
    const attempts: Array<[Record<string, unknown>, string]> = [
      [
        {
          rates: [
            { taxRateId: b.id, sortOrder: 0 },
            { taxRateId: UNKNOWN_ID, sortOrder: 1 },
          ],
        },
        'rates.1.taxRateId',
      ],
      [
        {
          name: 'BU New',
          rates: [
            { taxRateId: a.id, sortOrder: 1 },
            { taxRateId: b.id, sortOrder: 1 },
          ],
        },
        'rates.1.sortOrder',
      ],
      [{ rates: null }, 'rates'],
      [{ name: null }, 'name'],
      [{ name: '' }, 'name'],
    ];
    for (const [body, field] of attempts) {
      const res = await t.rest('PUT', `/taxes/groups/${group.id}`, { token: manager.token, body });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe(field);
    }
    expect(await groupRow(group.id)).toEqual({ name: 'BU Group', version: 1, deleted_at: null });
    expect(await groupLinks(group.id)).toEqual([{ tax_rate_id: a.id, sort_order: 0 }]);
  });

  it('keeps names unique among live groups (409, unchanged), reusable after a delete', async () => {
    const first = await createGroup('UG Zero', []);
    const dup = await t.rest('POST', '/taxes/groups', {
      token: manager.token,
      body: { name: 'UG Zero', rates: [] },
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      success: false,
      error: 'name: "UG Zero" is already in use',
      code: 'CONFLICT',
      field: 'name',
    });
    const other = await createGroup('UG Other', []);
    const clash = await t.rest('PUT', `/taxes/groups/${other.id}`, {
      token: manager.token,
      body: { name: 'UG Zero' },
    });
    expect(clash.status).toBe(409);
    expect(await groupRow(other.id)).toMatchObject({ name: 'UG Other', version: 1 });

    expect((await t.rest('DELETE', `/taxes/groups/${first.id}`, { token: manager.token })).status).toBe(200);
    const again = await t.rest('POST', '/taxes/groups', {
      token: manager.token,
      body: { name: 'UG Zero', rates: [] },
    });
    expect(again.status).toBe(201);
  });

  it('refuses to delete a group that products use, active or not (409, unchanged), then deletes it', async () => {
    const rate = await createRate('DG Rate', 825);
    const group = await createGroup('DG Group', [{ taxRateId: rate.id, sortOrder: 0 }]);
    const active = await createProduct('DG-1', group.id);
    const inactive = await createProduct('DG-2', group.id, false);
    const refused = await t.rest('DELETE', `/taxes/groups/${group.id}`, { token: manager.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      success: false,
      error: 'Tax group has 2 product(s); move them to another tax group first',
      code: 'CONFLICT',
    });
    expect(await groupRow(group.id)).toEqual({ name: 'DG Group', version: 1, deleted_at: null });
    expect(await groupLinks(group.id)).toHaveLength(1);

    await t.rest('PUT', `/products/${active.id}`, { token: t.adminToken, body: { taxGroupId: null } });
    const stillUsed = await t.rest('DELETE', `/taxes/groups/${group.id}`, { token: manager.token });
    expect(stillUsed.body.error).toBe('Tax group has 1 product(s); move them to another tax group first');
    await t.rest('PUT', `/products/${inactive.id}`, { token: t.adminToken, body: { taxGroupId: null } });

    const deleted = await t.rest('DELETE', `/taxes/groups/${group.id}`, { token: manager.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ id: group.id, rates: [member(rate, 0)] });
    expect((await groupRow(group.id)).deleted_at).not.toBeNull();
    // The rates stay with the tombstone (sync sends the group whole).
    expect(await groupLinks(group.id)).toHaveLength(1);
    const list = await t.rest('GET', '/taxes/groups', { token: viewer.token });
    expect(list.body.data.map((g: any) => g.id)).not.toContain(group.id);
    expect((await t.rest('GET', `/taxes/groups/${group.id}`, { token: viewer.token })).status).toBe(404);
    const put = await t.rest('PUT', `/taxes/groups/${group.id}`, {
      token: manager.token,
      body: { name: 'x' },
    });
    expect(put.status).toBe(404);
    expect((await t.rest('DELETE', `/taxes/groups/${group.id}`, { token: manager.token })).status).toBe(404);

    // A deleted group cannot be given to a product; its rate is free to go.
    const assign = await t.rest('PUT', `/products/${active.id}`, {
      token: t.adminToken,
      body: { taxGroupId: group.id },
    });
    expect(assign.status).toBe(400);
    expect(assign.body.error).toBe('taxGroupId: no tax group with this id');
    expect((await t.rest('DELETE', `/taxes/${rate.id}`, { token: manager.token })).status).toBe(200);
  });

  it('never both attaches a rate to a group and deletes it when the two race', async () => {
    for (let round = 0; round < 5; round++) {
      const rate = await createRate(`Race rate ${round}`, 100);
      const [save, del] = await Promise.all([
        t.rest('POST', '/taxes/groups', {
          token: manager.token,
          body: { name: `Race group ${round}`, rates: [{ taxRateId: rate.id, sortOrder: 0 }] },
        }),
        t.rest('DELETE', `/taxes/${rate.id}`, { token: manager.token }),
      ]);
      // Either order is fine; both succeeding would leave a live group holding a deleted rate.
      expect([save.status, del.status].sort((a, b) => a - b)).toEqual(
        save.status === 201 ? [201, 409] : [200, 400],
      );
      const [{ n }] = await t.sql(
        `select count(*)::int as n from tax_group_rate l join tax_rate r on r.id = l.tax_rate_id
         where r.id = ? and r.deleted_at is not null`,
        [rate.id],
      );
      expect(n).toBe(0);
    }
  });

  it('never both gives a group to a product and deletes it when the two race', async () => {
    for (let round = 0; round < 5; round++) {
      const group = await createGroup(`Race product group ${round}`, []);
      const [save, del] = await Promise.all([
        t.rest('POST', '/products', {
          token: t.adminToken,
          body: { sku: `RACE-${round}`, name: 'Race', sellPrice: 1, taxGroupId: group.id },
        }),
        t.rest('DELETE', `/taxes/groups/${group.id}`, { token: manager.token }),
      ]);
      expect([save.status, del.status].sort((a, b) => a - b)).toEqual(
        save.status === 201 ? [201, 409] : [200, 400],
      );
    }
  });

  it('answers 404 for unknown groups and 400 for malformed ids', async () => {
    const missing = await t.rest('GET', `/taxes/groups/${UNKNOWN_ID}`, { token: viewer.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      success: false,
      error: `TaxGroup ${UNKNOWN_ID} not found`,
      code: 'NOT_FOUND',
    });
    expect(
      (await t.rest('PUT', `/taxes/groups/${UNKNOWN_ID}`, { token: manager.token, body: { name: 'x' } }))
        .status,
    ).toBe(404);
    expect((await t.rest('DELETE', `/taxes/groups/${UNKNOWN_ID}`, { token: manager.token })).status).toBe(
      404,
    );
    expect((await t.rest('GET', '/taxes/groups/abc', { token: viewer.token })).body.error).toBe(
      'id: Value is not a valid UUID: abc',
    );
  });

  it('guards every group route: 401 anonymous, 403 without the permission, nothing changed', async () => {
    const group = await createGroup('Guarded group', []);
    const before = await t.count('tax_group');
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/taxes/groups'],
      ['GET', `/taxes/groups/${group.id}`],
      ['POST', '/taxes/groups', { name: 'No', rates: [] }],
      ['PUT', `/taxes/groups/${group.id}`, { name: 'No' }],
      ['DELETE', `/taxes/groups/${group.id}`],
    ];
    for (const [method, path, body] of calls) {
      expect((await t.rest(method, path, { body })).status).toBe(401);
      const denied = method === 'GET' ? productViewer : viewer;
      const res = await t.rest(method, path, { token: denied.token, body });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe(`Missing permission: ${method === 'GET' ? 'taxes.view' : 'taxes.manage'}`);
    }
    expect(await t.count('tax_group')).toBe(before);
    expect(await groupRow(group.id)).toEqual({ name: 'Guarded group', version: 1, deleted_at: null });
  });

  it('round-trips through GraphQL', async () => {
    const rate = await t.gql(
      CreateTaxRateDocument,
      { name: 'GQL Rate', rate: 825, isCompound: false },
      manager.token,
    );
    expect(rate.errors).toBeUndefined();
    const rateId = rate.data!.createTaxRate.id;
    expect(rate.data!.createTaxRate).toEqual({
      id: rateId,
      name: 'GQL Rate',
      rate: 825,
      isCompound: false,
      isActive: true,
      version: 1,
    });
    const updated = await t.gql(UpdateTaxRateDocument, { id: rateId, isCompound: true }, manager.token);
    expect(updated.data!.updateTaxRate).toMatchObject({ isCompound: true, version: 2 });
    const rates = await t.gql(TaxRatesDocument, { isActive: true }, viewer.token);
    expect(rates.data!.taxRates.map((r) => r.id)).toContain(rateId);

    const created = await t.gql(
      CreateTaxGroupDocument,
      { name: 'GQL Group', rates: [{ taxRateId: rateId, sortOrder: 2 }] },
      manager.token,
    );
    expect(created.errors).toBeUndefined();
    const groupId = created.data!.createTaxGroup.id;
    const expected = {
      id: groupId,
      name: 'GQL Group',
      version: 1,
      rates: [{ taxRateId: rateId, name: 'GQL Rate', rate: 825, isCompound: true, sortOrder: 2 }],
    };
    expect(created.data!.createTaxGroup).toEqual(expected);
    expect((await t.gql(TaxGroupDocument, { id: groupId }, viewer.token)).data!.taxGroup).toEqual(expected);
    const groups = await t.gql(TaxGroupsDocument, {}, viewer.token);
    expect(groups.data!.taxGroups.find((g) => g.id === groupId)).toEqual(expected);

    const refused = await t.gql(DeleteTaxRateDocument, { id: rateId }, manager.token);
    expect(refused.errors![0].extensions!.code).toBe('CONFLICT');
    const invalid = await t.gql(
      UpdateTaxGroupDocument,
      { id: groupId, rates: [{ taxRateId: UNKNOWN_ID, sortOrder: 0 }] },
      manager.token,
    );
    expect(invalid.errors![0]).toMatchObject({
      message: 'rates.0.taxRateId: no tax rate with this id',
      extensions: { code: 'VALIDATION', field: 'rates.0.taxRateId' },
    });
    const emptied = await t.gql(UpdateTaxGroupDocument, { id: groupId, rates: [] }, manager.token);
    expect(emptied.data!.updateTaxGroup).toMatchObject({ version: 2, rates: [] });
    expect(
      (await t.gql(DeleteTaxGroupDocument, { id: groupId }, manager.token)).data!.deleteTaxGroup.id,
    ).toBe(groupId);
    expect((await t.gql(DeleteTaxRateDocument, { id: rateId }, manager.token)).data!.deleteTaxRate.id).toBe(
      rateId,
    );
    const denied = await t.gql(
      CreateTaxRateDocument,
      { name: 'No', rate: 1, isCompound: false },
      viewer.token,
    );
    expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('products with their tax rates', () => {
  let plain: Awaited<ReturnType<typeof createRate>>;
  let compound: Awaited<ReturnType<typeof createRate>>;
  let dormant: Awaited<ReturnType<typeof createRate>>;
  let group: { id: string };

  beforeAll(async () => {
    plain = await createRate('PD GST', 500);
    compound = await createRate('PD QST', 9975, true);
    dormant = await createRate('PD Levy', 100, false, false);
    group = await createGroup('PD Quebec', [
      { taxRateId: compound.id, sortOrder: 1 },
      { taxRateId: dormant.id, sortOrder: 2 },
      { taxRateId: plain.id, sortOrder: 0 },
    ]);
  });

  it('GET /products/:id answers the product with its live, active rates in sortOrder', async () => {
    const created = await t.rest('POST', '/products', {
      token: t.adminToken,
      body: {
        sku: 'PD-1',
        barcode: '7000001',
        name: 'Taxed',
        sellPrice: 1000,
        costPrice: 400,
        taxGroupId: group.id,
      },
    });
    const product = created.body.data;
    const res = await t.rest('GET', `/products/${product.id}`, { token: productViewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: {
        ...product,
        // A viewer without products.view_cost; signed in at no store: priced at the product's own price.
        costPrice: null,
        storeId: null,
        effectivePrice: product.sellPrice,
        priceSource: 'PRODUCT',
        specialId: null,
        specialEndDate: null,
        taxRates: [
          { id: plain.id, name: 'PD GST', rate: 500, isCompound: false, sortOrder: 0 },
          { id: compound.id, name: 'PD QST', rate: 9975, isCompound: true, sortOrder: 1 },
        ],
      },
    });

    // Activating the dormant rate makes it apply, at its place.
    await t.rest('PUT', `/taxes/${dormant.id}`, { token: manager.token, body: { isActive: true } });
    const withLevy = await t.rest('GET', `/products/${product.id}`, { token: productViewer.token });
    expect(withLevy.body.data.taxRates.map((r: any) => [r.name, r.sortOrder])).toEqual([
      ['PD GST', 0],
      ['PD QST', 1],
      ['PD Levy', 2],
    ]);
    await t.rest('PUT', `/taxes/${dormant.id}`, { token: manager.token, body: { isActive: false } });

    // The barcode scan answers as GET /products/:id, rates and price read in the same one statement;
    // lists carry neither.
    const scan = await t.rest('GET', '/products/barcode/7000001', { token: productViewer.token });
    expect(scan.body.data).toEqual(res.body.data);
    const list = await t.rest('GET', '/products?search=PD-1', { token: productViewer.token });
    expect(list.body.data).toEqual([{ ...product, costPrice: null }]);
  });

  it('answers no rates for a product without a tax group, or with a zero-tax group', async () => {
    const untaxed = await createProduct('PD-2', null);
    const res = await t.rest('GET', `/products/${untaxed.id}`, { token: productViewer.token });
    expect(res.body.data).toMatchObject({ id: untaxed.id, taxGroupId: null, taxRates: [] });
    const exempt = await createGroup('PD Exempt', []);
    const zero = await createProduct('PD-3', exempt.id);
    const zeroRes = await t.rest('GET', `/products/${zero.id}`, { token: productViewer.token });
    expect(zeroRes.body.data).toMatchObject({ taxGroupId: exempt.id, taxRates: [] });
  });

  it('answers the rates through GraphQL', async () => {
    const product = await createProduct('PD-4', group.id);
    const res = await t.gql(ProductDocument, { id: product.id }, productViewer.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.product).toMatchObject({ id: product.id, sku: 'PD-4', taxGroupId: group.id });
    expect(res.data!.product.taxRates).toEqual([
      { id: plain.id, name: 'PD GST', rate: 500, isCompound: false, sortOrder: 0 },
      { id: compound.id, name: 'PD QST', rate: 9975, isCompound: true, sortOrder: 1 },
    ]);
  });

  it('gives the selling code each group’s applicable rates, named, as tax-engine input', async () => {
    const exempt = await createGroup('PD Exempt 2', []);
    const em = t.server.orm.em.fork() as EntityManager;
    const ctx = createRequestContext(t.server.runtime, em);
    const rates = await taxRatesForGroups(ctx, [group.id, exempt.id, UNKNOWN_ID]);
    expect(rates).toEqual(
      new Map([
        [
          group.id,
          [
            { id: plain.id, name: 'PD GST', rate: 500, isCompound: false, sortOrder: 0 },
            { id: compound.id, name: 'PD QST', rate: 9975, isCompound: true, sortOrder: 1 },
          ],
        ],
        [exempt.id, []],
        [UNKNOWN_ID, []],
      ]),
    );
    expect(await taxRatesForGroups(ctx, [])).toEqual(new Map());
  });
});
