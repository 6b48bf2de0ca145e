import {
  ConnectionException,
  DriverException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { AppError } from './errors.js';

/**
 * The input field behind each unique constraint, for the message of a conflict that only the database
 * caught (two requests racing past the service's own check). Add new unique constraints here.
 */
const UNIQUE_FIELDS: Record<string, string> = {
  product_sku_unique: 'sku',
  product_barcode_unique: 'barcode',
  department_code_unique: 'code',
  role_name_unique: 'name',
  app_user_username_unique: 'username',
  app_user_pin_digest_unique: 'pin',
  user_role_unique: 'roles',
  store_code_unique: 'code',
  tender_code_unique: 'code',
  product_supplier_unique: 'supplierId',
  product_supplier_preferred_unique: 'isPreferred',
  sales_rep_code_unique: 'code',
  tax_rate_name_unique: 'name',
  tax_group_name_unique: 'name',
  // Unreachable through setStorePrice (an upsert), kept for any other writer.
  store_price_unique: 'productId',
  // Unreachable through moveStock (an upsert), kept for any other writer.
  inventory_level_unique: 'productId',
  // A concurrent open of the same terminal loses here (openRegister's check saw no open session yet).
  register_session_open_unique: 'terminalId',
  // Unreachable: Z numbers are given under the open session's row lock, one open session per register.
  register_session_z_unique: 'zNumber',
};

/** Turns database constraint failures that slipped past the service checks into expected errors. */
export function mapDatabaseError(err: unknown): unknown {
  if (err instanceof UniqueConstraintViolationException) {
    const field = UNIQUE_FIELDS[(err as { constraint?: string }).constraint ?? ''];
    return field
      ? new AppError('CONFLICT', { field, reason: 'value is already in use' })
      : new AppError('CONFLICT', 'Duplicate value');
  }
  if (err instanceof NotNullConstraintViolationException) {
    const column = (err as { column?: string }).column ?? 'value';
    const field = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return new AppError('VALIDATION', { field, reason: 'must not be null' });
  }
  if (err instanceof ForeignKeyConstraintViolationException) {
    return new AppError('CONFLICT', 'The record is referenced by other records');
  }
  if (err instanceof DriverException && err.code === '22003') {
    // numeric_value_out_of_range: arithmetic on a figure stored before the bounds of services/core/bounds.ts
    // (every input is bounded, so nothing the API accepts reaches the bigint range).
    return new AppError('UNPROCESSABLE', 'A figure is beyond the range the database holds');
  }
  if (err instanceof OptimisticLockError) {
    return new AppError('CONFLICT', 'The record was changed by someone else; reload and retry');
  }
  return err;
}

/**
 * The error and what it wraps (GraphQL's originalError, an Error's cause, and the value graphql-js keeps
 * of a thrown non-Error, which is what an Error of another realm looks like to it), outermost first.
 */
function* wrapped(err: unknown): Generator<Record<string, unknown>> {
  let current = err;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
    const e = current as Record<string, unknown>;
    yield e;
    current = e.originalError ?? e.cause ?? e.thrownValue;
  }
}

/** Seconds a client is told to wait (`Retry-After`) while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket errors of a database that is down or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
/**
 * SQLSTATEs of a server that is going away or takes no more sessions: class 08 (connection exception),
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovering),
 * 53300 too many connections.
 */
const UNAVAILABLE_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** node-postgres and the pool say these without a code. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|is not queryable|Timeout acquiring a connection|Unable to acquire a connection|timeout expired/;

