import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_initial } from './Migration20261123000000_initial.js';
import { Migration20261123202702_product_search } from './Migration20261123202702_product_search.js';
import { Migration20261123213756_master_data } from './Migration20261123213756_master_data.js';
import { Migration20261123223022_inventory } from './Migration20261123223022_inventory.js';
import { Migration20261123223050_selling } from './Migration20261123223050_selling.js';
import { Migration20261124000000_sync } from './Migration20261124000000_sync.js';
import { Migration20261125090000_login_attempt } from './Migration20261125090000_login_attempt.js';
import { Migration20261203000000_store_pins } from './Migration20261203000000_store_pins.js';
import { Migration20261203120000_change_log_fan_out } from './Migration20261203120000_change_log_fan_out.js';
import { Migration20261204000000_till_overrides } from './Migration20261204000000_till_overrides.js';
import { Migration20261204010000_first_pull } from './Migration20261204010000_first_pull.js';
import { Migration20261205000000_refunds } from './Migration20261205000000_refunds.js';
import { Migration20261206000000_transfers } from './Migration20261206000000_transfers.js';
import { Migration20261206100000_purchase_orders } from './Migration20261206100000_purchase_orders.js';

/** Committed migrations, oldest first. Generate new ones with `npm run migration:create -- <name>`, then list them here. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_initial', class: Migration20261123000000_initial },
  { name: 'Migration20261123202702_product_search', class: Migration20261123202702_product_search },
  { name: 'Migration20261123213756_master_data', class: Migration20261123213756_master_data },
  { name: 'Migration20261123223022_inventory', class: Migration20261123223022_inventory },
  { name: 'Migration20261123223050_selling', class: Migration20261123223050_selling },
  { name: 'Migration20261124000000_sync', class: Migration20261124000000_sync },
  { name: 'Migration20261125090000_login_attempt', class: Migration20261125090000_login_attempt },
  { name: 'Migration20261203000000_store_pins', class: Migration20261203000000_store_pins },
  { name: 'Migration20261203120000_change_log_fan_out', class: Migration20261203120000_change_log_fan_out },
  { name: 'Migration20261204000000_till_overrides', class: Migration20261204000000_till_overrides },
  { name: 'Migration20261204010000_first_pull', class: Migration20261204010000_first_pull },
  { name: 'Migration20261205000000_refunds', class: Migration20261205000000_refunds },
  { name: 'Migration20261206000000_transfers', class: Migration20261206000000_transfers },
  { name: 'Migration20261206100000_purchase_orders', class: Migration20261206100000_purchase_orders },
];
