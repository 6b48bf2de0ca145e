import 'reflect-metadata';
import { randomBytes, randomInt } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { v7 as uuidv7 } from 'uuid';
import { startServer, type RunningServer } from '../../src/server/app';
import { loadConfig, type ServerMode } from '../../src/server/config';
import { Store } from '../../src/entities/store.entity';
import type { Permission } from '../../src/services/auth/permissions';
import { ContractChecker } from './contract';
import { createTestDatabase } from './database';

/** A REST answer: status, parsed envelope, headers. */
export interface RestResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface GqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** A signed-in test user. */
export interface TestUser {
  id: string;
  username: string;
  pin: string;
  token: string;
}

/** A real server on its own database, and helpers to call it the way clients do. */
export class TestServer {
  adminToken = '';
  /**
   * A store-mode test server's HQ on the same database: master data is written there (a store server
   * refuses it), standing in for what sync would bring.
   */
  hq?: TestServer;

  constructor(
    readonly server: RunningServer,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  get url(): string {
    return this.server.url;
  }

  private contract?: Promise<ContractChecker>;

  /** The served OpenAPI document, read once, that every REST answer of the tests is checked against. */
  contractChecker(): Promise<ContractChecker> {
    this.contract ??= fetch(`${this.url}/api/v1/openapi.json`)
      .then((res) => res.json())
      .then((doc) => new ContractChecker(doc as Record<string, unknown>));
    return this.contract;
  }

  /**
   * Calls the REST API: `rest('POST', '/products', { token, body })`; `raw` sends a body verbatim. Every
   * answer is checked against the served OpenAPI document (its status documented, its body the schema).
   */
  async rest<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string } = {},
  ): Promise<RestResponse<T>> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}/api/v1${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    (await this.contractChecker()).check(method, `/api/v1${path.split('?')[0]}`, res.status, parsed);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Runs a typed GraphQL document over HTTP. */
  async gql<TData, TVars>(
    doc: TypedDocumentNode<TData, TVars>,
    variables?: TVars,
    token?: string,
  ): Promise<GqlResponse<TData>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    return (await res.json()) as GqlResponse<TData>;
  }

  /** Logs in over REST (for a store, when given) and returns the access token. */
  async login(username: string, pin: string, storeId?: string): Promise<string> {
    const res = await this.rest('POST', '/auth/login', {
      body: { username, pin, ...(storeId ? { storeId } : {}) },
    });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
    return res.body.data.accessToken;
  }

  /** Creates (through the API) a role with exactly these permissions and a user holding it (at the store,
   * when given); signs in (for that store). */
  async userWith(permissions: Permission[], opts: { storeId?: string } = {}): Promise<TestUser> {
    if (this.hq) {
      const user = await this.hq.userWith(permissions, opts);
      return { ...user, token: await this.login(user.username, user.pin, opts.storeId) };
    }
    const suffix = randomBytes(4).toString('hex');
    const role = await this.rest('POST', '/roles', {
      token: this.adminToken,
      body: { name: `role-${suffix}`, permissions },
    });
    if (role.status !== 201) throw new Error(`role: ${JSON.stringify(role.body)}`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const pin = String(randomInt(10_000_000, 99_999_999));
      const username = `user-${suffix}-${attempt}`;
      const user = await this.rest('POST', '/users', {
        token: this.adminToken,
        body: {
          username,
          displayName: `User ${suffix}`,
          pin,
          roles: [{ roleId: role.body.data.id, storeId: opts.storeId }],
        },
      });
      if (user.status === 409) continue;
      if (user.status !== 201) throw new Error(`user: ${JSON.stringify(user.body)}`);
      return { id: user.body.data.id, username, pin, token: await this.login(username, pin, opts.storeId) };
    }
    throw new Error('could not create a user with a unique PIN');
  }

  /** The store a store-mode server serves. */
  get storeId(): string | undefined {
    return this.server.runtime.storeId;
  }

  /**
   * Creates a store through the API as the admin. With an `id` (a store server's own store, which sync
   * would bring from HQ) the row is written directly: the API makes its own ids, and no one is signed in yet.
   */
  async createStore(
    code = `S${randomBytes(3).toString('hex').toUpperCase()}`,
    id?: string,
  ): Promise<Pick<Store, 'id' | 'code' | 'name' | 'timezone' | 'isActive'>> {
    if (id) {
      const em = this.server.orm.em.fork();
      const store = em.create(Store, { id, code, name: `Store ${code}`, timezone: 'Europe/London' });
      await em.flush();
      return store;
    }
    if (this.hq) return this.hq.createStore(code);
    const res = await this.rest('POST', '/stores', {
      token: this.adminToken,
      body: { code, name: `Store ${code}`, timezone: 'Europe/London' },
    });
    if (res.status !== 201) throw new Error(`store ${code}: ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  /** Runs SQL on the server's database (to check what did or did not change). */
  async sql<T = any>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.server.orm.em.getConnection().execute(query, params);
  }

  /** Row count of a table. */
  async count(table: string): Promise<number> {
    const [row] = await this.sql<{ n: string }>(`select count(*) as n from "${table}"`);
    return Number(row.n);
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.hq?.server.close();
    await this.dropDatabase();
  }
}

/**
 * The environment of a test HQ server: secrets of its own, the admin's PIN 1234, logs only with TEST_LOG;
 * `extra` adds to it or overrides it (`MODE`, `MAX_CONNECTIONS_PER_ADDRESS`, ...).
 */
export function testServerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    MODE: 'hq',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PIN_KEY: randomBytes(32).toString('hex'),
    ADMIN_PIN: '1234',
    LOG_LEVEL: process.env.TEST_LOG ? 'info' : 'silent',
    ...extra,
  };
}

/**
 * Starts a server of the given mode on a fresh database, with the admin signed in. A store-mode server
 * stands alone (no HQ_URL, so no sync): an HQ server on the same database (`hq`) creates the admin and
 * takes the master-data writes that sync would otherwise bring. `env` adds to the environment
 * (`NODE_ENV: 'production'`).
 */
export async function startTestServer(
  opts: { mode?: ServerMode; storeId?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const db = await createTestDatabase();
  const env = testServerEnv(opts.env);
  const listen = { port: 0, host: '127.0.0.1' };
  const mode = opts.mode ?? 'hq';
  const hq =
    mode === 'store'
      ? new TestServer(await startServer(loadConfig({ ...env, MODE: 'hq' }, listen), db.url), async () => {})
      : undefined;
  const config = loadConfig(
    { ...env, MODE: mode },
    { ...listen, storeId: mode === 'store' ? (opts.storeId ?? uuidv7()) : undefined },
  );
  const server = await startServer(config, db.url);
  const test = new TestServer(server, db.drop);
  if (hq) {
    test.hq = hq;
    hq.adminToken = await hq.login('admin', '1234');
    // A store server serves one store: its row must exist (sync would bring it from HQ).
    await test.createStore('HOME', config.storeId);
  }
  test.adminToken = await test.login('admin', '1234');
  return test;
}
