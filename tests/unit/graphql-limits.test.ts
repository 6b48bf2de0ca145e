import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  buildSchema,
  getIntrospectionQuery,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { buildAppSchema } from '../../src/server/schema';
import { loadConfig } from '../../src/server/config';
import {
  apolloLimits,
  costError,
  GRAPHQL_LIMITS,
  limitedParseOptions,
  limitRules,
  operationCost,
} from '../../src/server/graphql-limits';
import { createEventBus } from '../../src/services/events/pubsub';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema(createEventBus());
});

/** Every operation of tests/graphql with the fragments it may use, as clients send them. */
function testDocuments(): Array<[string, DocumentNode, OperationDefinitionNode]> {
  const dir = resolve(__dirname, '../graphql');
  const all = parse(
    readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n'),
  );
  const fragments = all.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return all.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => [op.name!.value, { kind: Kind.DOCUMENT, definitions: [op, ...fragments] }, op]);
}

it('lets every document of the schema’s clients through, at the largest page size', () => {
  const docs = testDocuments();
  expect(docs.length).toBeGreaterThan(50);
  for (const [name, document, operation] of docs) {
    const unused = /is never used/;
    const errors = validate(schema, document, [...specifiedRules, ...limitRules()]).filter(
      (e) => !unused.test(e.message),
    );
    expect([name, errors]).toEqual([name, []]);
    const pageSize = operation.variableDefinitions?.some((v) => v.variable.name.value === 'pageSize');
    const cost = operationCost(schema, document, operation, pageSize ? { pageSize: 100 } : {});
    expect([name, (cost ?? 0) <= GRAPHQL_LIMITS.maxCost]).toEqual([name, true]);
  }
});

it('lets the standard introspection query through (development tools)', () => {
  const document = parse(getIntrospectionQuery(), limitedParseOptions);
  expect(validate(schema, document, [...specifiedRules, ...limitRules()])).toEqual([]);
  const operation = document.definitions[0] as OperationDefinitionNode;
  expect(operationCost(schema, document, operation, {})).toBeLessThanOrEqual(GRAPHQL_LIMITS.maxCost);
});

it('counts a page’s rows from its pageSize (or the default 20) and assumes 10 rows of other lists', () => {
  const cost = (query: string, variables = {}) => {
    const document = parse(query);
    return operationCost(schema, document, document.definitions[0] as OperationDefinitionNode, variables);
  };
  expect(cost('{ products(pageSize: 100) { total items { id } } }')).toBe(101);
  expect(cost('query($n: Int) { products(pageSize: $n) { items { id } } }', { n: 7 })).toBe(8);
  expect(cost('{ products { items { id } } }')).toBe(21);
  expect(cost('{ users(pageSize: 100) { items { roles { roleId } } } }')).toBe(1101);
  expect(cost('{ departments { id } }')).toBe(10);
  // Fragments spread twice into each other, 30 deep: 2^30 copies, refused without counting them all.
  const spreads = Array.from({ length: 30 }, (_, i) =>
    i < 29
      ? `fragment F${i} on Query { departments { id } ...F${i + 1} ...F${i + 1} }`
      : `fragment F${i} on Query { departments { id } }`,
  );
  const bomb = cost(`query { ...F0 } ${spreads.join(' ')}`);
  expect(bomb).toBe(Infinity);
  expect(costError(bomb)!.message).toBe(
    'Query cost limit of 20000 exceeded: ask for fewer rows (pageSize) or fewer nested lists.',
  );
  // Variables that do not fit: execution refuses them, before running anything.
  expect(cost('query($n: Int!) { products(pageSize: $n) { total } }')).toBeUndefined();
});

it('answers a result over the size limit with a 400, not the result', async () => {
  const big = 'x'.repeat(GRAPHQL_LIMITS.maxResponseBytes);
  const server = new ApolloServer({
    schema: buildSchema('type Query { big: String, small: String }'),
    rootValue: { big, small: 'ok' },
    ...apolloLimits({ introspection: false }),
  });
  await server.start();
  const ask = (query: string) =>
    server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers: new HeaderMap([['content-type', 'application/json']]),
        search: '',
        body: { query },
      },
      context: async () => ({}),
    });
  const refused = await ask('{ big }');
  expect(refused.status).toBe(400);
  expect(refused.body.kind === 'complete' && JSON.parse(refused.body.string)).toEqual({
    errors: [
      {
        message: `Response size limit of ${GRAPHQL_LIMITS.maxResponseBytes} bytes exceeded: ask for fewer rows or fields.`,
        extensions: { code: 'RESPONSE_TOO_LARGE' },
      },
    ],
  });
  const served = await ask('{ small }');
  expect(served.body.kind === 'complete' && JSON.parse(served.body.string)).toEqual({
    data: { small: 'ok' },
  });
  await server.stop();
});

it('turns introspection off by default in production, and GRAPHQL_INTROSPECTION decides otherwise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-limits-'));
  expect(loadConfig({ DATA_DIR: dir }).graphqlIntrospection).toBe(true);
  expect(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
  expect(
    loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection,
  ).toBe(true);
  expect(loadConfig({ DATA_DIR: dir, GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
  expect(() => loadConfig({ DATA_DIR: dir, GRAPHQL_INTROSPECTION: 'yes' })).toThrow(
    'GRAPHQL_INTROSPECTION must be "true" or "false", got "yes"',
  );
});
