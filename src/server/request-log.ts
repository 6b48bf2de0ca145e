import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger.js';

/**
 * One line per request once it is answered: method, path, status, time (`request completed`, or
 * `request aborted` when the client went away first). Never headers (tokens), query strings or bodies
 * (credentials). Answers of 500 and more are logged as errors.
 *
 * Nothing is attached to the request when the logger is silent: the tills' hot path pays nothing for
 * logs nobody reads.
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  if (!logger.isLevelEnabled('error')) return;
  const start = performance.now();
  // Read now: by the time the answer is sent, an Express mount (`app.use('/graphql', ...)`) has cut
  // its own path off `req.url` (GraphQL requests were logged as `/`). `originalUrl` keeps it.
  const url = ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '').split(
    '?',
  )[0];
  const line = (msg: string) => {
    const level = res.statusCode >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      {
        req: { method: req.method, url },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - start),
      },
      msg,
    );
  };
  res.once('close', () => line(res.writableFinished ? 'request completed' : 'request aborted'));
}
