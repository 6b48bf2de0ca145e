import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EventBus } from '../events/pubsub.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { CallerSession, SessionCache } from '../auth/session-cache.js';
import type { Grant } from '../auth/grants.js';
import type { Scope } from './scope.js';

/** What services need to know about the running server (a subset of the server's Config). */
export interface Runtime {
  mode: 'hq' | 'store';
  jwtSecret: string;
  /** Key of PIN digests. A store server uses HQ's (learned at its first contact), so PINs work there. */
  pinKey: string;
  production: boolean;
  /** The store a store-mode server serves. */
  storeId?: string;
  logger: Logger;
  events: EventBus;
  loginThrottle: LoginThrottle;
  sessions: SessionCache;
  /**
   * Store mode: the sync agent, asked to push after each transaction that wrote an outbox event, and to
   * have HQ check a credential the store holds no material for (it answers the user's id).
   */
  sync?: {
    requestPush(): unknown;
    readonly connected: boolean;
    signIn?(input: { username: string; pin: string | null; password: string | null }): Promise<string>;
    /**
     * Asks HQ for a sale and the refunds it knows of (a refund's basis, as JSON): null when HQ has no
     * such sale, undefined when HQ cannot be reached now.
     */
    saleBasis?(saleId: string): Promise<Record<string, unknown> | null | undefined>;
  };
  /** The current instant. Rules that depend on "today" read it here, so tests can pin the clock. */
  now: () => Date;
}

/** The authenticated caller of a request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
}

/** A store server, as its sync token identifies it at HQ. */
export interface SyncCaller {
  storeId: string;
  storeCode: string;
}

/**
 * One request's context, built by one factory for Apollo, the REST API and graphql-ws. Services take it first.
 */
export interface RequestContext {
  runtime: Runtime;
  /** Forked per request; inside a mutation it is the transaction's EntityManager. */
  em: EntityManager;
  user?: AuthUser;
  /** Every permission `user` holds, with where (a store, or every store): `holds` reads them. */
  grants: readonly Grant[];
  /** Effective permissions of `user` at `storeId` (derived from `grants`). */
  permissions: ReadonlySet<string>;
  /** The permissions `user` holds at every store: needed to change what the whole chain shares. */
  chainPermissions: ReadonlySet<string>;
  /**
   * The store the current root field acts on, decided by its access rule (`@Allow(..., { store })`)
   * before it runs; undefined for a field whose rule names no store.
   */
  scope?: Scope;
  /** The store server calling a sync route, identified by its sync token (never together with `user`). */
  syncStore?: SyncCaller;
  /** Store the caller acts for: the server's own store in store mode, the login's store (if any) on HQ. */
  storeId?: string;
  /** Client address, for login throttling. */
  clientIp: string;
  /** Work to run once the current transaction has committed (events, sync hints). */
  afterCommit: Array<() => void>;
  /** Work to run once the current transaction has rolled back (writes that must stand although the request fails). */
  afterRollback: Array<() => Promise<void>>;
  /** True while a mutation's transaction is open. */
  inTransaction: boolean;
  /**
   * The signed-in caller as of now, from the same token: undefined once the token expired or the user
   * was deactivated. For operations that outlive their request (subscriptions re-check every event).
   */
  currentCaller?: () => Promise<(CallerSession & { storeId?: string }) | undefined>;
}

/** A fresh context for one request (anonymous until the caller is authenticated). */
export function createRequestContext(
  runtime: Runtime,
  em: EntityManager,
  init: Partial<
    Pick<RequestContext, 'user' | 'grants' | 'permissions' | 'chainPermissions' | 'storeId' | 'clientIp'>
  > = {},
): RequestContext {
  return {
    runtime,
    em,
    grants: [],
    permissions: NO_PERMISSIONS,
    chainPermissions: NO_PERMISSIONS,
    storeId: runtime.mode === 'store' ? runtime.storeId : undefined,
    clientIp: '',
    afterCommit: [],
    afterRollback: [],
    inTransaction: false,
    ...init,
  };
}

const NO_PERMISSIONS: ReadonlySet<string> = new Set();

/** Runs `fn` after the current transaction commits, or now when there is none. */
export function onCommit(ctx: RequestContext, fn: () => void): void {
  if (ctx.inTransaction) ctx.afterCommit.push(fn);
  else fn();
}

/**
 * Runs `fn` after the current transaction has rolled back (or at once when there is none): for a write
 * that must stand although the request fails, e.g. revoking a replayed refresh token's family.
 */
export async function onRollback(ctx: RequestContext, fn: () => Promise<void>): Promise<void> {
  if (ctx.inTransaction) ctx.afterRollback.push(fn);
  else await fn();
}

/** Runs `work` in one database transaction with `ctx.em` bound to it, then the after-commit hooks. */
export async function inTransaction<T>(ctx: RequestContext, work: () => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return work();
  const outer = ctx.em;
  ctx.inTransaction = true;
  try {
    const result = await outer.transactional(async (em) => {
      ctx.em = em as EntityManager;
      return work();
    });
    ctx.afterRollback.length = 0;
    const hooks = ctx.afterCommit.splice(0);
    for (const hook of hooks) {
      try {
        hook();
      } catch (err) {
        ctx.runtime.logger.error({ err }, 'after-commit hook failed');
      }
    }
    return result;
  } catch (err) {
    ctx.afterCommit.length = 0;
    ctx.em = outer;
    ctx.inTransaction = false;
    for (const hook of ctx.afterRollback.splice(0)) {
      await hook().catch((hookErr) => ctx.runtime.logger.error({ err: hookErr }, 'rollback hook failed'));
    }
    throw err;
  } finally {
    ctx.em = outer;
    ctx.inTransaction = false;
  }
}

let savepoints = 0;

/**
 * Runs `work` in a savepoint of `em`'s open transaction: when it fails only its own writes are undone,
 * and its error is returned instead of thrown (undefined when it succeeded).
 */
export async function inSavepoint(em: EntityManager, work: () => Promise<unknown>): Promise<unknown> {
  const name = `sp_${++savepoints}`;
  await em.execute(`savepoint ${name}`);
  try {
    await work();
  } catch (err) {
    await em.execute(`rollback to savepoint ${name}`);
    return err ?? new Error('failed without an error');
  }
  await em.execute(`release savepoint ${name}`);
  return undefined;
}

/**
 * `inSavepoint` for a request: a failed `work` also leaves nothing behind in the request, neither the
 * entities it loaded nor the after-commit work it queued.
 */
export async function attemptInSavepoint(
  ctx: RequestContext,
  work: () => Promise<unknown>,
): Promise<unknown> {
  const hooks = ctx.afterCommit.length;
  const failure = await inSavepoint(ctx.em, work);
  if (failure !== undefined) {
    ctx.em.clear();
    ctx.afterCommit.length = hooks;
  }
  return failure;
}
