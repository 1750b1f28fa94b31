import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig, loadLauncherConfig, type AppConfig, type LauncherConfig } from '../../libs/config/src';
import { dataSourceOptions, DEMO_PASSWORD, DEMO_USERS, runMigrations, seedDemoData, seedMergerHistory } from '../../libs/db/src';
import { spawnChild, type ChildHandle } from './children';
import { startEmbeddedPostgres, type PgHandle } from './embedded-pg';
import { terminate } from './output-lines';
import { startMailpit, type MailpitHandle } from './mailpit';
import { freeRestartablePort, waitFor } from './ports';
import { supervise, type Supervised } from './supervise';
import { CLUSTER_SERVICES, DEFAULT_CLUSTER_PORTS, freeClusterPorts, startTemporalCluster, type ClusterPorts, type PgServer, type TemporalClusterHandle } from './temporal-cluster';
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

/** An API or worker process: current() is replaced when it is restarted after a crash. */
export type AppProcess = Supervised<ChildHandle>;

export interface LaunchedStack {
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  temporal?: TemporalHandle | TemporalClusterHandle;
  /** The local mail server (absent when SMTP_URL names a relay). */
  mailpit?: MailpitHandle;
  /** The embedded PostgreSQL, restarted like the apps when it dies. */
  postgres?: Supervised<PgHandle>;
  workers: AppProcess[];
  api: AppProcess;
  /** Every address and process, for the launcher to print. */
  describe(): string[];
  /** Apps first, then Temporal, then PostgreSQL. Idempotent. */
  stop(): Promise<void>;
}

/**
 * `npm run start:cluster`'s topology (2 workers, 2 API processes, 8 history shards) with its own
 * PostgreSQL, Temporal (and Mailpit) on free ports in `dataDir`, for tests and the chaos run beside other stacks.
 * `env` holds the apps' settings (DATABASE_URL and TEMPORAL_ADDRESS are ignored: the stack starts its own).
 */
export async function scratchClusterOptions(dataDir: string, env: NodeJS.ProcessEnv, rest: Pick<LaunchOptions, 'appEnv' | 'log' | 'onFatal'>): Promise<LaunchOptions> {
  const own: NodeJS.ProcessEnv = { ...env, HOST: '127.0.0.1', PORT: String(await freeRestartablePort()) };
  delete own.DATABASE_URL;
  delete own.TEMPORAL_ADDRESS;
  return {
    topology: 'cluster',
    config: loadConfig(own),
    // Mailpit's ports too (started when env has no SMTP_URL, as in the chaos run): not 1025/8025, which `npm start` may hold.
    launcher: loadLauncherConfig({
      CLUSTER_WORKERS: '2', CLUSTER_APIS: '2', PG_PORT: String(await freeRestartablePort()), TEMPORAL_HISTORY_SHARDS: '8',
      MAILPIT_SMTP_PORT: String(await freeRestartablePort()), MAILPIT_HTTP_PORT: String(await freeRestartablePort()),
    }),
    dataDir,
    clusterPorts: await freeClusterPorts(),
    ...rest,
  };
}

