import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Keeps the tail of a child's output so a crash at startup can be explained in the error. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly max = 40) {}

  push(line: string): void {
    // A Go service's JSON log line can carry a 10 kB stack trace: the start of it says enough.
    this.lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.lines.length > this.max) this.lines.shift();
  }

  text(): string {
    return this.lines.length > 0 ? this.lines.join('\n') : '(no output)';
  }
}

/** Chunks from pipes split lines arbitrarily; readline reassembles them so log lines stay whole. */
export function pipeLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    if (line.trim() !== '') onLine(line);
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
}

/** Resolves once the child is gone; resolves immediately if it already exited. */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Sends `signal`, escalating to SIGKILL after `graceMs`. Tolerates an already-dead child so
 * callers can use it from idempotent stop() methods.
 */
export async function terminate(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  // No pid means spawn failed: there is nothing to signal and 'exit' will never fire.
  if (hasExited(child) || child.pid === undefined) return;
  const exited = waitForExit(child);
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const gaveUp = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (gaveUp && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
