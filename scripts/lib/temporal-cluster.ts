import { execFile } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';
import { findOnPath, goInstallOnce, toolCacheDir } from './go-install';
import { freePortInRange, freeRestartablePort, isPortInUse, waitFor } from './ports';
import { spawnService, type ServiceProcess } from './service-process';
import { supervise, type Supervised } from './supervise';
import { DOSSIER_SEARCH_ATTRIBUTES } from '../../libs/temporal/src/search-attributes';
import { DEV_SERVER_DYNAMIC_CONFIG, type TemporalHandle } from './temporal-dev-server';
import { portInUse } from './launch-error';

const execFileAsync = promisify(execFile);
const HOST = '127.0.0.1';

/**
 * The official server release we build. v1.29.1 is the newest that `go install` builds with the
 * Go toolchains we target (1.26): later releases need a newer Go. Its module has no `replace`.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

export const CLUSTER_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

/** gRPC and membership (ringpop) port per service; frontend also serves HTTP. Temporal's own defaults. */
export interface ClusterPorts {
  grpc: Record<ClusterService, number>;
  membership: Record<ClusterService, number>;
  frontendHttp: number;
}

export const MAX_MEMBERSHIP_PORT = 32_767;

export const DEFAULT_CLUSTER_PORTS: ClusterPorts = {
  grpc: { frontend: 7233, history: 7234, matching: 7235, worker: 7239 },
  membership: { frontend: 6933, history: 6934, matching: 6935, worker: 6939 },
  frontendHttp: 7243,
};

/**
 * Free ports for a cluster next to other stacks (tests, the bench), all below the OS's ephemeral
 * range (a restart on the same ports must find them free; freeRestartablePort), membership within
 * [20000, 32767], since Temporal stores those in a smallint column. Nothing holds
 * a port between the checks, so each is also checked against the ones already chosen.
 */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  const taken = new Set<number>();
  const distinct = async (port: () => Promise<number>): Promise<number> => {
    for (;;) {
      const p = await port();
      if (taken.has(p)) continue;
      taken.add(p);
      return p;
    }
  };
  const pick = async (port: () => Promise<number>) => {
    const ports = {} as Record<ClusterService, number>;
    for (const s of CLUSTER_SERVICES) ports[s] = await distinct(port);
    return ports;
  };
  return { grpc: await pick(() => freeRestartablePort(HOST)), membership: await pick(() => freePortInRange(20_000, MAX_MEMBERSHIP_PORT, HOST)), frontendHttp: await distinct(() => freeRestartablePort(HOST)) };
}

export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalClusterOptions {
  /** Config and logs of the four services (not the data: that is in PostgreSQL). */
  dir: string;
  pg: PgServer;
  ports?: ClusterPorts;
  /** Fixed for the life of a cluster: the server refuses to start on a store made with another count. */
  historyShards: number;
  namespace: string;
  /** Days a closed workflow stays in Temporal (its SLA record stays in our database for ever). */
  retentionDays?: number;
  log?: (msg: string) => void;
  /** Own process groups: Ctrl-C reaches the launcher, which stops the apps first (see start.ts). */
  detached?: boolean;
  startTimeoutMs?: number;
  /** Once the cluster serves, start a service again when it dies (the launcher's restart policy); onFatal when one keeps dying. */
  restartCrashed?: { onFatal: (reason: string) => void };
}

export interface TemporalClusterHandle extends TemporalHandle {
  services: Record<ClusterService, ServiceProcess>;
  /** Where each service writes its log. */
  logDir: string;
  /** (Re)starts one service, e.g. after a test killed it. */
  restart(service: ClusterService): Promise<void>;
  /** With restartCrashed: the service's next death is not followed by a restart, until restart(service). */
  hold(service: ClusterService): void;
}

/** Databases of Temporal's persistence and visibility stores, next to the app's in one PostgreSQL. */
export const TEMPORAL_DATABASES = { persistence: 'temporal', visibility: 'temporal_visibility' } as const;

interface ServerTools {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the same release: versioned schema files for the SQL tool. */
  schemaDir: string;
}

