import { trackLoad, trackPeakRss, type MachineLoad, type RssPeaks } from './proc-stats';
import type { BenchStack } from './stack';

export interface Measured<T> {
  value?: T;
  load?: MachineLoad;
  rss: RssPeaks;
}

/**
 * Runs one measured part of a run (a scenario, or intake in one mode): how busy the machine was,
 * each process's peak memory, and its failures into `failures`, prefixed with `tag`. A part that
 * throws is a failure too; the run goes on with the next.
 */
export async function measure<T extends { failures: string[] }>(
  label: string,
  tag: string,
  stack: BenchStack,
  failures: string[],
  log: (msg: string) => void,
  fn: () => Promise<T>,
): Promise<Measured<T>> {
  const started = Date.now();
  log(`── ${label} ──`);
  const load = trackLoad(() => stack.pids);
  const rss = trackPeakRss(() => stack.pids);
  let value: T | undefined;
  try {
    value = await fn();
    failures.push(...value.failures.map((f) => `${tag}${f}`));
  } catch (err) {
    failures.push(`${tag}${label} aborted: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    log(`${label} aborted: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [l, peak] = [load(), rss()];
  log(`${label} took ${Math.round((Date.now() - started) / 1000)} s${l ? `; CPU busy ${l.busyPct} % (ours ${l.oursPct} %, other processes ${l.othersPct} %)` : ''}`);
  return { value, load: l, rss: peak };
}
