import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { onShutdownSignal } from '../scripts/lib/children';
import { runCapacity } from './capacity';
import { describeEnvironment } from './environment';
import { runIntake } from './intake';
import { DEFAULT_INTAKE_MODE } from './intake-drain';
import { COMPARED, helpText, parseOptions, SCENARIOS, type BenchOptions, type Scenario } from './options';
import { runReads } from './reads';
import { comparedOn, comparing, modeOrder, runCompared } from './compare';
import { measure, type Measured } from './measure';
import { refreshDocs, saveResults, sections, type BenchResults, type ServerRun } from './report';
import { startBenchStack, type BenchStack, type TemporalKind } from './stack';
import { runStorm } from './storm';
import { launchFailureLine } from '../scripts/lib/launch-error';

const startedMs = Date.now();
function log(msg: string): void {
  const s = Math.round((Date.now() - startedMs) / 1000);
  process.stdout.write(`[bench ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${msg}\n`);
}

let current: BenchStack | undefined;

interface StackGroup {
  server: TemporalKind;
  scenarios: Scenario[];
}

/**
 * Intake and storm share one stack; capacity and reads get a fresh one in a full run, so the
 * memory and size figures of the ramp start from an empty system rather than from the 30,000
 * dossiers the intake levels leave open. A quick run keeps everything on one stack to stay short.
 * A comparison (--cluster) runs intake and storm again on each other server's own stack, right
 * after the dev server's, so the servers are measured back to back on the same machine.
 */
function stackGroups(o: BenchOptions): StackGroup[] {
  const want = (names: readonly Scenario[]) => names.filter((s) => o.only.includes(s));
  const dev: StackGroup[] = !o.servers.includes('dev')
    ? []
    : o.quick
      ? [{ server: 'dev', scenarios: want(SCENARIOS) }]
      : [{ server: 'dev', scenarios: want(['intake', 'storm']) }, { server: 'dev', scenarios: want(['capacity', 'reads']) }];
  const others = o.servers.filter((s) => s !== 'dev').map((server): StackGroup => ({ server, scenarios: want(COMPARED) }));
  return [...dev.slice(0, 1), ...others, ...dev.slice(1)].filter((g) => g.scenarios.length > 0);
}

async function runScenario(name: Scenario, stack: BenchStack, o: BenchOptions, results: BenchResults): Promise<Measured<unknown>> {
  const m = await measure(name, '', stack, results.failures, log, async () => {
    if (name === 'intake') return (results.intake = await runIntake(stack, { ...o.intake, log }));
    if (name === 'storm') return (results.storm = await runStorm(stack, { ...o.storm, log }));
    if (name === 'capacity') return (results.capacity = await runCapacity(stack, { ...o.capacity, log }));
    return (results.reads = await runReads(stack, { ...o.reads, log }));
  });
  if (m.load) results.load[name] = m.load;
  return m;
}

/**
 * One retry: the Temporal dev server also binds an HTTP port derived from its gRPC port, which
 * another process on a busy machine occasionally holds; new free ports nearly always succeed.
 */
async function startWithRetry(o: BenchOptions, group: StackGroup): Promise<BenchStack | undefined> {
  const { server } = group;
  // The first intake mode from the start, so a comparison restarts the apps only to change it.
  const first = comparedOn(o, server) && group.scenarios.includes('intake') ? modeOrder(o)[0] : undefined;
  const env = first ? { INTAKE_MODE: first } : undefined;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return await startBenchStack({ log, keepData: o.keepData, useEnvServices: o.useEnvServices, workers: o.workers, cpuProfDir: o.cpuProfDir, temporal: server, env });
    } catch (err) {
      log(launchFailureLine(`stack start (attempt ${attempt})`, err));
    }
  }
  return undefined;
}

async function main(): Promise<number> {
  let o: BenchOptions | 'help';
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (o === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  if (o.docsFrom) {
    const saved = JSON.parse(await readFile(o.docsFrom, 'utf8')) as BenchResults;
    log(`docs refreshed from ${o.docsFrom}: ${await refreshDocs({ ...saved, load: saved.load ?? {} })}`);
    return 0;
  }
  onShutdownSignal(async () => {
    await current?.stop();
  }, log);
  const results: BenchResults = { mode: o.quick ? 'quick' : 'full', startedAt: new Date(startedMs).toISOString(), options: o, load: {}, failures: [] };
  log(`${results.mode} benchmark: ${o.only.join(', ')}`);

  for (const group of stackGroups(o)) {
    log(`starting the stack (Temporal ${group.server === 'dev' ? 'dev server' : 'cluster'}) for ${group.scenarios.join(' + ')}`);
    const t = Date.now();
    current = await startWithRetry(o, group);
    if (!current) {
      results.failures.push(`the stack (${group.server}) did not start (twice); see the output above`);
      break;
    }
    log(`stack ready in ${Math.round((Date.now() - t) / 1000)} s (API ${current.apiUrl}, Temporal ${current.temporalAddress})`);
    try {
      const environment = await describeEnvironment(current);
      if (group.server === 'dev') results.environment ??= environment;
      const run: ServerRun = { server: group.server, environment, load: {}, peakRssMiB: {} };
      for (const name of group.scenarios) {
        const compared = comparing(o) && COMPARED.includes(name);
        if (compared && !results.servers?.includes(run)) (results.servers ??= []).push(run);
        if (compared && comparedOn(o, group.server)) {
          await runCompared(name, current, o, run, results.failures, log);
        } else {
          const m = await runScenario(name, current, o, results);
          if (compared) {
            // A quick comparison shows the dev server's regular pass beside the cluster's.
            const key = name === 'intake' ? `intake:${DEFAULT_INTAKE_MODE}` : name;
            if (name === 'intake' && results.intake) run.intake = [results.intake];
            if (name === 'storm') run.storm = results.storm;
            if (m.load) run.load[key] = m.load;
            run.peakRssMiB[key] = m.rss;
          }
        }
        await saveResults(results, false);
      }
    } finally {
      log('stopping the stack');
      await current.stop();
      current = undefined;
    }
  }

  results.finishedAt = new Date().toISOString();
  const file = await saveResults(results, true);
  process.stdout.write(`\n${Object.values(sections(results)).join('\n\n')}\n\n`);
  log(`results: ${file}`);
  if (o.writeDocs) log(`docs refreshed: ${await refreshDocs(results)}`);
  if (results.failures.length) {
    log(`FAILED (${results.failures.length}):`);
    for (const f of results.failures) log(`  - ${f}`);
    return 1;
  }
  log(`done in ${Math.round((Date.now() - startedMs) / 1000)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // One line, cause and fix; the stack and any tool output in the log file it names.
    log(launchFailureLine('bench', err));
    void current?.stop().finally(() => process.exit(1));
  },
);
