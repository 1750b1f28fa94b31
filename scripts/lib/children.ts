import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { describeExit, hasExited, pipeLines, terminate } from './output-lines';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildHandle {
  name: string;
  process: ChildProcess;
  /** Settles when the child is gone, whether it crashed or was stopped; lets the launcher react to crashes. */
  exited: Promise<ChildExit>;
}

const running = new Set<ChildHandle>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if the launcher dies without calling stopAll(): children are detached, so
  // nothing else would signal them.
  process.on('exit', () => {
    for (const child of running) if (!hasExited(child.process)) child.process.kill('SIGTERM');
  });
}

/**
 * Spawns a long-running process (API, worker, ...) with its output prefixed by `name`.
 * `env` is layered over the launcher's environment. The child gets its own process group so a
 * terminal Ctrl-C reaches only the launcher, which then stops children exactly once, in order.
 */
export function spawnChild(
  name: string,
  cmd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (msg: string) => void,
): ChildHandle {
  installExitHook();
  const child = spawn(cmd, [...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  pipeLines(child.stdout, (line) => log(`[${name}] ${line}`));
  pipeLines(child.stderr, (line) => log(`[${name}] ${line}`));

  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', (err) => {
      log(`[${name}] failed to start: ${err.message}`);
      // 'exit' is not emitted when spawning fails, so settle here instead.
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      log(`[${name}] exited (${describeExit(code, signal)})`);
      resolve({ code, signal });
    });
  });
  const handle: ChildHandle = { name, process: child, exited };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** SIGTERMs every running child in parallel and waits; stragglers get SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 10_000): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(async (child) => {
      await terminate(child.process, 'SIGTERM', graceMs);
      await child.exited;
    }),
  );
}

export function runningChildren(): readonly ChildHandle[] {
  return [...running];
}

/**
 * Because children (and detached infrastructure) do not receive the terminal's Ctrl-C, the
 * launcher must translate signals into an orderly shutdown. The first SIGINT/SIGTERM/SIGHUP runs
 * `shutdown` once and exits with 128+signo; a second one exits at once, and the 'exit' hooks
 * still signal whatever is left.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>, log: (msg: string) => void): void {
  let shuttingDown = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      const code = 128 + constants.signals[signal];
      if (shuttingDown) {
        log(`received ${signal} again, exiting without waiting`);
        process.exit(code);
      }
      shuttingDown = true;
      log(`received ${signal}, shutting down (repeat to force)`);
      shutdown(signal).then(
        () => process.exit(code),
        (err: unknown) => {
          log(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
          process.exit(1);
        },
      );
    });
  }
}
