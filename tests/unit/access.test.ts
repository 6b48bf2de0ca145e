import { GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse } from 'graphql';
import { enforceAccess } from '../../src/schema/allow';

it('refuses a root field that declares no access (fails closed)', async () => {
  const schema = enforceAccess(
    new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { undeclaredField: { type: GraphQLString, resolve: () => 'secret' } },
      }),
    }),
  );
  const result = await execute({
    schema,
    document: parse('{ undeclaredField }'),
    contextValue: { user: { id: 'u' }, permissions: new Set(['products.view']) },
  });
  expect(result.data).toEqual({ undeclaredField: null });
  expect(result.errors?.[0].message).toBe('No access rule is declared for this operation');
  expect(result.errors?.[0].extensions.code).toBe('FORBIDDEN');
});
