import type { RequestContext } from '../../services/core/index.js';
import { AppError, invalid } from '../../services/core/index.js';
import { checkShape } from '../../services/events/index.js';
import { STORE_EVENTS, storeEventOf } from '../../services/store-events.js';

/** What the events of a push read ahead for the whole batch, by event type (see `lookAhead`). */
export type Lookahead = ReadonlyMap<string, unknown>;

/**
 * HQ: applies one pushed event of `storeId` (the pushing store's, from its token) in the caller's
 * transaction: finds its declaration, checks that it is that store's own transaction (FORBIDDEN: one
 * store cannot push as another) and the payload's shape, then hands it to the declaration's HQ applier.
 * Throws AppError on anything that must park the event.
 */
export async function applyEvent(
  ctx: RequestContext,
  storeId: string,
  event: { type: string; payload: Record<string, unknown> },
  ahead?: Lookahead,
): Promise<void> {
  const declaration = storeEventOf(event.type);
  if (!declaration) throw invalid('type', `unknown event type ${event.type}`);
  const payload = event.payload;
  if (payload && typeof payload === 'object' && 'storeId' in payload && payload.storeId !== storeId) {
    throw new AppError('FORBIDDEN', {
      field: 'storeId',
      reason: `a store pushes only its own transactions (not ${String(payload.storeId)})`,
    });
  }
  checkShape(payload, declaration.shape, 'payload');
  return declaration.applyAtHq(ctx, storeId, payload as never, ahead?.get(event.type));
}

/**
 * Reads ahead, in one statement per event type that reads ahead (sales: the rows they name, see
 * `StoreSalesLookup`), what the well-formed events of a push need, so that applying a push does not read
 * it event by event. Undefined when no type has two such events.
 */
export async function lookAhead(
  ctx: RequestContext,
  events: Array<{ type: string; payload: Record<string, unknown> }>,
): Promise<Lookahead | undefined> {
  const ahead = new Map<string, unknown>();
  for (const declaration of STORE_EVENTS) {
    if (!declaration.readAhead) continue;
    const payloads = events
      .filter((event) => event.type === declaration.type && wellFormed(event.payload, declaration.shape))
      .map((event) => event.payload as never);
    if (payloads.length >= 2) ahead.set(declaration.type, await declaration.readAhead(ctx, payloads));
  }
  return ahead.size ? ahead : undefined;
}

function wellFormed(payload: unknown, shape: Parameters<typeof checkShape>[1]): boolean {
  try {
    checkShape(payload, shape, 'payload');
    return true;
  } catch {
    // Parked when it is applied, with the reason.
    return false;
  }
}
