import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  attemptInSavepoint,
  onCommit,
  type RequestContext,
  mapDatabaseError,
  AppError,
  conflict,
  invalid,
  unauthenticated,
} from '../../services/core/index.js';
import { applyEvent, lookAhead, type Lookahead } from './apply-event.js';
import type { PushedEvent, PushResult } from '../shared/protocol.js';

/** A pushed event as the GraphQL layer hands it over (its time parsed). */
export type ReceivedEvent = Omit<PushedEvent, 'occurredAt'> & { occurredAt: Date };

/** JSON with object keys sorted at every level, so that equal values always digest the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of what an event says (type, time, payload): the same eventId must always say the same. */
export function eventDigest(event: { type: string; occurredAt: Date; payload: unknown }): string {
  return createHash('sha256')
    .update(canonical([event.type, event.occurredAt.toISOString(), event.payload]))
    .digest('hex');
}

/** What applying an event in a savepoint gave: done, or why it failed (the error's code and message). */
export type ApplyOutcome = { ok: true } | { ok: false; code: string; message: string };

/**
 * Applies one event inside a savepoint of the current transaction, so that a failure undoes only that
 * event: on failure it rolls back to the savepoint, forgets the entities it loaded and the after-commit
 * work it queued, and reports the error's code (database errors mapped like a mutation's; anything
 * unexpected is logged and reported as INTERNAL with a generic message).
 */
export async function applyInSavepoint(
  ctx: RequestContext,
  storeId: string,
  event: { seq: number; type: string; payload: Record<string, unknown> },
  lookup?: Lookahead,
): Promise<ApplyOutcome> {
  const failure = await attemptInSavepoint(ctx, () => applyEvent(ctx, storeId, event, lookup));
  if (failure === undefined) return { ok: true };
  const mapped = mapDatabaseError(failure);
  if (mapped instanceof AppError) return { ok: false, code: mapped.code, message: mapped.message };
  ctx.runtime.logger.error(
    { err: failure, storeId, seq: event.seq, type: event.type },
    'sync event failed unexpectedly',
  );
  return {
    ok: false,
    code: 'INTERNAL',
    message: 'The event could not be applied because of an internal error (see HQ’s log)',
  };
}

/**
 * Applies new events in order, each applied or failed on its own. The rows their sales name are read
 * once for the whole batch. Fast path: the whole batch under one savepoint, which is what nearly every
 * batch is (two round trips fewer per event); when one event fails, the batch is rolled back and
 * applied again event by event, each in its own savepoint.
 */
async function applyAll(
  ctx: RequestContext,
  storeId: string,
  events: ReceivedEvent[],
): Promise<ApplyOutcome[]> {
  const lookup = await lookAhead(ctx, events);
  if (events.length > 1) {
    const failure = await attemptInSavepoint(ctx, async () => {
      for (const event of events) await applyEvent(ctx, storeId, event, lookup);
    });
    if (failure === undefined) return events.map(() => ({ ok: true }));
  }
  const outcomes: ApplyOutcome[] = [];
  for (const event of events) outcomes.push(await applyInSavepoint(ctx, storeId, event, lookup));
  return outcomes;
}

/**
 * HQ: receives a batch of the calling store's events, in one transaction.
 *
 * 1. Locks the store's sync state, so that two pushes of one store (a retry racing the first) run one
 *    after the other.
 * 2. Validates the whole batch before applying anything: seqs increase by 1; an event at or below the
 *    last applied seq is a duplicate only when HQ has that seq with the same eventId and payload
 *    (otherwise 409); the first new event must be the next seq (otherwise 409 with `expectedSeq`); a new
 *    event's eventId must never have been used.
 * 3. Applies each new event in a savepoint (see `applyAll`): applied, or parked as a sync error. The
 *    sequence advances either way, so one bad event never blocks a store.
 */
