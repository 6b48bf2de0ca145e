import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';

/**
 * A browser, as shops and back offices use one: Debian's Chromium (installed by `.ci/run`), driven by
 * playwright-core. Pages of an allowed origin call the REST API and GraphQL across origins; a page of
 * another origin cannot; Swagger UI and GraphiQL open from this server alone.
 */

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let t: TestServer;
let allowed: Server;
let denied: Server;

/** A server of its own origin, serving an empty page. */
async function originServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>shop page</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const originOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  [allowed, denied] = await Promise.all([originServer(), originServer()]);
  t = await startTestServer({ env: { CORS_ORIGINS: originOf(allowed) } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  allowed?.close();
  denied?.close();
});

/** A fresh page at `url`, with the errors it logs collected. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return { page, errors };
}

/** Runs these calls from a page of `origin` against the server; each answers [status, body] or 'blocked'. */
async function callsFrom(origin: string, token: string) {
  const { page } = await open(`${origin}/`);
  try {
    return await page.evaluate(
      async ({ api, token }) => {
        const call = async (path: string, init: RequestInit) => {
          try {
            const res = await fetch(api + path, init);
            return [res.status, await res.json()];
          } catch {
            return 'blocked';
          }
        };
        const auth = { Authorization: `Bearer ${token}` };
        const json = { ...auth, 'Content-Type': 'application/json' };
        return {
          me: await call('/api/v1/auth/me', { headers: auth }),
          create: await call('/api/v1/departments', {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ name: 'Made from a page' }),
          }),
          graphqlPost: await call('/graphql', {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ query: '{ me { user { username } } }' }),
          }),
          graphqlGet: await call(`/graphql?query=${encodeURIComponent('{ me { user { username } } }')}`, {
            headers: auth,
          }),
        };
      },
      { api: t.url, token },
    );
  } finally {
    await page.close();
  }
}

describe('CORS', () => {
  it('lets a page of an allowed origin call REST and GraphQL, preflights and all', async () => {
    const answers = await callsFrom(originOf(allowed), t.adminToken);
    expect(answers.me).toEqual([200, expect.objectContaining({ success: true })]);
    expect((answers.me as [number, any])[1].data.user.username).toBe('admin');
    expect(answers.create).toEqual([201, expect.objectContaining({ success: true })]);
    const me = { data: { me: { user: { username: 'admin' } } } };
    expect(answers.graphqlPost).toEqual([200, me]);
    expect(answers.graphqlGet).toEqual([200, me]);
  }, 30_000);

  it('blocks a page of any other origin: nothing reaches the server', async () => {
    const before = await t.count('department');
    const answers = await callsFrom(originOf(denied), t.adminToken);
    expect(answers).toEqual({
      me: 'blocked',
      create: 'blocked',
      graphqlPost: 'blocked',
      graphqlGet: 'blocked',
    });
    expect(await t.count('department')).toBe(before);
  }, 30_000);

  it('answers a preflight for an allowed origin only', async () => {
    const preflight = (origin: string, path: string) =>
      fetch(`${t.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
    for (const path of ['/api/v1/sales', '/graphql']) {
      const ok = await preflight(originOf(allowed), path);
      expect([path, ok.status, ok.headers.get('access-control-allow-origin')]).toEqual([
        path,
        204,
        originOf(allowed),
      ]);
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      const other = await preflight(originOf(denied), path);
      expect([path, other.headers.get('access-control-allow-origin')]).toEqual([path, null]);
    }
  });
});

describe('pages served locally', () => {
  it('opens Swagger UI on the served document at /api/docs', async () => {
    const { page, errors } = await open(`${t.url}/api/docs`);
    await page.waitForSelector('.opblock-tag', { timeout: 20_000 });
    expect(await page.locator('.info .title').first().innerText()).toMatch(/POS platform REST API/);
    expect(await page.locator('.opblock-tag').count()).toBeGreaterThanOrEqual(18);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('opens GraphiQL at /graphql for a browser, and runs a query with the Authorization header', async () => {
    const { page, errors } = await open(`${t.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    expect(errors).toEqual([]);
    // What GraphiQL's fetcher sends: a POST of JSON.
    const answer = await page.evaluate(async (token) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { user { username } } }' }),
      });
      return res.json();
    }, t.adminToken);
    expect(answer).toEqual({ data: { me: { user: { username: 'admin' } } } });
    await page.close();
  }, 30_000);
});
