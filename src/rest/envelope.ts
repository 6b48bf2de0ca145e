import type { GraphQLError } from 'graphql';
import {
  databaseUnavailable,
  isDatabaseUnavailable,
  AppError,
  statusForCode,
  type FieldProblem,
} from '../services/core/index.js';
import { variableProblem } from './graphql-messages.js';

/**
 * The only writer of the REST envelope: `{success: true, data}` (with `total, page, pageSize` for a
 * page) or `{success: false, error, code}` (with `field` when an input field is at fault). The REST
 * handler and the server's Express fallbacks both answer with these replies.
 */

/** The body of a failure. */
export interface FailureBody {
  success: false;
  error: string;
  code: string;
  field?: string;
  expectedSeq?: number;
}

/** The body of a success. */
export type SuccessBody =
  | { success: true; data: unknown }
  | { success: true; data: unknown[]; total: number; page: number; pageSize: number };

/** An answer: its status, its headers besides Content-Type, and the body to send as JSON. */
export interface Reply<Body = SuccessBody | FailureBody> {
  status: number;
  headers: Record<string, string>;
  body: Body;
}

/** The REST envelope of a failure. */
export type ErrorEnvelope = Reply<FailureBody>;

/** A page of results, as the schema's page types return it. */
export interface Page {
  items: unknown[];
  total: number;
  page: number;
  pageSize: number;
}

/** Names a schema field (`storeId`) the way the REST client spells it (`store_id`). */
export type PublicName = (field: string) => string;

const INTERNAL = 'Internal server error';

/** A result (`null` when there is none). */
export function ok(data: unknown, status = 200): Reply<SuccessBody> {
  return { status, headers: {}, body: { success: true, data: data === undefined ? null : data } };
}

/** A page of results: the items as `data`, with the page's figures beside them. */
export function page(result: Page, status = 200): Reply<SuccessBody> {
  const { items, total, page: number, pageSize } = result;
  return { status, headers: {}, body: { success: true, data: items, total, page: number, pageSize } };
}

/** A failure as it is written, for answers that are not an AppError (the Express fallbacks). */
export function failure(status: number, code: string, error: string): ErrorEnvelope {
  return { status, headers: {}, body: { success: false, error, code } };
}

/** The generic 500: nothing about what went wrong reaches the caller (the caller logs it). */
export function internalError(): ErrorEnvelope {
  return failure(500, 'INTERNAL', INTERNAL);
}

/** An expected failure (its code's status), naming its field as `publicName` spells it. */
export function fail(error: AppError, publicName?: PublicName): ErrorEnvelope {
  const { unexpected: _unexpected, ...envelope } = errorEnvelope(error, publicName);
  return envelope;
}

/**
 * Maps a GraphQL error to status + envelope. Known codes keep their message; coercion errors are 400
 * naming the argument; a database that cannot be reached is a 503 with `Retry-After` (the request may
 * succeed later: not the client's fault, nor a bug); anything else is a 500 with a generic message (the
 * caller logs the original).
 */
export function errorEnvelope(
  error: GraphQLError | Error,
  publicName: PublicName = (field) => field,
): ErrorEnvelope & { unexpected: boolean } {
  if (isDatabaseUnavailable(error)) return { ...fail(databaseUnavailable()), unexpected: false };
  const gqlError = error as GraphQLError;
  const code = gqlError.extensions?.code;
  if (typeof code === 'string' && statusForCode(code) !== 500) {
    return { ...expected(gqlError, code, publicName), unexpected: false };
  }
  const coercion = variableProblem(error.message);
  // An error marked as the client's (the GraphQL limits mark their refusals so).
  const httpStatus = (gqlError.extensions?.http as { status?: number } | undefined)?.status;
  if (coercion || httpStatus === 400) {
    return { ...invalidInput(coercion, error.message, publicName), unexpected: false };
  }
  return { ...internalError(), unexpected: true };
}

/**
 * An error with a known code: its message, its field, a sync push's `expectedSeq`, and its headers:
 * `Retry-After` (RATE_LIMITED, UNAVAILABLE), `Allow` (METHOD_NOT_ALLOWED).
 */
function expected(error: GraphQLError, code: string, publicName: PublicName): ErrorEnvelope {
  const { field, retryAfter, expectedSeq, allow } = error.extensions ?? {};
  const headers: Record<string, string> = {};
  if (typeof allow === 'string') headers.Allow = allow;
  if (typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
  const name = typeof field === 'string' ? publicName(field) : undefined;
  const appError = appErrorOf(error);
  const message =
    name !== undefined && name !== field && appError ? appError.messageNaming(name) : error.message;
  return {
    status: statusForCode(code),
    body: {
      success: false,
      error: message,
      code,
      ...(name !== undefined ? { field: name } : {}),
      // A sync push with a gap says where the store must resume.
      ...(typeof expectedSeq === 'number' ? { expectedSeq } : {}),
    },
    headers,
  };
}

/** A variable GraphQL could not coerce (400), naming it when the message does. */
function invalidInput(
  problem: FieldProblem | undefined,
  message: string,
  publicName: PublicName,
): ErrorEnvelope {
  const field = problem && publicName(problem.field);
  return {
    status: 400,
    body: {
      success: false,
      error: problem ? `${field}: ${problem.reason}` : message,
      code: 'VALIDATION',
      ...(problem ? { field } : {}),
    },
    headers: {},
  };
}

/** The AppError behind an execution error (graphql-jit wraps what a resolver throws). */
function appErrorOf(error: Error | undefined): AppError | undefined {
  for (let cause = error; cause; cause = (cause as GraphQLError).originalError) {
    if (cause instanceof AppError) return cause;
  }
  return undefined;
}
