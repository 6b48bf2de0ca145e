import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Runtime } from '../services/context.js';

export interface SyncSocketServer {
  /** Takes an HTTP upgrade on /api/v1/sync/ws: authenticates the sync token, then keeps the socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** HQ: the sync WebSocket and the LISTEN on master-data changes that feeds its hints. (Being written.) */
export async function createSyncSocketServer(_orm: MikroORM, _runtime: Runtime): Promise<SyncSocketServer> {
  return {
    handleUpgrade(_req, socket) {
      socket.destroy();
    },
    async close() {},
  };
}
