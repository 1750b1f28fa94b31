import { writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * Every launcher failure reads as one line, "cause — fix (full detail: <log>)" (issue 23): the
 * entry points (npm start, bench, chaos, migrate …) print launchFailureLine() in their top-level
 * catch, which writes everything else (a tool's whole stderr, a server's last output, the stack)
 * to a log file named in that line.
 */

export interface LaunchErrorInit {
  /** An errno code when the failure is one (EADDRINUSE, EACCES, ENOENT …). */
  code?: string;
  /** The port a server could not bind. */
  port?: number;
  host?: string;
  /** The file or directory the failure is about. */
  path?: string;
  /** Multi-line detail (a tool's stderr, a server's last output) for the log file, not the line. */
  detail?: string;
}

/**
 * A failure whose cause and fix are known where it happens. Its message is already the one line
 * ("cause — fix"), so a caller that prints only err.message still shows both.
 */
export class LaunchError extends Error {
  readonly code?: string;
  readonly port?: number;
  readonly host?: string;
  readonly path?: string;
  readonly detail?: string;

  constructor(readonly reason: string, readonly fix: string, init: LaunchErrorInit = {}) {
    super(fix ? `${reason} — ${fix}` : reason);
    this.name = 'LaunchError';
    Object.assign(this, init);
  }
}

/** "Cannot start <service>: <host>:<port> is already in use"; the fix names the setting when the entry point knows it. */
export function portInUse(service: string, port: number, host = '127.0.0.1'): LaunchError {
  return new LaunchError(`Cannot start ${service}: ${host}:${port} is already in use`, portFix(host, port), { code: 'EADDRINUSE', port, host });
}

function portFix(host: string, port: number, setting?: string): string {
  const stop = `stop the process listening there (\`ss -ltnp 'sport = :${port}'\` names it)`;
  return setting ? `${stop} or set ${setting} to a free port` : `${stop} and start again`;
}

/** Whether this process runs as root (PostgreSQL then runs as user postgres). */
const asRoot = () => process.getuid?.() === 0;

/**
 * A process that could not be spawned (the child's 'error' event): the binary is missing,
 * not executable, or in a folder its user cannot enter.
 */
export function spawnFailure(what: string, binary: string, err: NodeJS.ErrnoException, asUser?: string): LaunchError {
  const init = { code: err.code, path: binary, detail: err.stack ?? err.message };
  if (err.code === 'ENOENT') return new LaunchError(`Could not start ${what}: ${binary} does not exist`, 'reinstall the dependencies with `npm ci`, then start again', init);
  if (err.code === 'EACCES' || err.code === 'EPERM') {
    const who = asUser ?? userInfo().username;
    return new LaunchError(
      `Could not start ${what}: user ${who} may not execute ${binary} (permission denied)`,
      `give ${who} execute permission on it and on every folder above it (chmod +x), or reinstall with \`npm ci\`${asRoot() ? '; as root, set PG_ROOT_HOME to a directory user postgres can enter' : ''}`,
      init,
    );
  }
  return new LaunchError(`Could not start ${what} (${binary}): ${err.message}`, 'check that the binary runs by hand, or reinstall with `npm ci`', init);
}

/** The first line that says what went wrong: a FATAL/ERROR/panic line if there is one, else the first non-empty line. */
export function firstMeaningfulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\b(FATAL|PANIC|ERROR|error|panic)\b|^initdb: error/.test(l)) ?? lines[0] ?? '(no output)';
}

export interface LaunchContext {
  /** The settings that choose ports (name → port), so a port in use names the one to change. */
  portSettings?: Record<string, number | undefined>;
  /** Where the full detail goes; default a new file in the temporary directory. */
  logFile?: string;
}

export interface Explained {
  cause: string;
  fix: string;
  /** Everything else, for the log file. */
  detail: string;
}

const settingFor = (port: number | undefined, ctx: LaunchContext) =>
  port === undefined ? undefined : Object.entries(ctx.portSettings ?? {}).find(([, p]) => p === port)?.[0];

const isError = (err: unknown): err is Error => err instanceof Error || (typeof err === 'object' && err !== null && typeof (err as Error).message === 'string');

