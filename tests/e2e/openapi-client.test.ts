import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { sellThroughGeneratedClient } from '../support/openapi-client-sale';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Clients generated from the contract: the committed `openapi.json` is the document the server serves,
 * the committed TypeScript types are what openapi-typescript makes of it, and a client typed by them
 * (openapi-fetch) compiles against the reference's own bodies and rings up a sale.
 */

const ROOT = resolve(__dirname, '../..');
let t: TestServer;
let served: string;

beforeAll(async () => {
  t = await startTestServer();
  served = await (await fetch(`${t.url}/api/v1/openapi.json`)).text();
});
afterAll(() => t.close());

it('openapi.json is the served document (run `npm run schema:print` after changing the API)', () => {
  expect(JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'))).toEqual(JSON.parse(served));
});

it("tests/generated/openapi.ts is openapi-typescript's output for it (run `npm run codegen`)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-ts-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), served);
    const cli = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
    execFileSync(process.execPath, [cli, join(dir, 'openapi.json'), '--output', join(dir, 'openapi.ts')], {
      stdio: 'pipe',
    });
    expect(readFileSync(join(dir, 'openapi.ts'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'tests/generated/openapi.ts'), 'utf8'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a client typed by the generated types compiles against the reference bodies', () => {
  const file = join(ROOT, 'tests/support/openapi-client-sale.ts');
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
});

it('and rings up the reference sale: 2 coffees at 9.99, 8.25 % tax, paid 22.00 in cash', async () => {
  const { status, sale, receipt } = await sellThroughGeneratedClient(t.url, 'A1');
  expect(status).toBe(201);
  // 2 × 999 = 1998; 1998 × 8.25 % = 164.835, rounded half-even to 165; 1998 + 165 = 2163; 2200 − 2163 = 37.
  expect(sale).toMatchObject({
    receiptNumber: 'R-0001',
    status: 'COMPLETED',
    subtotal: 1998,
    taxTotal: 165,
    discountTotal: 0,
    grandTotal: 2163,
    amountPaid: 2200,
    changeGiven: 37,
  });
  expect(sale.items.map((i) => [i.quantity, i.unitPrice, i.taxAmount, i.lineTotal])).toEqual([
    [2000, 999, 165, 2163],
  ]);
  expect(receipt.sale.id).toBe(sale.id);
});
