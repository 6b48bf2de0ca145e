import type { Logger } from 'pino';
import type { HqClient } from './hq-client.js';
import type { StoreMessage } from './protocol.js';

export interface HintConnection {
  /** Sends the store's status now (after a push, for instance). */
  sendStatus(): void;
  close(): void;
}

/** Store: keeps a WebSocket to HQ's sync hints, reconnecting with backoff. (Being written.) */
export function connectHints(
  _hq: HqClient,
  _handlers: {
    logger: Logger;
    onHint(): void;
    onOpen(): void;
    status(): Promise<StoreMessage>;
  },
): HintConnection {
  return { sendStatus() {}, close() {} };
}
