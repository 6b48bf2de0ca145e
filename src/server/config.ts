import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';

export type ServerMode = 'hq' | 'store';

/** What one client may hold of the HTTP server (see README, "HTTP limits and restarts"). */
export interface HttpLimits {
  /** A request's headers must have arrived by then (slow-header clients are cut off: 408). */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived by then. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Open connections (WebSockets included) one remote address may hold; 0: no cap. */
  maxConnectionsPerAddress: number;
}

/** Everything a server reads from its environment, resolved once at start. */
export interface Config {
  mode: ServerMode;
  port: number;
  /** The setting `port` came from, for messages (`PORT`; the demo's store server: `STORE_PORT`). */
  portSetting: string;
  host: string;
  /** `undefined` means: run an embedded PostgreSQL under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  jwtSecret: string;
  /** Key of the HMAC digest that lets a PIN-only login find its user without scanning hashes. */
  pinKey: string;
  /** PIN of the `admin` user created on an empty database. */
  adminPin: string;
  /** True when the admin PIN was generated and must be printed once. */
  adminPinGenerated: boolean;
  production: boolean;
  /**
   * GraphQL introspection, and the "Did you mean" hints that spell out the schema in error messages.
   * `GRAPHQL_INTROSPECTION`; on by default, off by default in production.
   */
  graphqlIntrospection: boolean;
  /** Store this server serves (store mode: learned from HQ through the sync token). */
  storeId?: string;
  /** Store mode: HQ's base URL (`http://hq.example:3000`). */
  hqUrl?: string;
  /** Store mode: the token HQ issued for this store (`POST /api/v1/stores/:id/sync-token`). */
  syncToken?: string;
  /** Store mode: pull and push at least this often (ms), besides HQ's hints and local sales. */
  syncIntervalMs: number;
  /** Store mode: most events per push request. */
  syncPushBatch: number;
  /**
   * Web origins (`https://backoffice.example`) whose pages may call /graphql and /api/v1 from a browser
   * (CORS). `CORS_ORIGINS`, comma-separated; none by default.
   */
  corsOrigins: string[];
  /** When set, events cross server instances through Redis. */
  redisUrl?: string;
  /** Quiet logs (tests). */
  logLevel: 'info' | 'silent';
  http: HttpLimits;
}

type Env = Record<string, string | undefined>;

/** Reads a secret from the environment, else from `dataDir/<file>`, else creates and keeps one there. */
function persistentSecret(envValue: string | undefined, dataDir: string, file: string): string {
  if (envValue) return envValue;
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return secret;
}

/** `CORS_ORIGINS`: exact origins only (scheme, host, port), never a wildcard. */
function parseOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin)
      throw new Error(`CORS_ORIGINS takes origins such as https://backoffice.example:8443, got "${origin}"`);
  }
  return origins;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0..65535, got "${value}"`);
  return port;
}

/** Builds the configuration from environment variables (see README, "Configuration"). */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const mode = (env.MODE ?? 'hq').toLowerCase();
  if (mode !== 'hq' && mode !== 'store') throw new Error(`MODE must be "hq" or "store", got "${env.MODE}"`);
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  let adminPin = env.ADMIN_PIN;
  let adminPinGenerated = false;
  if (!adminPin) {
    if (production) {
      adminPin = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0');
      adminPinGenerated = true;
    } else {
      adminPin = '1234';
    }
  }
  if (!/^\d{4,8}$/.test(adminPin)) throw new Error('ADMIN_PIN must be 4 to 8 digits');
  for (const name of ['JWT_SECRET', 'PIN_KEY'] as const) {
    if (env[name] !== undefined && env[name]!.length < 32 && production) {
      throw new Error(`${name} must be at least 32 characters in production`);
    }
  }
  // (A store server given its storeId directly stands alone, without sync: only tests do that.)
  if (mode === 'store' && (!env.HQ_URL || !env.SYNC_TOKEN) && !overrides.storeId) {
    throw new Error(
      'MODE=store needs HQ_URL and SYNC_TOKEN (issue one at HQ: POST /api/v1/stores/:id/sync-token)',
    );
  }
  const syncIntervalMs = Number(env.SYNC_INTERVAL_MS ?? 30_000);
  if (!Number.isInteger(syncIntervalMs) || syncIntervalMs < 100)
    throw new Error(`SYNC_INTERVAL_MS must be an integer of at least 100, got "${env.SYNC_INTERVAL_MS}"`);
  const syncPushBatch = Number(env.SYNC_PUSH_BATCH ?? 500);
  if (!Number.isInteger(syncPushBatch) || syncPushBatch < 1 || syncPushBatch > 1000)
    throw new Error(`SYNC_PUSH_BATCH must be an integer from 1 to 1000, got "${env.SYNC_PUSH_BATCH}"`);
  const introspection = env.GRAPHQL_INTROSPECTION?.toLowerCase();
  if (introspection !== undefined && introspection !== 'true' && introspection !== 'false')
    throw new Error(`GRAPHQL_INTROSPECTION must be "true" or "false", got "${env.GRAPHQL_INTROSPECTION}"`);
  const maxConnectionsPerAddress = Number(env.MAX_CONNECTIONS_PER_ADDRESS ?? 256);
  if (!Number.isInteger(maxConnectionsPerAddress) || maxConnectionsPerAddress < 0)
    throw new Error(
      `MAX_CONNECTIONS_PER_ADDRESS must be a whole number (0: no cap), got "${env.MAX_CONNECTIONS_PER_ADDRESS}"`,
    );
  const needsLocalSecrets = !env.JWT_SECRET || !env.PIN_KEY;
  return {
    mode,
    port: parsePort(env.PORT, 3000),
    portSetting: 'PORT',
    // Only this machine by default: a shop's LAN (or the internet) reaches the server when HOST says so.
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    jwtSecret: needsLocalSecrets ? persistentSecret(env.JWT_SECRET, dataDir, 'jwt-secret') : env.JWT_SECRET!,
    pinKey: needsLocalSecrets ? persistentSecret(env.PIN_KEY, dataDir, 'pin-key') : env.PIN_KEY!,
    adminPin,
    adminPinGenerated,
    production,
    graphqlIntrospection: introspection === undefined ? !production : introspection === 'true',
    storeId: undefined,
    hqUrl: env.HQ_URL?.replace(/\/+$/, '') || undefined,
    syncToken: env.SYNC_TOKEN || undefined,
    syncIntervalMs,
    syncPushBatch,
    corsOrigins: parseOrigins(env.CORS_ORIGINS),
    redisUrl: env.REDIS_URL || undefined,
    logLevel: env.LOG_LEVEL === 'silent' ? 'silent' : 'info',
    // A till sends its headers at once and a sync push (at most 1 MB) in well under a minute even on a
    // slow shop line; Node's own defaults (60 s, 5 min) let a slow client hold a socket far longer.
    http: {
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress,
    },
    ...overrides,
  };
}