/**
 * The server and its SQL schema tool, built once with `go install` into a per-release cache
 * (TEMPORAL_SERVER_CACHE overrides it). The schema files are copied from the module next to them,
 * so the tool and the schema always come from the same release.
 */
export async function resolveTemporalServer(log: (msg: string) => void): Promise<ServerTools> {
  const dir = process.env.TEMPORAL_SERVER_CACHE ?? join(toolCacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const schemaDir = join(dir, 'schema', 'postgresql', 'v12');
  const [server, sqlTool] = await goInstallOnce(
    {
      what: 'the Temporal server',
      dir,
      bins: ['server', 'sql'],
      attempts: [{ label: TEMPORAL_SERVER_VERSION, packages: [`${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`] }],
      minGo: '1.25', // the `go` line of the server module's go.mod
      env: { CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      after: async () => {
        const go = (await findOnPath('go'))!;
        const { stdout } = await execFileAsync(go, ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], { maxBuffer: 1 << 20 });
        const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
        await fs.cp(join(moduleDir, 'schema', 'postgresql', 'v12'), schemaDir, { recursive: true });
        // The module cache is read-only; our copy must stay writable so a cache can be deleted.
        await execFileAsync('chmod', ['-R', 'u+w', join(dir, 'schema')]);
      },
      otherwise: `Or set TEMPORAL_ADDRESS to use a running Temporal cluster.`,
    },
    log,
  );
  if (!(await fs.stat(join(schemaDir, 'temporal', 'versioned')).catch(() => undefined))) {
    throw new Error(`The Temporal schema files are missing from ${schemaDir}; delete ${dir} so the next start builds it again`);
  }
  return { server: server!, sqlTool: sqlTool!, schemaDir };
}

/**
 * Creates (if missing) and upgrades Temporal's two databases with its own SQL tool and the
 * versioned schema files of the release we run: `create-database` and `setup-schema -v 0.0` do
 * nothing on an existing database, `update-schema` applies only versions not yet applied.
 */
export async function setupTemporalSchemas(tools: ServerTools, pg: PgServer, log: (msg: string) => void): Promise<void> {
  const base = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--pw', pg.password];
  for (const [store, db] of Object.entries(TEMPORAL_DATABASES)) {
    const dirName = store === 'persistence' ? 'temporal' : 'visibility';
    const steps = [
      ['create-database'],
      ['setup-schema', '-v', '0.0'],
      ['update-schema', '-d', join(tools.schemaDir, dirName, 'versioned')],
    ];
    for (const step of steps) {
      await execFileAsync(tools.sqlTool, [...base, '--db', db, ...step]).catch((err: Error & { stderr?: string; stdout?: string }) => {
        throw new Error(`Temporal's SQL tool failed (${step[0]} on database ${db}): ${(err.stderr || err.stdout || err.message).trim().split('\n').slice(-3).join(' | ')}`);
      });
    }
    log(`schema of ${db} is up to date (${TEMPORAL_SERVER_VERSION})`);
  }
}

/** The server's config (JSON is valid YAML, so no YAML library is needed to write it). */
export function clusterConfig(o: { pg: PgServer; ports: ClusterPorts; historyShards: number; dynamicConfigFile: string }): object {
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${o.pg.host}:${o.pg.port}`,
      connectProtocol: 'tcp',
      user: o.pg.user,
      password: o.pg.password,
      // Four processes each open their own pools: budgeted so that Temporal, two workers and two
      // API processes stay within PostgreSQL's max_connections (the launcher sets 300).
      maxConns,
      maxIdleConns: Math.min(maxConns, 5),
      maxConnLifetime: '1h',
    },
  });
  const service = (s: ClusterService) => ({
    rpc: { grpcPort: o.ports.grpc[s], membershipPort: o.ports.membership[s], bindOnIP: HOST, ...(s === 'frontend' ? { httpPort: o.ports.frontendHttp } : {}) },
  });
  const frontend = `${HOST}:${o.ports.grpc.frontend}`;
  return {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: o.historyShards,
      datastores: { default: store(TEMPORAL_DATABASES.persistence, 15), visibility: store(TEMPORAL_DATABASES.visibility, 5) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: HOST } },
    services: Object.fromEntries(CLUSTER_SERVICES.map((s) => [s, service(s)])),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontend } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    publicClient: { hostPort: frontend },
    dynamicConfigClient: { filepath: o.dynamicConfigFile, pollInterval: '10s' },
  };
}

/** The dev server's dynamic config (update-with-start, the timer shift), in the file format. */
export function clusterDynamicConfig(): object {
  return Object.fromEntries(Object.entries(DEV_SERVER_DYNAMIC_CONFIG).map(([key, json]) => [key, [{ value: JSON.parse(json) as unknown }]]));
}

const SHARDS_FILE = 'history-shards';

/** numHistoryShards is fixed when the store is created; a changed setting would not start. */
async function checkShardCount(dir: string, shards: number): Promise<void> {
  const file = join(dir, SHARDS_FILE);
  const recorded = await fs.readFile(file, 'utf8').then((s) => Number.parseInt(s, 10), () => undefined);
  if (recorded !== undefined && recorded !== shards) {
    throw new Error(`TEMPORAL_HISTORY_SHARDS=${shards}, but this cluster's store was created with ${recorded} shards and the count cannot change; set it back to ${recorded} or start on a new data folder`);
  }
  if (recorded === undefined) await fs.writeFile(file, String(shards));
}

