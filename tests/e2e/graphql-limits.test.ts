import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { GRAPHQL_LIMITS } from '../../src/server/graphql-limits';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/**
 * What one GraphQL operation may cost HQ, over HTTP and WebSocket. Before these limits, one anonymous
 * POST of 16,000 aliased `__schema` fields ran for 58 s and ended HQ out of memory; 5,000 stalled every
 * client for 14 s.
 */
let t: TestServer;
let viewer: TestUser;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestServer();
  viewer = await t.userWith(['products.view']);
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await t.close();
});

interface GqlAnswer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(server: TestServer, query: string, opts: { token?: string; variables?: object } = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: JSON.stringify({ query, variables: opts.variables }),
  });
  return { status: res.status, body: await res.json() } as GqlAnswer;
}

const aliases = (n: number, selection: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

/** Fires the bomb and, while it is in flight, asks /health: both must answer, and soon. */
async function bombWithHealth(query: string, token?: string) {
  const started = Date.now();
  const bomb = post(t, query, { token }).then((answer) => ({ answer, ms: Date.now() - started }));
  const health = fetch(`${t.url}/health`).then(async (res) => ({
    status: res.status,
    ms: Date.now() - started,
  }));
  return { bomb: await bomb, health: await health };
}

describe('over HTTP', () => {
  it('refuses the anonymous 16,000-alias __schema bomb at parse time while /health keeps answering', async () => {
    const query = aliases(16_000, '__schema { types { name fields { name } } }');
    expect(Buffer.byteLength(JSON.stringify({ query }))).toBeLessThan(1024 * 1024);
    const { bomb, health } = await bombWithHealth(query);
    expect(bomb.answer).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
            locations: [expect.any(Object)],
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      },
    });
    // Generous bounds: the old code took 58 s for this one request and blocked /health meanwhile.
    expect(bomb.ms).toBeLessThan(5_000);
    expect(health).toEqual({ status: 200, ms: expect.any(Number) });
    expect(health.ms).toBeLessThan(5_000);
  });

  it('refuses the signed-in products(pageSize: 100) alias bomb, and its variant under the token limit', async () => {
    const { bomb, health } = await bombWithHealth(
      aliases(16_000, 'products(pageSize: 100) { items { id sku name } }'),
      viewer.token,
    );
    expect(bomb.answer.status).toBe(400);
    expect(bomb.answer.body.errors!.map((e) => e.extensions!.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(bomb.ms).toBeLessThan(5_000);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(5_000);

    const small = await post(t, aliases(16, 'products(pageSize: 100) { total }'), { token: viewer.token });
    expect(small).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Syntax Error: Aliases limit of 15 exceeded, found 16.',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
    const allowed = await post(t, aliases(15, 'products(pageSize: 100) { total }'), { token: viewer.token });
    expect(allowed).toEqual({
      status: 200,
      body: { data: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`a${i}`, { total: 0 }])) },
    });
  });

  it('refuses a document deeper than the depth limit', async () => {
    const ofTypes = 'ofType { '.repeat(8) + 'name' + ' }'.repeat(8);
    const deep = await post(t, `{ __type(name: "Query") { fields { type { ${ofTypes} } } } }`);
    expect(deep).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Syntax Error: Query depth limit of 10 exceeded, found 12.',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
  });

  it('refuses more directives than the limit', async () => {
    const query = `{ ${Array.from({ length: 11 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    expect(await post(t, query)).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Syntax Error: Directives limit of 10 exceeded, found 11.',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
    const ten = `{ ${Array.from({ length: 10 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    expect((await post(t, ten)).status).toBe(200);
  });

  it('refuses a document over the token limit', async () => {
    const answer = await post(t, `{ ${'__typename '.repeat(GRAPHQL_LIMITS.maxTokens)} }`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
        locations: [expect.any(Object)],
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      },
    ]);
  });

  it('refuses an operation whose page sizes and nested lists cost more than the budget, before it runs', async () => {
    // Per sale: 1 + 10 assumed lines x (1 + 10 assumed taxes) = 111; per page 1 + pageSize x 111.
    const query = `query Heavy($n: Int) {
      a: sales(pageSize: $n) { items { items { taxes { rate } } } }
      b: sales(pageSize: $n) { items { items { taxes { rate } } } }
    }`;
    const heavy = await post(t, query, { token: t.adminToken, variables: { n: 100 } });
    expect(heavy).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message:
              'Query cost limit of 20000 exceeded, found 22202: ask for fewer rows (pageSize) or fewer nested lists.',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
    const light = await post(t, query, { token: t.adminToken, variables: { n: 50 } });
    expect(light).toEqual({
      status: 200,
      body: { data: { a: { items: [] }, b: { items: [] } } },
    });
  });

  it('serves introspection and suggestions outside production', async () => {
    const intro = await post(t, '{ __schema { queryType { name } } }');
    expect(intro).toEqual({ status: 200, body: { data: { __schema: { queryType: { name: 'Query' } } } } });
    const typo = await post(t, '{ produts { total } }', { token: viewer.token });
    expect(typo.body.errors![0].message).toBe(
      'Cannot query field "produts" on type "Query". Did you mean "products" or "product"?',
    );
  });

  it('has no automatic persisted queries', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
      }),
    });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
  });
});

