// Entry of a server run as a child process by the tests (see processes.ts): `npm run serve` without a build.
import { exitOnStartFailure, serve } from '../../src/server/main';

serve().catch(exitOnStartFailure);
