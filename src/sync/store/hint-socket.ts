import type { Logger } from 'pino';
import { WebSocket, type RawData } from 'ws';
import type { HqClient } from './hq-client.js';
import type { HqMessage, StoreMessage } from '../shared/protocol.js';

export interface HintConnection {
  /** Sends the store's status now (after a push, for instance). */
  sendStatus(): void;
  /** Whether the socket to HQ is open now. */
  isOpen(): boolean;
  close(): void;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;

/**
 * Store: keeps a WebSocket to HQ's sync hints, reconnecting with backoff (0.5 s doubling to 5 s, back to
 * 0.5 s after a connection opened). Never throws: HQ being away is the normal offline case.
 */
export function connectHints(
  hq: HqClient,
  handlers: {
    logger: Logger;
    onHint(): void;
    onOpen(): void;
    status(): Promise<StoreMessage>;
  },
): HintConnection {
  const { logger } = handlers;
  let ws: WebSocket | undefined;
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const sendStatus = () => {
    const socket = ws;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    handlers
      .status()
      .then((message) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      })
      .catch((err: unknown) => logger.warn({ err }, 'sync hints: status not sent'));
  };

  const connect = () => {
    if (stopped) return;
    const socket = new WebSocket(hq.socketUrl, { headers: { authorization: hq.authorization } });
    ws = socket;
    let opened = false;
    socket.on('open', () => {
      opened = true;
      failures = 0;
      guarded(logger, 'onOpen', () => handlers.onOpen());
      sendStatus();
    });
    socket.on('message', (raw) => {
      if (isHint(raw)) guarded(logger, 'onHint', () => handlers.onHint());
    });
    // A refused upgrade (401: the token is unknown or was replaced) is retried with backoff like any
    // failure, and logged: pulls and pushes are refused too, which the operator sees.
    socket.on('unexpected-response', (_req, res) => {
      logger.warn({ status: res.statusCode }, 'sync hints: HQ refused the socket');
      socket.terminate();
    });
    socket.on('error', (err) => {
      if (!opened) logger.debug?.({ err: err.message }, 'sync hints: cannot connect');
    });
    socket.on('close', (code) => {
      if (ws === socket) ws = undefined;
      if (stopped) return;
      if (opened) logger.info({ code }, 'sync hints: connection closed');
      failures += 1;
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
      retryTimer = setTimeout(connect, opened ? RETRY_FIRST_MS : delay).unref();
    });
  };
  connect();

  return {
    sendStatus,
    isOpen: () => ws?.readyState === WebSocket.OPEN,
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      ws?.terminate();
      ws = undefined;
    },
  };
}

/** Whether HQ's message is a hint to pull (`changes`); anything else, or unreadable, is ignored. */
function isHint(raw: RawData): boolean {
  try {
    return (JSON.parse(String(raw)) as Partial<HqMessage>).type === 'changes';
  } catch {
    return false;
  }
}

/** Runs a handler, logging what it throws: a socket's events must never throw. */
function guarded(logger: Logger, name: string, handler: () => void): void {
  try {
    handler();
  } catch (err) {
    logger.error({ err }, `sync hints: ${name} failed`);
  }
}
