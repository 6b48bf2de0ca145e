import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import pg from 'pg';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Runtime, SyncCaller } from '../../services/core/index.js';
import type { HqMessage, StoreMessage } from '../shared/protocol.js';
import { SYNC_TOKEN_CHANNEL, syncClientForToken } from './token.service.js';

export interface SyncSocketServer {
  /** Takes an HTTP upgrade on /api/v1/sync/ws: authenticates the sync token, then keeps the socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** The channel the change-log trigger notifies at commit. */
const CHANNEL = 'pos_sync_change';
/** Hints of a burst of commits go out as one. */
const DEBOUNCE_MS = 25;
/** Pings keep the connection (and `last_seen_at`) alive and re-check the token. */
const PING_MS = 30_000;
/** A store's status messages are written at most this often (the latest one wins): a flood is one write. */
const STATUS_WRITE_MS = 2_000;
const LISTEN_RETRY_FIRST_MS = 500;
const LISTEN_RETRY_MAX_MS = 30_000;
/** Close code when the store's token was replaced while it was connected. */
export const TOKEN_REPLACED_CLOSE_CODE = 4401;

interface StoreSocket {
  ws: WebSocket;
  client: SyncCaller;
  token: string;
}

/**
 * HQ: the sync WebSocket and the LISTEN on master-data changes that feeds its hints. PostgreSQL delivers
 * NOTIFY to every listening connection, so with several HQ instances each hints the stores connected
 * to it. A hint only says "pull": a lost one costs latency, never data (stores also pull on a timer).
 */
export async function createSyncSocketServer(orm: MikroORM, runtime: Runtime): Promise<SyncSocketServer> {
  const logger = runtime.logger;
  // Stores only send small status messages: anything large is refused (the socket is closed).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<StoreSocket>();
  let closed = false;

  const db = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    orm.em.fork().execute<T[]>(sql, params);
  const changed = (storeId: string) => runtime.events.publish('SYNC_STATUS_CHANGED', { storeId });
  /** Runs a bookkeeping write; a failure is logged, never thrown at a socket's event handler. */
  const record = (what: string, work: () => Promise<unknown>) => {
    work().catch((err: unknown) => logger.error({ err }, `sync socket: ${what} failed`));
  };

  await forgetConnections(db);
  const checkToken = (s: StoreSocket) => closeIfReplaced(orm, s);
  const closeReplaced = (storeId: string) => {
    for (const s of sockets) {
      if (s.client.storeId === storeId) record('token check', () => checkToken(s));
    }
  };

  // --- hints: one dedicated connection LISTENs (see listenForHints) ------------------------------------
  let hintTimer: NodeJS.Timeout | undefined;
  const hintAll = () => {
    hintTimer = undefined;
    for (const s of sockets) sendTo(s.ws, { type: 'changes' });
  };
  const listener = await listenForHints(orm, logger, {
    changes: () => (hintTimer ??= setTimeout(hintAll, DEBOUNCE_MS)),
    tokenReplaced: closeReplaced,
    // Changes may have committed while nobody listened: hint whoever is connected.
    reconnected: hintAll,
  });

  // --- pings: last seen, and a replaced token closes the socket ----------------------------------------
  const pinger = setInterval(() => {
    for (const s of sockets) {
      if (s.ws.readyState === WebSocket.OPEN) s.ws.ping();
    }
  }, PING_MS).unref();

  const hub: Hub = {
    sockets,
    closed: () => closed,
    db,
    changed,
    record,
    checkToken,
    send: sendTo,
    logger,
    now: () => runtime.now(),
  };
  const connected = (s: StoreSocket) => keepStoreSocket(s, hub);

  return {
    handleUpgrade(req, socket, head) {
      const token = bearerToken(req);
      void (async () => {
        const client = token && !closed ? await callerOf(orm, logger, token) : undefined;
        if (!client) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        }
        const known = client;
        wss.handleUpgrade(req, socket, head, (ws) => connected({ ws, client: known, token }));
      })();
    },
    async close() {
      closed = true;
      clearInterval(pinger);
      clearTimeout(hintTimer);
      await listener.close();
      await disconnectAll(hub);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A skew in the int column's range (a clock years off is still shown, as the largest skew). */
function clampInt(value: number): number {
  return Math.max(-(2 ** 31 - 1), Math.min(2 ** 31 - 1, Math.round(value)));
}

/**
 * HQ's hints: one dedicated connection LISTENs on the change log's channel (a change: `changes`) and
 * on the sync tokens' (a store's token replaced: `tokenReplaced`); it reconnects with backoff when it
 * drops, and calls `reconnected` once it listens again.
 */
async function listenForHints(
  orm: MikroORM,
  logger: Logger,
  on: { changes(): void; tokenReplaced(storeId: string): void; reconnected(): void },
): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let listener: pg.Client | undefined;
  let listenRetry: NodeJS.Timeout | undefined;
  let listenFailures = 0;
  const listen = async (): Promise<void> => {
    if (closed) return;
    const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
    const retry = (err: unknown) => {
      if (listener === client) listener = undefined;
      void dropClient(client);
      if (closed) return;
      listenFailures += 1;
      const delay = Math.min(LISTEN_RETRY_MAX_MS, LISTEN_RETRY_FIRST_MS * 2 ** (listenFailures - 1));
      // Warned when the retry comes, not now: a connection PostgreSQL ends because it is shutting down
      // with the server (Ctrl+C reaches both) is no news once the server has closed meanwhile.
      listenRetry = setTimeout(() => {
        logger.warn(
          { err: err instanceof Error ? err.message : err, retriedAfterMs: delay },
          'sync hints: LISTEN lost, listening again',
        );
        void listen();
      }, delay).unref();
    };
    client.on('error', retry);
    client.on('end', () => retry(new Error('connection ended')));
    client.on('notification', (n) => {
      if (n.channel === SYNC_TOKEN_CHANNEL) on.tokenReplaced(n.payload ?? '');
      else on.changes();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      await client.query(`LISTEN ${SYNC_TOKEN_CHANNEL}`);
    } catch (err) {
      retry(err);
      return;
    }
    if (closed) {
      await dropClient(client);
      return;
    }
    listener = client;
    if (listenFailures > 0) on.reconnected();
    listenFailures = 0;
  };
  await listen();
  return {
    async close() {
      closed = true;
      clearTimeout(listenRetry);
      const l = listener;
      listener = undefined;
      if (l) await dropClient(l);
    },
  };
}

/** Ends a listening connection, its events no longer heard (an error while it ends is ignored). */
async function dropClient(client: pg.Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => {});
  await client.end().catch(() => {});
}

/** A store's status message, its figures bounded for their int columns; anything else is ignored. */
function readStatus(raw: RawData): { pending: number | null; skew: number | null } | undefined {
  let message: Partial<StoreMessage>;
  try {
    message = JSON.parse(String(raw)) as Partial<StoreMessage>;
  } catch {
    return undefined; // not ours to understand: ignored
  }
  if (message.type !== 'status') return undefined;
  const pending = Number.isSafeInteger(message.pendingEvents) ? Math.max(0, message.pendingEvents!) : null;
  const clock = typeof message.clock === 'string' ? Date.parse(message.clock) : NaN;
  const skew = Number.isFinite(clock) ? clock - Date.now() : null;
  return {
    pending: pending === null ? null : Math.min(pending, 2 ** 31 - 1),
    skew: skew === null ? null : clampInt(skew),
  };
}

/** What a store's socket shares with the server that keeps it. */
interface Hub {
  sockets: Set<StoreSocket>;
  closed(): boolean;
  db(sql: string, params?: unknown[]): Promise<unknown>;
  changed(storeId: string): void;
  record(what: string, work: () => Promise<unknown>): void;
  checkToken(s: StoreSocket): Promise<boolean>;
  send(ws: WebSocket, message: HqMessage): void;
  logger: Logger;
  now(): Date;
}

/**
 * A store's socket, from the upgrade on: welcome, connected and last seen, its status messages
 * (the latest written at most every STATUS_WRITE_MS), disconnected when its last socket closes.
 */
function keepStoreSocket(s: StoreSocket, hub: Hub): void {
  const { sockets, db, changed, record, checkToken, send } = hub;
  sockets.add(s);
  const { storeId } = s.client;
  send(s.ws, { type: 'welcome', storeId, serverTime: hub.now().toISOString() });
  record('connect', async () => {
    await db('update store_sync set connected = true, last_seen_at = now() where store_id = ?', [storeId]);
    changed(storeId);
  });
  s.ws.on('pong', () => {
    record('pong', async () => {
      if (await checkToken(s)) {
        await db('update store_sync set last_seen_at = now() where store_id = ?', [storeId]);
      }
    });
  });
  // The latest status waits for its turn: at most one write per STATUS_WRITE_MS and socket.
  let latest: { pending: number | null; skew: number | null } | undefined;
  let statusTimer: NodeJS.Timeout | undefined;
  let lastWrite = 0;
  const writeStatus = () => {
    statusTimer = undefined;
    const status = latest;
    latest = undefined;
    if (!status || s.ws.readyState !== WebSocket.OPEN) return;
    lastWrite = Date.now();
    record('status', async () => {
      await db(
        `update store_sync set pending_events = ?, clock_skew_ms = ?, last_seen_at = now() where store_id = ?`,
        [status.pending, status.skew, storeId],
      );
      changed(storeId);
    });
  };
  s.ws.on('message', (raw) => {
    const status = readStatus(raw);
    if (!status) return;
    latest = status;
    statusTimer ??= setTimeout(writeStatus, Math.max(0, lastWrite + STATUS_WRITE_MS - Date.now()));
  });
  s.ws.on('close', () => {
    clearTimeout(statusTimer);
    sockets.delete(s);
    if (hub.closed()) return; // close() records it for every store at once
    // Another socket of the same store (a reconnect that overtook the close) keeps it connected.
    if ([...sockets].some((other) => other.client.storeId === storeId)) return;
    record('disconnect', async () => {
      await db('update store_sync set connected = false where store_id = ?', [storeId]);
      changed(storeId);
    });
  });
  s.ws.on('error', (err) => hub.logger.warn({ err: err.message, storeId }, 'sync socket error'));
}

/** The sync token an upgrade request carries as its bearer (empty when none). */
function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
}

/** The store a sync token identifies; undefined when none (a failed check is logged, not thrown). */
async function callerOf(orm: MikroORM, logger: Logger, token: string): Promise<SyncCaller | undefined> {
  try {
    return await syncClientForToken(orm.em.fork(), token);
  } catch (err) {
    logger.error({ err }, 'sync socket: token check failed');
    return undefined;
  }
}

/**
 * At start no store is connected, whatever an earlier process (stopped, or killed before it could say
 * so) left recorded: a store's socket lives only as long as the HQ process holding it.
 */
async function forgetConnections(db: (sql: string) => Promise<unknown>): Promise<void> {
  await db('update store_sync set connected = false where connected');
}

/** At close: every socket terminated, and each store they served recorded as disconnected at once. */
async function disconnectAll(hub: Hub): Promise<void> {
  const { sockets, db, changed, logger } = hub;
  const storeIds = [...new Set([...sockets].map((s) => s.client.storeId))];
  for (const s of sockets) s.ws.terminate();
  sockets.clear();
  if (storeIds.length) {
    await db(`update store_sync set connected = false where store_id = any(cast(? as uuid[]))`, [
      `{${storeIds.join(',')}}`,
    ]).catch((err: unknown) => logger.error({ err }, 'sync socket: disconnect failed'));
    for (const storeId of storeIds) changed(storeId);
  }
}

/** Sends a message on an open socket (a closing one is skipped). */
function sendTo(ws: WebSocket, message: HqMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

/** Closes a store's socket whose token no longer identifies it (a new one was issued); true if still valid. */
async function closeIfReplaced(orm: MikroORM, s: StoreSocket): Promise<boolean> {
  const still = await syncClientForToken(orm.em.fork(), s.token);
  if (still && still.storeId === s.client.storeId) return true;
  s.ws.close(TOKEN_REPLACED_CLOSE_CODE, 'sync token replaced');
  return false;
}
