import type { RequestContext } from '../../services/core/index.js';
import { storePinKey } from '../../services/auth/index.js';
import { notFound, unauthenticated } from '../../services/core/index.js';
import { cursorLag } from './pull.service.js';

/** A store is shown connected while its WebSocket is open and it was heard from lately (pings). */
const CONNECTED_WITHIN_MS = 90_000;

interface OverviewRow {
  store_id: string;
  code: string;
  name: string;
  provisioned: boolean;
  connected: boolean | null;
  // Raw queries answer timestamps as text.
  last_seen_at: string | null;
  last_pull_at: string | null;
  last_pull_cursor: string | null;
  last_push_at: string | null;
  last_seq: string | null;
  pending_events: number | null;
  clock_skew_ms: number | null;
  parked: string;
}

const OVERVIEW_SQL = `select st.id as store_id, st.code, st.name, (s.token_hash is not null) as provisioned, s.connected,
    s.last_seen_at, s.last_pull_at, s.last_pull_cursor, s.last_push_at, s.last_seq, s.pending_events, s.clock_skew_ms,
    (select count(*) from sync_error e where e.store_id = st.id and e.status = 'open') as parked
  from store st left join store_sync s on s.store_id = st.id`;

/** One store's sync health, for HQ's dashboard (`StoreSyncOverview` in the schema implements it). */
export interface StoreSyncHealth {
  storeId: string;
  storeCode: string;
  storeName: string;
  /** A sync token has been issued. */
  provisioned: boolean;
  /** Its socket is open and it was heard from within `CONNECTED_WITHIN_MS`. */
  connected: boolean;
  lastSeenAt: Date | null;
  lastPullAt: Date | null;
  lastPushAt: Date | null;
  ackedThroughSeq: number;
  /** Master-data changes the store has not pulled yet. */
  cursorLag: number;
  /** The store's outbox backlog, as it last reported (null when it never did). */
  pendingEvents: number | null;
  /** Open parked events. */
  parkedErrors: number;
  /** Store clock minus HQ clock, as last measured. */
  clockSkewMs: number | null;
}

/** The calling store's identity and sync state (`SyncStatus` in the schema implements it). */
export interface SyncStatusReport {
  storeId: string;
  storeCode: string;
  storeName: string;
  /** The key of this store's own PIN digests. */
  pinKey: string;
  ackedThroughSeq: number;
  lastPullAt: Date | null;
  lastPushAt: Date | null;
  cursorLag: number;
  parkedErrors: number;
  /** HQ's clock now. */
  serverTime: Date;
}

/**
 * A store's link to HQ on the store dashboard (`StoreSyncSummary` in the schema implements it): HQ's
 * view of it, or a store server's own.
 */
export interface StoreSyncLink {
  provisioned: boolean;
  connected: boolean;
  lastPullAt: Date | null;
  lastPushAt: Date | null;
  ackedThroughSeq: number;
  /** Events not at HQ yet (on HQ: as the store last reported; null when it never did). */
  pendingEvents: number | null;
  /** Events HQ parked; null on a store server, which does not know. */
  parkedErrors: number | null;
}

/** A store's sync health without its cursor lag (which takes a query of its own). */
type StoreHealthRead = Omit<StoreSyncHealth, 'cursorLag'>;

const toDate = (value: string | null) => (value === null ? null : new Date(value));

/** A store's sync health from its overview row, all but the cursor lag (which takes a query of its own). */
function health(row: OverviewRow, now: number): StoreHealthRead {
  const lastSeenAt = toDate(row.last_seen_at);
  return {
    storeId: row.store_id,
    storeCode: row.code,
    storeName: row.name,
    provisioned: row.provisioned,
    connected:
      row.connected === true && lastSeenAt !== null && now - lastSeenAt.getTime() < CONNECTED_WITHIN_MS,
    lastSeenAt,
    lastPullAt: toDate(row.last_pull_at),
    lastPushAt: toDate(row.last_push_at),
    ackedThroughSeq: Number(row.last_seq ?? 0),
    pendingEvents: row.pending_events,
    parkedErrors: Number(row.parked),
    clockSkewMs: row.clock_skew_ms,
  };
}

async function overview(ctx: RequestContext, row: OverviewRow): Promise<StoreSyncHealth> {
  return {
    ...health(row, ctx.runtime.now().getTime()),
    cursorLag: row.provisioned ? await cursorLag(ctx.em, row.store_id, row.last_pull_cursor) : 0,
  };
}

