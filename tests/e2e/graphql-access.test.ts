import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { ROUTES } from '../../src/rest/routes/index';
import { accessRegistry } from '../../src/schema/allow';
import {
  createAccessFixtures,
  fingerprint,
  fixtureArg,
  type AccessFixtures,
} from '../support/access-fixtures';
import { startTestServer, type TestServer, type TestUser } from '../support/server';

/**
 * The GraphQL side of the REST contract test: every query and mutation with a permission is refused to
 * an anonymous caller (UNAUTHENTICATED) and to a caller without the permission (FORBIDDEN), on real
 * rows, and changes nothing.
 */
let t: TestServer;
let nobody: TestUser;
let fixtures: AccessFixtures;

beforeAll(async () => {
  t = await startTestServer();
  nobody = await t.userWith([]);
  fixtures = await createAccessFixtures(t);
});
afterAll(() => t.close());

const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));

/** A value of the right type for a required argument (ids name the fixture rows). */
function sample(type: GraphQLInputType, field: string, name: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, field, name);
  if (isListType(type)) return [];
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, field, f.name)]),
    );
  if (isEnumType(type)) return type.getValues()[0].value;
  const real = fixtureArg(fixtures, field, name);
  if (real) return real;
  switch (type.name) {
    case 'UUID':
    case 'ID':
      return '01900000-0000-7000-8000-000000000000';
    case 'Int':
    case 'SafeInt':
      return 1;
    case 'Boolean':
      return true;
    case 'LocalDate':
      return '2026-06-01';
    case 'EmailAddress':
      return 'someone@example.com';
    case 'TimeZone':
      return 'UTC';
    default:
      return 'x';
  }
}

/** The operation calling one root field with its required arguments. */
function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const header = required.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const call = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${kind} Op${header ? `(${header})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`,
    variables: Object.fromEntries(
      required.map((arg) => [arg.name, sample(arg.type as GraphQLInputType, field.name, arg.name)]),
    ),
  };
}

const guarded = (['query', 'mutation'] as const).flatMap((kind) =>
  Object.values((kind === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields())
    .filter((field) => accessRegistry.get(field.name)?.kind === 'permissions')
    .map((field) => [kind, field.name, field] as const),
);

async function call(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, token?: string) {
  const op = operation(kind, field);
  parse(op.query); // a malformed operation would fail here, not pass as "refused"
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(op),
  });
  return (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
}

it('covers every root field behind a REST route with a permission, and more', () => {
  const names = guarded.map(([, name]) => name);
  const restFields = ROUTES.map((r) => r.field.split('.')[1]).filter(
    (name) => accessRegistry.get(name)?.kind === 'permissions',
  );
  expect(names).toEqual(expect.arrayContaining(restFields));
  expect(restFields.length).toBeGreaterThan(50);
});

it.each(guarded)(
  '%s %s is UNAUTHENTICATED anonymous and FORBIDDEN without its permission',
  async (kind, _name, field) => {
    const before = await fingerprint(t);
    const anonymous = await call(kind, field);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const denied = await call(kind, field, nobody.token);
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await fingerprint(t)).toEqual(before);
  },
);
