import { GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse } from 'graphql';
import { accessRegistry, enforceAccess, servedAtStore } from '../../src/schema/allow';
import { SaleResolver } from '../../src/resolvers/sale.resolver';
import { RegisterResolver } from '../../src/resolvers/register.resolver';
import { AuthResolver } from '../../src/resolvers/auth.resolver';
import { assertCan, holds, sessionPermissions, type Grant } from '../../src/services/auth/grants';
import type { RequestContext } from '../../src/services/core/context';
import { AppError } from '../../src/services/core/errors';
import {
  assertInScope,
  callerStore,
  decideScope,
  resolveStoreId,
  scopeStoreId,
} from '../../src/services/core/scope';

/** The resolvers are loaded for their declarations (the registry is filled as their classes load). */
void [SaleResolver, RegisterResolver, AuthResolver];

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const C = '0190a000-0000-7000-8000-00000000000c';

const grants: Grant[] = [
  { storeId: A, permission: 'pos.sell' },
  { storeId: B, permission: 'registers.view' },
  { storeId: null, permission: 'inventory.view' },
];

/** A caller with `grants`, signed in for `storeId`, on a server in `mode`. */
function caller(
  storeId: string | undefined,
  mode: 'hq' | 'store' = 'hq',
  held: Grant[] = grants,
): RequestContext {
  return {
    runtime: { mode, storeId: mode === 'store' ? storeId : undefined },
    user: { id: 'u', username: 'u', displayName: 'U' },
    grants: held,
    ...sessionPermissions(held, storeId),
    storeId,
  } as unknown as RequestContext;
}

function refusal(fn: () => unknown): [string, string] | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return [err.code, err.message];
    throw err;
  }
  return undefined;
}

describe('holds', () => {
  it('is true for a grant at the store or at every store, false elsewhere; no query', () => {
    const ctx = caller(undefined);
    expect(holds(ctx, 'pos.sell', A)).toBe(true);
    expect(holds(ctx, 'pos.sell', B)).toBe(false);
    expect(holds(ctx, 'registers.view', B)).toBe(true);
    expect(holds(ctx, 'registers.view', A)).toBe(false);
    expect(holds(ctx, 'inventory.view', C)).toBe(true);
    expect(holds(ctx, 'pos.void', A)).toBe(false);
  });

  it('reads the permissions a context states when it carries no grants (a seeding context)', () => {
    const ctx = { ...caller(A), grants: [], chainPermissions: new Set(['stores.edit']) };
    expect(holds(ctx, 'stores.edit', B)).toBe(true);
    expect(holds(ctx, 'pos.sell', A)).toBe(true);
  });

  it('assertCan refuses with 403 naming the permission "at this store"', () => {
    expect(refusal(() => assertCan(caller(A), 'pos.sell', B))).toEqual([
      'FORBIDDEN',
      'Missing permission: pos.sell at this store',
    ]);
    expect(refusal(() => assertCan(caller(A), 'pos.sell', A))).toBeUndefined();
  });

  it('derives the session permissions at the store and at every store from the grants', () => {
    const { permissions, chainPermissions } = sessionPermissions(grants, A);
    expect([...permissions]).toEqual(['inventory.view', 'pos.sell']);
    expect([...chainPermissions]).toEqual(['inventory.view']);
    expect([...sessionPermissions(grants, undefined).permissions]).toEqual(['inventory.view']);
  });
});

