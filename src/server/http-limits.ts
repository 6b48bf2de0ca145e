import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpLimits } from './config.js';

/**
 * Options of the HTTP server that enforce the deadlines of `limits`. Node checks them on a timer
 * (`connectionsCheckingInterval`, 30 s by default, which would let a slow client keep its socket for up
 * to 30 s past a deadline): every second here.
 */
export function httpServerOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: 1_000,
  };
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
function clientAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Caps the connections one remote address holds open (WebSockets included, as long as they last): one
 * client opening thousands of idle sockets would otherwise use up the server's file descriptors and
 * memory for every till. A connection beyond the cap is closed at once, before a byte is read.
 */
export function limitConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = clientAddress(socket);
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