/**
 * Registers the namespace and our search attributes, then waits until they are usable; every step
 * is a no-op when already done, so it runs on every start (and `npm run temporal:setup` runs it
 * against any cluster).
 */
export async function ensureNamespace(connect: ConnectionOptions, namespace: string, retentionDays: number): Promise<void> {
  const connection = await Connection.connect({ connectTimeout: 2000, ...connect });
  try {
    const svc = connection.workflowService;
    await svc
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) })
      .catch((err: { code?: number }) => {
        if (err.code !== 6) throw err; // ALREADY_EXISTS
      });
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = DOSSIER_SEARCH_ATTRIBUTES.filter((k) => !(customAttributes && k.name in customAttributes));
    if (missing.length) {
      const type = proto.api.enums.v1.IndexedValueType;
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((k) => [k.name, type[`INDEXED_VALUE_TYPE_${k.type}`]])),
      });
    }
    // Usable = the namespace is known and every search attribute is mapped: a list query that
    // filters on them succeeds (a start right after adding one can fail with "no mapping defined").
    const query = DOSSIER_SEARCH_ATTRIBUTES.map((k) => `${k.name} = 'probe'`).join(' AND ');
    await svc.listWorkflowExecutions({ namespace, query, pageSize: 1 });
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/**
 * The official multi-service Temporal server on PostgreSQL: schemas created and upgraded with its
 * own tool, then frontend, history, matching and the internal worker each as its own process,
 * then the namespace and search attributes. Each service logs to `<dir>/logs/<service>.log`;
 * errors are also relayed to `log`.
 */
