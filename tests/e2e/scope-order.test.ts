import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/**
 * The store an operation acts on is decided by its access rule, before it runs; its refusals still come
 * in the order they always did: the arguments first (400), an unknown store (404, or 400 for a list)
 * before a missing permission there (403), and nothing is written on the way.
 */

const UNKNOWN = '0190a000-0000-7000-8000-0000000000ff';

let t: TestServer;
let home: { id: string };
let other: { id: string };
/** Opens registers and adjusts stock at `home` only, signed in there. */
let clerk: TestUser;

beforeAll(async () => {
  t = await startTestServer();
  home = await t.createStore();
  other = await t.createStore();
  clerk = await t.userWith(['registers.open', 'registers.view', 'inventory.adjust', 'inventory.view'], {
    storeId: home.id,
  });
});
afterAll(() => t.close());

const sessions = () => t.count('register_session');

describe('a store named by the request', () => {
  it('that does not exist is a 404 before the permission there is checked', async () => {
    const before = await sessions();
    const res = await t.rest('POST', '/registers/open', {
      token: clerk.token,
      body: { storeId: UNKNOWN, terminalId: 'T01', openingAmount: 0 },
    });
    expect([res.status, res.body.error]).toEqual([404, `Store ${UNKNOWN} not found`]);
    expect(await sessions()).toBe(before);
  });

  it('is refused (403) where the permission is not held, after the arguments are validated', async () => {
    const before = await sessions();
    const bad = await t.rest('POST', '/registers/open', {
      token: clerk.token,
      body: { storeId: other.id, terminalId: 'T01', openingAmount: -1 },
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'openingAmount']);
    const refused = await t.rest('POST', '/registers/open', {
      token: clerk.token,
      body: { storeId: other.id, terminalId: 'T01', openingAmount: 0 },
    });
    expect([refused.status, refused.body.error]).toEqual([
      403,
      'Missing permission: registers.open at this store',
    ]);
    expect(await sessions()).toBe(before);
  });

  it('for a list is 400 when unknown, 403 elsewhere, and the own store without naming it', async () => {
    const unknown = await t.rest('GET', `/registers?store_id=${UNKNOWN}`, { token: clerk.token });
    expect([unknown.status, unknown.body.error]).toEqual([400, 'store_id: no store with this id']);
    const elsewhere = await t.rest('GET', `/registers?store_id=${other.id}`, { token: clerk.token });
    expect([elsewhere.status, elsewhere.body.error]).toEqual([
      403,
      'Missing permission: registers.view at this store',
    ]);
    const own = await t.rest('POST', '/registers/open', {
      token: clerk.token,
      body: { terminalId: 'T02', openingAmount: 500 },
    });
    expect(own.status).toBe(201);
    const listed = await t.rest('GET', '/registers', { token: clerk.token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((s: { storeId: string }) => s.storeId)).toEqual([home.id]);
  });
});

describe('one GraphQL request acting on two stores', () => {
  it('checks each root field at its own store', async () => {
    const query = parse(`query Two($a: UUID, $b: UUID) {
      a: inventory(storeId: $a) { total }
      b: stockMovements(storeId: $b) { total }
    }`) as TypedDocumentNode<Record<string, unknown>, Record<string, unknown>>;
    // Each root field's refusal names its own path (its store); the other field is let through.
    for (const [vars, refused] of [
      [{ a: home.id, b: other.id }, 'b'],
      [{ a: other.id, b: home.id }, 'a'],
    ] as const) {
      const res = await t.gql(query, vars, clerk.token);
      expect(res.errors?.map((e) => [(e as { path?: unknown }).path, e.message])).toEqual([
        [[refused], 'Missing permission: inventory.view at this store'],
      ]);
    }
    const both = await t.gql(query, { a: home.id, b: home.id }, clerk.token);
    expect(both).toEqual({ data: { a: { total: 0 }, b: { total: 0 } } });
  });
});
