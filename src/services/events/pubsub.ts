import { createPubSub } from '@graphql-yoga/subscription';
import type { Product } from '../../entities/product.entity.js';

/** What changed, for subscribers of master-data changes. */
export type ChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';

/**
 * A product created, changed or deactivated, as subscribers receive it (`ProductChange` in the schema
 * implements it).
 */
export interface ProductChangeEvent {
  kind: ChangeKind;
  /** The product as it is now. */
  product: Product;
}

/** Topics and payloads published in-process (and, with REDIS_URL, across instances). */
export type EventMap = {
  PRODUCT_CHANGED: [ProductChangeEvent];
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
