import { AuthResolver } from './auth.resolver.js';
import { DepartmentResolver } from './department.resolver.js';
import { ProductDetailResolver, ProductResolver } from './product.resolver.js';
import { RoleResolver } from './role.resolver.js';
import { TaxGroupResolver, TaxRateResolver } from './tax.resolver.js';
import { UserResolver } from './user.resolver.js';

/** Every resolver of the schema. */
export const resolvers = [
  AuthResolver,
  DepartmentResolver,
  ProductDetailResolver,
  ProductResolver,
  RoleResolver,
  TaxGroupResolver,
  TaxRateResolver,
  UserResolver,
] as const;
