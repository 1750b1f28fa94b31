import { spawn, type SpawnOptions } from 'node:child_process';
import { RecentLines, describeExit, hasExited, pipeLines, terminate } from './output-lines';
import { LaunchError, firstMeaningfulLine, spawnFailure } from './launch-error';

export interface ServiceProcess {
  name: string;
  pid?: number;
  /** Rejects if the process exits (or cannot spawn) before stop() is called: race it against readiness. */
  died: Promise<never>;
  /** The tail of its output, for error messages. */
  recent: RecentLines;
  /** Idempotent: `stopSignal`, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  cmd: string;
  args: string[];
  spawn?: Pick<SpawnOptions, 'detached' | 'env' | 'uid' | 'gid' | 'cwd'>;
  stopSignal?: NodeJS.Signals;
  graceMs?: number;
  /** Every output line; `stopping` is true once stop() was called (shutdown noise can be dropped). */
  onLine?: (line: string, stopping: boolean) => void;
}

/**
 * An infrastructure process (Temporal, PostgreSQL) run by a launcher: output piped line by line,
 * killed if the launcher exits, and a `died` promise that explains an early exit with its last
 * output lines.
 */
export function spawnService(opts: ServiceOptions): ServiceProcess {
  const child = spawn(opts.cmd, opts.args, { ...opts.spawn, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent = new RecentLines();
  let stopRequested = false;
  const onLine = (line: string): void => {
    recent.push(line);
    opts.onLine?.(line, stopRequested);
  };
  pipeLines(child.stdout, onLine);
  pipeLines(child.stderr, onLine);
  const signal = opts.stopSignal ?? 'SIGTERM';
  const killOnExit = (): void => {
    if (!hasExited(child)) child.kill(signal);
  };
  process.on('exit', killOnExit);
  // A process that died by itself needs no killing either (a supervisor may start many in turn).
  child.once('exit', () => process.off('exit', killOnExit));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopRequested = true;
    stopping ??= terminate(child, signal, opts.graceMs ?? 5000).finally(() => process.off('exit', killOnExit));
    return stopping;
  };
  const died = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(spawnFailure(opts.name, opts.cmd, err)));
    child.once('exit', (code, sig) => {
      if (!stopRequested) {
        reject(new LaunchError(`${opts.name} exited (${describeExit(code, sig)}): ${firstMeaningfulLine(recent.text())}`, 'fix what it says, then start again', {
          detail: `${opts.name}'s last output:\n${recent.text()}`,
        }));
      }
    });
  });
  died.catch(() => undefined);
  return { name: opts.name, pid: child.pid, died, recent, stop };
}
