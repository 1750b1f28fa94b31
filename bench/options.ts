import type { TemporalKind } from './stack';

export const SCENARIOS = ['intake', 'storm', 'capacity', 'reads'] as const;
export type Scenario = (typeof SCENARIOS)[number];
/** The scenarios measured on each server of a comparison (`--cluster`); capacity and reads run on the dev server only. */
export const COMPARED: readonly Scenario[] = ['intake', 'storm'];

export interface BenchOptions {
  quick: boolean;
  only: Scenario[];
  intake: { n: number; repeats: number; concurrencies: number[]; warmup: number; agencies: number; profileSamples: number };
  storm: { n: number; windowSec: number; concurrency: number; marginSec: number; graceSec: number; probe: number; bare: boolean; intakeConcurrency: number };
  /** DEADLINE_CLOCK_SHARDS values to run the compared storm once each with (the apps restarted per value); undefined = the app's default. */
  clockShards?: number[];
  capacity: { max: number; step: number; concurrency: number; agencies: number };
  reads: { rows: number; samples: number; repeats: number; concurrencies: number[] };
  /** Worker processes on the one task queue. */
  workers: number;
  /** Temporal servers the compared scenarios run on, one stack each: ['dev'], or ['dev', 'cluster'] with --cluster. */
  servers: TemporalKind[];
  /** INTAKE_MODE values to run intake once each with (the API and worker restarted per mode); undefined = the app's default, unset. */
  intakeModes?: string[];
  /** Intake and storm sizes on the servers other than dev, when they differ: a quick run's cluster pass is kept short. */
  otherServerSizes?: Pick<BenchOptions, 'intake' | 'storm'>;
  /** Write V8 CPU profiles of the API and worker processes here (see where a scenario's time goes). */
  cpuProfDir?: string;
  keepData: boolean;
  writeDocs: boolean;
  /** Honour DATABASE_URL / TEMPORAL_ADDRESS. Off for --quick unless --external: npm test must not write bench data into a developer's database. */
  useEnvServices: boolean;
  /** Only re-render docs/benchmarks.md from this results file (runs nothing). */
  docsFrom?: string;
}

const HELP = `Usage: npm run bench -- [options]
  --quick                 small N on one stack (runs in npm test); results go to the temp dir, docs untouched
  --only a,b              scenarios to run: ${SCENARIOS.join(', ')} (default: all)
  --n N                   intake registrations per concurrency level and repeat (default 2000)
  --repeats R             repeats per intake level and read query; figures are medians (default 3)
  --concurrency 1,8,32    intake concurrency levels (default 1,8,32,128)
  --agencies K            agencies (one procedure each) intake and capacity spread over (default 8)
  --storm-n N             dossiers in the deadline storm (default 10000)
  --storm-window S        seconds within which all storm deadlines fall (default 60)
  --storm-intake C        desks registering at concurrency C while the storm's alerts fire, then alone as long (default 8; 0: none, the storm's own cost)
  --no-bare               skip the storm on the bare engine
  --clock-shards 1,4      run the compared storm once per DEADLINE_CLOCK_SHARDS (API and worker restarted with it)
  --cluster-only          with --cluster: only the cluster's stack (skip the dev server)
  --capacity-max N        open dossiers to ramp to (default 100000)
  --capacity-step N       ramp step (default 10000)
  --reads-rows N          dossiers to bulk-generate for the read benchmark (default 1000000)
  --workers N             worker processes polling the task queue (default 1)
  --cluster               compare servers: intake and storm on the dev server, then on the official multi-service
                          server (v1.29.1, 4 processes, PostgreSQL, 8 history shards); results in the "cluster"
                          block. Full run defaults: --only intake,storm --concurrency 1,8,32 --repeats 1 --n 1000
                          --intake-modes update-with-start,start (each overridable); with --quick it adds a
                          short cluster pass after the usual quick run
  --intake-modes a,b      run intake once per INTAKE_MODE (API and worker restarted with it), rows side by side
  --cpu-prof DIR          write V8 CPU profiles of the API and worker processes into DIR (one per thread, on stop)
  --external              with --quick: also use DATABASE_URL / TEMPORAL_ADDRESS (a full run always does)
  --keep-data             keep the embedded stack's data directories
  --no-docs               do not refresh docs/benchmarks.md
  --docs-from FILE        run nothing; refresh docs/benchmarks.md from a results file (blocks it has)
Environment: DATABASE_URL / TEMPORAL_ADDRESS use running services (the bench adds dossiers there, 1,000,000
generated ones for the read benchmark, and accounts of its own: use scratch services); WORKER_*,
DB_POOL_SIZE, INBOX_COUNT_LIMIT tune the app.`;