export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalClusterHandle> {
  const log = opts.log ?? (() => undefined);
  const ports = opts.ports ?? DEFAULT_CLUSTER_PORTS;
  const dir = resolve(opts.dir);
  const logDir = join(dir, 'logs');
  const address = `${HOST}:${ports.grpc.frontend}`;
  const all = [...CLUSTER_SERVICES.flatMap((s) => [[`${s} gRPC`, ports.grpc[s]], [`${s} membership`, ports.membership[s]]] as const), ['frontend HTTP', ports.frontendHttp] as const];
  // Temporal keeps membership ports in a smallint column: a higher one kills the service at boot.
  for (const [what, port] of all) {
    if (what.endsWith('membership') && port > MAX_MEMBERSHIP_PORT) throw new Error(`The Temporal ${what} port ${port} is above ${MAX_MEMBERSHIP_PORT}, which Temporal cannot store; choose a lower one`);
  }
  for (const [what, port] of all) {
    if (await isPortInUse(port, HOST)) throw portInUse(`the Temporal ${what} service`, port, HOST);
  }
  await fs.mkdir(join(dir, 'config'), { recursive: true });
  await fs.mkdir(logDir, { recursive: true });
  await checkShardCount(dir, opts.historyShards);
  const tools = await resolveTemporalServer(log);
  await setupTemporalSchemas(tools, opts.pg, log);
  const dynamicConfigFile = join(dir, 'config', 'dynamic-config.yaml');
  await fs.writeFile(dynamicConfigFile, `${JSON.stringify(clusterDynamicConfig(), null, 2)}\n`);
  await fs.writeFile(join(dir, 'config', 'cluster.yaml'), `${JSON.stringify(clusterConfig({ pg: opts.pg, ports, historyShards: opts.historyShards, dynamicConfigFile }), null, 2)}\n`);

  let booted = false;
  const start = (service: ClusterService): ServiceProcess => {
    const file = createWriteStream(join(logDir, `${service}.log`), { flags: 'a' });
    const proc = spawnService({
      name: `Temporal ${service} service`,
      cmd: tools.server,
      args: ['--root', dir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service],
      spawn: { detached: opts.detached ?? false },
      onLine: (line, stopping) => {
        file.write(`${line}\n`);
        // Booting services log errors while they find each other (shards not yet owned, no
        // matching host yet): those stay in the file; once the cluster serves, errors are relayed.
        if (booted && !stopping && /"level":"(error|fatal|panic)"/.test(line)) log(`${service}: ${line.slice(0, 400)}`);
      },
    });
    void proc.died.catch(() => undefined).finally(() => file.end());
    return proc;
  };
  // On a new store every service writes the cluster's metadata record at boot, and all but one
  // lose the race ("SaveClusterMetadata encountered version mismatch") and exit: so history boots
  // alone until it listens, which is after that record exists; the other three follow together.
  const services = { history: start('history') } as Record<ClusterService, ServiceProcess>;
  let supervisors: Record<ClusterService, Supervised<ServiceProcess>> | undefined;

  const stop = async (): Promise<void> => {
    // Frontend first so no new work arrives, the internal worker, then matching and history.
    for (const group of [['frontend'], ['worker'], ['matching', 'history']] as ClusterService[][]) {
      await Promise.all(group.map((s) => (supervisors ? supervisors[s].stop() : services[s]?.stop())));
    }
  };
  const polling = new AbortController();
  try {
    await Promise.race([
      services.history.died,
      waitFor(() => isPortInUse(ports.grpc.history, HOST), { timeoutMs: 60_000, intervalMs: 200, what: 'the Temporal history service to listen', signal: polling.signal }),
    ]);
    for (const s of CLUSTER_SERVICES) services[s] ??= start(s);
    log(`Temporal ${TEMPORAL_SERVER_VERSION}: ${CLUSTER_SERVICES.map((s) => `${s} pid ${services[s].pid}`).join(', ')}; logs in ${logDir}`);
    await Promise.race([
      Promise.race(CLUSTER_SERVICES.map((s) => services[s].died)),
      waitFor(
        async () => {
          await ensureNamespace({ address }, opts.namespace, opts.retentionDays ?? 7);
          return true;
        },
        { timeoutMs: opts.startTimeoutMs ?? 120_000, intervalMs: 500, what: `the Temporal cluster's frontend on ${address}`, signal: polling.signal },
      ),
    ]);
  } catch (err) {
    polling.abort();
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)} (service logs in ${logDir})`);
  }
  booted = true;
  const restartCrashed = opts.restartCrashed;
  if (restartCrashed) {
    const watched = (s: ClusterService): Supervised<ServiceProcess> =>
      supervise({
        name: `Temporal ${s} service`,
        first: services[s],
        start: () => (services[s] = start(s)),
        // `died` rejects only on an exit nobody asked for, with the exit on its first line.
        exited: (p) => p.died.catch((err: Error) => err.message.split('\n')[0]!.replace(/^.* exited \((.*)\)\..*$/, '$1')),
        stop: (p) => p.stop(),
        log,
        onFatal: restartCrashed.onFatal,
      });
    supervisors = Object.fromEntries(CLUSTER_SERVICES.map((s) => [s, watched(s)])) as Record<ClusterService, Supervised<ServiceProcess>>;
  }

  return {
    address,
    namespace: opts.namespace,
    pid: services.frontend.pid,
    services,
    logDir,
    stop,
    async restart(service) {
      if (supervisors) return supervisors[service].replace();
      await services[service].stop();
      services[service] = start(service);
    },
    hold(service) {
      supervisors?.[service].hold();
    },
  };
}
