import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig, LauncherConfig } from '../../libs/config/src';
import { crashBudget, MAX_CRASHES, RESTART_DELAY_MS } from '../../libs/config/src/restart-policy';
import { dataSourceOptions, DEMO_PASSWORD, DEMO_USERS, runMigrations, seedDemoData } from '../../libs/db/src';
import { spawnChild, type ChildHandle } from './children';
import { startEmbeddedPostgres, type PgHandle } from './embedded-pg';
import { terminate } from './output-lines';
import { waitFor } from './ports';
import { CLUSTER_SERVICES, DEFAULT_CLUSTER_PORTS, startTemporalCluster, type ClusterPorts, type PgServer, type TemporalClusterHandle } from './temporal-cluster';
import { startTemporalDevServer, type TemporalHandle } from './temporal-dev-server';

/** The repo: this file runs compiled (dist/scripts/lib) and from source under ts-jest (scripts/lib). */
const root = [resolve(__dirname, '../../..'), resolve(__dirname, '../..')].find((dir) => existsSync(join(dir, 'dist', 'apps')) || existsSync(join(dir, 'nest-cli.json')))!;
const WORKER_MAIN = resolve(root, 'dist/apps/worker/src/main.js');
const API_MAIN = resolve(root, 'dist/apps/api/src/main.js');
const API_CLUSTER_MAIN = resolve(root, 'dist/apps/api/src/cluster-main.js');

/** `single`: `npm start` (dev server, one API, one worker). `cluster`: `npm run start:cluster`. */
export type Topology = 'single' | 'cluster';

export interface LaunchOptions {
  topology: Topology;
  /** The apps' settings (DATABASE_URL / TEMPORAL_ADDRESS set → those services are not started). */
  config: AppConfig;
  launcher: LauncherConfig;
  /** Data folder (PostgreSQL, the dev server's SQLite file, the cluster's config and logs). */
  dataDir: string;
  /** The cluster's service ports (tests pass free ones); Temporal's defaults otherwise. */
  clusterPorts?: ClusterPorts;
  /** Extra environment for the API and worker processes. */
  appEnv?: Record<string, string>;
  log: (msg: string) => void;
  /** Called when the stack can no longer serve (an app process keeps crashing). */
  onFatal?: (reason: string) => void;
}

export interface AppProcess {
  name: string;
  /** The running process (replaced when it is restarted after a crash). */
  current(): ChildHandle;
}

export interface LaunchedStack {
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  temporal?: TemporalHandle | TemporalClusterHandle;
  pg?: PgHandle;
  workers: AppProcess[];
  api: AppProcess;
  /** Every address and process, for the launcher to print. */
  describe(): string[];
  /** Apps first, then Temporal, then PostgreSQL. Idempotent. */
  stop(): Promise<void>;
}

