import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLauncherConfig } from '../../libs/config/src';
import { startEmbeddedPostgres } from './embedded-pg';
import { explainLaunchError, LaunchError, launchFailureLine, portInUse, spawnFailure } from './launch-error';
import { freePort } from './ports';

/** The line an entry point prints, and the log file it names (read back). */
async function printed(what: string, err: unknown, ctx = {}): Promise<{ line: string; log: string }> {
  const line = launchFailureLine(what, err, ctx);
  const file = /\(full detail: (.+)\)$/.exec(line)?.[1];
  if (!file) throw new Error(`no log file named in: ${line}`);
  const log = await readFile(file, 'utf8');
  await rm(file, { force: true });
  return { line, log };
}

/** The error a spawn of `cmd` emits. */
const spawnError = (cmd: string) =>
  new Promise<NodeJS.ErrnoException>((resolve, reject) => {
    const child = spawn(cmd, [], { stdio: 'ignore' });
    child.once('error', resolve);
    child.once('exit', () => reject(new Error(`${cmd} ran`)));
  });

let dir: string;
const saved = process.env.PG_ROOT_HOME;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'launch-error-'));
  // Reachable by user postgres when we are root, so the fakes below are used in place.
  await chmod(dir, 0o755);
  process.env.PG_ROOT_HOME = join(dir, 'pg-root-home');
});
afterEach(async () => {
  process.env.PG_ROOT_HOME = saved;
  await rm(dir, { recursive: true, force: true });
});

describe('a port in use', () => {
  let holder: Server;
  let port: number;
  beforeEach(async () => {
    port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('names the port and the setting that chooses it when PostgreSQL cannot bind', async () => {
    const err = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    const { line } = await printed('start', err, { portSettings: { PORT: 3000, PG_PORT: port } });
    expect(line).toMatch(new RegExp(`^start failed: Cannot start PostgreSQL: 127\\.0\\.0\\.1:${port} is already in use — stop the process listening there .*sport = :${port}.* or set PG_PORT to a free port \\(full detail: `));
    expect(line).not.toContain('\n');
  });

  it('says to stop the other process when no setting chooses that port', () => {
    expect(explainLaunchError(portInUse('Mailpit', port)).fix).toBe(`stop the process listening there (\`ss -ltnp 'sport = :${port}'\` names it) and start again`);
  });

  it('explains a raw EADDRINUSE from a server of our own the same way', async () => {
    const second = createServer();
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => second.once('error', resolve).listen(port, '127.0.0.1'));
    expect(explainLaunchError(err, { portSettings: { MAILPIT_HTTP_PORT: port } })).toMatchObject({
      cause: `127.0.0.1:${port} is already in use`,
      fix: expect.stringContaining(`or set MAILPIT_HTTP_PORT to a free port`),
    });
  });
});

describe('a binary that cannot run', () => {
  it('EACCES: names the file, the user and the permission it needs, in one line', async () => {
    const bin = join(dir, 'not-executable');
    await writeFile(bin, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    const raw = await spawnError(bin);
    expect(raw.code).toBe('EACCES');
    const { line, log } = await printed('bench', spawnFailure('PostgreSQL', bin, raw, 'postgres'));
    expect(line).toContain(`Could not start PostgreSQL: user postgres may not execute ${bin} (permission denied) — give postgres execute permission on it`);
    if (process.getuid?.() === 0) expect(line).toContain('set PG_ROOT_HOME to a directory user postgres can enter');
    expect(line).not.toContain('\n');
    expect(log).toContain(raw.message); // the bare errno, for whoever digs
    // The raw error too, had it reached the top unwrapped.
    expect(explainLaunchError(raw)).toMatchObject({ cause: expect.stringContaining(`may not execute ${bin}`), fix: expect.stringContaining('execute permission') });
  });

  it('ENOENT: says the binary is missing and to reinstall', async () => {
    const bin = join(dir, 'gone', 'postgres');
    const raw = await spawnError(bin);
    expect(spawnFailure('PostgreSQL', bin, raw).message).toBe(`Could not start PostgreSQL: ${bin} does not exist — reinstall the dependencies with \`npm ci\`, then start again`);
    expect(explainLaunchError(raw)).toEqual({ cause: `${bin} does not exist`, fix: 'reinstall the dependencies with `npm ci`, then start again', detail: expect.any(String) });
  });

  it('initdb not executable (the bare "spawn …/initdb EACCES" of issue 23): which file, which user', async () => {
    const native = await fakeNative({ initdb: 'exit 0', postgres: 'exit 0' });
    await chmod(join(native, 'bin', 'initdb'), 0o644);
    const err = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort(), nativeDir: native }).catch((e: unknown) => e);
    const who = process.getuid?.() === 0 ? 'postgres' : undefined;
    expect((err as Error).message).toMatch(new RegExp(`^Could not start initdb: user ${who ?? '\\S+'} may not execute ${join(native, 'bin', 'initdb')} \\(permission denied\\) — give `));
  });
});

