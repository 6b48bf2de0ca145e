import type { GraphQLError } from 'graphql';
import {
  databaseUnavailable,
  isDatabaseUnavailable,
  AppError,
  statusForCode,
} from '../services/core/index.js';

/** The REST envelope of a failure. */
export interface ErrorEnvelope {
  status: number;
  body: { success: false; error: string; code: string; field?: string; expectedSeq?: number };
  headers: Record<string, string>;
}

const INTERNAL = 'Internal server error';

/** The useful part of a GraphQL input coercion message (drops the "Expected value of type ..." preamble). */
export function coercionReason(message: string): string {
  return message.replace(/^Expected value of type "[^"]+", found [^;]+; /, '');
}

/** `Variable "$id" got invalid value "x"; Value is not a valid UUID: x` -> field `id` and the reason. */
function coercionError(message: string): { field: string; message: string } | undefined {
  const missing = message.match(/^Variable "\$(\w+)" of required type "[^"]+" was not provided\.$/);
  if (missing) return { field: missing[1], message: `${missing[1]}: is required` };
  const invalid = message.match(/^Variable "\$(\w+)" got invalid value .*?; (.*)$/s);
  if (!invalid) return undefined;
  const reason = coercionReason(invalid[2]);
  return { field: invalid[1], message: `${invalid[1]}: ${reason}` };
}

/**
 * Maps a GraphQL error to status + envelope. Known codes keep their message; coercion errors are 400
 * naming the argument; a database that cannot be reached is a 503 with `Retry-After` (the request may
 * succeed later: not the client's fault, nor a bug); anything else is a 500 with a generic message (the
 * caller logs the original).
 */
export function errorEnvelope(error: GraphQLError | Error): ErrorEnvelope & { unexpected: boolean } {
  if (isDatabaseUnavailable(error)) return { ...appErrorEnvelope(databaseUnavailable()), unexpected: false };
  const gqlError = error as GraphQLError;
  const code = gqlError.extensions?.code;
  const headers: Record<string, string> = {};
  if (typeof code === 'string' && statusForCode(code) !== 500) {
    const field = gqlError.extensions?.field;
    const retryAfter = gqlError.extensions?.retryAfter;
    if (typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
    // A sync push with a gap says where the store must resume.
    const expectedSeq = gqlError.extensions?.expectedSeq;
    return {
      status: statusForCode(code),
      body: {
        success: false,
        error: error.message,
        code,
        ...(typeof field === 'string' ? { field } : {}),
        ...(typeof expectedSeq === 'number' ? { expectedSeq } : {}),
      },
      headers,
      unexpected: false,
    };
  }
  const coercion = coercionError(error.message);
  const sofaStatus = (gqlError.extensions?.http as { status?: number } | undefined)?.status;
  if (coercion || sofaStatus === 400) {
    const message = coercion?.message ?? error.message;
    return {
      status: 400,
      body: {
        success: false,
        error: message,
        code: 'VALIDATION',
        ...(coercion ? { field: coercion.field } : {}),
      },
      headers,
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: { success: false, error: INTERNAL, code: 'INTERNAL' },
    headers,
    unexpected: true,
  };
}

/** Envelope of an AppError raised by the REST layer itself (before GraphQL runs). */
export function appErrorEnvelope(error: AppError): ErrorEnvelope {
  const { unexpected: _unexpected, ...envelope } = errorEnvelope(error);
  return envelope;
}