export async function receivePush(ctx: RequestContext, events: ReceivedEvent[]): Promise<PushResult> {
  const storeId = ctx.syncStore?.storeId;
  if (!storeId) throw unauthenticated('A store sync token is required');
  const [state] = await ctx.em.execute<Array<{ last_seq: string }>>(
    'select last_seq from store_sync where store_id = ? for update',
    [storeId],
  );
  if (!state) throw unauthenticated('A store sync token is required');
  const lastSeq = Number(state.last_seq);

  const { known, fresh, digests } = await checkBatch(ctx, storeId, events, lastSeq);

  const results: PushResult['results'] = known.map((event) => ({
    seq: event.seq,
    status: 'duplicate',
    errorId: null,
  }));
  const outcomes = await applyAll(ctx, storeId, fresh);
  const parked: string[] = [];
  const received = fresh.map((event, k) => {
    const outcome = outcomes[k];
    const errorId = outcome.ok ? null : uuidv7();
    results.push({ seq: event.seq, status: outcome.ok ? 'applied' : 'parked', errorId });
    if (errorId) parked.push(errorId);
    return {
      seq: event.seq,
      event_id: event.eventId,
      type: event.type,
      occurred_at: event.occurredAt,
      payload_digest: digests[known.length + k],
      status: outcome.ok ? 'applied' : 'parked',
    };
  });
  await recordReceived(ctx, storeId, fresh, outcomes, results.slice(known.length), received);
  const ackedThroughSeq = fresh.length ? fresh[fresh.length - 1].seq : lastSeq;
  await ctx.em.execute(
    'update store_sync set last_seq = ?, last_push_at = now(), last_seen_at = now() where store_id = ?',
    [ackedThroughSeq, storeId],
  );
  onCommit(ctx, () => {
    ctx.runtime.events.publish('SYNC_STATUS_CHANGED', { storeId });
    for (const errorId of parked) ctx.runtime.events.publish('SYNC_ERROR_RAISED', { errorId, storeId });
  });
  return { ackedThroughSeq, results };
}

/**
 * Step 2 of `receivePush`: the batch's events split into those HQ already has (`known`, duplicates) and
 * the new ones (`fresh`), with every event's digest; or the 400/409 that refuses the whole batch.
 */
async function checkBatch(
  ctx: RequestContext,
  storeId: string,
  events: ReceivedEvent[],
  lastSeq: number,
): Promise<{ known: ReceivedEvent[]; fresh: ReceivedEvent[]; digests: string[] }> {
  events.forEach((event, i) => {
    if (i > 0 && event.seq !== events[i - 1].seq + 1) {
      throw invalid(`events.${i}.seq`, `must be ${events[i - 1].seq + 1}: seqs increase by 1 within a batch`);
    }
  });
  const digests = events.map(eventDigest);
  const known = events.filter((event) => event.seq <= lastSeq);
  if (known.length) {
    const rows = await ctx.em.execute<Array<{ seq: string; event_id: string; payload_digest: string }>>(
      'select seq, event_id, payload_digest from sync_event where store_id = ? and seq between ? and ?',
      [storeId, known[0].seq, known[known.length - 1].seq],
    );
    const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
    known.forEach((event, i) => {
      const row = bySeq.get(event.seq);
      if (!row || row.event_id !== event.eventId || row.payload_digest !== digests[i]) {
        throw conflict({
          field: `events.${i}.eventId`,
          reason: `eventId/seq reused with another payload (seq ${event.seq})`,
        });
      }
    });
  }
  const fresh = events.slice(known.length);
  if (fresh.length && fresh[0].seq !== lastSeq + 1) {
    throw new AppError(
      'CONFLICT',
      { field: `events.${known.length}.seq`, reason: `expected seq ${lastSeq + 1}, got ${fresh[0].seq}` },
      { expectedSeq: lastSeq + 1 },
    );
  }
  if (fresh.length) {
    const ids = fresh.map((event) => event.eventId);
    const used = await ctx.em.execute<Array<{ event_id: string }>>(
      'select event_id from sync_event where event_id in (?)',
      [ids],
    );
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    const reused = used[0]?.event_id ?? repeated;
    if (reused) {
      const i = events.findIndex((event) => event.eventId === reused && event.seq > lastSeq);
      throw conflict({
        field: `events.${i}.eventId`,
        reason: `eventId ${reused} was already used for another event`,
      });
    }
  }
  return { known, fresh, digests };
}

/** Records the new events (each applied or parked) and the sync errors of the parked ones. */
async function recordReceived(
  ctx: RequestContext,
  storeId: string,
  fresh: ReceivedEvent[],
  outcomes: ApplyOutcome[],
  results: PushResult['results'],
  received: Array<Record<string, unknown>>,
): Promise<void> {
  for (const [k, event] of fresh.entries()) {
    const outcome = outcomes[k];
    if (outcome.ok) continue;
    await ctx.em.execute(
      `insert into sync_error (id, store_id, seq, event_id, type, occurred_at, payload, code, message)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
      [
        results[k].errorId,
        storeId,
        event.seq,
        event.eventId,
        event.type,
        event.occurredAt,
        JSON.stringify(event.payload),
        outcome.code,
        outcome.message,
      ],
    );
  }
  if (received.length) {
    await ctx.em.execute(
      `insert into sync_event (store_id, seq, event_id, type, occurred_at, payload_digest, status)
       select ?, e.seq, e.event_id, e.type, e.occurred_at, e.payload_digest, e.status
         from jsonb_to_recordset(?::jsonb) as e(seq bigint, event_id uuid, type text, occurred_at timestamptz,
                                                 payload_digest text, status text)`,
      [storeId, JSON.stringify(received)],
    );
  }
}
