import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { onShutdownSignal } from '../scripts/lib/children';
import { runCapacity } from './capacity';
import { describeEnvironment } from './environment';
import { runIntake } from './intake';
import { helpText, parseOptions, type BenchOptions, type Scenario } from './options';
import { runReads } from './reads';
import { trackLoad } from './proc-stats';
import { refreshDocs, saveResults, sections, type BenchResults } from './report';
import { startBenchStack, type BenchStack } from './stack';
import { runStorm } from './storm';

const startedMs = Date.now();
function log(msg: string): void {
  const s = Math.round((Date.now() - startedMs) / 1000);
  process.stdout.write(`[bench ${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${msg}\n`);
}

let current: BenchStack | undefined;

/**
 * Intake and storm share one stack; capacity and reads get a fresh one in a full run, so the
 * memory and size figures of the ramp start from an empty system rather than from the 30,000
 * dossiers the intake levels leave open. A quick run keeps everything on one stack to stay short.
 */
function stackGroups(o: BenchOptions): Scenario[][] {
  const want = (names: Scenario[]) => names.filter((s) => o.only.includes(s));
  return (o.quick ? [want(['intake', 'storm', 'capacity', 'reads'])] : [want(['intake', 'storm']), want(['capacity', 'reads'])]).filter((g) => g.length > 0);
}

async function runScenario(name: Scenario, stack: BenchStack, o: BenchOptions, results: BenchResults): Promise<void> {
  const started = Date.now();
  log(`── ${name} ──`);
  const load = trackLoad(() => stack.pids);
  try {
    if (name === 'intake') results.intake = await runIntake(stack, { ...o.intake, log });
    if (name === 'storm') results.storm = await runStorm(stack, { ...o.storm, log });
    if (name === 'capacity') results.capacity = await runCapacity(stack, { ...o.capacity, log });
    if (name === 'reads') results.reads = await runReads(stack, { ...o.reads, log });
    results.failures.push(...(results[name]?.failures ?? []));
  } catch (err) {
    results.failures.push(`${name} aborted: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    log(`${name} aborted: ${err instanceof Error ? err.message : String(err)}`);
  }
  const l = load();
  if (l) results.load[name] = l;
  log(`${name} took ${Math.round((Date.now() - started) / 1000)} s${l ? `; CPU busy ${l.busyPct} % (ours ${l.oursPct} %, other processes ${l.othersPct} %)` : ''}`);
}

/**
 * One retry: the Temporal dev server also binds an HTTP port derived from its gRPC port, which
 * another process on a busy machine occasionally holds; new free ports nearly always succeed.
 */
async function startWithRetry(o: BenchOptions): Promise<BenchStack | undefined> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return await startBenchStack({ log, keepData: o.keepData, useEnvServices: o.useEnvServices, workers: o.workers, cpuProfDir: o.cpuProfDir });
    } catch (err) {
      log(`stack start failed (attempt ${attempt}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
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
    log(`starting the stack for ${group.join(' + ')}`);
    const t = Date.now();
    current = await startWithRetry(o);
    if (!current) {
      results.failures.push('the stack did not start (twice); see the output above');
      break;
    }
    log(`stack ready in ${Math.round((Date.now() - t) / 1000)} s (API ${current.apiUrl}, Temporal ${current.temporalAddress})`);
    try {
      results.environment ??= await describeEnvironment(current);
      for (const name of group) {
        await runScenario(name, current, o, results);
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
    log(`bench crashed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    void current?.stop().finally(() => process.exit(1));
  },
);
