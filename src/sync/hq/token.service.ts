import type { EntityManager } from '@mikro-orm/postgresql';
import { Store } from '../../entities/store.entity.js';
import { randomToken, tokenDigest } from '../../services/auth/index.js';
import type { RequestContext, SyncCaller } from '../../services/core/index.js';
import { notFound } from '../../services/core/index.js';
import { SYNC_TOKEN_PREFIX } from '../shared/protocol.js';

/** The NOTIFY channel of replaced sync tokens (payload: the store's id). */
export const SYNC_TOKEN_CHANNEL = 'pos_sync_token';

/** A newly issued sync token and the store it identifies (`SyncToken` in the schema implements it). */
export interface IssuedSyncToken {
  /** The token itself: returned this once, HQ keeps only its hash. */
  token: string;
  storeId: string;
  storeCode: string;
}

/**
 * Issues a store's sync token: returned once, HQ keeps only its SHA-256 (it is 256 random bits, so no
 * slow hash is needed). A new token replaces the store's previous one, which stops working at once.
 */
export async function issueSyncToken(ctx: RequestContext, storeId: string): Promise<IssuedSyncToken> {
  const store = await ctx.em.findOne(Store, { id: storeId });
  if (!store) throw notFound('Store', storeId);
  const token = SYNC_TOKEN_PREFIX + randomToken();
  await ctx.em.execute(
    `insert into store_sync (store_id, token_hash, token_issued_at) values (?, ?, now())
     on conflict (store_id) do update set token_hash = excluded.token_hash, token_issued_at = excluded.token_issued_at`,
    [store.id, tokenDigest(token)],
  );
  // Delivered at commit to every HQ instance: each closes the sockets the old token opened, at once.
  await ctx.em.execute('select pg_notify(?, ?)', [SYNC_TOKEN_CHANNEL, store.id]);
  ctx.runtime.logger.info({ storeId: store.id, storeCode: store.code }, 'sync token issued');
  return { token, storeId: store.id, storeCode: store.code };
}

/** The store a sync token identifies, or undefined (unknown, replaced, or not a sync token at all). */
export async function syncClientForToken(em: EntityManager, token: string): Promise<SyncCaller | undefined> {
  if (!token.startsWith(SYNC_TOKEN_PREFIX)) return undefined;
  const [row] = await em.execute<Array<{ store_id: string; code: string }>>(
    `select s.store_id, st.code from store_sync s join store st on st.id = s.store_id where s.token_hash = ?`,
    [tokenDigest(token)],
  );
  return row ? { storeId: row.store_id, storeCode: row.code } : undefined;
}
