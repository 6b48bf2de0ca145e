import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { logRequest } from '../../src/server/request-log';

/** The request lines a logger wrote, parsed. */
function capture() {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

let server: Server;
afterEach(() => new Promise((resolve) => server.close(resolve)));

it('logs a request to an Express mount (as /graphql is) with its real path, without the query string', async () => {
  const { logger, lines } = capture();
  const app = express();
  app.use((req, res, next) => {
    logRequest(logger, req, res);
    next();
  });
  // A mount strips its own path from req.url before the handler runs: GraphQL requests were logged as `/`.
  app.use('/graphql', (_req, res) => void res.status(200).json({ data: null }));
  server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/graphql?query=%7B__typename%7D`, { method: 'POST' });
  expect(res.status).toBe(200);
  for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(lines).toEqual([
    expect.objectContaining({
      msg: 'request completed',
      req: { method: 'POST', url: '/graphql' },
      res: { statusCode: 200 },
    }),
  ]);
});
