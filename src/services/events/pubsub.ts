import { createPubSub } from '@graphql-yoga/subscription';
import type { Product } from '../../entities/product.entity.js';

/** What changed, for subscribers of master-data changes. */
export type ChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';

/** Topics and payloads published in-process (and, with REDIS_URL, across instances). */
export type EventMap = {
  PRODUCT_CHANGED: [{ kind: ChangeKind; product: Product }];
  /** A store's sync state changed (pull, push, connect, disconnect, error parked or settled). */
  SYNC_STATUS_CHANGED: [{ storeId: string }];
  /** A pushed event was parked, or a parked one failed again on retry. */
  SYNC_ERROR_RAISED: [{ errorId: string; storeId: string }];
};

export type EventBus = ReturnType<typeof createEventBus>;

/** The process's event bus, also handed to type-graphql as its PubSub. */
export function createEventBus() {
  return createPubSub<EventMap>();
}
