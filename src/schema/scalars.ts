import {
  GraphQLEmailAddress,
  GraphQLJSONObject,
  GraphQLLocalDate,
  GraphQLTimeZone,
  GraphQLUUID,
} from 'graphql-scalars';

/** Identifiers: UUIDs, so a malformed id is a 400 before any query runs. */
export const UUID = GraphQLUUID;
/**
 * Money (cents) and quantities (thousandths): 53-bit integers, never 32-bit `Int`. Defined beside the
 * entities (their fields use it); an output beyond 2^53 saturates instead of failing the answer.
 */
export { SafeInt } from '../entities/safe-int.js';
/** Calendar dates `YYYY-MM-DD` (no time, no zone): a store reads them in its own time zone. */
export const LocalDate = GraphQLLocalDate;
/** E-mail addresses, checked at the boundary. */
export const EmailAddress = GraphQLEmailAddress;
/** IANA time zone names (`Europe/London`), checked against the runtime's zone database. */
export const TimeZone = GraphQLTimeZone;
/** A JSON object: a synced row as its table holds it, or a sync event's payload. */
export const JSONObject = GraphQLJSONObject;
