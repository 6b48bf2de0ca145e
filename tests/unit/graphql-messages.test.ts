import {
  buildSchema,
  coerceInputValue,
  getVariableValues,
  parse,
  validate,
  valueFromASTUntyped,
  type ValueNode,
  type GraphQLError,
  type OperationDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { UUID } from '../../src/schema/scalars';
import { coercionReason, inputProblem, variableProblem } from '../../src/rest/graphql-messages';

/**
 * Every message form the REST edge reads, produced by the pinned graphql-js (body checks, variable
 * coercion) and graphql-jit (the compiled operations' variable coercion) themselves: a new wording in
 * either fails here.
 */

const schema: GraphQLSchema = buildSchema(`
  scalar UUID
  scalar Even
  input RateInput { taxRateId: UUID!, sortOrder: Int! }
  type Query { product(id: UUID!, page: Int, rates: [RateInput!], sku: String!, even: Even): Boolean }
`);
Object.assign(schema.getType('UUID')!, {
  parseValue: UUID.parseValue.bind(UUID),
  parseLiteral: UUID.parseLiteral.bind(UUID),
  serialize: UUID.serialize.bind(UUID),
});
/** A scalar whose parser throws a plain Error (not a GraphQLError, as graphql-scalars' do). */
function parseEven(value: unknown): number {
  if (typeof value !== 'number' || value % 2 !== 0) throw new TypeError('must be an even number');
  return value;
}
Object.assign(schema.getType('Even')!, {
  parseValue: parseEven,
  parseLiteral: (node: ValueNode) => parseEven(valueFromASTUntyped(node)),
});

const OPERATION = parse(
  'query Product($id: UUID!, $page: Int, $rates: [RateInput!], $sku: String!, $even: Even) ' +
    '{ product(id: $id, page: $page, rates: $rates, sku: $sku, even: $even) }',
);
const VALID = { id: '0190a5b4-0000-7000-8000-000000000000', sku: 'A' };

function argType(name: string): GraphQLInputType {
  return schema
    .getQueryType()!
    .getFields()
    .product.args.find((arg) => arg.name === name)!.type;
}

/** The first message graphql-js's coerceInputValue reports for `value`, with its path. */
function coercionMessage(
  arg: string,
  value: unknown,
): { path: ReadonlyArray<string | number>; message: string } {
  let found: { path: ReadonlyArray<string | number>; message: string } | undefined;
  coerceInputValue(value, argType(arg), (path, _value, error) => {
    found ??= { path, message: error.message };
  });
  return found!;
}

/** The first error message of graphql-js's own variable coercion. */
function jsVariableMessage(variables: Record<string, unknown>): string {
  const operation = OPERATION.definitions[0] as OperationDefinitionNode;
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return (result.errors as GraphQLError[])[0].message;
}

/** The first error message of graphql-jit's compiled variable coercion (what REST runs). */
async function jitVariableMessage(variables: Record<string, unknown>): Promise<string> {
  const compiled = compileQuery(schema, OPERATION);
  if (!isCompiledQuery(compiled)) throw new Error('does not compile');
  const result = await compiled.query(undefined, {}, variables);
  return result.errors![0].message;
}

describe('inputProblem (body values, graphql-js coerceInputValue)', () => {
  it('names a missing field of an input object inside the path', () => {
    const { path, message } = coercionMessage('rates', [{ taxRateId: VALID.id }]);
    expect(message).toBe('Field "sortOrder" of required type "Int!" was not provided.');
    expect(inputProblem(['rates', ...path], message)).toEqual({
      field: 'rates.0.sortOrder',
      reason: 'is required',
    });
  });

  it('names an unknown field of an input object inside the path', () => {
    const { path, message } = coercionMessage('rates', [
      { taxRateId: VALID.id, sortOrder: 1, colour: 'red' },
    ]);
    expect(message).toMatch(/^Field "colour" is not defined by type "RateInput"\./);
    expect(inputProblem(['rates', ...path], message)).toEqual({
      field: 'rates.0.colour',
      reason: 'unknown field',
    });
  });

  it('keeps the reason of a bad value', () => {
    const { path, message } = coercionMessage('page', '12');
    expect(message).toBe('Int cannot represent non-integer value: "12"');
    expect(inputProblem(['page', ...path], message)).toEqual({
      field: 'page',
      reason: 'Int cannot represent non-integer value: "12"',
    });
    const uuid = coercionMessage('rates', [{ taxRateId: 'x', sortOrder: 1 }]);
    expect(uuid.message).toBe('Value is not a valid UUID: x');
    expect(inputProblem(['rates', ...uuid.path], uuid.message)).toEqual({
      field: 'rates.0.taxRateId',
      reason: 'Value is not a valid UUID: x',
    });
    // A parser's plain Error: graphql-js 16 says which type it expected (kept: there is no preamble).
    const even = coercionMessage('even', 3);
    expect(even.message).toBe('Expected type "Even". must be an even number');
    expect(inputProblem(['even', ...even.path], even.message)).toEqual({
      field: 'even',
      reason: even.message,
    });
  });

  it('drops the "Expected value of type" preamble graphql-js writes for literals', () => {
    const [error] = validate(schema, parse(`{ product(id: "${VALID.id}", sku: "A", even: 3) }`));
    expect(error.message).toBe('Expected value of type "Even", found 3; must be an even number');
    expect(coercionReason(error.message)).toBe('must be an even number');
    expect(inputProblem(['even'], error.message)).toEqual({
      field: 'even',
      reason: 'must be an even number',
    });
    expect(variableProblem(`Variable "$even" got invalid value 3; ${error.message}`)).toEqual({
      field: 'even',
      reason: 'must be an even number',
    });
  });

  it('refuses null for a required value', () => {
    const { path, message } = coercionMessage('sku', null);
    expect(message).toBe('Expected non-nullable type "String!" not to be null.');
    expect(inputProblem(['sku', ...path], message)).toEqual({ field: 'sku', reason: message });
  });
});

describe('variableProblem (operation variables)', () => {
  it('reads a missing variable, from graphql-js and from graphql-jit', async () => {
    const js = jsVariableMessage({ id: VALID.id });
    const jit = await jitVariableMessage({ id: VALID.id });
    expect(js).toBe('Variable "$sku" of required type "String!" was not provided.');
    expect(jit).toBe(js);
    expect(variableProblem(js)).toEqual({ field: 'sku', reason: 'is required' });
  });

  it('reads an invalid value from graphql-js', () => {
    const uuid = jsVariableMessage({ ...VALID, id: 'x' });
    expect(uuid).toBe('Variable "$id" got invalid value "x"; Value is not a valid UUID: x');
    expect(variableProblem(uuid)).toEqual({ field: 'id', reason: 'Value is not a valid UUID: x' });
    const even = jsVariableMessage({ ...VALID, even: 3 });
    expect(even).toBe('Variable "$even" got invalid value 3; Expected type "Even". must be an even number');
    expect(variableProblem(even)).toEqual({
      field: 'even',
      reason: 'Expected type "Even". must be an even number',
    });
  });

  it('reads an invalid value from graphql-jit', async () => {
    const scalar = await jitVariableMessage({ ...VALID, page: 'x' });
    expect(scalar).toBe(
      'Variable "$page" got invalid value "x"; Expected type Int; Int cannot represent non-integer value: "x"',
    );
    expect(variableProblem(scalar)).toEqual({
      field: 'page',
      reason: 'Expected type Int; Int cannot represent non-integer value: "x"',
    });
    const custom = await jitVariableMessage({ ...VALID, id: 'x' });
    expect(custom).toBe('Variable "$id" got invalid value "x"; Expected type UUID.');
    expect(variableProblem(custom)).toEqual({ field: 'id', reason: 'Expected type UUID.' });
  });

  it('reads nothing from other messages', () => {
    expect(variableProblem('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});