/**
 * Whether an error says the database cannot be reached now (down, restarting, refusing sessions, the
 * pool timing out), as opposed to a failing statement: the request may succeed when retried.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of wrapped(err)) {
    if (e instanceof ConnectionException || e.name === 'KnexTimeoutError') return true;
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
    // A statement the server judged (a SQLSTATE) is not a connection failure, whatever its text says.
    if (
      !code?.match(/^[0-9A-Z]{5}$/) &&
      typeof e.message === 'string' &&
      UNAVAILABLE_MESSAGES.test(e.message)
    )
      return true;
  }
  return false;
}

/** The answer while the database cannot be reached: 503 with `Retry-After`. */
export function databaseUnavailable(): AppError {
  return new AppError('UNAVAILABLE', 'The database is unavailable: retry shortly', {
    retryAfter: DATABASE_RETRY_AFTER_SECONDS,
  });
}

/** Fields of a PostgreSQL error that name things, never values (`detail`, `where`, `hint` may hold values). */
const NAMING_FIELDS = [
  'code',
  'sqlState',
  'severity',
  'schema',
  'table',
  'column',
  'constraint',
  'dataType',
  'routine',
] as const;

/** A PostgreSQL error: MikroORM's DriverException, or node-postgres's own (`severity`, `routine`). */
function isDatabaseError(e: Record<string, unknown>): boolean {
  return e instanceof DriverException || (typeof e.severity === 'string' && typeof e.routine === 'string');
}

/** A statement with its literals (strings, E-strings, numbers) as `?`. */
function withoutLiterals(sql: string): string {
  return (
    sql
      .replace(/E'(?:[^'\\]|''|\\.)*'|'(?:[^']|'')*'/g, '?')
      .replace(/(?<![\w"$.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?')
      // A literal cut short (an odd quote left): nothing after it is kept.
      .replace(/'.*$/s, "'?")
  );
}

/**
 * PostgreSQL's message with quoted values as `"?"` (`invalid input syntax for type uuid: "x"`, `value
 * "9" is out of range`); quoted names (`constraint "product_sku_unique"`, `relation "sale"`) stay.
 */
function withoutQuotedValues(message: string): string {
  return message.replace(
    /(\b(?:constraint|relation|column|table|type|index|function|schema|database|role|sequence|trigger|view|operator|extension|encoding|domain|savepoint|cursor|parameter)\s+)?"(?:[^"]|"")*"/gi,
    (quoted, name: string | undefined) => (name ? quoted : '"?"'),
  );
}

/**
 * A database error as it may be logged. The message knex and MikroORM give it is the statement with its
 * parameters written in (`insert ... values ('Jane', '4111...')`), then PostgreSQL's message and its
 * detail (`Key (sku)=(X) already exists`): the statement keeps its shape with `?` for every value,
 * PostgreSQL's message loses its quoted values, the detail goes. Other errors are returned as they are.
 */
export function withoutBoundValues(err: unknown): unknown {
  const chain = [...wrapped(err)];
  const found = chain.find(isDatabaseError);
  if (!found) return err;
  const text = String(found.message ?? '').split(/\n - (?:detail|hint): /)[0];
  // knex: `${statement} - ${PostgreSQL's message}` (a connection error has no statement).
  const at = text.lastIndexOf(' - ');
  const message =
    at < 0
      ? withoutQuotedValues(text)
      : `${withoutLiterals(text.slice(0, at))} - ${withoutQuotedValues(text.slice(at + 3))}`;
  const name = typeof found.name === 'string' ? found.name : 'DatabaseError';
  const frames = String(found.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
  // Of the same class (loggers name the type after the constructor), with nothing of the original.
  const safe = Object.create(Object.getPrototypeOf(found) as object) as Error & Record<string, unknown>;
  Object.defineProperties(safe, {
    message: { value: message, writable: true, configurable: true },
    stack: { value: [`${name}: ${message}`, ...frames].join('\n'), writable: true, configurable: true },
  });
  for (const field of NAMING_FIELDS) if (found[field] !== undefined) safe[field] = found[field];
  // The GraphQL field it failed in, when a GraphQL error carried it.
  if (Array.isArray(chain[0].path) && chain[0] !== found) safe.path = chain[0].path;
  return safe;
}
