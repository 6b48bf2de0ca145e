import { ENTITY_INFO, ENTITY_TYPES } from '../../src/sync/shared/entity-types';
import { startSyncPair, type SyncPair } from '../support/sync';

/**
 * A store server's first sync: HQ sends an estimate of the rows to come with the first page of a first
 * contact, and the store's /health says "syncing" (503) until its first full pull is done.
 */

let pair: SyncPair;

beforeAll(async () => {
  pair = await startSyncPair();
});
afterAll(() => pair.close());

it("sends, with a first contact's first page only, how many rows the store is to receive at most", async () => {
  const { hq, token } = pair;
  const first = await hq.rest('GET', '/sync/pull?limit=2', { token });
  // Every synced table's rows, counted here table by table.
  let rows = 0;
  for (const type of ENTITY_TYPES) rows += await hq.count(ENTITY_INFO[type].table);
  expect(first.body.data.estimatedRows).toBe(rows);
  expect(first.body.data.hasMore).toBe(true);
  const next = await hq.rest('GET', `/sync/pull?limit=2&cursor=${first.body.data.cursor}`, { token });
  expect(next.body.data.estimatedRows).toBeNull();
});

it('answers /health with "syncing" (503) until the first full pull is done, then "ok"', async () => {
  const { store } = pair;
  const health = async () => {
    const res = await fetch(`${store.url}/health`);
    return [res.status, ((await res.json()) as { status: string }).status];
  };
  expect(await health()).toEqual([200, 'ok']);
  await store.sql('update sync_local_state set first_pull_done_at = null');
  expect(await health()).toEqual([503, 'syncing']);
  await store.server.syncAgent!.syncNow();
  expect(await health()).toEqual([200, 'ok']);
  const [state] = await store.sql('select first_pull_done_at is not null as done from sync_local_state');
  expect(state.done).toBe(true);
});
