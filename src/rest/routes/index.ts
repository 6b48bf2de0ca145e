import { AUTH_ROUTES } from './auth.routes.js';
import { DEPARTMENT_ROUTES, PRODUCT_ROUTES, SUPPLIER_ROUTES, TENDER_ROUTES } from './catalog.routes.js';
import { INVENTORY_ROUTES } from './inventory.routes.js';
import { CUSTOMER_ROUTES, ROLE_ROUTES, SALES_REP_ROUTES, USER_ROUTES } from './people.routes.js';
import { SPECIAL_ROUTES, STORE_PRICE_ROUTES, TAX_ROUTES } from './pricing.routes.js';
import { REGISTER_ROUTES, REPORT_ROUTES } from './registers.routes.js';
import type { RestRoute } from './route.js';
import { SALE_ROUTES } from './selling.routes.js';
import { STORE_ROUTES } from './stores.routes.js';
import { SYNC_ROUTES } from './sync.routes.js';

export type { RestRoute } from './route.js';

/** Where the REST API is served; route paths are relative to it. */
export const REST_BASE = '/api/v1';

/**
 * The REST API of API-REFERENCE.txt, mapped onto the GraphQL schema. Nothing else is exposed: the
 * REST handler only forwards requests that match one of these routes (SOFA's own generated routes for
 * other root fields, and its webhook routes, are never reached).
 *
 * Order matters: a request takes the first route of its method whose path matches (`/taxes/groups`
 * before `/taxes/:id`), and the OpenAPI document lists the paths in this order.
 */
export const ROUTES: RestRoute[] = [
  ...AUTH_ROUTES,
  ...PRODUCT_ROUTES,
  ...DEPARTMENT_ROUTES,
  ...SUPPLIER_ROUTES,
  ...CUSTOMER_ROUTES,
  ...SALES_REP_ROUTES,
  ...STORE_ROUTES,
  ...TENDER_ROUTES,
  ...TAX_ROUTES,
  ...USER_ROUTES,
  ...ROLE_ROUTES,
  ...STORE_PRICE_ROUTES,
  ...SPECIAL_ROUTES,
  ...REGISTER_ROUTES,
  ...SALE_ROUTES,
  ...REPORT_ROUTES,
  ...INVENTORY_ROUTES,
  ...SYNC_ROUTES,
];
