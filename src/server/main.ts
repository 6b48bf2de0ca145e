/**
 * `npm run serve`: one HQ or store server configured by the environment (see README, Configuration).
 */
import 'reflect-metadata';
import { startServer, type RunningServer } from './app.js';
import { loadConfig } from './config.js';
import { resolveDatabase } from '../db/database-url.js';
import type { EmbeddedDatabase } from '../db/embedded-postgres.js';

/** Stops servers, then the embedded PostgreSQL, on SIGTERM or SIGINT. */
export function stopOnSignals(servers: RunningServer[], embedded: EmbeddedDatabase | undefined): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    try {
      for (const server of servers) await server.close();
      await embedded?.stop();
      process.exit(0);
    } catch (err) {
      console.error('shutdown failed', err);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * Prints why a start failed and exits. The message is the cause (a FATAL line of PostgreSQL, a port in
 * use, a bad setting), never `undefined` or a bare stack.
 */
export function exitOnStartFailure(err: unknown): never {
  const message = err instanceof Error ? err.message : `unknown error (${String(err)})`;
  console.error(`Start failed: ${message}`);
  process.exit(1);
}

/** Starts one server as the environment configures it, until SIGTERM/SIGINT. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const db = await resolveDatabase(
    config.databaseUrl,
    config.dataDir,
    config.mode === 'hq' ? 'pos_hq' : 'pos_store',
  );
  let server: RunningServer;
  try {
    server = await startServer(config, db.url);
  } catch (err) {
    await db.embedded?.stop().catch(() => undefined);
    throw err;
  }
  stopOnSignals([server], db.embedded);
  console.log(
    `${config.mode.toUpperCase()} server on ${server.url}  (GraphQL ${server.url}/graphql, REST ${server.url}/api/v1)`,
  );
  if (server.adminCreated && config.adminPinGenerated) {
    console.log(
      `Created user "admin" with PIN ${config.adminPin}: change it now (POST /api/v1/auth/change-credential).`,
    );
  }
}

if (require.main === module) {
  serve().catch(exitOnStartFailure);
}