function pgServerOf(url: string): PgServer {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/**
 * An app process kept running: a crash is logged and the process started again (the restart
 * policy in libs/config: fatal after too many crashes in a minute). Stopping it on purpose
 * (stop()) ends the supervision.
 */
function supervise(name: string, start: () => ChildHandle, log: (m: string) => void, onFatal: (reason: string) => void): AppProcess & { stop(): Promise<void> } {
  let child = start();
  let stopped = false;
  const mayRestart = crashBudget();
  const watch = (c: ChildHandle): void => {
    void c.exited.then((exit) => {
      if (stopped || c !== child) return;
      if (!mayRestart()) {
        onFatal(`${name} keeps stopping (${exit.code ?? exit.signal}, more than ${MAX_CRASHES} times in a minute)`);
        return;
      }
      log(`${name} stopped unexpectedly (${exit.code ?? exit.signal}); starting it again`);
      setTimeout(() => {
        if (stopped) return;
        child = start();
        watch(child);
      }, RESTART_DELAY_MS);
    });
  };
  watch(child);
  return {
    name,
    current: () => child,
    async stop() {
      stopped = true;
      await terminate(child.process, 'SIGTERM', 15_000);
      await child.exited;
    },
  };
}

/**
 * The one launcher behind `npm start` and `npm run start:cluster`: PostgreSQL (embedded unless
 * DATABASE_URL), Temporal (the dev server, or the official multi-service server on that same
 * PostgreSQL, unless TEMPORAL_ADDRESS), migrations, demo data, then the worker and API processes.
 */
export async function launchStack(o: LaunchOptions): Promise<LaunchedStack> {
  const { config, launcher, log } = o;
  const cluster = o.topology === 'cluster';
  const ports = o.clusterPorts ?? { ...DEFAULT_CLUSTER_PORTS, grpc: { ...DEFAULT_CLUSTER_PORTS.grpc, frontend: launcher.TEMPORAL_PORT } };
  let pg: PgHandle | undefined;
  let temporal: TemporalHandle | TemporalClusterHandle | undefined;
  const apps: ReturnType<typeof supervise>[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(apps.map((a) => a.stop()));
      await temporal?.stop();
      await pg?.stop();
    })());

  const missing = [WORKER_MAIN, cluster ? API_CLUSTER_MAIN : API_MAIN].filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`${missing.join(', ')} not found: run \`npm run build\` first (npm start does)`);
  let fatal: (reason: string) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fatal = (reason) => reject(new Error(reason))));
  failed.catch(() => undefined);
  try {
    pg = config.DATABASE_URL
      ? undefined
      : await startEmbeddedPostgres({
          dataDir: resolve(o.dataDir, 'pg'),
          port: launcher.PG_PORT,
          detached: true,
          // The cluster adds Temporal's four services (~50 connections) and more app processes.
          serverSettings: cluster ? { max_connections: 300 } : undefined,
          log: (m) => log(`[postgres] ${m}`),
        });
    const databaseUrl = config.DATABASE_URL ?? pg!.url;
    if (!config.TEMPORAL_ADDRESS) {
      temporal = cluster
        ? await startTemporalCluster({
            dir: resolve(o.dataDir, 'temporal'),
            pg: pgServerOf(databaseUrl),
            ports,
            historyShards: launcher.TEMPORAL_HISTORY_SHARDS,
            namespace: config.TEMPORAL_NAMESPACE,
            detached: true,
            log: (m) => log(`[temporal] ${m}`),
          })
        : await startTemporalDevServer({
            dbFile: resolve(o.dataDir, 'temporal.db'),
            port: launcher.TEMPORAL_PORT,
            uiPort: launcher.TEMPORAL_UI_PORT,
            namespace: config.TEMPORAL_NAMESPACE,
            // Detached: Ctrl-C reaches only the launcher, which stops the API and worker first.
            detached: true,
            log: (m) => log(`[temporal] ${m}`),
          });
    }
    const temporalAddress = config.TEMPORAL_ADDRESS ?? temporal!.address;
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    if (config.NODE_ENV !== 'production') {
      const ds = await new DataSource(dataSourceOptions(databaseUrl, 1)).initialize();
      await seedDemoData(ds);
      await ds.destroy();
    }

    // The apps read their own settings from the environment; these are the ones the launcher decides.
    const env = {
      ...o.appEnv,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      HOST: config.HOST,
      PORT: String(config.PORT),
      CLUSTER_APIS: String(launcher.CLUSTER_APIS),
    };
    const onFatal = (reason: string) => {
      fatal(reason);
      (o.onFatal ?? ((r: string) => log(`${r}; the stack cannot serve`)))(reason);
    };
    const workerCount = cluster ? launcher.CLUSTER_WORKERS : 1;
    const workers = Array.from({ length: workerCount }, (_, i) => {
      const name = workerCount > 1 ? `worker${i + 1}` : 'worker';
      return supervise(name, () => spawnChild(name, process.execPath, [WORKER_MAIN], env, log), log, onFatal);
    });
    const api = supervise('api', () => spawnChild('api', process.execPath, [cluster ? API_CLUSTER_MAIN : API_MAIN], env, log), log, onFatal);
    apps.push(...workers, api);

    const apiUrl = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
    await Promise.race([
      failed,
      waitFor(async () => (await fetch(`${apiUrl}/health/ready`).catch(() => undefined))?.ok ?? false, { timeoutMs: 120_000, intervalMs: 500, what: `the API on ${apiUrl} to become ready` }),
    ]);

    const describe = (): string[] => {
      const lines = [
        `Web app        ${apiUrl}/`,
        `API            ${apiUrl}/api${cluster ? `   (${launcher.CLUSTER_APIS} processes on this one port, Node cluster; primary pid ${api.current().process.pid})` : ''}`,
        `OpenAPI docs   ${apiUrl}/api/docs`,
        `Health         ${apiUrl}/health/live, ${apiUrl}/health/ready`,
        `Workers        ${workers.map((w) => `${w.name} pid ${w.current().process.pid}`).join(', ')} (task queue ${config.TEMPORAL_TASK_QUEUE})`,
        `Temporal       ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})${temporal?.uiUrl ? `   Web UI ${temporal.uiUrl}` : ''}`,
      ];
      if (temporal && 'services' in temporal) {
        for (const s of CLUSTER_SERVICES) {
          lines.push(`  ${s.padEnd(12)} pid ${temporal.services[s].pid}, gRPC 127.0.0.1:${ports.grpc[s]}, membership ${ports.membership[s]}`);
        }
        lines.push(`  logs         ${temporal.logDir}`);
      }
      lines.push(`PostgreSQL     ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}${cluster && !config.TEMPORAL_ADDRESS ? ' (+ databases temporal, temporal_visibility)' : ''}`);
      lines.push(`Data folder    ${config.DATABASE_URL && config.TEMPORAL_ADDRESS ? '(external services)' : o.dataDir}`);
      if (config.NODE_ENV !== 'production') lines.push(`Demo accounts  ${DEMO_USERS.map((u) => u.username).join(', ')} — password "${DEMO_PASSWORD}"`);
      return lines;
    };
    return { apiUrl, databaseUrl, temporalAddress, temporal, pg, workers, api, describe, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