describe('in production', () => {
  let prod: TestServer;
  let prodViewer: TestUser;
  beforeAll(async () => {
    prod = await startTestServer({ env: { NODE_ENV: 'production' } });
    prodViewer = await prod.userWith(['products.view', 'pos.sell']);
  });
  afterAll(() => prod.close());

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Product") { name } }']) {
      const answer = await post(prod, query);
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors!.map((e) => e.extensions!.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(answer.body.errors![0].message).toMatch(/introspection is not allowed/);
    }
  });

  it('gives no "Did you mean" suggestions, in validation or in variables', async () => {
    const typo = await post(prod, '{ produts { total } }', { token: prodViewer.token });
    expect(typo).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Cannot query field "produts" on type "Query".',
            locations: [{ line: 1, column: 3 }],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    });
    const badEnum = await post(prod, 'query($s: SaleStatus) { sales(status: $s) { total } }', {
      token: prodViewer.token,
      variables: { s: 'COMPLETD' },
    });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.errors!.map((e) => e.message)).toEqual([
      'Variable "$s" got invalid value "COMPLETD"; Value "COMPLETD" does not exist in "SaleStatus" enum.',
    ]);
  });

  it('gives no suggestions over graphql-ws either', async () => {
    const client = connect(prod, prodViewer.token);
    const result = await outcome(client, 'subscription { productChangd { kind } }');
    expect(result).toEqual({
      error: [
        {
          message: 'Cannot query field "productChangd" on type "Subscription".',
          locations: [{ line: 1, column: 16 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });
});

function connect(server: TestServer, token: string): Client {
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(client);
  return client;
}

/** The first thing a subscription yields: an event, an error, or its completion. */
function outcome(client: Client, query: string): Promise<unknown> {
  return new Promise((resolve) => {
    client.subscribe(
      { query },
      {
        next: (value) => resolve({ next: value }),
        error: (err) => resolve({ error: err }),
        complete: () => resolve('complete'),
      },
    );
  });
}

/** A raw graphql-transport-ws socket, open. */
async function rawSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

const closeOf = (socket: WebSocket) =>
  new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

describe('over graphql-ws', () => {
  it('refuses queries and mutations: only subscriptions go over the socket', async () => {
    const client = connect(t, t.adminToken);
    expect(await outcome(client, '{ me { user { username } } }')).toEqual({
      error: [
        {
          message: 'Only subscriptions are served over WebSocket: send a query to POST /graphql',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    const before = await t.count('department');
    expect(
      await outcome(client, 'mutation { createDepartment(name: "Over WS", code: "OVERWS") { id } }'),
    ).toEqual({
      error: [
        {
          message: 'Only subscriptions are served over WebSocket: send a mutation to POST /graphql',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    expect(await t.count('department')).toBe(before);
  });

  it('closes a socket sent a message over the size limit, before it is even authenticated', async () => {
    const socket = await rawSocket();
    const closed = closeOf(socket);
    socket.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { pad: 'x'.repeat(GRAPHQL_LIMITS.wsMaxPayloadBytes) },
      }),
    );
    // 1009: message too big.
    expect(await closed).toBe(1009);
  });

  it(`refuses more than ${GRAPHQL_LIMITS.wsMaxSubscriptions} subscriptions on one socket`, async () => {
    const client = connect(t, viewer.token);
    const failures: unknown[] = [];
    const unsubscribes = Array.from({ length: GRAPHQL_LIMITS.wsMaxSubscriptions + 1 }, () =>
      client.subscribe(
        { query: 'subscription { productChanged { kind } }' },
        { next: () => undefined, error: (err) => failures.push(err), complete: () => undefined },
      ),
    );
    for (let i = 0; i < 200 && failures.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // Give any other refusal the time to arrive too.
    await new Promise((r) => setTimeout(r, 200));
    expect(failures).toEqual([
      [
        {
          message:
            'Subscription limit of 20 per connection exceeded: complete one first, or open another connection.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    ]);
    for (const unsubscribe of unsubscribes) unsubscribe();
  });

  it('refuses an alias bomb subscription', async () => {
    const client = connect(t, viewer.token);
    const bomb = `subscription { productChanged { ${Array.from({ length: 16 }, (_, i) => `a${i}: kind`).join(' ')} } }`;
    expect(await outcome(client, bomb)).toEqual({
      error: [
        {
          message: 'Syntax Error: Aliases limit of 15 exceeded, found 16.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
    const tooLong = `subscription { productChanged { ${'kind '.repeat(GRAPHQL_LIMITS.maxTokens)} } }`;
    expect(await outcome(client, tooLong)).toEqual({
      error: [
        {
          message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
          locations: [expect.any(Object)],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ],
    });
  });
});