/** Every store's sync health, by store code. */
export async function syncDashboard(ctx: RequestContext): Promise<StoreSyncHealth[]> {
  const rows = await ctx.em.execute<OverviewRow[]>(`${OVERVIEW_SQL} order by st.code`);
  return Promise.all(rows.map((row) => overview(ctx, row)));
}

/** One store's sync health (the payload of `syncStatusChanged`). */
export async function storeSyncOverview(ctx: RequestContext, storeId: string): Promise<StoreSyncHealth> {
  const [row] = await ctx.em.execute<OverviewRow[]>(`${OVERVIEW_SQL} where st.id = ?`, [storeId]);
  if (!row) throw notFound('Store', storeId);
  return overview(ctx, row);
}

/**
 * The calling store's identity and sync state. A store server calls it first: it learns which store it
 * is and the key of its own PIN digests, so that its staff's PINs work there offline.
 */
export async function syncStatus(ctx: RequestContext): Promise<SyncStatusReport> {
  if (!ctx.syncStore) throw unauthenticated('A store sync token is required');
  const [row] = await ctx.em.execute<Array<OverviewRow & { timezone: string }>>(
    `${OVERVIEW_SQL} where st.id = ?`,
    [ctx.syncStore.storeId],
  );
  await ctx.em.execute('update store_sync set last_seen_at = now() where store_id = ?', [
    ctx.syncStore.storeId,
  ]);
  const o = await overview(ctx, row);
  return {
    storeId: o.storeId,
    storeCode: o.storeCode,
    storeName: o.storeName,
    // The store's own key, never the chain's: its PIN digests are useless anywhere else.
    pinKey: storePinKey(ctx.runtime.pinKey, o.storeId),
    ackedThroughSeq: o.ackedThroughSeq,
    lastPullAt: o.lastPullAt,
    lastPushAt: o.lastPushAt,
    cursorLag: o.cursorLag,
    parkedErrors: o.parkedErrors,
    serverTime: ctx.runtime.now(),
  };
}

/** Every store's health, read once per request: the store dashboard asks for each of its rows. */
const healthByRequest = new WeakMap<RequestContext, Promise<Map<string, StoreHealthRead>>>();

function healthOfEveryStore(ctx: RequestContext) {
  let read = healthByRequest.get(ctx);
  if (!read) {
    read = ctx.em.execute<OverviewRow[]>(OVERVIEW_SQL).then((rows) => {
      const now = ctx.runtime.now().getTime();
      return new Map(rows.map((row) => [row.store_id, health(row, now)]));
    });
    healthByRequest.set(ctx, read);
  }
  return read;
}

/**
 * A store's link to HQ for the store dashboard: HQ's view of that store (every store's read in one
 * query per request), or, on a store server, its own (its outbox is exact there; what HQ parked is not
 * known there).
 */
export async function storeSyncSummary(ctx: RequestContext, storeId: string): Promise<StoreSyncLink> {
  if (ctx.runtime.mode === 'hq') {
    const o = (await healthOfEveryStore(ctx)).get(storeId);
    if (!o) throw notFound('Store', storeId);
    return {
      provisioned: o.provisioned,
      connected: o.connected,
      lastPullAt: o.lastPullAt,
      lastPushAt: o.lastPushAt,
      ackedThroughSeq: o.ackedThroughSeq,
      pendingEvents: o.pendingEvents,
      parkedErrors: o.parkedErrors,
    };
  }
  const [row] = await ctx.em.execute<
    Array<{
      last_pull_at: string | null;
      last_push_at: string | null;
      acked_seq: string | null;
      pending: string;
    }>
  >(
    `select l.last_pull_at, l.last_push_at, l.acked_seq,
            (select count(*) from sync_outbox where pushed_at is null) as pending
       from (select 1) one left join sync_local_state l on l.id = 1`,
  );
  return {
    provisioned: ctx.runtime.sync !== undefined,
    connected: ctx.runtime.sync?.connected ?? false,
    lastPullAt: toDate(row.last_pull_at),
    lastPushAt: toDate(row.last_push_at),
    ackedThroughSeq: Number(row.acked_seq ?? 0),
    pendingEvents: Number(row.pending),
    parkedErrors: null,
  };
}
