import type { AnyStoreEvent } from './events/index.js';
import { stockAdjusted } from './inventory/index.js';
import { purchaseOrderReceived } from './purchasing/index.js';
import { refundCreated } from './refunds/index.js';
import { registerClosed, registerOpened } from './registers/index.js';
import { saleCreated, saleVoided } from './selling/index.js';
import { transferStepped } from './transfers/index.js';

/**
 * Every store event, each declared next to its domain (`defineStoreEvent`): the list HQ applies pushed
 * events from, and the one place a new store transaction is added. It sits above the domains (it imports
 * them), so that `services/events` stays below them; `tests/unit/store-events.test.ts` fails when an
 * event a service records is not here.
 */
export const STORE_EVENTS = [
  registerOpened,
  registerClosed,
  saleCreated,
  saleVoided,
  refundCreated,
  stockAdjusted,
  transferStepped,
  purchaseOrderReceived,
] as const;

/** Store transactions that travel to HQ, each as one outbox event. */
export const EVENT_TYPES = STORE_EVENTS.map((event) => event.type);
export type EventType = (typeof STORE_EVENTS)[number]['type'];

const BY_TYPE = new Map<string, AnyStoreEvent>(STORE_EVENTS.map((event) => [event.type, event]));

/** The declaration of an event type, undefined for a type no store records. */
export function storeEventOf(type: string): AnyStoreEvent | undefined {
  return BY_TYPE.get(type);
}
