import type { RequestContext } from '../core/context.js';
import type { Infer, Shape } from './shape.js';

/**
 * A store event, declared once next to the transaction that records it: its type (the outbox's and the
 * wire's name for it), the shape HQ checks its payload against (the payload's TypeScript type is
 * inferred from it: `PayloadOf<typeof saleCreated>`), how the store builds it, and how HQ records it.
 * The list of every declaration is `services/store-events.ts`.
 */
export interface StoreEvent<T extends string = string, S extends Shape = Shape, A = unknown> {
  readonly type: T;
  readonly shape: S;
  /**
   * HQ: records the store's transaction with the store's ids and times (no permission check: the store
   * checked its user; integrity checks only). `ahead` is what `readAhead` read for the whole push.
   */
  applyAtHq(ctx: RequestContext, storeId: string, payload: Infer<S>, ahead?: A): Promise<void>;
  /**
   * HQ, optional: reads in one statement what the well-formed events of this type in a push name, so
   * that applying them does not read it event by event.
   */
  readAhead?(ctx: RequestContext, payloads: Array<Infer<S>>): Promise<A>;
}

/** Any declared event, as the list of them holds it. */
export type AnyStoreEvent = StoreEvent<string, Shape, unknown>;

/** The payload of a declared event, as its shape describes it. */
export type PayloadOf<E> = E extends StoreEvent<string, infer S, infer _A> ? Infer<S> : never;

/**
 * Declares a store event (see `StoreEvent`). `build`, when given, is how the store makes the payload
 * from its rows; it must return the shape's type.
 */
export function defineStoreEvent<
  const T extends string,
  const S extends Shape,
  A = undefined,
  F extends (...args: never[]) => Infer<S> = never,
>(
  type: T,
  declaration: {
    shape: S;
    build?: F;
    applyAtHq: StoreEvent<T, S, A>['applyAtHq'];
    readAhead?: StoreEvent<T, S, A>['readAhead'];
  },
): StoreEvent<T, S, A> & { readonly build: F } {
  return { type, ...declaration } as StoreEvent<T, S, A> & { readonly build: F };
}
