/**
 * `npm start`: the demo, as a chain runs it. No configuration: HQ (port 3000, demo data) and store
 * MAIN's own store server (port 3002) run as two processes, each with its own embedded PostgreSQL under
 * ./data, MAIN provisioned with a sync token and syncing with HQ. Stop HQ (its pid is printed) and the
 * store keeps selling; start it again (`npm run demo:hq`) and the sales arrive. Ctrl+C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname, extname, join } from 'node:path';
import { DEMO_USERS } from './demo-data.js';

const HQ_PORT = process.env.PORT ?? '3000';
const STORE_PORT = process.env.STORE_PORT ?? '3002';

/** Runs a sibling entry of this one (`demo-hq`), as this one runs (a build, or the tests' TypeScript). */
function startPart(name: 'hq' | 'store', env: Record<string, string>): ChildProcess {
  const self = process.argv[process.argv.length - 1];
  const entry = join(dirname(self), `${basename(self, extname(self))}-${name}${extname(self)}`);
  const child = spawn(process.execPath, [...process.argv.slice(1, -1), entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop()!;
      for (const line of lines) console.log(`[${name}] ${line}`);
    });
  }
  return child;
}

/** Resolves with the first line of `child`'s output matching `pattern`; rejects if it exits first. */
function lineOf(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`it exited (${code}) before it was ready`)));
  });
}

function banner(hq: ChildProcess, store: ChildProcess, hqUrl: string, storeUrl: string, mainId: string) {
  return `
  POS platform demo: HQ and store MAIN's server, two processes
  HQ server      ${hqUrl}   (pid ${hq.pid})
  GraphQL        ${hqUrl}/graphql   (GraphiQL in a browser; graphql-ws subscriptions on the same path)
  REST API       ${hqUrl}/api/v1    (Swagger UI: ${hqUrl}/api/docs, OpenAPI: ${hqUrl}/api/v1/openapi.json)
  Sync           ${hqUrl}/api/v1/sync/dashboard (signed in), store servers on ${hqUrl}/api/v1/sync/ws
  Store server   ${storeUrl}   (pid ${store.pid}) store MAIN ${mainId}, syncing with HQ

  Sign in (POST ${hqUrl}/api/v1/auth/login {"username":"admin","pin":"1234"}):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(8)} PIN ${u.pin}${u.password ? `, password ${u.password}` : ''}  ${u.role}`).join('\n')}

  At the till (store server): POST ${storeUrl}/api/v1/auth/pin-login {"pin":"1111"}
  manager and cashier hold their roles at store MAIN: on HQ they sign in for it with
    {"username":"manager","pin":"2222","storeId":"${mainId}"}

  Offline: kill ${hq.pid} stops HQ; the store keeps selling. npm run demo:hq starts HQ again, and the
  store's sales reach it within seconds. Ctrl+C stops everything.
`;
}

async function demo(): Promise<void> {
  console.log('Starting the demo: HQ, then store MAIN’s server...');
  const env = { PORT: HQ_PORT, STORE_PORT };
  const parts: ChildProcess[] = [];
  const stop = () => parts.forEach((p) => p.exitCode === null && p.signalCode === null && p.kill('SIGTERM'));
  try {
    parts.push(startPart('hq', env));
    const [, hqUrl, mainId] = await lineOf(parts[0], /HQ ready on (\S+): store MAIN is (\S+)/);
    parts.push(startPart('store', { ...env, HQ_URL: hqUrl }));
    const [, storeUrl] = await lineOf(parts[1], /Store MAIN ready on (\S+)/);
    console.log(banner(parts[0], parts[1], hqUrl, storeUrl, mainId));
  } catch (err) {
    stop();
    throw err;
  }
  const [hq, store] = parts;
  for (const [name, part] of [
    ['HQ', hq],
    ['The store server', store],
  ] as const) {
    part.once('exit', (code, signal) => {
      console.log(`${name} stopped (${signal ?? `exit code ${code}`}).`);
      if (parts.every((p) => p.exitCode !== null || p.signalCode !== null)) process.exit(0);
    });
  }
  // Ctrl+C reaches both parts (one process group); SIGTERM is passed on. Each stops cleanly.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

demo().catch((err: unknown) => {
  console.error(`Start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
