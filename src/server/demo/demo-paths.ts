import { join } from 'node:path';

/** Where the demo keeps its data: `DATA_DIR` (./data), HQ's and MAIN's apart below it. */
export const demoDataDir = () => process.env.DATA_DIR ?? 'data';

/** The file MAIN's sync token is kept in, for MAIN's server. */
export const mainTokenFile = () => join(demoDataDir(), 'sync-token-MAIN');
