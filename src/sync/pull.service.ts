import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../services/context.js';
import type { PullPage } from './protocol.js';

/** HQ: one page of master-data changes for the calling store. (Being written.) */
export async function pullChanges(
  _ctx: RequestContext,
  _args: { cursor?: string | null; limit?: number | null; entityType?: string | null },
): Promise<PullPage> {
  throw new Error('not implemented yet');
}

/** HQ: how many changes for a store lie after its cursor. (Being written.) */
export async function cursorLag(
  _em: EntityManager,
  _storeId: string,
  _cursor: string | null,
): Promise<number> {
  return 0;
}