describe('the store an operation acts on', () => {
  it("resolves a store transaction's store: HQ the one named, else the caller's, else 400", () => {
    expect(resolveStoreId(caller(A), B)).toBe(B);
    expect(resolveStoreId(caller(A), null)).toBe(A);
    expect(refusal(() => resolveStoreId(caller(undefined), undefined))).toEqual([
      'VALIDATION',
      'storeId: is required (the caller is not signed in for a store)',
    ]);
  });

  it("resolves a store server's own store, and refuses another (400)", () => {
    expect(resolveStoreId(caller(A, 'store'), undefined)).toBe(A);
    expect(resolveStoreId(caller(A, 'store'), A)).toBe(A);
    expect(refusal(() => resolveStoreId(caller(A, 'store'), B))).toEqual([
      'VALIDATION',
      'storeId: this server trades only for its own store',
    ]);
  });

  it('defers the 400 and the 403 to the operation (after validation; a missing store first)', () => {
    const refused = decideScope(caller(A, 'store'), { store: 'storeId' }, ['pos.sell'], { storeId: B });
    expect(refused.refused?.message).toBe('storeId: this server trades only for its own store');
    const ctx = { ...caller(A), scope: refused } as RequestContext;
    expect(refusal(() => scopeStoreId(ctx))?.[0]).toBe('VALIDATION');

    const elsewhere = { ...caller(A) } as RequestContext;
    elsewhere.scope = decideScope(elsewhere, { store: 'storeId' }, ['pos.sell'], { storeId: B });
    expect(elsewhere.scope).toEqual({ storeId: B, named: true, permissions: ['pos.sell'] });
    expect(scopeStoreId(elsewhere)).toBe(B);
    expect(refusal(() => assertInScope(elsewhere))).toEqual([
      'FORBIDDEN',
      'Missing permission: pos.sell at this store',
    ]);
  });

  it("needs an `elsewhere` permission only away from the caller's store", () => {
    const rule = { store: 'storeId', elsewhere: 'registers.view' as const };
    expect(decideScope(caller(A), rule, [], {}).permissions).toEqual([]);
    expect(decideScope(caller(A), rule, [], { storeId: A }).permissions).toEqual([]);
    expect(decideScope(caller(A), rule, [], { storeId: B }).permissions).toEqual(['registers.view']);
  });

  it("lists the named store, else the caller's, else every store for a chain-wide grant only", () => {
    const rule = { store: 'storeId', records: true };
    expect(decideScope(caller(A), rule, ['pos.sell'], { storeId: B })).toMatchObject({
      storeId: B,
      named: true,
    });
    expect(decideScope(caller(A), rule, ['pos.sell'], {})).toMatchObject({ storeId: A, named: false });
    const everywhere = { ...caller(undefined) } as RequestContext;
    everywhere.scope = decideScope(everywhere, rule, ['inventory.view'], {});
    expect(everywhere.scope.storeId).toBeNull();
    expect(refusal(() => assertInScope(everywhere))).toBeUndefined();
    everywhere.scope = decideScope(everywhere, rule, ['pos.sell'], {});
    expect(refusal(() => assertInScope(everywhere))).toEqual([
      'FORBIDDEN',
      'Missing permission: pos.sell at every store (name a store with store_id)',
    ]);
    expect(callerStore(caller(A), 'pos.sell')).toBe(A);
    expect(callerStore(caller(undefined), 'inventory.view')).toBeNull();
  });
});

describe('access rules naming their store', () => {
  it('are registered with their scope, and say which mutations a store server performs', () => {
    expect(accessRegistry.get('createSale')).toEqual({
      kind: 'permissions',
      permissions: ['pos.sell'],
      scope: { store: 'storeId' },
    });
    expect(accessRegistry.get('currentRegister')).toEqual({
      kind: 'authenticated',
      scope: { store: 'storeId', elsewhere: 'registers.view' },
    });
    expect(accessRegistry.get('voidSale')).toEqual({ kind: 'permissions', permissions: ['pos.void'] });
    for (const name of ['createSale', 'voidSale', 'openRegister', 'closeRegisterSession', 'login']) {
      expect([name, servedAtStore('mutation', name)]).toEqual([name, true]);
    }
    expect(servedAtStore('mutation', 'createStore')).toBe(false);
  });

  it('give each root field of one request its own scope', async () => {
    accessRegistry.set('scopedA', {
      kind: 'permissions',
      permissions: ['inventory.view'],
      scope: { store: 'storeId', records: true },
    });
    accessRegistry.set('scopedB', {
      kind: 'permissions',
      permissions: ['inventory.view'],
      scope: { store: 'storeId', records: true },
    });
    const later = async (_: unknown, __: unknown, ctx: RequestContext) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return ctx.scope?.storeId;
    };
    const field = { type: GraphQLString, args: { storeId: { type: GraphQLString } }, resolve: later };
    const schema = enforceAccess(
      new GraphQLSchema({
        query: new GraphQLObjectType({ name: 'Query', fields: { scopedA: field, scopedB: field } }),
      }),
    );
    const ctx = caller(A);
    const result = await execute({
      schema,
      document: parse(`{ scopedA(storeId: "${B}") scopedB(storeId: "${C}") }`),
      contextValue: ctx,
    });
    expect(result).toEqual({ data: { scopedA: B, scopedB: C } });
    expect(ctx.scope).toBeUndefined();
    accessRegistry.delete('scopedA');
    accessRegistry.delete('scopedB');
  });
});
