import { GraphQLSafeInt, GraphQLUUID } from 'graphql-scalars';

/** Identifiers: UUIDs, so a malformed id is a 400 before any query runs. */
export const UUID = GraphQLUUID;
/** Money (cents) and quantities (thousandths): 53-bit integers, never 32-bit `Int`. */
export const SafeInt = GraphQLSafeInt;
