import { bulkGenerate, generatedCounts, GENERATED_AGENCY, GENERATED_DEPARTMENTS, type GeneratedCounts } from './bulk-generate';
import { runClosedLoop, type LoadResult } from './load';
import { agencySession } from './session';
import type { BenchStack } from './stack';
import { medianSummary, type LatencySummary } from './stats';

export interface ReadsOptions {
  rows: number;
  samples: number;
  repeats: number;
  concurrencies: number[];
  log: (msg: string) => void;
}

export interface ReadQueryResult {
  name: string;
  path: string;
  concurrency: number;
  latency: LatencySummary;
  throughput: number;
  runs: LoadResult[];
}

export interface ReadsResult {
  generated: number;
  generationMs: number;
  counts: GeneratedCounts;
  queries: ReadQueryResult[];
  /** Endpoints that do not exist yet (404), e.g. the statistics before that feature lands. */
  unavailable: string[];
  failures: string[];
}

interface ReadQuery {
  name: string;
  example: string;
  path: (i: number) => string;
  /** Share of `samples` per round: the statistics aggregate whole periods and would otherwise dominate the run. */
  sampleShare?: number;
}

const STATS_GROUPS = ['total', 'procedure', 'department', 'month'] as const;
/** The generated agency keeps the default zone, Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
const LOCAL_OFFSET_MS = 7 * 3_600_000;
/**
 * Calendar periods a report is asked for, as the web app asks: [from, to) of whole months between
 * the agency's local midnights (17:00 UTC, so partial UTC days at both ends), `back` periods
 * before the current one.
 */
function period(months: number, back: number): { from: string; to: string } {
  const now = new Date(Date.now() + LOCAL_OFFSET_MS);
  const startOfCurrent = Math.floor(now.getUTCMonth() / months) * months;
  const from = Date.UTC(now.getUTCFullYear(), startOfCurrent - back * months, 1);
  const to = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth() + months, 1);
  return { from: new Date(from - LOCAL_OFFSET_MS).toISOString(), to: new Date(to - LOCAL_OFFSET_MS).toISOString() };
}

function queries(): ReadQuery[] {
  const dep = (i: number) => GENERATED_DEPARTMENTS[i % GENERATED_DEPARTMENTS.length];
  // The statistics rotate over the four groupings and over several recent periods of one length
  // (the last 6 months, the last 4 quarters, the last 2 years: the archive spans 24 months).
  const stats = (label: string, months: number, periods: number): ReadQuery => ({
    name: `timeliness statistics, ${label} (GET /api/stats/timeliness)`,
    example: `/api/stats/timeliness?from=…&to=…&groupBy=(none)|procedure|department|month (last ${periods} ${label}s in turn)`,
    sampleShare: 0.25,
    path: (i) => {
      const p = period(months, Math.floor(i / STATS_GROUPS.length) % periods);
      const g = STATS_GROUPS[i % STATS_GROUPS.length];
      // No groupBy is the whole-agency total.
      return `/api/stats/timeliness?from=${p.from}&to=${p.to}${g === 'total' ? '' : `&groupBy=${g}`}`;
    },
  });
  return [
    { name: 'inbox (GET /api/tasks)', example: '/api/tasks?departmentCode=P03&page=1&pageSize=20', path: (i) => `/api/tasks?departmentCode=${dep(i)}&page=1&pageSize=20` },
    {
      name: 'overdue list (GET /api/dossiers)',
      example: '/api/dossiers?timeliness=overdue&departmentCode=P03&page=1&pageSize=20',
      path: (i) => `/api/dossiers?timeliness=overdue&departmentCode=${dep(i)}&page=1&pageSize=20`,
    },
    stats('month', 1, 6),
    stats('quarter', 3, 4),
    stats('year', 12, 2),
  ];
}

/**
 * Bulk-generates the archive, then times each read endpoint over HTTP: `samples` requests per
 * round, rotating over departments (or grouping modes), `repeats` rounds, medians reported.
 */
export async function runReads(stack: BenchStack, opts: ReadsOptions): Promise<ReadsResult> {
  const { log } = opts;
  log(`reads: generating ${opts.rows} dossiers in PostgreSQL`);
  const generationMs = await bulkGenerate(stack.db, opts.rows, log, Math.min(100_000, Math.max(1000, Math.ceil(opts.rows / 10))));
  const counts = await generatedCounts(stack.db);
  log(`reads: ${counts.dossiers} dossiers (${counts.open} open, ${counts.overdue} overdue), ${counts.postgresMiB} MiB`);
  // Reads as an agency of the generated archive: every list is scoped to the caller's agency.
  const { http } = await agencySession(stack, GENERATED_AGENCY);
  const failures: string[] = [];
  const unavailable: string[] = [];
  const results: ReadQueryResult[] = [];
  try {
    for (const q of queries()) {
      const probe = await http.get(q.path(0));
      if (probe.status === 404) {
        unavailable.push(q.name);
        log(`reads: ${q.name} answers 404, not available yet`);
        continue;
      }
      const samples = Math.max(8, Math.round(opts.samples * (q.sampleShare ?? 1)));
      for (const c of opts.concurrencies) {
        const runs: LoadResult[] = [];
        for (let r = 0; r < opts.repeats; r++) {
          const run = await runClosedLoop({ n: samples, concurrency: c, log, label: `${q.name} c=${c} #${r + 1}` }, async (i) => {
            const res = await http.get(q.path(i));
            return res.status === 200 ? res.ms : `GET ${q.path(i)} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`;
          });
          if (run.errors) failures.push(`${q.name}: ${run.errors} failed, e.g. ${run.errorSamples[0]}`);
          runs.push(run);
        }
        const latency = medianSummary(runs.map((x) => x.latency));
        const throughput = runs.map((x) => x.throughput).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
        log(`reads: ${q.name} c=${c}: p50 ${latency.p50} ms, p95 ${latency.p95} ms`);
        results.push({ name: q.name, path: q.example, concurrency: c, latency, throughput, runs });
      }
    }
  } finally {
    http.close();
  }
  return { generated: opts.rows, generationMs, counts, queries: results, unavailable, failures };
}
