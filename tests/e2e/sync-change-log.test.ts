import { v7 as uuidv7 } from 'uuid';
import {
  changeLogTriggerSql,
  changeLogTriggers,
  type ChangeLogTrigger,
} from '../../src/migrations/support/change-log';
import { ENTITY_TYPES } from '../../src/sync/shared/entity-types';
import { startTestServer, type TestServer } from '../support/server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** The change-log triggers the migrated database holds: every trigger calling `sync_log_change`. */
async function triggersInDatabase(): Promise<ChangeLogTrigger[]> {
  const rows = await t.sql<{ name: string; table: string; type: number; args: string }>(
    `select tg.tgname as name, c.relname as table, tg.tgtype::int as type,
            encode(tg.tgargs, 'escape') as args
       from pg_trigger tg join pg_class c on c.oid = tg.tgrelid
      where tg.tgfoid = 'sync_log_change'::regproc`,
  );
  // tgtype bits: 4 insert, 8 delete, 16 update; the arguments are NUL-terminated.
  return rows.map((row) => ({
    name: row.name,
    table: row.table,
    event: row.type & 4 ? 'insert' : row.type & 8 ? 'delete' : 'update',
    args: row.args.split('\\000').slice(0, -1),
  }));
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe('the change-log triggers', () => {
  it('are exactly those the synced-table declarations generate (no table logged undeclared, none declared unlogged)', async () => {
    const declared = ENTITY_TYPES.flatMap((type) => changeLogTriggers(type)).sort(byName);
    expect((await triggersInDatabase()).sort(byName)).toEqual(declared);
    // Spot checks of the generation itself: a scoped table, a child table, a table logged for another kind.
    expect(declared).toEqual(
      expect.arrayContaining([
        {
          name: 'store_price_sync_delete',
          table: 'store_price',
          event: 'delete',
          args: ['store_price', 'id', 'delete', 'store_id'],
        },
        {
          name: 'tax_group_rate_sync_update',
          table: 'tax_group_rate',
          event: 'update',
          args: ['tax_group', 'tax_group_id', 'upsert'],
        },
        {
          name: 'user_role_sync_user_insert',
          table: 'user_role',
          event: 'insert',
          args: ['user', 'user_id', 'upsert'],
        },
      ]),
    );
  });

  it('log one change per store a row names, none for a store column left null, and every store for an unscoped row', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    await t.sql(`create table fan_out_probe (id uuid primary key, source_id uuid, destination_id uuid)`);
    await t.sql(`create table unscoped_probe (id uuid primary key)`);
    const probes: ChangeLogTrigger[] = (['insert', 'update', 'delete'] as const).flatMap((event) => [
      {
        name: `fan_out_probe_sync_${event}`,
        table: 'fan_out_probe',
        event,
        args: ['probe', 'id', 'delete', 'source_id', 'destination_id'],
      },
      {
        name: `unscoped_probe_sync_${event}`,
        table: 'unscoped_probe',
        event,
        args: ['loose', 'id', 'delete'],
      },
    ]);
    try {
      for (const sql of probes.flatMap(changeLogTriggerSql)) await t.sql(sql);
      const [both, same, half, none, loose] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
      await t.sql(`insert into fan_out_probe values (?, ?, ?), (?, ?, ?), (?, ?, null), (?, null, null)`, [
        both,
        a,
        b,
        same,
        a,
        a,
        half,
        b,
        none,
      ]);
      await t.sql(`insert into unscoped_probe values (?)`, [loose]);
      await t.sql(`delete from fan_out_probe where id = ?`, [both]);
      const changes = await t.sql(
        `select entity_type, entity_id, store_id, op from sync_change
          where entity_type in ('probe', 'loose') order by id`,
      );
      const change = (id: string, storeId: string | null, op = 'upsert') => ({
        entity_type: id === loose ? 'loose' : 'probe',
        entity_id: id,
        store_id: storeId,
        op,
      });
      // The insert's four changes (in no set order), the unscoped row's one, the delete's two.
      expect(changes).toHaveLength(7);
      expect(changes.slice(0, 4)).toEqual(
        expect.arrayContaining([change(both, a), change(both, b), change(same, a), change(half, b)]),
      );
      expect(changes[4]).toEqual(change(loose, null));
      expect(changes.slice(5)).toEqual(
        expect.arrayContaining([change(both, a, 'delete'), change(both, b, 'delete')]),
      );
    } finally {
      await t.sql(`drop table fan_out_probe`);
      await t.sql(`drop table unscoped_probe`);
    }
  });
});

describe('the acting user on each change', () => {
  const actorsOf = (entityId: string) =>
    t.sql<{ actor_id: string | null }>(`select actor_id from sync_change where entity_id = ? order by id`, [
      entityId,
    ]);

  it("records the signed-in user of an HQ mutation on every change row it causes, and null for the server's own writes", async () => {
    const editor = await t.userWith(['products.create', 'products.edit']);
    const created = await t.rest('POST', '/products', {
      token: editor.token,
      body: { sku: 'AUDIT-1', name: 'Audited', sellPrice: 100 },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const [admin] = await t.sql<{ id: string }>(`select id from app_user where username = 'admin'`);
    const updated = await t.rest('PUT', `/products/${id}`, {
      token: t.adminToken,
      body: { name: 'Audited again' },
    });
    expect(updated.status).toBe(200);
    expect(await actorsOf(id)).toEqual([{ actor_id: editor.id }, { actor_id: admin.id }]);
    // The admin was made at start-up (bootstrap), by no user: its row, then its role (a change of the user).
    expect(await actorsOf(admin.id)).toEqual([{ actor_id: null }, { actor_id: null }]);
  });

  it('is taken from pos.actor_id, for the transaction that set it only', async () => {
    const actor = uuidv7();
    const em = t.server.orm.em.fork();
    const [tender] = await em.transactional(async (tx) => {
      await tx.execute(`select set_config('pos.actor_id', ?, true)`, [actor]);
      return tx.execute<Array<{ id: string }>>(
        `insert into tender (id, created_at, updated_at, code, name, is_cash) values (?, now(), now(), 'AUD', 'Audit', false) returning id`,
        [uuidv7()],
      );
    });
    await t.sql(`update tender set name = 'Audit 2' where id = ?`, [tender.id]);
    expect(await actorsOf(tender.id)).toEqual([{ actor_id: actor }, { actor_id: null }]);
  });
});
