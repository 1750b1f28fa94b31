import { runIntake } from './intake';
import { DEFAULT_INTAKE_MODE } from './intake-drain';
import { measure, type Measured } from './measure';
import type { BenchOptions, Scenario } from './options';
import type { ServerRun } from './report';
import type { BenchStack, TemporalKind } from './stack';
import { runStorm } from './storm';

/** A comparison (--cluster, --intake-modes) keeps intake and storm per server (the "cluster" block), not in a regular run's blocks. */
export const comparing = (o: BenchOptions) => o.servers.length > 1 || o.intakeModes !== undefined;

/**
 * Whether intake and storm run as the comparison on this server. A quick run with --cluster keeps
 * its regular pass on the dev server (npm test's) and adds a short comparison on the cluster.
 */
export const comparedOn = (o: BenchOptions, server: TemporalKind) => comparing(o) && !(o.quick && server === 'dev' && o.servers.length > 1);

/** INTAKE_MODE values in the order they run: the default last, so the storm after them needs no restart. */
export function modeOrder(o: BenchOptions): (string | undefined)[] {
  if (!o.intakeModes) return [undefined];
  return [...o.intakeModes.filter((m) => m !== DEFAULT_INTAKE_MODE), ...o.intakeModes.filter((m) => m === DEFAULT_INTAKE_MODE)];
}

/** Intake (once per mode, the API and worker restarted with it) or storm on one server of a comparison, into its ServerRun. */
export async function runCompared(name: Scenario, stack: BenchStack, o: BenchOptions, run: ServerRun, failures: string[], log: (msg: string) => void): Promise<void> {
  const tag = `${stack.server}: `;
  // A quick run's cluster pass is smaller than its regular pass (see options.ts).
  const sizes = (stack.server !== 'dev' && o.otherServerSizes) || o;
  const keep = (key: string, m: Measured<unknown>) => {
    if (m.load) run.load[key] = m.load;
    run.peakRssMiB[key] = m.rss;
  };
  if (name === 'storm') {
    // The storm registers in the app's default mode: it measures alerts, not intake.
    if (o.intakeModes) await stack.setAppEnv({ INTAKE_MODE: DEFAULT_INTAKE_MODE });
    // Once per clock shard count asked for (the apps restarted with it), side by side.
    for (const shards of o.clockShards ?? [undefined]) {
      if (shards) await stack.setAppEnv({ DEADLINE_CLOCK_SHARDS: String(shards) });
      const label = shards ? `storm, ${shards} clock shard${shards > 1 ? 's' : ''}` : 'storm';
      const m = await measure(`${label} on ${stack.server}`, tag, stack, failures, log, () => runStorm(stack, { ...sizes.storm, clockShards: shards, log }));
      if (m.value) (run.storms ??= []).push(m.value);
      run.storm = m.value;
      keep(label, m);
    }
    return;
  }
  for (const mode of modeOrder(o)) {
    if (mode) await stack.setAppEnv({ INTAKE_MODE: mode });
    const m = await measure(`intake on ${stack.server}${mode ? ` (INTAKE_MODE=${mode})` : ''}`, tag, stack, failures, log, () => runIntake(stack, { ...sizes.intake, mode, log }));
    if (m.value) (run.intake ??= []).push(m.value);
    keep(`intake:${m.value?.mode ?? mode ?? DEFAULT_INTAKE_MODE}`, m);
  }
  // Rows in the order the modes were asked for, whatever order they ran in.
  const asked = o.intakeModes ?? [];
  run.intake?.sort((a, b) => asked.indexOf(a.mode) - asked.indexOf(b.mode));
}
