import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { holds, isPermission } from '../services/auth/index.js';
import type { RequestContext } from '../services/core/index.js';

/**
 * Fields only some callers may read: a field declared with `@Extensions({ visibleWith: permission })`
 * (cost prices: `products.view_cost`) answers null to a caller without that permission at their store
 * (or at every store). The field is nullable for it; its description says so. Every transport reads the
 * same schema, so REST answers hide it alike.
 */
export function hideFieldsWithoutPermission(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const permission = field.extensions?.visibleWith;
      if (permission === undefined) continue;
      if (typeof permission !== 'string' || !isPermission(permission))
        throw new Error(`${type.name}.${field.name}: visibleWith names no permission`);
      const inner = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: RequestContext, info) =>
        holds(ctx, permission, ctx.storeId ?? '') ? inner(source, args, ctx, info) : null;
    }
  }
  return schema;
}
