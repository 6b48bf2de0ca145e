import { AuthResolver } from './auth.resolver.js';
import { DepartmentResolver } from './department.resolver.js';
import { ProductResolver } from './product.resolver.js';
import { RoleResolver } from './role.resolver.js';
import { StoreResolver } from './store.resolver.js';
import { TenderResolver } from './tender.resolver.js';
import { UserResolver } from './user.resolver.js';

/** Every resolver of the schema. */
export const resolvers = [
  AuthResolver,
  DepartmentResolver,
  ProductResolver,
  RoleResolver,
  StoreResolver,
  TenderResolver,
  UserResolver,
] as const;