function pgServerOf(url: string): PgServer {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/** An app process kept running by the restart policy (scripts/lib/supervise.ts). */
function superviseApp(name: string, start: () => ChildHandle, log: (m: string) => void, onFatal: (reason: string) => void): Supervised<ChildHandle> {
  return supervise({
    name,
    first: start(),
    start,
    exited: async (c) => {
      const exit = await c.exited;
      return String(exit.code ?? exit.signal);
    },
    stop: async (c) => {
      await terminate(c.process, 'SIGTERM', 15_000);
      await c.exited;
    },
    log,
    onFatal,
  });
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
  let postgres: Supervised<PgHandle> | undefined;
  let temporal: TemporalHandle | TemporalClusterHandle | undefined;
  let mailpit: MailpitHandle | undefined;
  const apps: Supervised<ChildHandle>[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(apps.map((a) => a.stop()));
      await temporal?.stop();
      await postgres?.stop();
      await mailpit?.stop();
    })());

  const missing = [WORKER_MAIN, cluster ? API_CLUSTER_MAIN : API_MAIN].filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`${missing.join(', ')} not found: run \`npm run build\` first (npm start does)`);
  let fatal: (reason: string) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fatal = (reason) => reject(new Error(reason))));
  failed.catch(() => undefined);
  const onFatal = (reason: string) => {
    fatal(reason);
    (o.onFatal ?? ((r: string) => log(`${r}; the stack cannot serve`)))(reason);
  };
  try {
    const startPg = () =>
      startEmbeddedPostgres({
        dataDir: resolve(o.dataDir, 'pg'),
        port: launcher.PG_PORT,
        detached: true,
        // The cluster adds Temporal's four services (~50 connections) and more app processes.
        serverSettings: cluster ? { max_connections: 300 } : undefined,
        log: (m) => log(`[postgres] ${m}`),
      });
    if (!config.DATABASE_URL) {
      postgres = supervise({ name: 'postgres', first: await startPg(), start: startPg, exited: (h) => h.exited, stop: (h) => h.stop(), log, onFatal });
    }
    const databaseUrl = config.DATABASE_URL ?? postgres!.current().url;
    if (!config.TEMPORAL_ADDRESS) {
      temporal = cluster
        ? await startTemporalCluster({
            dir: resolve(o.dataDir, 'temporal'),
            pg: pgServerOf(databaseUrl),
            ports,
            historyShards: launcher.TEMPORAL_HISTORY_SHARDS,
            namespace: config.TEMPORAL_NAMESPACE,
            detached: true,
            restartCrashed: { onFatal },
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
    // A real mail server that catches all mail (issue 20), unless SMTP_URL names a relay.
    if (!config.SMTP_URL) {
      mailpit = await startMailpit({
        smtpPort: launcher.MAILPIT_SMTP_PORT, httpPort: launcher.MAILPIT_HTTP_PORT, dbFile: resolve(o.dataDir, 'mailpit.db'), detached: true,
        log: (m) => log(`[mailpit] ${m}`),
      });
    }
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    if (config.NODE_ENV !== 'production') {
      const ds = await new DataSource(dataSourceOptions(databaseUrl, 1)).initialize();
      await seedDemoData(ds);
      // Finished dossiers on both sides of the 2025 merger, for the statistics of the demo (not in the tests' template).
      await seedMergerHistory(ds);
      await ds.destroy();
    }

    // The apps read their own settings from the environment; these are the ones the launcher decides.
    const env = {
      ...o.appEnv,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      SMTP_URL: config.SMTP_URL ?? mailpit!.smtpUrl,
      // Links in notifications: the address this stack serves, unless one is configured.
      PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`,
      HOST: config.HOST,
      PORT: String(config.PORT),
      CLUSTER_APIS: String(launcher.CLUSTER_APIS),
    };
    const workerCount = cluster ? launcher.CLUSTER_WORKERS : 1;
    const workers = Array.from({ length: workerCount }, (_, i) => {
      const name = workerCount > 1 ? `worker${i + 1}` : 'worker';
      return superviseApp(name, () => spawnChild(name, process.execPath, [WORKER_MAIN], env, log), log, onFatal);
    });
    const api = superviseApp('api', () => spawnChild('api', process.execPath, [cluster ? API_CLUSTER_MAIN : API_MAIN], env, log), log, onFatal);
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
      lines.push(mailpit ? `Mail (Mailpit) SMTP ${mailpit.smtpUrl}   Web UI and API ${mailpit.httpUrl}` : `Mail           relay ${config.SMTP_URL!.replace(/\/\/[^@]*@/, '//…@')}`);
      lines.push(`PostgreSQL     ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}${cluster && !config.TEMPORAL_ADDRESS ? ' (+ databases temporal, temporal_visibility)' : ''}`);
      lines.push(`Data folder    ${config.DATABASE_URL && config.TEMPORAL_ADDRESS ? '(external services)' : o.dataDir}`);
      if (config.NODE_ENV !== 'production') lines.push(`Demo accounts  ${DEMO_USERS.map((u) => u.username).join(', ')} — password "${DEMO_PASSWORD}"`);
      return lines;
    };
    return { apiUrl, databaseUrl, temporalAddress, temporal, mailpit, postgres, workers, api, describe, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
