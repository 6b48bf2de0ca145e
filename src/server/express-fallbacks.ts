import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../services/core/index.js';
import { fail, failure, internalError, type Reply } from '../rest/envelope.js';
import type { Logger } from './logger.js';

/**
 * What Express answers when nothing else did, in the REST envelope: a path no route serves (404), a
 * body Express could not parse (400 for bad JSON, the parser's own 4xx otherwise), and anything else
 * (a generic 500, logged).
 */

function reply(res: Response, { status, headers, body }: Reply): void {
  res.status(status).set(headers).json(body);
}

/** 404 for any path nothing served. */
export function notFoundFallback(req: Request, res: Response): void {
  reply(res, fail(new AppError('NOT_FOUND', `No route ${req.method} ${req.path}`)));
}

/** Errors Express's handlers passed on (the JSON body parser's, mostly). */
export function errorFallback(logger: Logger) {
  return (
    err: Error & { status?: number; type?: string },
    _req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    if (err.type === 'entity.parse.failed') {
      return reply(res, fail(new AppError('VALIDATION', 'Request body is not valid JSON')));
    }
    if (err.status && err.status >= 400 && err.status < 500) {
      return reply(
        res,
        failure(err.status, err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION', err.message),
      );
    }
    logger.error({ err }, 'request failed');
    reply(res, internalError());
  };
}
