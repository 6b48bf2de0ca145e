import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticate } from '../services/auth/index.js';
import { createRequestContext, type RequestContext, type Runtime } from '../services/core/index.js';
import { SYNC_TOKEN_PREFIX } from '../sync/shared/protocol.js';
import { syncClientForToken } from '../sync/hq/token.service.js';

/** What every transport knows about a caller: the bearer token (if any) and the client address. */
export interface CallerInfo {
  token?: string;
  clientIp: string;
}

export type ContextFactory = (caller: CallerInfo) => Promise<RequestContext>;

/** The one factory of request contexts, used by Apollo, the REST API and graphql-ws alike. */
export function createContextFactory(orm: MikroORM, runtime: Runtime): ContextFactory {
  return async ({ token, clientIp }) => {
    const ctx = createRequestContext(runtime, orm.em.fork(), { clientIp });
    // A sync token identifies a store server (sync routes only), never a user; a user token never a store.
    if (token?.startsWith(SYNC_TOKEN_PREFIX)) {
      if (runtime.mode === 'hq') ctx.syncStore = await syncClientForToken(ctx.em, token);
    } else if (token) {
      const session = await authenticate(runtime, ctx.em, token);
      if (session) {
        Object.assign(ctx, session);
        // Its own EntityManager: a subscription asks between events, whatever its context's is doing.
        ctx.currentCaller = () => authenticate(runtime, orm.em.fork(), token);
      }
    }
    return ctx;
  };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