/** A `native` tree whose initdb and postgres are shell scripts with these bodies. */
async function fakeNative(bodies: { initdb: string; postgres: string }): Promise<string> {
  const native = join(dir, 'native');
  await mkdir(join(native, 'bin'), { recursive: true });
  for (const [name, body] of Object.entries(bodies)) await writeFile(join(native, 'bin', name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return native;
}

describe('PostgreSQL failing', () => {
  it('initdb failure: the first line of its stderr and the fix in the line, all of its output in the log', async () => {
    const native = await fakeNative({
      initdb: `echo "The files belonging to this database system will be owned by user postgres." >&2
echo 'initdb: error: directory "'"$(echo "$1" | cut -d= -f2)"'" exists but is not empty' >&2
echo 'initdb: hint: If you want to create a new database system, either remove or empty the directory.' >&2
exit 1`,
      postgres: 'exit 0',
    });
    const dataDir = join(dir, 'data');
    const err = await startEmbeddedPostgres({ dataDir, port: await freePort(), nativeDir: native }).catch((e: unknown) => e);
    const { line, log } = await printed('start', err);
    expect(line).toMatch(new RegExp(`^start failed: initdb failed for ${dataDir}: initdb: error: directory "${dataDir}" exists but is not empty — fix what it says, or delete ${dataDir} to start on an empty cluster \\(full detail: .+\\)$`));
    expect(line).not.toContain('\n');
    expect(log).toContain('initdb: hint: If you want to create a new database system');
  });

  it('a server that exits at startup: its FATAL line in the line, its last output in the log', async () => {
    const native = await fakeNative({
      initdb: 'touch "$(echo "$1" | cut -d= -f2)/PG_VERSION"',
      postgres: `echo "2026-12-02 10:00:00.000 UTC [42] LOG:  starting PostgreSQL 18" >&2
echo "2026-12-02 10:00:00.001 UTC [42] FATAL:  could not load library: libicu missing" >&2
echo "2026-12-02 10:00:00.002 UTC [42] LOG:  database system is shut down" >&2
exit 1`,
    });
    const err = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort(), nativeDir: native }).catch((e: unknown) => e);
    const { line, log } = await printed('start', err);
    expect(line).toMatch(/^start failed: PostgreSQL exited during startup \(exit code 1\): .*FATAL: {2}could not load library: libicu missing — fix what it says, then start again \(full detail: /);
    expect(line).not.toContain('\n');
    expect(log).toContain('database system is shut down');
  });
});

describe('other failures', () => {
  it('a multi-line error (a stack, a tool output) prints its first line; the rest goes to the log', async () => {
    const { line, log } = await printed('chaos run', new Error('Timed out after 120000 ms waiting for the API\nlast output:\nsecond line'));
    expect(line).toMatch(/^chaos run failed: Timed out after 120000 ms waiting for the API — the rest of its output is in the log \(full detail: /);
    expect(log).toContain('second line');
    expect(log).toContain('at '); // the stack
  });

  it('a one-line message that already names its fix (the Go builds\') is printed as it is', async () => {
    const message = 'Building the Temporal CLI (once, into /x) needs Go 1.25 or newer; /usr/bin/go is go1.19.8: install a newer one from https://go.dev/dl/ and put it first on PATH.';
    const { line } = await printed('start', new Error(message));
    expect(line).toMatch(new RegExp(`^start failed: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(full detail: `));
  });

  it('a refused connection names the address and the settings that name it', async () => {
    const port = await freePort();
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      connect(port, '127.0.0.1').once('error', resolve);
    });
    expect(explainLaunchError(err)).toMatchObject({ cause: `nothing answers on 127.0.0.1:${port}`, fix: expect.stringContaining('DATABASE_URL / TEMPORAL_ADDRESS') });
  });

  it('a bad setting names the variable and what is wrong with it', () => {
    let err: unknown;
    try {
      loadLauncherConfig({ PG_PORT: 'five' });
    } catch (e) {
      err = e;
    }
    expect(explainLaunchError(err)).toMatchObject({ cause: expect.stringMatching(/^Invalid configuration: PG_PORT: \S/), fix: 'correct these variables in the environment and start again' });
  });

  it('without a writable log, still one line', () => {
    expect(launchFailureLine('migrate', new LaunchError('DATABASE_URL is not set', 'set it'), { logFile: join(dir, 'missing', 'x.log') })).toBe('migrate failed: DATABASE_URL is not set — set it');
  });
});
