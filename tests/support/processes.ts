import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

/**
 * A real server in its own process (`MODE`, `DATABASE_URL`, ... in `env`), for what an in-process
 * server cannot show: a crash (`kill -9`) in the middle of a write, a restart on the same port.
 */
export class ServerProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /**
   * Starts a server and resolves once it listens (its URL is read from its start line), in a process
   * group of its own (as a terminal runs it: `interrupt` is Ctrl+C).
   */
  static start(env: Record<string, string>): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      [resolve('tests/support/run-ts.cjs'), resolve('tests/support/server-process.ts')],
      {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    return new Promise((resolveStart, reject) => {
      let output = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start in time:\n${output}`));
      }, 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/server on (http:\/\/\S+)/);
        if (!match) return;
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolveStart(new ServerProcess(child, match[1]));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      // 'close', not 'exit': by then everything it printed (why it failed) has been read.
      child.once('close', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${output}`));
      });
    });
  }

  /**
   * Kills it (SIGKILL by default: no shutdown, a transaction in flight is lost) and waits for the exit:
   * its exit code, or the signal that ended it.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<{ code: number | null; signal: string | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill(signal);
      await exited;
    }
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  /**
   * Ctrl+C in its terminal: SIGINT to its whole process group (its embedded PostgreSQL too), then waits
   * for the exit.
   */
  async interrupt(): Promise<{ code: number | null; signal: string | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      process.kill(-this.child.pid!, 'SIGINT');
      await exited;
    }
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  /** Its process id. */
  get pid(): number {
    return this.child.pid!;
  }

  /** What it printed (for a failing test's message). */
  get log(): string {
    return this.output;
  }
}

/** A free TCP port on 127.0.0.1 (for a server that must come back on the same address). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Calls a server process's REST API; answers the status and the parsed envelope. */
export async function api(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
