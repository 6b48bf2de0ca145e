import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  isInputObjectType,
  isObjectType,
  isEnumType,
  type GraphQLSchema,
  isIntrospectionType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { accessRegistry } from '../../src/schema/allow';
import { buildAppSchema } from '../../src/server/schema';
import { printAppSchema } from '../../src/server/print-schema';
import { createEventBus } from '../../src/services/events/pubsub';
import { ROUTES } from '../../src/rest/routes/index';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema(createEventBus());
});

const rootFields = () =>
  [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
  );

it('schema.graphql is the printed schema (run `npm run schema:print` after changing resolvers)', async () => {
  const committed = readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8');
  expect(committed).toBe(await printAppSchema());
});

it('declares access (@Allow or @Public) on every root field', () => {
  const undeclared = rootFields().filter((f) => !accessRegistry.has(f.split('.')[1]));
  expect(undeclared).toEqual([]);
});

it('describes every type, field, argument and enum value', () => {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    const isRoot = ['Query', 'Mutation', 'Subscription'].includes(type.name);
    if (!type.description && !isRoot) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type))
      type.getValues().forEach((v) => v.description || missing.push(`${type.name}.${v.name}`));
  }
  expect(missing).toEqual([]);
});

it('maps every REST route onto an existing root field, each field at most once', () => {
  const fields = new Set(rootFields());
  expect(ROUTES.filter((r) => !fields.has(r.field))).toEqual([]);
  expect(new Set(ROUTES.map((r) => r.field)).size).toBe(ROUTES.length);
});
