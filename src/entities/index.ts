import { Department } from './department.entity.js';
import { Product } from './product.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { Role } from './role.entity.js';
import { Store } from './store.entity.js';
import { TaxGroup } from './tax-group.entity.js';
import { Tender } from './tender.entity.js';
import { User } from './user.entity.js';
import { UserRole } from './user-role.entity.js';
import { BaseEntity } from './base.entity.js';

export { BaseEntity, Department, Product, RefreshToken, Role, Store, TaxGroup, Tender, User, UserRole };

/** Every entity, listed explicitly (no folder scanning: the same list works from `src` and `dist`). */
export const entities = [
  BaseEntity,
  Department,
  Product,
  RefreshToken,
  Role,
  Store,
  TaxGroup,
  Tender,
  User,
  UserRole,
];
