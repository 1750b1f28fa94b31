import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import { loadLauncherConfig } from '../../../libs/config/src/launcher-config';
import { crashBudget, MAX_CRASHES, RESTART_DELAY_MS } from '../../../libs/config/src/restart-policy';

/**
 * Several API processes on one address: Node's cluster module lets every process accept on the
 * same port (the primary hands connections round-robin), so users, the web app and SSE clients
 * see one address with nothing else installed. Each process is a whole API (its own pools and its
 * own LISTEN for alerts), so any of them serves any request. A process that dies is forked again;
 * SIGTERM/SIGINT stops them all, each finishing its requests.
 */
const count = loadLauncherConfig().CLUSTER_APIS;
const log = (msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, context: 'api-cluster', ...extra, msg })}\n`);

cluster.setupPrimary({ exec: resolve(__dirname, 'main.js') });
let stopping = false;
const mayRestart = crashBudget();

function fork(): Worker {
  const worker = cluster.fork();
  log('API process started', { apiPid: worker.process.pid });
  return worker;
}

cluster.on('exit', (worker, code, signal) => {
  if (stopping) return;
  // A process that cannot start (bad config, database unreachable) would otherwise be forked for ever.
  if (!mayRestart()) {
    log(`API processes keep dying (more than ${MAX_CRASHES} in a minute); giving up`, { apiPid: worker.process.pid, code, signal });
    shutdown(1);
    return;
  }
  log('API process died; starting another', { apiPid: worker.process.pid, code, signal });
  setTimeout(() => !stopping && fork(), RESTART_DELAY_MS);
});

function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
  if (workers.length === 0) process.exit(code);
  let left = workers.length;
  for (const w of workers) {
    w.once('exit', () => --left === 0 && process.exit(code));
    w.process.kill('SIGTERM');
  }
  // Stragglers (an SSE stream held open by a client) get SIGKILL after a grace period.
  setTimeout(() => {
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
  }, 10_000).unref();
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => shutdown(0));
log(`starting ${count} API processes on one port`);
for (let i = 0; i < count; i++) fork();
