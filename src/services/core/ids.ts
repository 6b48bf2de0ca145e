const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value is a UUID (the shape of every id here): what arrives outside GraphQL's `UUID` scalar
 * (token claims, sync cursors, pushed payloads) is checked with it before it can reach SQL.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
