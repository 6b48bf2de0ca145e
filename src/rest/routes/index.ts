import { AUTH_SECTION } from './auth.routes.js';
import { DEPARTMENT_SECTION, PRODUCT_SECTION, SUPPLIER_SECTION, TENDER_SECTION } from './catalog.routes.js';
import { INVENTORY_SECTION } from './inventory.routes.js';
import { CUSTOMER_SECTION, ROLE_SECTION, SALES_REP_SECTION, USER_SECTION } from './people.routes.js';
import { SPECIAL_SECTION, STORE_PRICE_SECTION, TAX_SECTION } from './pricing.routes.js';
import { PURCHASE_ORDER_SECTION } from './purchasing.routes.js';
import { REGISTER_SECTION, REPORT_SECTION } from './registers.routes.js';
import type { RestRoute, RouteSection } from './route.js';
import { REFUND_SECTION, SALE_SECTION } from './selling.routes.js';
import { STORE_SECTION } from './stores.routes.js';
import { SYNC_SECTION } from './sync.routes.js';
import { TRANSFER_SECTION } from './transfers.routes.js';

export type { RestRoute, RouteFailure, RouteSection } from './route.js';

/** Where the REST API is served; route paths are relative to it. */
export const REST_BASE = '/api/v1';

/**
 * The REST API of API-REFERENCE.txt, mapped onto the GraphQL schema. Nothing else is exposed: the
 * REST handler only serves requests that match one of these routes: no other root field is reachable
 * over REST.
 *
 * Order matters: a request takes the first route of its method whose path matches (`/taxes/groups`
 * before `/taxes/:id`), and the OpenAPI document lists the sections and paths in this order.
 */
export const SECTIONS: RouteSection[] = [
  AUTH_SECTION,
  PRODUCT_SECTION,
  DEPARTMENT_SECTION,
  SUPPLIER_SECTION,
  CUSTOMER_SECTION,
  SALES_REP_SECTION,
  STORE_SECTION,
  TENDER_SECTION,
  TAX_SECTION,
  USER_SECTION,
  ROLE_SECTION,
  STORE_PRICE_SECTION,
  PURCHASE_ORDER_SECTION,
  SPECIAL_SECTION,
  REGISTER_SECTION,
  SALE_SECTION,
  REFUND_SECTION,
  REPORT_SECTION,
  INVENTORY_SECTION,
  TRANSFER_SECTION,
  SYNC_SECTION,
];

/** Every route, in order. */
export const ROUTES: RestRoute[] = SECTIONS.flatMap((s) => s.routes);
