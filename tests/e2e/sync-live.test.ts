import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  SyncDashboardDocument,
  SyncErrorRaisedDocument,
  SyncStatusChangedDocument,
  type SyncErrorRaisedSubscription,
  type SyncStatusChangedSubscription,
} from '../generated/graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';
import { eventually } from '../support/sync';

/** Dashboards over GraphQL: the sync overview, and live status and parked errors per store. */
let t: TestServer;
let nobody: TestUser;
let storeId: string;
let token: string;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestServer();
  nobody = await t.userWith(['products.view']);
  storeId = (await t.createStore('LIVE')).id;
  token = (await t.rest('POST', `/stores/${storeId}/sync-token`, { token: t.adminToken })).body.data.token;
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await t.close();
});

function connect(userToken: string): Client {
  const client = createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${userToken}` },
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(client);
  return client;
}

const poison = (seq: number) => ({
  seq,
  eventId: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  type: 'gift.wrapped',
  occurredAt: '2026-11-24T10:00:00.000Z',
  payload: { note: 'no such event type' },
});

it('streams a store’s status and its parked errors as they happen, and the dashboard shows them', async () => {
  const statuses: SyncStatusChangedSubscription[] = [];
  const errors: SyncErrorRaisedSubscription[] = [];
  const client = connect(t.adminToken);
  const sink = <T>(into: T[]) => ({
    next: (value: { data?: T | null }) => void into.push(value.data!),
    error: () => undefined,
    complete: () => undefined,
  });
  client.subscribe({ query: print(SyncStatusChangedDocument), variables: { storeId } }, sink(statuses));
  client.subscribe({ query: print(SyncErrorRaisedDocument), variables: { storeId } }, sink(errors));
  // Live once a warm-up status arrives (each pull publishes the store's status).
  await eventually(async () => {
    await t.rest('GET', '/sync/pull?limit=1', { token });
    return statuses.length > 0;
  });

  const pushed = await t.rest('POST', '/sync/push', { token, body: { events: [poison(1)] } });
  expect(pushed.status).toBe(200);
  expect(pushed.body.data).toEqual({
    ackedThroughSeq: 1,
    results: [{ seq: 1, status: 'parked', errorId: expect.any(String) }],
  });
  const errorId = pushed.body.data.results[0].errorId;
  await eventually(async () => errors.length === 1);
  expect(errors[0].syncErrorRaised).toMatchObject({
    id: errorId,
    storeId,
    seq: 1,
    type: 'gift.wrapped',
    code: 'VALIDATION',
    attempts: 1,
    status: 'open',
  });
  await eventually(async () => statuses.some((s) => s.syncStatusChanged.ackedThroughSeq === 1));
  expect(statuses.at(-1)!.syncStatusChanged).toMatchObject({
    storeId,
    storeCode: 'LIVE',
    ackedThroughSeq: 1,
    parkedErrors: 1,
  });

  const dashboard = await t.gql(SyncDashboardDocument, {}, t.adminToken);
  expect(dashboard.data!.syncDashboard.find((s) => s.storeId === storeId)).toMatchObject({
    storeCode: 'LIVE',
    provisioned: true,
    connected: false,
    ackedThroughSeq: 1,
    parkedErrors: 1,
  });
  const rest = await t.rest('GET', '/sync/dashboard', { token: t.adminToken });
  expect(rest.body.data.find((s: any) => s.storeId === storeId)).toMatchObject({
    ackedThroughSeq: 1,
    parkedErrors: 1,
  });
});

it('refuses the subscriptions and the dashboard without stores.view at every store', async () => {
  const client = connect(nobody.token);
  const failure = await new Promise<unknown>((resolve) =>
    client.subscribe(
      { query: print(SyncErrorRaisedDocument), variables: {} },
      { next: resolve, error: resolve, complete: () => resolve('completed without a word') },
    ),
  );
  expect(JSON.stringify(failure)).toContain('FORBIDDEN');
  const dashboard = await t.gql(SyncDashboardDocument, {}, nobody.token);
  expect(dashboard.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
});
