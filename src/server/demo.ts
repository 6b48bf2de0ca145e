/**
 * `npm start`: the demo. No configuration: an embedded PostgreSQL under ./data and an HQ server on
 * port 3000 with demo data; URLs and demo sign-ins are printed.
 */
import 'reflect-metadata';
import { startServer } from './app.js';
import { loadConfig } from './config.js';
import { resolveDatabase } from './database-url.js';
import { DEMO_USERS, seedDemoData } from './demo-data.js';
import { stopOnSignals } from './main.js';
import { Store } from '../entities/store.entity.js';

async function demo(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    MODE: 'hq',
    PORT: process.env.PORT ?? '3000',
    ADMIN_PIN: '1234',
  });
  console.log(
    `Starting the demo (${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL under ${config.dataDir}`})...`,
  );
  const db = await resolveDatabase(config.databaseUrl, config.dataDir, 'pos_hq');
  const hq = await startServer(config, db.url);
  stopOnSignals([hq], db.embedded);
  const seeded = await seedDemoData(hq.orm, hq.runtime);
  const main = await hq.orm.em.fork().findOne(Store, { code: 'MAIN' });
  console.log(`
  POS platform demo ${seeded ? '(demo data created)' : '(existing data kept)'}
  HQ server      ${hq.url}
  GraphQL        ${hq.url}/graphql   (POST queries; graphql-ws subscriptions on the same path)
  REST API       ${hq.url}/api/v1    (OpenAPI: ${hq.url}/api/v1/openapi.json)
  Health         ${hq.url}/health

  Sign in (POST ${hq.url}/api/v1/auth/login {"username":"admin","pin":"1234"}):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(8)} PIN ${u.pin}${u.password ? `, password ${u.password}` : ''}  ${u.role}`).join('\n')}

  manager and cashier hold their roles at store MAIN: on HQ they sign in for it with
    {"username":"manager","pin":"2222","storeId":"${main?.id}"}

  Ctrl+C stops the servers and the embedded PostgreSQL.
`);
}

demo().catch((err) => {
  console.error(err);
  process.exit(1);
});