/** Cause and fix of any error a launcher can meet (see the module comment). */
export function explainLaunchError(err: unknown, ctx: LaunchContext = {}): Explained {
  // Duck-typed: errors from Node's own modules may come from another realm (under Jest, say).
  if (!isError(err)) return { cause: String(err).split('\n')[0] ?? '', fix: '', detail: String(err) };
  const e = err as Error & Partial<LaunchErrorInit> & { syscall?: string; address?: string; errno?: number };
  const detail = [err.stack ?? err.message, e.detail].filter(Boolean).join('\n\n');
  if (err instanceof LaunchError) {
    const fix = err.code === 'EADDRINUSE' && err.port !== undefined ? portFix(err.host ?? '127.0.0.1', err.port, settingFor(err.port, ctx)) : err.fix;
    return { cause: err.reason, fix, detail };
  }
  switch (e.code) {
    case 'EADDRINUSE': {
      const port = e.port ?? Number(/:(\d+)\b/.exec(err.message)?.[1] ?? NaN);
      const host = e.address ?? '127.0.0.1';
      if (!Number.isNaN(port)) return { cause: `${host}:${port} is already in use`, fix: portFix(host, port, settingFor(port, ctx)), detail };
      break;
    }
    case 'EACCES':
    case 'EPERM': {
      const path = e.path ?? /\s(\/\S+)/.exec(e.syscall ?? err.message)?.[1];
      if (!path) break;
      const spawning = (e.syscall ?? '').startsWith('spawn');
      const who = userInfo().username;
      const need = spawning ? 'execute' : /open|write|mkdir|rename|unlink|chmod|chown|rm/.test(e.syscall ?? '') ? 'write' : 'read';
      return {
        cause: `permission denied: user ${who} may not ${need} ${path}`,
        fix: `give ${who} ${need} permission on ${path} (and execute permission on the folders above it)${asRoot() ? ', or set PG_ROOT_HOME to a directory user postgres can enter' : ''}`,
        detail,
      };
    }
    case 'ENOENT': {
      const path = e.path ?? /\s(\/\S+)/.exec(e.syscall ?? '')?.[1];
      if (!path) break;
      if ((e.syscall ?? '').startsWith('spawn')) return { cause: `${path} does not exist`, fix: 'reinstall the dependencies with `npm ci`, then start again', detail };
      return { cause: `${path} does not exist`, fix: 'create it, or point the setting that names it at one that exists', detail };
    }
    case 'ECONNREFUSED': {
      const where = e.address && e.port ? `${e.address}:${e.port}` : /\s(\S+:\d+)/.exec(err.message)?.[1];
      if (!where) break;
      return { cause: `nothing answers on ${where}`, fix: 'start the server there, or correct the address in DATABASE_URL / TEMPORAL_ADDRESS', detail };
    }
  }
  // Messages that already name their fix (the Go builds' one-liners): their first line as it is.
  const lines = err.message.split('\n').map((l) => l.trim()).filter(Boolean);
  // A list introduced by its first line (the configuration's "Invalid configuration:" and its variables) is the cause itself.
  if (lines.length > 1 && lines[0]!.endsWith(':') && lines.length <= 6) {
    const settings = err.name === 'ConfigError' || /configuration/i.test(lines[0]!);
    return { cause: `${lines[0]} ${lines.slice(1).join('; ')}`, fix: settings ? 'correct these variables in the environment and start again' : '', detail };
  }
  const cause = lines[0] ?? err.name;
  return { cause, fix: lines.length > 1 ? `the rest of its output is in the log` : '', detail };
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * The one line an entry point prints when `what` failed ("start failed: … — … (full detail: …)"),
 * after writing the full detail to a log file. Never throws: a log that cannot be written is left out.
 */
export function launchFailureLine(what: string, err: unknown, ctx: LaunchContext = {}): string {
  const { cause, fix, detail } = explainLaunchError(err, ctx);
  const logFile = ctx.logFile ?? join(tmpdir(), `dossier-flow-${what.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-failed-${stamp()}.log`);
  let written = true;
  try {
    writeFileSync(logFile, `${what} failed at ${new Date().toISOString()}\ncause: ${cause}\nfix: ${fix || '(see below)'}\n\n${detail}\n`);
  } catch {
    written = false;
  }
  const line = `${what} failed: ${cause}${fix ? ` — ${fix}` : ''}`;
  return written ? `${line} (full detail: ${logFile})` : line;
}
