import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { loadConfig, type AppConfig } from '../libs/config/src';
import { runMigrations } from '../libs/db/src';
import { spawnChild, type ChildHandle } from '../scripts/lib/children';
import { startEmbeddedPostgres, type PgHandle } from '../scripts/lib/embedded-pg';
import { terminate } from '../scripts/lib/output-lines';
import { freePort, waitFor } from '../scripts/lib/ports';
import { CLUSTER_SERVICES, freeClusterPorts, startTemporalCluster, type TemporalClusterHandle } from '../scripts/lib/temporal-cluster';
import { startTemporalDevServer, type TemporalHandle } from '../scripts/lib/temporal-dev-server';
import { postmasterPid, type ProcessIds } from './proc-stats';

const root = resolve(__dirname, '../..');

/** PostgreSQL settings the bench adds to the launcher's defaults (fsync stays on, as in `npm start`). */
export const BENCH_PG_SETTINGS = {
  // Statement statistics let the intake profile say how much of a registration is database time.
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'top',
  // Planning time too: the storm's profile tells a statement's planning from its execution.
  'pg_stat_statements.track_planning': 'on',
  max_connections: 300,
};

/** The Temporal server under the stack: the CLI dev server (SQLite, one process) or the official multi-service server on PostgreSQL. */
export type TemporalKind = 'dev' | 'cluster';

/** numHistoryShards of the bench's cluster: fixed when its store is created. */
export const BENCH_HISTORY_SHARDS = 8;

export interface BenchStack {
  server: TemporalKind;
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** Effective configuration of the API and worker, as they parse it. */
  config: AppConfig;
  pids: ProcessIds;
  workers: number;
  /** Temporal's SQLite file when we run the dev server. */
  sqliteFile?: string;
  external: { postgres: boolean; temporal: boolean };
  pgStatStatements: boolean;
  db: Pool;
  temporal: Client;
  /**
   * Restarts the API and worker processes with these variables on top of their environment (e.g.
   * INTAKE_MODE) and waits until they serve again; `pids` then names the new processes. A no-op
   * when they already run with these values.
   */
  setAppEnv(extra: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  log: (msg: string) => void;
  keepData?: boolean;
  /** Use DATABASE_URL / TEMPORAL_ADDRESS when set; false always starts the embedded services. */
  useEnvServices: boolean;
  /** Overrides for the app's tuning knobs (WORKER_*, DB_POOL_SIZE); defaults come from libs/config. */
  env?: Record<string, string>;
  /** Worker processes polling the one task queue (default 1). */
  workers?: number;
  /** Directory for V8 CPU profiles of the API and worker processes (`node --cpu-prof`), written when they stop. */
  cpuProfDir?: string;
  /** Which Temporal server to start (default: the dev server). The cluster always runs on the embedded PostgreSQL. */
  temporal?: TemporalKind;
}

/** Relays a child's output but stops after `max` lines: a warning storm must not drown the progress lines. */
function cappedLog(log: (msg: string) => void, what: string, max = 30): (msg: string) => void {
  let seen = 0;
  return (msg) => {
    seen += 1;
    if (seen <= max) log(msg);
    else if (seen === max + 1) log(`(further output of ${what} suppressed)`);
  };
}

/** The Temporal server of a stack: the dev server on a SQLite file, or the four-process cluster on the stack's PostgreSQL. */
async function startTemporal(kind: TemporalKind, dir: string, pg: PgHandle | undefined, namespace: string, log: (msg: string) => void): Promise<TemporalHandle | TemporalClusterHandle> {
  if (kind === 'dev') return startTemporalDevServer({ port: await freePort(), dbFile: join(dir, 'temporal.db'), log: () => undefined });
  const url = new URL(pg!.url);
  // startTemporalCluster logs each service's pid itself.
  return startTemporalCluster({
    dir: join(dir, 'temporal'),
    pg: { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) },
    ports: await freeClusterPorts(),
    historyShards: BENCH_HISTORY_SHARDS,
    namespace,
    // Errors the services log once serving (e.g. a cancelled persistence call under load) are relayed; a storm of them is capped.
    log: cappedLog((m) => log(`[temporal] ${m}`), 'the Temporal services (all of it is in their log files)', 10),
  });
}

/**
 * The embedded stack exactly as `npm start` wires it (PostgreSQL, Temporal dev server with a
 * SQLite file, migrations, API and worker as separate Node processes), or the services named by
 * DATABASE_URL / TEMPORAL_ADDRESS. API and worker always run here, so their settings are known.
 * With `temporal: 'cluster'` the dev server is replaced by the official server's four processes
 * (`npm run start:cluster`'s Temporal) on the same embedded PostgreSQL; the app processes stay
 * one API and the given workers, so only the server differs between the two.
 */
