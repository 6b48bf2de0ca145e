import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { ALL_PERMISSIONS } from '../../src/services/auth/permissions';
import { createEventBus } from '../../src/services/events/pubsub';
import { buildAppSchema } from '../../src/server/schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema(createEventBus());
});

/**
 * Calls a root mutation of the real schema with a stand-in EntityManager that records raw statements
 * and refuses everything else (the resolver stops at its first query): what the transaction wrapper
 * itself issues is what is recorded.
 */
async function statementsBefore(field: string, user?: { id: string }): Promise<unknown[][]> {
  const executed: unknown[][] = [];
  let transactions = 0;
  const em: object = new Proxy(
    {},
    {
      get(_target, prop) {
        if (prop === 'then') return undefined;
        if (prop === 'transactional') {
          return (work: (tx: object) => Promise<unknown>) => (transactions++, work(em));
        }
        if (prop === 'execute') return async (...args: unknown[]) => void executed.push(args);
        throw new Error(`stop: em.${String(prop)}`);
      },
    },
  );
  const everything = new Set<string>(ALL_PERMISSIONS);
  const ctx = {
    runtime: { mode: 'hq', now: () => new Date(), logger: { error: () => undefined } },
    em,
    user: user && { ...user, username: 'someone' },
    permissions: everything,
    chainPermissions: everything,
    afterCommit: [],
    afterRollback: [],
    inTransaction: false,
    clientIp: '',
  };
  const resolve = schema.getMutationType()!.getFields()[field].resolve!;
  await Promise.resolve(resolve(undefined, {}, ctx, {} as GraphQLResolveInfo)).catch(() => undefined);
  // The call got past the access check into its transaction.
  expect(transactions).toBe(1);
  return executed;
}

const SET_ACTOR = `select set_config('pos.actor_id', ?, true)`;

it("names the signed-in user to the change log first in an HQ mutation's transaction (one statement)", async () => {
  const id = '0190a8d4-0000-7000-8000-000000000001';
  expect(await statementsBefore('createProduct', { id })).toEqual([[SET_ACTOR, [id]]]);
  expect(await statementsBefore('setRolePermissions', { id })).toEqual([[SET_ACTOR, [id]]]);
});

it("issues nothing for a mutation without a signed-in user, nor for a store transaction (servedBy: 'store')", async () => {
  const id = '0190a8d4-0000-7000-8000-000000000002';
  expect(await statementsBefore('login')).toEqual([]);
  for (const field of ['createSale', 'openRegister', 'closeRegister', 'adjustStock', 'voidSale']) {
    expect(await statementsBefore(field, { id })).toEqual([]);
  }
});
