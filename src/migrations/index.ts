import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_initial } from './Migration20261123000000_initial.js';

/** Committed migrations, oldest first. Generate new ones with `npm run migration:create -- <name>`, then list them here. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_initial', class: Migration20261123000000_initial },
];
