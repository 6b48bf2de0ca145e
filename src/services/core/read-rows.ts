import type { RequestContext } from './context.js';

/** What a read may bind: plain values only (pg and MikroORM would format a Date differently). */
export type SqlValue = string | number | boolean | null;

interface PgConnection {
  query(config: { name: string; text: string; values: SqlValue[] }): Promise<{ rows: unknown[] }>;
}

interface ConnectionPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/** A statement prepared under its own name on each connection that runs it. */
interface Prepared {
  name: string;
  text: string;
}

const prepared = new Map<string, Prepared>();

/** The statement with `?` placeholders numbered for PostgreSQL (`$1`, `$2`, ...), named once per text. */
function prepare(sql: string): Prepared {
  let statement = prepared.get(sql);
  if (!statement) {
    let n = 0;
    statement = { name: `read_rows_${prepared.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    prepared.set(sql, statement);
  }
  return statement;
}

/**
 * The rows of a read-only statement, as `ctx.em.execute` returns them (same connections, same type
 * parsing: bigint and timestamps as strings). `?` placeholders as for `ctx.em.execute`; no `?` in literals.
 *
 * In a transaction it runs through `ctx.em.execute`, so that it joins the transaction. Outside one it
 * runs as a prepared statement on a connection of the same pool, without MikroORM's and knex's query
 * pipeline: on the hottest reads (a till's scan) that pipeline costs more CPU than the query itself,
 * and a prepared statement is parsed and planned once per connection instead of on every request.
 */
export async function readRows<T>(ctx: RequestContext, sql: string, params: SqlValue[]): Promise<T[]> {
  if (ctx.em.isInTransaction()) return ctx.em.execute<T[]>(sql, params);
  const statement = prepare(sql);
  const pool = ctx.em.getKnex().client as ConnectionPool;
  const connection = await pool.acquireConnection();
  try {
    const result = await connection.query({ name: statement.name, text: statement.text, values: params });
    return result.rows as T[];
  } finally {
    await pool.releaseConnection(connection);
  }
}
