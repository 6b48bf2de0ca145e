import { PERMISSIONS } from '../../src/services/auth/permissions';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

let t: TestServer;
let roleViewer: TestUser;
let roleManager: TestUser;
let userViewer: TestUser;
let userCreator: TestUser;
let userEditor: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  [roleViewer, roleManager, userViewer, userCreator, userEditor] = await Promise.all([
    t.userWith(['roles.view']),
    // Role managers hold what they put into roles: a role cannot carry more than its editor holds.
    t.userWith(['roles.manage', 'pos.sell', 'pos.void', 'products.view', 'inventory.view']),
    t.userWith(['users.view']),
    // User managers hold what they hand out (pos.sell, products.view): no escalation is allowed.
    t.userWith(['users.create', 'pos.sell', 'products.view']),
    t.userWith(['users.edit', 'pos.sell', 'products.view']),
  ]);
});
afterAll(() => t.close());

const roleRow = (id: string) =>
  t.sql('select name, description, permissions, version from role where id = ?', [id]).then((r) => r[0]);
const userRow = (id: string) =>
  t
    .sql('select username, display_name, is_active, pin_hash from app_user where id = ?', [id])
    .then((r) => r[0]);

describe('GET /roles/permissions/all', () => {
  it('lists the whole catalogue with descriptions', async () => {
    const res = await t.rest('GET', '/roles/permissions/all', { token: roleViewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(Object.keys(PERMISSIONS).length);
    expect(res.body.data[0]).toEqual({ name: 'products.view', description: 'View products and departments' });
    expect(res.body.data.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['pos.void', 'sales_reps.delete', 'worksheets.apply']),
    );
    expect((await t.rest('GET', '/roles/permissions/all')).status).toBe(401);
    expect((await t.rest('GET', '/roles/permissions/all', { token: userViewer.token })).status).toBe(403);
  });
});

describe('roles', () => {
  it('creates a role with a sorted, de-duplicated permission set', async () => {
    const res = await t.rest('POST', '/roles', {
      token: roleManager.token,
      body: {
        name: 'Supervisor',
        description: 'Floor lead',
        permissions: ['pos.void', 'pos.sell', 'pos.void'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'Supervisor',
      description: 'Floor lead',
      permissions: ['pos.sell', 'pos.void'],
    });
    const list = await t.rest('GET', '/roles', { token: roleViewer.token });
    expect(list.body.data.map((r: any) => r.name)).toContain('Supervisor');
  });

  it('refuses unknown permissions (400), a duplicate name (409), and callers without roles.manage (403); nothing written', async () => {
    const before = await t.count('role');
    const unknown = await t.rest('POST', '/roles', {
      token: roleManager.token,
      body: { name: 'Bad', permissions: ['pos.sell', 'pos.fly'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('permissions: unknown permission(s): pos.fly');
    const dup = await t.rest('POST', '/roles', {
      token: roleManager.token,
      body: { name: 'Administrator', permissions: [] },
    });
    expect(dup.status).toBe(409);
    const denied = await t.rest('POST', '/roles', {
      token: roleViewer.token,
      body: { name: 'Nope', permissions: [] },
    });
    expect(denied.status).toBe(403);
    const anon = await t.rest('POST', '/roles', { body: { name: 'Nope', permissions: [] } });
    expect(anon.status).toBe(401);
    const missing = await t.rest('POST', '/roles', {
      token: roleManager.token,
      body: { name: 'No perms field' },
    });
    expect(missing.status).toBe(400);
    expect(await t.count('role')).toBe(before);
  });

  it('updates a role and replaces its permissions through PUT /roles/:id/permissions', async () => {
    const role = (
      await t.rest('POST', '/roles', {
        token: roleManager.token,
        body: { name: 'Clerk', permissions: ['products.view'] },
      })
    ).body.data;
    const renamed = await t.rest('PUT', `/roles/${role.id}`, {
      token: roleManager.token,
      body: { name: 'Senior clerk', description: null },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({
      name: 'Senior clerk',
      description: null,
      permissions: ['products.view'],
    });

    const denied = await t.rest('PUT', `/roles/${role.id}/permissions`, {
      token: roleViewer.token,
      body: { permissions: ['pos.sell'] },
    });
    expect(denied.status).toBe(403);
    expect((await roleRow(role.id)).permissions).toEqual(['products.view']);

    const bad = await t.rest('PUT', `/roles/${role.id}/permissions`, {
      token: roleManager.token,
      body: { permissions: ['nope'] },
    });
    expect(bad.status).toBe(400);
    expect((await roleRow(role.id)).permissions).toEqual(['products.view']);

    const set = await t.rest('PUT', `/roles/${role.id}/permissions`, {
      token: roleManager.token,
      body: { permissions: ['pos.sell', 'inventory.view'] },
    });
    expect(set.status).toBe(200);
    expect(set.body.data.permissions).toEqual(['inventory.view', 'pos.sell']);
    expect((await roleRow(role.id)).permissions).toEqual(['inventory.view', 'pos.sell']);

    const unknownId = await t.rest('PUT', '/roles/01900000-0000-7000-8000-000000000000/permissions', {
      token: roleManager.token,
      body: { permissions: [] },
    });
    expect(unknownId.status).toBe(404);
    expect(
      (await t.rest('PUT', '/roles/xyz', { token: roleManager.token, body: { name: 'x' } })).status,
    ).toBe(400);
    const unknownRole = '/roles/01900000-0000-7000-8000-000000000000';
    expect((await t.rest('PUT', unknownRole, { token: roleManager.token, body: { name: 'x' } })).status).toBe(
      404,
    );
  });

  it('applies a permission change to signed-in users at once', async () => {
    const role = (
      await t.rest('POST', '/roles', { token: roleManager.token, body: { name: 'Growing', permissions: [] } })
    ).body.data;
    const user = (
      await t.rest('POST', '/users', {
        token: userCreator.token,
        body: { username: 'grower', displayName: 'Grower', pin: '40404040', roles: [{ roleId: role.id }] },
      })
    ).body.data;
    const token = await t.login('grower', '40404040');
    expect((await t.rest('GET', '/products', { token })).status).toBe(403);
    await t.rest('PUT', `/roles/${role.id}/permissions`, {
      token: roleManager.token,
      body: { permissions: ['products.view'] },
    });
    expect((await t.rest('GET', '/products', { token })).status).toBe(200);
    expect(user.username).toBe('grower');
  });
});

describe('users', () => {
  it('creates a user with roles per store and never returns credentials', async () => {
    const store = await t.createStore('USR1');
    const role = (
      await t.rest('POST', '/roles', {
        token: roleManager.token,
        body: { name: 'Till', permissions: ['pos.sell'] },
      })
    ).body.data;
    const res = await t.rest('POST', '/users', {
      token: userCreator.token,
      body: {
        username: 'jo.smith',
        displayName: 'Jo Smith',
        pin: '31415926',
        password: 'jo password',
        roles: [{ roleId: role.id, storeId: store.id }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      username: 'jo.smith',
      displayName: 'Jo Smith',
      isActive: true,
      roles: [{ roleId: role.id, storeId: store.id }],
    });
    expect(Object.keys(res.body.data)).not.toEqual(expect.arrayContaining(['pin']));
    expect(JSON.stringify(res.body)).not.toMatch(
      /31415926|jo password|argon2|pinHash|pinDigest|passwordHash/,
    );

    const list = await t.rest('GET', '/users?search=jo.sm', { token: userViewer.token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.data[0].roles).toEqual([
      expect.objectContaining({ roleId: role.id, storeId: store.id }),
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/argon2/);
  });

  it.each([
    [{ username: 'a', displayName: 'Short', pin: '1234567' }, 'username'],
    [{ username: 'has space', displayName: 'Bad', pin: '1234567' }, 'username'],
    [{ username: 'nocred', displayName: 'No credential' }, 'pin'],
    [{ username: 'badpin', displayName: 'Bad PIN', pin: '12a4' }, 'pin'],
    [{ username: 'shortpw', displayName: 'Short password', password: 'short' }, 'password'],
    [
      {
        username: 'badrole',
        displayName: 'Bad role',
        pin: '19283746',
        roles: [{ roleId: '01900000-0000-7000-8000-000000000000' }],
      },
      'roles',
    ],
    [
      { username: 'badrole2', displayName: 'Bad role', pin: '19283746', roles: [{ roleId: 'nope' }] },
      'roles.0.roleId',
    ],
  ])('rejects %j with 400 naming %s; nothing written', async (body, field) => {
    const before = await t.count('app_user');
    const res = await t.rest('POST', '/users', { token: userCreator.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.startsWith(`${field}`)).toBe(true);
    expect(await t.count('app_user')).toBe(before);
  });

  it('refuses a taken username or PIN with 409, and callers without users.create; nothing written', async () => {
    await t.rest('POST', '/users', {
      token: userCreator.token,
      body: { username: 'taken', displayName: 'Taken', pin: '80808080' },
    });
    const before = await t.count('app_user');
    const name = await t.rest('POST', '/users', {
      token: userCreator.token,
      body: { username: 'TAKEN', displayName: 'Again', pin: '80808081' },
    });
    expect(name.status).toBe(409);
    const pin = await t.rest('POST', '/users', {
      token: userCreator.token,
      body: { username: 'other', displayName: 'Other', pin: '80808080' },
    });
    expect(pin.status).toBe(409);
    expect(pin.body.error).toBe('pin: this PIN is already in use');
    expect(
      (
        await t.rest('POST', '/users', {
          token: userViewer.token,
          body: { username: 'x1', displayName: 'X', pin: '12121212' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.rest('POST', '/users', { body: { username: 'x1', displayName: 'X', pin: '12121212' } }))
        .status,
    ).toBe(401);
    expect(await t.count('app_user')).toBe(before);
  });

  it('updates a user: deactivation ends sign-in and replaces roles; 403/404 change nothing', async () => {
    const role = (
      await t.rest('POST', '/roles', {
        token: roleManager.token,
        body: { name: 'Temp', permissions: ['products.view'] },
      })
    ).body.data;
    const user = (
      await t.rest('POST', '/users', {
        token: userCreator.token,
        body: { username: 'leaver', displayName: 'Leaver', pin: '60606060', roles: [{ roleId: role.id }] },
      })
    ).body.data;
    const token = await t.login('leaver', '60606060');

    const denied = await t.rest('PUT', `/users/${user.id}`, {
      token: userViewer.token,
      body: { isActive: false },
    });
    expect(denied.status).toBe(403);
    expect((await userRow(user.id)).is_active).toBe(true);

    const res = await t.rest('PUT', `/users/${user.id}`, {
      token: userEditor.token,
      body: { displayName: 'Left', isActive: false, roles: [] },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ displayName: 'Left', isActive: false, roles: [] });
    expect((await t.rest('GET', '/auth/me', { token })).status).toBe(401);
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'leaver', pin: '60606060' } })).status,
    ).toBe(401);
    expect((await t.sql('select count(*)::int as n from user_role where user_id = ?', [user.id]))[0].n).toBe(
      0,
    );

    expect(
      (
        await t.rest('PUT', '/users/01900000-0000-7000-8000-000000000000', {
          token: userEditor.token,
          body: { displayName: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('resets a PIN through PUT /users/:id', async () => {
    const user = (
      await t.rest('POST', '/users', {
        token: userCreator.token,
        body: { username: 'forgetful', displayName: 'F', pin: '70707070' },
      })
    ).body.data;
    const res = await t.rest('PUT', `/users/${user.id}`, {
      token: userEditor.token,
      body: { pin: '70707071' },
    });
    expect(res.status).toBe(200);
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'forgetful', pin: '70707071' } })).status,
    ).toBe(200);
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: 'forgetful', pin: '70707070' } })).status,
    ).toBe(401);
  });
});

describe('no escalation through user management', () => {
  it('refuses to grant a role with permissions the caller lacks, or at a wider scope', async () => {
    const [admin] = await t.sql("select r.id from role r where r.name = 'Administrator'");
    const self = await t.sql('select id from app_user where username = ?', [userEditor.username]);
    const grabAdmin = await t.rest('PUT', `/users/${self[0].id}`, {
      token: userEditor.token,
      body: { roles: [{ roleId: admin.id }] },
    });
    expect(grabAdmin.status).toBe(403);
    expect(grabAdmin.body.error).toMatch(/^You cannot grant permissions you do not hold: .*roles\.manage/);
    expect(await t.sql('select count(*)::int as n from user_role where user_id = ?', [self[0].id])).toEqual([
      { n: 1 },
    ]);

    const store = await t.createStore('ESC1');
    const seller = (
      await t.rest('POST', '/roles', {
        token: roleManager.token,
        body: { name: 'Seller', permissions: ['pos.sell'] },
      })
    ).body.data;
    const storeManager = await t.userWith(['users.create', 'pos.sell'], { storeId: store.id });
    const everywhere = await t.rest('POST', '/users', {
      token: storeManager.token,
      body: { username: 'wide', displayName: 'Wide', pin: '31313131', roles: [{ roleId: seller.id }] },
    });
    expect(everywhere.status).toBe(403);
    expect(everywhere.body.error).toBe(
      'You cannot manage a user who works at every store: that needs users.create at every store',
    );
    const here = await t.rest('POST', '/users', {
      token: storeManager.token,
      body: {
        username: 'narrow',
        displayName: 'Narrow',
        pin: '31313132',
        roles: [{ roleId: seller.id, storeId: store.id }],
      },
    });
    expect(here.status).toBe(201);
  });

  it('refuses role definitions beyond what the editor holds at every store', async () => {
    const narrow = await t.userWith(['roles.manage']);
    const before = await t.count('role');
    const create = await t.rest('POST', '/roles', {
      token: narrow.token,
      body: { name: 'Wider', permissions: ['pos.sell'] },
    });
    expect(create.status).toBe(403);
    expect(create.body.error).toBe(
      "You cannot change a role's permissions you do not hold at every store: pos.sell",
    );
    expect(await t.count('role')).toBe(before);

    const [adminRole] = await t.sql("select id, permissions, version from role where name = 'Administrator'");
    const strip = await t.rest('PUT', `/roles/${adminRole.id}/permissions`, {
      token: roleManager.token,
      body: { permissions: [] },
    });
    expect(strip.status).toBe(403);
    expect(await t.sql("select id, permissions, version from role where name = 'Administrator'")).toEqual([
      adminRole,
    ]);

    // Nor can one widen the role one holds oneself.
    const [own] = await t.sql(
      'select r.id from role r join user_role ur on ur.role_id = r.id join app_user u on u.id = ur.user_id where u.username = ?',
      [narrow.username],
    );
    const widen = await t.rest('PUT', `/roles/${own.id}/permissions`, {
      token: narrow.token,
      body: { permissions: ['roles.manage', 'users.create'] },
    });
    expect(widen.status).toBe(403);
    expect((await t.sql('select permissions from role where id = ?', [own.id]))[0].permissions).toEqual([
      'roles.manage',
    ]);
  });

  it('refuses a PIN or password change of oneself through PUT /users/:id (needs the current credential)', async () => {
    const res = await t.rest('PUT', `/users/${userEditor.id}`, {
      token: userEditor.token,
      body: { pin: '91919191' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('Change your own PIN or password with POST /auth/change-credential');
    expect(
      (await t.rest('POST', '/auth/login', { body: { username: userEditor.username, pin: userEditor.pin } }))
        .status,
    ).toBe(200);
  });

  it("refuses to change a user who holds more, such as resetting the admin's PIN", async () => {
    const [admin] = await t.sql("select id, pin_hash, is_active from app_user where username = 'admin'");
    const reset = await t.rest('PUT', `/users/${admin.id}`, {
      token: userEditor.token,
      body: { pin: '55443322' },
    });
    expect(reset.status).toBe(403);
    expect(reset.body.error).toMatch(/^You cannot change a user who holds permissions you do not: /);
    const disable = await t.rest('PUT', `/users/${admin.id}`, {
      token: userEditor.token,
      body: { isActive: false },
    });
    expect(disable.status).toBe(403);
    expect(await t.sql("select id, pin_hash, is_active from app_user where username = 'admin'")).toEqual([
      admin,
    ]);
  });
});

describe('GET /users/store-employees', () => {
  it('lists active users holding a role at the session store or at every store', async () => {
    const store = await t.createStore('EMP1');
    const other = await t.createStore('EMP2');
    const role = (
      await t.rest('POST', '/roles', {
        token: roleManager.token,
        body: { name: 'Shop floor', permissions: ['pos.sell'] },
      })
    ).body.data;
    const mk = (username: string, pin: string, storeId?: string, isActive = true) =>
      t.rest('POST', '/users', {
        token: userCreator.token,
        body: {
          username,
          displayName: username.toUpperCase(),
          pin,
          isActive,
          roles: [{ roleId: role.id, storeId }],
        },
      });
    await mk('emp-here', '50505051', store.id);
    await mk('emp-there', '50505052', other.id);
    await mk('emp-inactive', '50505053', store.id, false);

    const login = await t.rest('POST', '/auth/login', {
      body: { username: 'emp-here', pin: '50505051', storeId: store.id },
    });
    const res = await t.rest('GET', '/users/store-employees', { token: login.body.data.accessToken });
    expect(res.status).toBe(200);
    const names = res.body.data.map((u: any) => u.username);
    expect(names).toContain('emp-here');
    expect(names).toContain('admin');
    expect(names).not.toContain('emp-there');
    expect(names).not.toContain('emp-inactive');

    const peek = await t.rest('GET', `/users/store-employees?storeId=${other.id}`, {
      token: login.body.data.accessToken,
    });
    expect(peek.status).toBe(403);
    const noStore = await t.rest('GET', '/users/store-employees', { token: t.adminToken });
    expect(noStore.status).toBe(400);
    const named = await t.rest('GET', `/users/store-employees?storeId=${other.id}`, { token: t.adminToken });
    expect(named.body.data.map((u: any) => u.username)).toContain('emp-there');
    expect((await t.rest('GET', '/users/store-employees')).status).toBe(401);
  });
});
