import { FAULT_KINDS, seededRandom, type FaultKind } from './chaos-faults';

export interface ChaosOptions {
  quick: boolean;
  /** Fault order, targets and moments; random (and printed) unless given. */
  seed: number;
  n: number;
  clients: number;
  subscribers: number;
  /** Every fault to inject, in no particular order (the seed shuffles them). */
  faults: FaultKind[];
  /** Random pause before each kill, in seconds. */
  gapSec: [number, number];
  /** Seconds of the two steps of the plan; the at-risk alarm rings at atRiskRatio of each. */
  stepSec: [number, number];
  atRiskRatio: number;
  /** Receipts rounded down to this: the deadlines of a slot's dossiers are bunched on one instant. */
  bucketMs: number;
  completeEvery: number;
  /** Each SSE subscriber also drops and resumes on its own about this often. */
  reconnectEveryMs: number;
  recoveryTimeoutMs: number;
  /** A completion this close to an alarm's instant may or may not beat it. */
  ambiguityMs: number;
  /** After the last alarm came due: how long to wait without progress before calling the rest missing. */
  graceSec: number;
  keepData: boolean;
  writeDocs: boolean;
}

const HELP = `Usage: npm run chaos -- [options]
  --quick          ≈200 dossiers; a worker, an API process and one Temporal service killed (runs in npm test)
  --seed N         repeat a run: the same fault order, targets and moments (printed at the start)
  --n N            dossiers to register (default 2000)
  --clients N      concurrent clients (default 32)
  --subscribers N  SSE subscribers (default 4)
  --faults a,b     the faults to inject, in a seeded random order (default: worker, api, history, matching and
                   frontend twice each, postgres once); kinds: ${FAULT_KINDS.join(', ')}
  --keep-data      keep the stack's data folder
  --no-docs        do not write the figures into docs/reliability.md (a full run does)
The stack is \`npm run start:cluster\`'s topology on free ports and a scratch folder: embedded PostgreSQL,
the four Temporal services, 2 workers, 2 API processes. Each kind of process is killed by its pid at a
random moment and must come back by the launcher's restart policy.`;

function full(seed: number): ChaosOptions {
  return {
    quick: false,
    seed,
    n: 2000,
    clients: 32,
    subscribers: 4,
    faults: ['worker', 'worker', 'api', 'api', 'history', 'history', 'matching', 'matching', 'frontend', 'frontend', 'postgres'],
    gapSec: [3, 12],
    stepSec: [120, 60],
    atRiskRatio: 0.5,
    bucketMs: 10_000,
    completeEvery: 3,
    reconnectEveryMs: 30_000,
    recoveryTimeoutMs: 180_000,
    ambiguityMs: 1000,
    graceSec: 60,
    keepData: false,
    writeDocs: true,
  };
}

/** npm test's pass: one kill each of a worker, an API process and a Temporal service (chosen by the seed), ≈2–3 minutes. */
function quick(seed: number): ChaosOptions {
  const temporal = (['history', 'matching', 'frontend'] as const)[Math.floor(seededRandom(seed ^ 0x5eed)() * 3)]!;
  return { ...full(seed), quick: true, n: 200, clients: 16, subscribers: 2, faults: ['worker', 'api', temporal], gapSec: [2, 6], stepSec: [30, 20], bucketMs: 5000, reconnectEveryMs: 10_000, graceSec: 30, writeDocs: false };
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got ${value ?? 'nothing'}`);
  return n;
}

export function chaosOptions(argv: readonly string[]): ChaosOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 'help';
  }
  const seedAt = argv.indexOf('--seed');
  const seed = seedAt >= 0 ? positiveInt('--seed', argv[seedAt + 1]) : Math.floor(Math.random() * 2 ** 31) + 1;
  const o = argv.includes('--quick') ? quick(seed) : full(seed);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--quick': break;
      case '--seed': value(); break;
      case '--n': o.n = positiveInt(flag, value()); break;
      case '--clients': o.clients = positiveInt(flag, value()); break;
      case '--subscribers': o.subscribers = positiveInt(flag, value()); break;
      case '--faults': {
        const kinds = (value() ?? '').split(',').map((k) => k.trim()).filter(Boolean);
        const bad = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
        if (bad.length || !kinds.length) throw new Error(`--faults expects some of ${FAULT_KINDS.join(', ')}; got ${bad.join(', ') || 'nothing'}`);
        o.faults = kinds as FaultKind[];
        break;
      }
      case '--keep-data': o.keepData = true; break;
      case '--no-docs': o.writeDocs = false; break;
      default: throw new Error(`unknown option ${flag}\n\n${HELP}`);
    }
  }
  return o;
}
