import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticate } from '../services/auth/auth.service.js';
import type { RequestContext, Runtime } from '../services/context.js';

const NO_PERMISSIONS: ReadonlySet<string> = new Set();

/** What every transport knows about a caller: the bearer token (if any) and the client address. */
export interface CallerInfo {
  token?: string;
  clientIp: string;
}

export type ContextFactory = (caller: CallerInfo) => Promise<RequestContext>;

/** The one factory of request contexts, used by Apollo, SOFA and graphql-ws alike. */
export function createContextFactory(orm: MikroORM, runtime: Runtime): ContextFactory {
  return async ({ token, clientIp }) => {
    const em = orm.em.fork();
    const ctx: RequestContext = {
      runtime,
      em,
      permissions: NO_PERMISSIONS,
      storeId: runtime.mode === 'store' ? runtime.storeId : undefined,
      clientIp,
      afterCommit: [],
      inTransaction: false,
    };
    if (token) {
      const session = await authenticate(runtime, em, token);
      if (session) Object.assign(ctx, session);
    }
    return ctx;
  };
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
