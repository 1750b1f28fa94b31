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
import { startTemporalDevServer, type TemporalHandle } from '../scripts/lib/temporal-dev-server';
import { postmasterPid, type ProcessIds } from './proc-stats';

const root = resolve(__dirname, '../..');

/** PostgreSQL settings the bench adds to the launcher's defaults (fsync stays on, as in `npm start`). */
export const BENCH_PG_SETTINGS = {
  // Statement statistics let the intake profile say how much of a registration is database time.
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'top',
  max_connections: 300,
};

export interface BenchStack {
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
}

/** Relays a child's output but stops after `max` lines: a warning storm must not drown the progress lines. */
function cappedLog(log: (msg: string) => void, max = 30): (msg: string) => void {
  let seen = 0;
  return (msg) => {
    seen += 1;
    if (seen <= max) log(msg);
    else if (seen === max + 1) log('(further output of the API and worker suppressed)');
  };
}

/**
 * The embedded stack exactly as `npm start` wires it (PostgreSQL, Temporal dev server with a
 * SQLite file, migrations, API and worker as separate Node processes), or the services named by
 * DATABASE_URL / TEMPORAL_ADDRESS. API and worker always run here, so their settings are known.
 */
export async function startBenchStack(opts: StackOptions): Promise<BenchStack> {
  const { log } = opts;
  const dir = await mkdtemp(join(tmpdir(), 'dossier-flow-bench-'));
  await chmod(dir, 0o755); // PostgreSQL runs as user postgres when we are root and must enter it
  let pg: PgHandle | undefined;
  let temporalServer: TemporalHandle | undefined;
  const children: ChildHandle[] = [];
  let db: Pool | undefined;
  let connection: Connection | undefined;

  const stop = async () => {
    await Promise.all(children.map((c) => terminate(c.process, 'SIGTERM', 15_000).then(() => c.exited)));
    await connection?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await Promise.all([temporalServer?.stop(), pg?.stop()]);
    if (!opts.keepData) await rm(dir, { recursive: true, force: true });
    else log(`data kept in ${dir}`);
  };

  try {
    const externalPg = opts.useEnvServices && Boolean(process.env.DATABASE_URL);
    const externalTemporal = opts.useEnvServices && Boolean(process.env.TEMPORAL_ADDRESS);
    const sqliteFile = externalTemporal ? undefined : join(dir, 'temporal.db');
    // allSettled, not all: if one fails, the other may have started and must still be stopped.
    const [pgStarted, temporalStarted] = await Promise.allSettled([
      externalPg ? undefined : startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), serverSettings: BENCH_PG_SETTINGS, log: () => undefined }),
      externalTemporal ? undefined : startTemporalDevServer({ port: await freePort(), dbFile: sqliteFile, log: () => undefined }),
    ]);
    pg = pgStarted.status === 'fulfilled' ? pgStarted.value : undefined;
    temporalServer = temporalStarted.status === 'fulfilled' ? temporalStarted.value : undefined;
    if (pgStarted.status === 'rejected') throw pgStarted.reason;
    if (temporalStarted.status === 'rejected') throw temporalStarted.reason;
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

    const env: Record<string, string> = {
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
    const childLog = cappedLog(log);
    // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
    const node = (main: string) => [...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(opts.cpuProfDir)}`] : []), resolve(root, main)];
    const api = spawnChild('api', process.execPath, node('dist/apps/api/src/main.js'), env, childLog);
    const workers = Array.from({ length: opts.workers ?? 1 }, (_, i) =>
      spawnChild(i ? `worker${i + 1}` : 'worker', process.execPath, node('dist/apps/worker/src/main.js'), env, childLog),
    );
    children.push(api, ...workers);
    const apiUrl = `http://127.0.0.1:${env.PORT}`;
    const died = Promise.race(children.map((c) => c.exited.then(() => Promise.reject(new Error(`${c.name} exited during startup`)))));
    died.catch(() => undefined);

    connection = await Connection.connect({ address: temporalAddress });
    const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const ready = async () => {
      const res = await fetch(`${apiUrl}/health/ready`).catch(() => undefined);
      if (!res?.ok) return false;
      // Ready also means the worker polls our queue; otherwise the first registrations would wait for it.
      const tq = await connection!.workflowService.describeTaskQueue({ namespace: config.TEMPORAL_NAMESPACE, taskQueue: { name: env.TEMPORAL_TASK_QUEUE }, taskQueueType: 1 });
      return new Set(tq.pollers?.map((p) => p.identity)).size >= (opts.workers ?? 1);
    };
    await Promise.race([died, waitFor(ready, { timeoutMs: 120_000, intervalMs: 250, what: 'the API and worker to become ready' })]);

    const pids: ProcessIds = {
      api: api.process.pid,
      worker: workers.map((w) => w.process.pid).filter((pid): pid is number => pid !== undefined),
      temporal: temporalServer?.pid,
      postgres: pg ? await postmasterPid(join(dir, 'pg')) : undefined,
    };
    return {
      apiUrl, databaseUrl, temporalAddress, namespace: config.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, config, pids, workers: workers.length, sqliteFile,
      external: { postgres: externalPg, temporal: externalTemporal }, pgStatStatements, db, temporal, stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
