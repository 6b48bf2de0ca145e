import { createPubSub } from '@graphql-yoga/subscription';
import type { Product } from '../entities/product.entity.js';

/** What changed, for subscribers of master-data changes. */
export type ChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';

/** Topics and payloads published in-process (and, with REDIS_URL, across instances). */
export type EventMap = {
  PRODUCT_CHANGED: [{ kind: ChangeKind; product: Product }];
};

export type EventBus = ReturnType<typeof createEventBus>;

/** The process's event bus, also handed to type-graphql as its PubSub. */
export function createEventBus() {
  return createPubSub<EventMap>();
}
