import { summarize, type LatencySummary } from './stats';

export interface LoadResult {
  n: number;
  concurrency: number;
  /** Wall time of the whole batch, first request sent to last answer received. */
  durationMs: number;
  throughput: number;
  latency: LatencySummary;
  errors: number;
  /** The first few failures verbatim, so a broken run explains itself in the results file. */
  errorSamples: string[];
}

export interface LoadOptions {
  n: number;
  concurrency: number;
  label: string;
  log: (msg: string) => void;
  /** Seconds between progress lines; long batches must show they are alive. */
  progressEverySec?: number;
  /** Stop sending at this instant (performance.now() ms) even if fewer than `n` were sent: a load for a period. */
  untilMs?: number;
}

/**
 * Closed-loop load: `concurrency` callers each issue the next request as soon as their previous
 * one returns, until `n` have been sent. This is how a fixed pool of desks or an upstream portal
 * with a bounded connection pool behaves; throughput is what the system sustains at that depth.
 * `task` returns the request's latency in ms (so it can exclude client-side preparation) or
 * throws / returns an error string to count a failure.
 */
export async function runClosedLoop(opts: LoadOptions, task: (i: number) => Promise<number | string>): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();
  const every = (opts.progressEverySec ?? 5) * 1000;
  const ticker = setInterval(() => {
    const secs = (performance.now() - started) / 1000;
    opts.log(`  ${opts.label}: ${done}${opts.untilMs === undefined ? `/${opts.n}` : ''} (${(done / secs).toFixed(1)}/s${errors ? `, ${errors} errors` : ''})`);
  }, every);
  const fail = (msg: string) => {
    errors += 1;
    if (errorSamples.length < 5) errorSamples.push(msg);
  };
  const worker = async () => {
    while (next < opts.n && (opts.untilMs === undefined || performance.now() < opts.untilMs)) {
      const i = next++;
      try {
        const r = await task(i);
        if (typeof r === 'string') fail(r);
        else latencies.push(r);
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
      done += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.n) }, worker));
  } finally {
    clearInterval(ticker);
  }
  const durationMs = performance.now() - started;
  return {
    // A load for a period reports what it sent.
    n: opts.untilMs === undefined ? opts.n : done,
    concurrency: opts.concurrency,
    durationMs: Math.round(durationMs),
    throughput: Math.round((latencies.length / durationMs) * 1000 * 10) / 10,
    latency: summarize(latencies),
    errors,
    errorSamples,
  };
}
