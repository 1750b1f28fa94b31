import { resolve } from 'node:path';
import { loadConfig, loadLauncherConfig } from '../libs/config/src';
import { onShutdownSignal } from './lib/children';
import { launchStack, type LaunchedStack, type Topology } from './lib/launcher';
import { launchFailureLine } from './lib/launch-error';

const root = resolve(__dirname, '../..');
const log = (msg: string) => process.stdout.write(`${msg}\n`);

/**
 * `npm start` (one API, one worker, the Temporal dev server) and `npm run start:cluster` (the
 * official multi-service Temporal server on PostgreSQL, CLUSTER_WORKERS workers and CLUSTER_APIS
 * API processes on one port): the same launcher, chosen by the first argument. Data lives under
 * DATA_DIR, so a second start finds the earlier dossiers and their pending deadlines.
 */
async function main(): Promise<void> {
  const topology: Topology = process.argv[2] === 'cluster' ? 'cluster' : 'single';
  let stack: LaunchedStack | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await stack?.stop();
    process.exit(code);
  };
  onShutdownSignal(() => shutdown(0), log);
  let portSettings: Record<string, number> = {};
  try {
    const config = loadConfig();
    const launcher = loadLauncherConfig();
    const { PG_PORT, TEMPORAL_PORT, TEMPORAL_UI_PORT, MAILPIT_SMTP_PORT, MAILPIT_HTTP_PORT } = launcher;
    portSettings = { PORT: config.PORT, PG_PORT, TEMPORAL_PORT, TEMPORAL_UI_PORT, MAILPIT_SMTP_PORT, MAILPIT_HTTP_PORT };
    const dataDir = resolve(root, launcher.DATA_DIR ?? (topology === 'cluster' ? '.data/cluster' : '.data'));
    stack = await launchStack({
      topology,
      config,
      launcher,
      dataDir,
      log,
      onFatal: (reason) => {
        log(`${reason}; shutting down`);
        void shutdown(1);
      },
    });
    log('');
    log(`dossier-flow is running${topology === 'cluster' ? ' (cluster topology)' : ''}`);
    for (const line of stack.describe()) log(`  ${line}`);
    log('Ctrl-C stops everything.');
  } catch (err) {
    // One line, cause and fix; the rest (a tool's output, the stack) in the log file it names.
    log(launchFailureLine('start', err, { portSettings }));
    await shutdown(1);
  }
}

void main();