export async function startBenchStack(opts: StackOptions): Promise<BenchStack> {
  const { log } = opts;
  const kind = opts.temporal ?? 'dev';
  const dir = await mkdtemp(join(tmpdir(), 'dossier-flow-bench-'));
  await chmod(dir, 0o755); // PostgreSQL runs as user postgres when we are root and must enter it
  let pg: PgHandle | undefined;
  let temporalServer: TemporalHandle | TemporalClusterHandle | undefined;
  let children: ChildHandle[] = [];
  let db: Pool | undefined;
  let connection: Connection | undefined;
  const stopApps = () => Promise.all(children.map((c) => terminate(c.process, 'SIGTERM', 15_000).then(() => c.exited)));

  const stop = async () => {
    await stopApps();
    await connection?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    // Temporal before PostgreSQL: the cluster keeps its store there.
    await temporalServer?.stop();
    await pg?.stop();
    if (!opts.keepData) await rm(dir, { recursive: true, force: true });
    else log(`data kept in ${dir}`);
  };

  try {
    // The cluster is ours to start, on our PostgreSQL: it never uses external services.
    const externalPg = kind === 'dev' && opts.useEnvServices && Boolean(process.env.DATABASE_URL);
    const externalTemporal = kind === 'dev' && opts.useEnvServices && Boolean(process.env.TEMPORAL_ADDRESS);
    const sqliteFile = externalTemporal || kind === 'cluster' ? undefined : join(dir, 'temporal.db');
    const namespace = loadConfig({ ...process.env, ...opts.env }).TEMPORAL_NAMESPACE;
    const pgPort = await freePort();
    const startPg = () => startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort, serverSettings: BENCH_PG_SETTINGS, log: () => undefined });
    if (kind === 'cluster') {
      pg = await startPg();
      temporalServer = await startTemporal(kind, dir, pg, namespace, log);
    } else {
      // allSettled, not all: if one fails, the other may have started and must still be stopped.
      const [pgStarted, temporalStarted] = await Promise.allSettled([
        externalPg ? undefined : startPg(),
        externalTemporal ? undefined : startTemporal(kind, dir, undefined, namespace, log),
      ]);
      pg = pgStarted.status === 'fulfilled' ? pgStarted.value : undefined;
      temporalServer = temporalStarted.status === 'fulfilled' ? temporalStarted.value : undefined;
      if (pgStarted.status === 'rejected') throw pgStarted.reason;
      if (temporalStarted.status === 'rejected') throw temporalStarted.reason;
    }
    const databaseUrl = externalPg ? process.env.DATABASE_URL! : pg!.url;
    const temporalAddress = externalTemporal ? process.env.TEMPORAL_ADDRESS! : temporalServer!.address;
    await runMigrations(databaseUrl);
    db = new Pool({ connectionString: databaseUrl, max: 6 });
    // An idle connection dropped by the server (a restart, a terminated backend) is reported on the
    // pool; without a listener Node would end the whole bench with the raw connection object.
    db.on('error', (err) => log(`bench database pool: ${err.message}`));
    // An external server may lack the extension, or have it installed but not preloaded (then the
    // reset fails): either way the profile simply omits database time.
    const pgStatStatements = await db
      .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
      .then(() => db!.query('SELECT pg_stat_statements_reset()'))
      .then(() => true, () => false);

    let env: Record<string, string> = {
      ...opts.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      // Our own queue, so an external cluster's other workers never take the bench's tasks.
      TEMPORAL_TASK_QUEUE: `bench-${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: 'warn',
      // A full run outlasts the default 15-minute access token, and logs in once per scenario agency.
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    };
    const config = loadConfig({ ...process.env, ...env });
    const childLog = cappedLog(log, 'the API and worker');
    connection = await Connection.connect({ address: temporalAddress });
    const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const apiUrl = `http://127.0.0.1:${env.PORT}`;
    const workerCount = opts.workers ?? 1;
    const pids: ProcessIds = {
      temporal: kind === 'cluster' ? CLUSTER_SERVICES.map((s) => (temporalServer as TemporalClusterHandle).services[s].pid!) : temporalServer?.pid !== undefined ? [temporalServer.pid] : undefined,
      temporalServices: kind === 'cluster' ? Object.fromEntries(CLUSTER_SERVICES.map((s) => [s, (temporalServer as TemporalClusterHandle).services[s].pid!])) : undefined,
      postgres: pg ? await postmasterPid(join(dir, 'pg')) : undefined,
    };

    /** Spawns the API and the workers with `env` and waits until they serve; updates `pids`. */
    const startApps = async () => {
      // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
      const node = (main: string) => [...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(opts.cpuProfDir)}`] : []), resolve(root, main)];
      const api = spawnChild('api', process.execPath, node('dist/apps/api/src/main.js'), env, childLog);
      const workers = Array.from({ length: workerCount }, (_, i) =>
        spawnChild(i ? `worker${i + 1}` : 'worker', process.execPath, node('dist/apps/worker/src/main.js'), env, childLog),
      );
      children = [api, ...workers];
      const died = Promise.race(children.map((c) => c.exited.then(() => Promise.reject(new Error(`${c.name} exited during startup`)))));
      died.catch(() => undefined);
      const ready = async () => {
        const res = await fetch(`${apiUrl}/health/ready`).catch(() => undefined);
        if (!res?.ok) return false;
        // Ready also means every worker polls our queue; otherwise the first registrations would wait for it.
        const tq = await connection!.workflowService.describeTaskQueue({ namespace: config.TEMPORAL_NAMESPACE, taskQueue: { name: env.TEMPORAL_TASK_QUEUE }, taskQueueType: 1 });
        return workers.every((w) => tq.pollers?.some((p) => p.identity?.startsWith(`${w.process.pid}@`)));
      };
      await Promise.race([died, waitFor(ready, { timeoutMs: 120_000, intervalMs: 250, what: 'the API and worker to become ready' })]);
      pids.api = api.process.pid;
      pids.worker = workers.map((w) => w.process.pid).filter((pid): pid is number => pid !== undefined);
    };
    await startApps();

    return {
      server: kind, apiUrl, databaseUrl, temporalAddress, namespace: config.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, config, pids, workers: workerCount, sqliteFile,
      external: { postgres: externalPg, temporal: externalTemporal }, pgStatStatements, db, temporal,
      async setAppEnv(extra) {
        if (Object.entries(extra).every(([k, v]) => env[k] === v)) return;
        await stopApps();
        env = { ...env, ...extra };
        await startApps();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
