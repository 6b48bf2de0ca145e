import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kind, parse, validate } from 'graphql';
import { seedDemoData, seedStoreTrading } from '../../src/server/demo/demo-data';
import { buildAppSchema } from '../../src/server/schema';
import { createEventBus } from '../../src/services/events/index';
import { startTestServer, type TestServer } from '../support/server';
import { startStoreServer } from '../support/sync';

/**
 * The README's examples, run as printed against the demo (HQ and MAIN's store server, seeded as
 * `npm start` seeds them): every shell block with curl, in order, in one bash (its variables carry
 * from block to block), each curl failing on an error status; every literal field of a commented answer
 * (`# {"sku":"BEV-001",...}`) must be in what the block printed. GraphQL blocks must be valid
 * against the schema, and their queries answer without errors.
 */

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const blocks = (lang: string) =>
  [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

let hq: TestServer;
let store: TestServer;

beforeAll(async () => {
  hq = await startTestServer();
  await seedDemoData(hq.server.orm, hq.server.runtime);
  const [main] = await hq.sql<{ id: string }>(`select id from store where code = 'MAIN'`);
  const issued = await hq.rest('POST', `/stores/${main.id}/sync-token`, { token: hq.adminToken });
  store = await startStoreServer(hq, issued.body.data.token);
  await seedStoreTrading(store.server.orm, store.server.runtime);
  await store.server.syncAgent!.syncNow();
}, 60_000);
afterAll(async () => {
  await store?.close();
  await hq?.close();
});

/** The demo's addresses, as printed, turned into the test servers'. */
const onTestServers = (text: string) =>
  text.replaceAll('http://127.0.0.1:3000', hq.url).replaceAll('http://127.0.0.1:3002', store.url);

/** `"key":value` pairs of a block's commented answers whose value is written out (not `...`). */
function printedFields(block: string): string[] {
  const comments = block
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .join(' ');
  return [...comments.matchAll(/"\w+":(?:"(?:[^"\\]|\\.)*"|-?\d+|true|false|null)/g)]
    .map((m) => m[0])
    .filter((pair) => !pair.endsWith('"..."'));
}

it('runs every shell example as printed, each answer as the README shows it', async () => {
  const examples = blocks('sh').filter((block) => block.includes('curl'));
  expect(examples.length).toBeGreaterThanOrEqual(4);
  const script = [
    'set -euo pipefail',
    // An answer with an error status fails the block (curl prints the body first).
    'curl() { command curl --fail-with-body --show-error "$@"; echo; }',
    ...examples.map((block, i) => `echo "=== example ${i}"\n${onTestServers(block)}`),
  ].join('\n');
  let output = '';
  try {
    // Not execFileSync: the servers answering the examples run in this process.
    output = (await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 }))
      .stdout;
  } catch (err) {
    const failure = err as { stdout?: string; stderr?: string };
    throw new Error(`a README example failed:\n${failure.stdout}\n${failure.stderr}`);
  }
  const printed = output.split(/=== example \d+\n/).slice(1);
  examples.forEach((block, i) => {
    expect(printed[i]).not.toContain('"success":false');
    for (const field of printedFields(block))
      expect([i, printed[i].includes(field), field]).toEqual([i, true, field]);
  });
});

it('shows GraphQL that the schema takes, and its queries answer', async () => {
  const schema = await buildAppSchema(createEventBus());
  for (const text of blocks('graphql')) {
    // Each operation of a block on its own (a block may show a query and a subscription).
    for (const definition of parse(text).definitions) {
      expect(
        validate(schema, { kind: Kind.DOCUMENT, definitions: [definition] }).map((e) => e.message),
      ).toEqual([]);
      if (definition.kind !== 'OperationDefinition' || definition.operation !== 'query') continue;
      const res = await fetch(`${hq.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hq.adminToken}` },
        body: JSON.stringify({ query: text.slice(definition.loc!.start, definition.loc!.end) }),
      });
      const body = (await res.json()) as { errors?: unknown[]; data?: unknown };
      expect([res.status, body.errors]).toEqual([200, undefined]);
    }
  }
});
