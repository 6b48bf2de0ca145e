import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/server/config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'pos-config-'));

describe('loadConfig', () => {
  it('defaults to an HQ on 127.0.0.1:3000 with admin PIN 1234 outside production, no CORS origin', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      mode: 'hq',
      port: 3000,
      host: '127.0.0.1',
      corsOrigins: [],
      adminPin: '1234',
      adminPinGenerated: false,
      databaseUrl: undefined,
    });
    // Secrets are generated once and kept under DATA_DIR, so restarts keep tokens and PIN digests valid.
    expect(config.jwtSecret).toBe(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim());
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
    expect(loadConfig({ DATA_DIR: dir }).pinKey).toBe(config.pinKey);
  });

  it('takes HOST and an allow-list of CORS origins, refusing a wildcard or a path', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      HOST: '0.0.0.0',
      CORS_ORIGINS: 'https://backoffice.example, http://127.0.0.1:8080',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      corsOrigins: ['https://backoffice.example', 'http://127.0.0.1:8080'],
    });
    for (const bad of ['*', 'https://backoffice.example/', 'backoffice.example', 'ftp://x.example'])
      expect(() => loadConfig({ DATA_DIR: dataDir(), CORS_ORIGINS: bad })).toThrow(
        `CORS_ORIGINS takes origins such as https://backoffice.example:8443, got "${bad}"`,
      );
  });

  it('generates a random 6-digit admin PIN in production', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production' });
    expect(config.adminPin).toMatch(/^\d{6}$/);
    expect(config.adminPinGenerated).toBe(true);
  });

  it('takes the environment and refuses nonsense', () => {
    const config = loadConfig({
      MODE: 'store',
      PORT: '4100',
      DATABASE_URL: 'postgres://x/y',
      JWT_SECRET: 's',
      PIN_KEY: 'k',
      ADMIN_PIN: '98765',
      HQ_URL: 'http://hq.example:3000/',
      SYNC_TOKEN: 'pst_abc',
      SYNC_INTERVAL_MS: '5000',
      SYNC_PUSH_BATCH: '50',
    });
    expect(config).toMatchObject({
      mode: 'store',
      port: 4100,
      databaseUrl: 'postgres://x/y',
      jwtSecret: 's',
      pinKey: 'k',
      adminPin: '98765',
      hqUrl: 'http://hq.example:3000',
      syncToken: 'pst_abc',
      syncIntervalMs: 5000,
      syncPushBatch: 50,
    });
    expect(() => loadConfig({ MODE: 'store', JWT_SECRET: 's', PIN_KEY: 'k' })).toThrow(
      'MODE=store needs HQ_URL and SYNC_TOKEN',
    );
    expect(() =>
      loadConfig({
        MODE: 'store',
        HQ_URL: 'http://hq',
        SYNC_TOKEN: 't',
        SYNC_INTERVAL_MS: 'soon',
        JWT_SECRET: 's',
        PIN_KEY: 'k',
      }),
    ).toThrow('SYNC_INTERVAL_MS must be an integer of at least 100');
    expect(() =>
      loadConfig({
        MODE: 'store',
        HQ_URL: 'http://hq',
        SYNC_TOKEN: 't',
        SYNC_PUSH_BATCH: '5000',
        JWT_SECRET: 's',
        PIN_KEY: 'k',
      }),
    ).toThrow('SYNC_PUSH_BATCH must be an integer from 1 to 1000');
    expect(() => loadConfig({ MODE: 'shop', JWT_SECRET: 's', PIN_KEY: 'k' })).toThrow(
      'MODE must be "hq" or "store"',
    );
    expect(() => loadConfig({ PORT: 'abc', JWT_SECRET: 's', PIN_KEY: 'k' })).toThrow('PORT must be 0..65535');
    expect(() => loadConfig({ ADMIN_PIN: '12', JWT_SECRET: 's', PIN_KEY: 'k' })).toThrow(
      'ADMIN_PIN must be 4 to 8 digits',
    );
  });
});
