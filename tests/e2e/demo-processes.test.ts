import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, freePort } from '../support/processes';
import { eventually } from '../support/sync';

/**
 * `npm start` as the README tells it: HQ and store MAIN's server are two processes; stop HQ, the store
 * keeps selling; start HQ again (`npm run demo:hq`), the sale arrives. Ctrl+C stops the rest cleanly.
 */
jest.setTimeout(240_000);

mkdirSync(resolve('.tmp'), { recursive: true });
const dataDir = mkdtempSync(join(resolve('.tmp'), 'demo-'));
chmodSync(dataDir, 0o755);
const running: ChildProcess[] = [];

/** A demo entry run as the tests run TypeScript, in a process group of its own; its output collected. */
function run(entry: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(
    process.execPath,
    [resolve('tests/support/run-ts.cjs'), resolve(`src/server/demo/${entry}`)],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  running.push(child);
  return { child, output: () => output };
}

const waitFor = (output: () => string, pattern: RegExp) =>
  eventually(async () => output().match(pattern) ?? undefined, 180_000);

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps selling at the store while HQ is stopped, and HQ gets the sale once it is back', async () => {
  const env = {
    PORT: String(await freePort()),
    STORE_PORT: String(await freePort()),
    SYNC_INTERVAL_MS: '500',
  };
  const demo = run('demo.ts', env);
  const [, hqPid] = (await waitFor(demo.output, /HQ server +\S+ +\(pid (\d+)\)/))!;
  const [, storeUrl] = (await waitFor(demo.output, /Store server +(\S+)/))!;
  const hqUrl = `http://127.0.0.1:${env.PORT}`;
  expect(demo.output()).toMatch(/kill \d+ stops HQ/);

  // HQ stopped, as the banner says: the store still sells.
  process.kill(Number(hqPid), 'SIGTERM');
  await waitFor(demo.output, /HQ stopped \(exit code 0\)/);
  await expect(fetch(`${hqUrl}/health`)).rejects.toThrow();
  const till = (await api(storeUrl, 'POST', '/auth/pin-login', undefined, { pin: '1111' })).body.data;
  const coffee = (await api(storeUrl, 'GET', '/products/barcode/5000112637922', till.accessToken)).body.data;
  // 2 × 9.99 = 19.98; state 6.25 % = 124.875 → 125; county 1 % = 19.98 → 20; total 21.43.
  const sale = await api(storeUrl, 'POST', '/sales', till.accessToken, {
    receiptNumber: 'OFFLINE-1',
    cashierId: till.user.id,
    terminalId: 'T01',
    subtotal: 1998,
    taxTotal: 145,
    discountTotal: 0,
    grandTotal: 2143,
    items: [
      {
        productId: coffee.id,
        productName: coffee.name,
        quantity: 2000,
        unitPrice: 999,
        taxRate: 725,
        taxAmount: 145,
        discountAmount: 0,
        lineTotal: 2143,
        taxes: coffee.taxRates.map((r: { name: string; rate: number; sortOrder: number }) => ({
          taxRateName: r.name,
          rate: r.rate,
          taxAmount: r.rate === 625 ? 125 : 20,
          isCompound: false,
          sortOrder: r.sortOrder,
        })),
      },
    ],
    payments: [{ method: 'CASH', amount: 2200 }],
  });
  expect([sale.status, sale.body.data?.changeGiven]).toEqual([201, 57]);

  // HQ again (npm run demo:hq), on its port and data: the store's outbox delivers the sale.
  const hq = run('demo-hq.ts', { PORT: env.PORT });
  await waitFor(hq.output, /HQ ready on/);
  const admin = (await api(hqUrl, 'POST', '/auth/login', undefined, { username: 'admin', pin: '1234' })).body
    .data;
  const arrived = await eventually(async () => {
    const sales = await api(hqUrl, 'GET', `/sales?store_id=${sale.body.data.storeId}`, admin.accessToken);
    return sales.body.data?.find((s: { receiptNumber: string }) => s.receiptNumber === 'OFFLINE-1');
  }, 60_000);
  expect(arrived).toMatchObject({ id: sale.body.data.id, grandTotal: 2143 });

  // Ctrl+C in each terminal: both stop cleanly.
  for (const child of [demo.child, hq.child]) {
    const exited = once(child, 'exit');
    process.kill(-child.pid!, 'SIGINT');
    expect((await exited)[0]).toBe(0);
  }
  expect(demo.output()).not.toMatch(/^\s+at /m);
});