function full(): BenchOptions {
  return {
    quick: false,
    only: [...SCENARIOS],
    intake: { n: 2000, repeats: 3, concurrencies: [1, 8, 32, 128], warmup: 200, agencies: 8, profileSamples: 60 },
    storm: { n: 10_000, windowSec: 60, concurrency: 32, marginSec: 20, graceSec: 60, probe: 300, bare: true, intakeConcurrency: 8 },
    capacity: { max: 100_000, step: 10_000, concurrency: 32, agencies: 8 },
    reads: { rows: 1_000_000, samples: 200, repeats: 3, concurrencies: [1, 8] },
    workers: 1,
    servers: ['dev'],
    keepData: false,
    writeDocs: true,
    useEnvServices: true,
  };
}

/** Same scenarios and code paths as the full run, sized to finish well inside npm test's budget. */
function quick(): BenchOptions {
  const o = full();
  return {
    ...o,
    quick: true,
    intake: { ...o.intake, n: 48, repeats: 1, warmup: 16, profileSamples: 10 },
    storm: { ...o.storm, n: 120, windowSec: 6, marginSec: 2, graceSec: 20, probe: 32, intakeConcurrency: 4 },
    capacity: { ...o.capacity, max: 300, step: 150 },
    reads: { rows: 10_000, samples: 16, repeats: 1, concurrencies: [1, 8] },
    writeDocs: false,
    useEnvServices: false,
  };
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got ${value ?? 'nothing'}`);
  return n;
}

function intList(flag: string, value: string | undefined): number[] {
  return (value ?? '').split(',').map((v) => positiveInt(flag, v.trim()));
}

/**
 * The comparison's defaults: the three levels the issue asks for, one repeat of N = 1,000, both
 * intake modes and the full storm, on each server: ~1 h on 2 cores, most of it the cluster's bare
 * storm (20,000 timers at a few dozen per second).
 */
function withCluster(o: BenchOptions): BenchOptions {
  return {
    ...o,
    servers: ['dev', 'cluster'],
    only: o.quick ? o.only : [...COMPARED],
    intake: { ...o.intake, concurrencies: [1, 8, 32], ...(o.quick ? {} : { repeats: 1, n: 1000 }) },
    intakeModes: ['update-with-start', 'start'],
    // npm test's pass on the cluster: both modes (restart and drain) and the storm with its bare
    // engine, at one level and small N, so it adds about a minute and a half.
    otherServerSizes: o.quick
      ? { intake: { ...o.intake, n: 24, warmup: 8, concurrencies: [8], profileSamples: 5 }, storm: { ...o.storm, n: 60, probe: 16 } }
      : undefined,
  };
}

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const base = argv.includes('--quick') ? quick() : full();
  const o = argv.includes('--cluster') ? withCluster(base) : base;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--quick': case '--cluster': break;
      case '--intake-modes': {
        const modes = (value() ?? '').split(',').map((m) => m.trim()).filter(Boolean);
        if (!modes.length) throw new Error('--intake-modes expects a list such as update-with-start,start');
        o.intakeModes = [...new Set(modes)];
        break;
      }
      case '--only': {
        const names = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const bad = names.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
        if (bad.length || names.length === 0) throw new Error(`--only expects some of ${SCENARIOS.join(', ')}; got ${bad.join(', ') || 'nothing'}`);
        o.only = names as Scenario[];
        break;
      }
      case '--n': o.intake.n = positiveInt(flag, value()); break;
      case '--repeats': o.intake.repeats = o.reads.repeats = positiveInt(flag, value()); break;
      case '--concurrency': o.intake.concurrencies = intList(flag, value()); break;
      case '--agencies': o.intake.agencies = o.capacity.agencies = positiveInt(flag, value()); break;
      case '--storm-n': o.storm.n = positiveInt(flag, value()); break;
      case '--storm-window': o.storm.windowSec = positiveInt(flag, value()); break;
      case '--storm-intake': {
        const v = value();
        o.storm.intakeConcurrency = v === '0' ? 0 : positiveInt(flag, v);
        break;
      }
      case '--no-bare': o.storm.bare = false; break;
      case '--clock-shards': o.clockShards = [...new Set(intList(flag, value()))]; break;
      case '--cluster-only': o.servers = o.servers.filter((s) => s !== 'dev'); break;
      case '--capacity-max': o.capacity.max = positiveInt(flag, value()); break;
      case '--capacity-step': o.capacity.step = positiveInt(flag, value()); break;
      case '--reads-rows': o.reads.rows = positiveInt(flag, value()); break;
      case '--workers': o.workers = positiveInt(flag, value()); break;
      case '--cpu-prof': o.cpuProfDir = value(); if (!o.cpuProfDir) throw new Error('--cpu-prof expects a directory'); break;
      case '--keep-data': o.keepData = true; break;
      case '--external': o.useEnvServices = true; break;
      case '--docs-from': o.docsFrom = value(); break;
      case '--no-docs': o.writeDocs = false; break;
      default: throw new Error(`unknown option ${flag}\n\n${HELP}`);
    }
  }
  if (o.capacity.step > o.capacity.max) o.capacity.step = o.capacity.max;
  return o;
}

export function helpText(): string {
  return HELP;
}
