/**
 * The sync protocol's shapes, shared by HQ (which serves them) and store servers (which call them).
 * See ARCHITECTURE.md, "Sync", and README, "Sync".
 */

import type { EntityType } from './entity-types.js';

// The kinds of master data are declared with their tables, in `entity-types.ts`.
export { ENTITY_TYPES, isEntityType, type EntityType } from './entity-types.js';

/** One changed row: its current state (`upsert`, columns as the table names them) or a tombstone. */
export interface PulledChange {
  entityType: EntityType;
  id: string;
  op: 'upsert' | 'delete';
  /** The row as HQ's table holds it now (snake_case columns); null for a tombstone. */
  data: Record<string, unknown> | null;
}

/** `GET /sync/pull`: changes after the cursor, the cursor to send next, and whether more are ready. */
export interface PullPage {
  changes: PulledChange[];
  cursor: string;
  hasMore: boolean;
  /** Changes exist that a transaction still running at HQ holds back: ask again shortly. */
  waiting: boolean;
  /**
   * The first page of a first contact only: about how many rows the store is to receive (every synced
   * table's rows now, an upper bound), so that it can say how far its first sync is.
   */
  estimatedRows?: number | null;
}

/** One event as a store pushes it. */
export interface PushedEvent {
  seq: number;
  eventId: string;
  type: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export type PushStatus = 'applied' | 'duplicate' | 'parked';

/** What HQ did with one pushed event (`SyncEventResult` in the schema implements it). */
export interface PushEventResult {
  seq: number;
  status: PushStatus;
  /** The sync error of a parked event. */
  errorId?: string | null;
}

/** `POST /sync/push`'s answer: every event up to `ackedThroughSeq` is safely at HQ. */
export interface PushResult {
  ackedThroughSeq: number;
  results: PushEventResult[];
}

/** Messages on the sync WebSocket (`/api/v1/sync/ws`), JSON text frames. */
export type HqMessage =
  /** Changes are available: pull. */
  | { type: 'changes' }
  /** Sent once on connect: HQ's clock, for the store's own skew display. */
  | { type: 'welcome'; storeId: string; serverTime: string };
export type StoreMessage =
  /** The store's outbox backlog and clock, sent on connect and whenever its backlog changes. */
  { type: 'status'; pendingEvents: number; clock: string };

/** Prefix of sync tokens: tells them from user access tokens (JWTs) at a glance. */
export const SYNC_TOKEN_PREFIX = 'pst_';
