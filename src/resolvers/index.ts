import { AuthResolver } from './auth.resolver.js';
import { DepartmentResolver } from './department.resolver.js';
import { ProductResolver } from './product.resolver.js';
import { RoleResolver } from './role.resolver.js';
import { SpecialResolver } from './special.resolver.js';
import { StorePriceResolver } from './store-price.resolver.js';
import { UserResolver } from './user.resolver.js';

/** Every resolver of the schema. */
export const resolvers = [
  AuthResolver,
  DepartmentResolver,
  ProductResolver,
  RoleResolver,
  SpecialResolver,
  StorePriceResolver,
  UserResolver,
] as const;
