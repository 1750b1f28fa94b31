import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { DOSSIER_SEARCH_ATTRIBUTES } from '../../libs/temporal/src/search-attributes';
import { isPortInUse, waitFor } from './ports';
import { spawnService } from './service-process';
import { resolveTemporalCli } from './temporal-cli';
import { portInUse } from './launch-error';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Datetime' | 'Bool' | 'Double' | 'KeywordList';

export interface TemporalHandle {
  address: string;
  uiUrl?: string;
  namespace: string;
  stop(): Promise<void>;
  pid?: number;
}

export interface TemporalDevServerOptions {
  /** SQLite file for persistence; undefined keeps everything in memory. */
  dbFile?: string;
  port: number;
  /** undefined runs headless (no Web UI). */
  uiPort?: number;
  namespace?: string;
  /** More namespaces to create at start (tests give each file its own). */
  extraNamespaces?: string[];
  log?: (msg: string) => void;
  searchAttributes?: Record<string, SearchAttributeType>;
  /** Dynamic config on top of DEV_SERVER_DYNAMIC_CONFIG (a test lowers a limit to cross it). */
  dynamicConfig?: Record<string, string>;
  startTimeoutMs?: number;
  /**
   * Run in its own process group so a terminal Ctrl-C reaches only the launcher, which can then
   * stop the apps before the infrastructure. The caller must then stop it on signals itself
   * (see onShutdownSignal); default false, so plain scripts and tests die together with it.
   */
  detached?: boolean;
}

/** Ours (libs/temporal), in the CLI's spelling: KEYWORD_LIST → KeywordList. */
export const DEFAULT_SEARCH_ATTRIBUTES: Record<string, SearchAttributeType> = Object.fromEntries(
  DOSSIER_SEARCH_ATTRIBUTES.map((k) => [k.name, k.type.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase()) as SearchAttributeType]),
);

const HOST = '127.0.0.1';

/**
 * Dynamic config the launcher gives the dev server (values are JSON). Update-with-start needs the
 * first two. The timer queue floors a new timer's fire time to its read level, which runs up to
 * `timerProcessorMaxTimeShift` (default 1 s) ahead of now: a short timer — the deadline clock's,
 * set for the next alarm of a storm a few milliseconds away — could fire up to a second late. On
 * one process there is no clock skew between hosts to absorb, so 100 ms.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, string> = {
  'frontend.enableExecuteMultiOperation': 'true',
  'frontend.enableUpdateWorkflowExecution': 'true',
  'history.timerProcessorMaxTimeShift': '"100ms"',
};
/** SQLite pragmas for a file-backed dev server: WAL lets readers (UI, visibility) proceed during writes; NORMAL is safe with WAL. */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=WAL', 'synchronous=NORMAL'];

function serverArgs(opts: TemporalDevServerOptions, namespace: string, searchAttributes: Record<string, string>): string[] {
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(opts.port)];
  args.push(...(opts.uiPort === undefined ? ['--headless'] : ['--ui-port', String(opts.uiPort)]));
  if (opts.dbFile) args.push('--db-filename', resolve(opts.dbFile));
  // "default" always exists; listing it explicitly keeps the command line self-describing.
  args.push('--namespace', 'default');
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const ns of opts.extraNamespaces ?? []) args.push('--namespace', ns);
  args.push('--log-level', 'warn');
  for (const [key, value] of Object.entries({ ...DEV_SERVER_DYNAMIC_CONFIG, ...opts.dynamicConfig })) args.push('--dynamic-config-value', `${key}=${value}`);
  if (opts.dbFile) for (const pragma of DEV_SERVER_SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  for (const [name, type] of Object.entries(searchAttributes)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid search attribute name: ${name}`);
    args.push('--search-attribute', `${name}=${type}`);
  }
  return args;
}

/** Ready means: frontend answers, our namespace exists and every custom search attribute is registered. */
async function serverReady(address: string, namespace: string, searchAttributes: Record<string, string>): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.keys(searchAttributes).every((name) => customAttributes && name in customAttributes);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Runs `temporal server start-dev` as a child process and resolves once it is usable. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalHandle> {
  const log = opts.log ?? (() => undefined);
  const namespace = opts.namespace ?? 'default';
  const searchAttributes = opts.searchAttributes ?? DEFAULT_SEARCH_ATTRIBUTES;
  const address = `${HOST}:${opts.port}`;

  for (const port of [opts.port, opts.uiPort]) {
    if (port !== undefined && (await isPortInUse(port, HOST))) {
      throw portInUse('the Temporal dev server', port, HOST);
    }
  }
  const cli = await resolveTemporalCli(log);
  if (opts.dbFile) await fs.mkdir(dirname(resolve(opts.dbFile)), { recursive: true });

  const args = serverArgs(opts, namespace, searchAttributes);
  log(`${cli} ${args.join(' ')}`);
  const server = spawnService({
    name: 'Temporal dev server',
    cmd: cli,
    args,
    spawn: { detached: opts.detached ?? false },
    // While shutting down, the embedded system workers log a burst of harmless connection WARNs.
    onLine: (line, stopping) => {
      if (!stopping || !line.includes('level=WARN')) log(line);
    },
  });
  const { died, stop } = server;

  const polling = new AbortController();
  try {
    await Promise.race([
      died,
      waitFor(() => serverReady(address, namespace, searchAttributes), {
        timeoutMs: opts.startTimeoutMs ?? 60_000,
        intervalMs: 200,
        what: `Temporal dev server on ${address}`,
        signal: polling.signal,
      }),
    ]);
  } catch (err) {
    polling.abort();
    await stop();
    throw err;
  }

  return {
    address,
    uiUrl: opts.uiPort === undefined ? undefined : `http://${HOST}:${opts.uiPort}`,
    namespace,
    stop,
    pid: server.pid,
  };
}
