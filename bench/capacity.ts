import { randomUUID } from 'node:crypto';
import type { HttpClient } from './http-client';
import { agencySession } from './session';
import { runClosedLoop } from './load';
import { benchAgency, checkReceipt, createProcedure, registrationBody, workingProcedure, type BenchProcedure } from './procedures';
import { cpuPerUnit, cpuSnapshot, rssMiB, sqliteMiB, trackLoad, type CpuSnapshot, type MachineLoad } from './proc-stats';
import type { BenchStack } from './stack';
import type { LatencySummary } from './stats';

export interface CapacityOptions {
  max: number;
  step: number;
  concurrency: number;
  agencies: number;
  log: (msg: string) => void;
}

export interface CapacityStep {
  /** Open dossiers registered by the ramp so far (all with pending timers). */
  rampOpen: number;
  /** Open dossiers in PostgreSQL, including any left by earlier scenarios on the same stack. */
  openDossiers: number;
  runningWorkflows?: number;
  throughput: number;
  latency: LatencySummary;
  errors: number;
  /** CPU milliseconds per registration in this step, per process: which one's cost grows with the ramp. */
  cpuMsPerDossier?: CpuSnapshot;
  /** How busy the machine was during the step's registrations. */
  load?: MachineLoad;
  workerRssMiB?: number;
  temporalRssMiB?: number;
  apiRssMiB?: number;
  sqliteMiB?: number;
  postgresMiB: number;
}

export interface CapacityResult {
  max: number;
  step: number;
  concurrency: number;
  steps: CapacityStep[];
  failures: string[];
}

/**
 * Ramps open dossiers in steps: each step registers `step` more (working-day plans, so every one
 * keeps its timers pending) and then reads the resident memory of the worker and the Temporal
 * server, the SQLite and PostgreSQL sizes; the step's own registrations give its intake p99.
 */
export async function runCapacity(stack: BenchStack, opts: CapacityOptions): Promise<CapacityResult> {
  const { log } = opts;
  const clients = new Map<string, HttpClient>();
  const runKey = randomUUID().slice(0, 8);
  const failures: string[] = [];
  const steps: CapacityStep[] = [];
  try {
    const procedures: BenchProcedure[] = [];
    for (let a = 0; a < opts.agencies; a++) {
      const p = workingProcedure(benchAgency('C'));
      const { http } = await agencySession(stack, p.agencyCode);
      clients.set(p.code, http);
      procedures.push(await createProcedure(http, p));
    }
    for (let rampOpen = opts.step; rampOpen <= opts.max; rampOpen += opts.step) {
      const cpu0 = cpuSnapshot(stack.pids);
      const stopLoad = trackLoad(() => stack.pids);
      const run = await runClosedLoop({ n: opts.step, concurrency: opts.concurrency, log, label: `capacity → ${rampOpen}`, progressEverySec: 15 }, async (i) => {
        const p = procedures[i % procedures.length];
        const res = await clients.get(p.code)!.post('/api/dossiers', registrationBody(p.code, i), { 'idempotency-key': `bench-${runKey}-cap-${rampOpen}-${i}` });
        const r = checkReceipt(res.status, res.body, p.steps.length);
        return typeof r === 'string' ? r : res.ms;
      });
      const cpuMsPerDossier = cpuPerUnit(cpu0, cpuSnapshot(stack.pids), opts.step);
      const load = stopLoad();
      if (run.errors) failures.push(`capacity step ${rampOpen}: ${run.errors} failed, e.g. ${run.errorSamples[0]}`);
      const { rows } = await stack.db.query<{ open: string; bytes: string }>(
        `SELECT (SELECT count(*) FROM dossiers WHERE finished_at IS NULL) AS open, pg_database_size(current_database()) AS bytes`,
      );
      const running = await stack.temporal.workflow.count('ExecutionStatus = "Running"').then((c) => c.count, () => undefined);
      const step: CapacityStep = {
        rampOpen,
        openDossiers: Number(rows[0].open),
        runningWorkflows: running,
        throughput: run.throughput,
        latency: run.latency,
        errors: run.errors,
        cpuMsPerDossier,
        load,
        workerRssMiB: rssMiB(stack.pids.worker),
        temporalRssMiB: rssMiB(stack.pids.temporal),
        apiRssMiB: rssMiB(stack.pids.api),
        sqliteMiB: await sqliteMiB(stack.sqliteFile),
        postgresMiB: Math.round(Number(rows[0].bytes) / 1048576),
      };
      log(
        `capacity ${rampOpen}: ${step.throughput}/s, p99 ${step.latency.p99} ms, machine ${load?.busyPct ?? '?'} % busy; worker ${step.workerRssMiB ?? '?'} MiB, temporal ${step.temporalRssMiB ?? '?'} MiB, ` +
          `sqlite ${step.sqliteMiB ?? '?'} MiB, postgres ${step.postgresMiB} MiB`,
      );
      steps.push(step);
    }
  } finally {
    for (const c of clients.values()) c.close();
  }
  return { max: opts.max, step: opts.step, concurrency: opts.concurrency, steps, failures };
}
