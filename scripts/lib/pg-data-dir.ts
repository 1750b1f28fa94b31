import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { LaunchError } from './launch-error';

export interface UserIds {
  uid: number;
  gid: number;
}

const execFileAsync = promisify(execFile);

/**
 * PostgreSQL refuses to run as root, so under root (containers, CI) the server runs as the
 * `postgres` system user. Returns undefined when no user switch is needed.
 */
export async function postgresUserIds(): Promise<UserIds | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', 'postgres']).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return { uid, gid };
  } catch {
    throw new LaunchError(
      'Running as root, but PostgreSQL cannot run as root and there is no "postgres" user to run it as',
      'create one (useradd --system --user-group postgres) or run as a normal user',
    );
  }
}

function canTraverse(stat: { uid: number; gid: number; mode: number }, ids: UserIds): boolean {
  if (stat.uid === ids.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === ids.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

async function chownTree(path: string, ids: UserIds): Promise<void> {
  await fs.lchown(path, ids.uid, ids.gid);
  const entries = await fs.readdir(path, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, ids);
    else await fs.lchown(child, ids.uid, ids.gid);
  }
}

/** The first directory on the way to `path` that `ids` cannot enter, or undefined. */
export async function blockedParent(path: string, ids: UserIds): Promise<string | undefined> {
  const parents: string[] = [];
  for (let parent = dirname(resolve(path)); ; parent = dirname(parent)) {
    parents.unshift(parent);
    if (parent === dirname(parent)) break;
  }
  for (const parent of parents) {
    const stat = await fs.stat(parent).catch(() => undefined);
    if (!stat) return undefined; // not created yet: made by us, below the last existing one
    if (!canTraverse(stat, ids)) return parent;
  }
  return undefined;
}

/**
 * Where root keeps PostgreSQL's files when the project sits in a folder user `postgres` cannot
 * enter (a clone in /root, a `mktemp -d`): a directory root creates for it, outside the project,
 * changing no existing permission. PG_ROOT_HOME overrides it.
 */
export const pgRootHome = (): string => process.env.PG_ROOT_HOME ?? '/var/lib/dossier-flow';

/** Creates `dir` (and missing parents) so that everyone may enter it; existing parents are left as they are. */
async function mkdirEnterable(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); !(await fs.stat(d).catch(() => undefined)); d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    await fs.mkdir(d).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await fs.chmod(d, 0o755);
  }
}

/**
 * The data directory the server user can use for `dataDir`: itself, or, when user `postgres`
 * cannot reach it, a directory of its own under pgRootHome() named after the project's path (so
 * the next start of the same project finds the same data).
 */
export async function reachableDataDir(dataDir: string, ids: UserIds | undefined, log: (msg: string) => void): Promise<string> {
  if (!ids) return resolve(dataDir);
  const blocked = await blockedParent(dataDir, ids);
  if (!blocked) return resolve(dataDir);
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  const home = join(pgRootHome(), 'data');
  const moved = join(home, key);
  await mkdirEnterable(home);
  if (await blockedParent(moved, ids)) throw new LaunchError(`User postgres cannot enter ${await blockedParent(moved, ids)} either`, 'set PG_ROOT_HOME to a directory it can reach', { code: 'EACCES', path: moved });
  // A note beside the project's own path says where its data is.
  await fs.mkdir(dirname(resolve(dataDir)), { recursive: true });
  await fs.writeFile(`${resolve(dataDir)}.location`, `${moved}\n`);
  log(`PostgreSQL runs as user postgres (we are root), who cannot enter ${blocked}: its data for ${resolve(dataDir)} is kept in ${moved}`);
  return moved;
}

/**
 * PostgreSQL's binaries where the server user can execute them: in place, or (same reason as
 * above) a copy of the package's `native` tree under pgRootHome(), made once per package version.
 */
export async function reachableNativeDir(nativeDir: string, version: string, ids: UserIds | undefined, log: (msg: string) => void): Promise<string> {
  if (!ids || !(await blockedParent(join(nativeDir, 'bin', 'postgres'), ids))) return nativeDir;
  const target = join(pgRootHome(), `postgresql-${version}`);
  if (await fs.stat(join(target, 'bin', 'postgres')).catch(() => undefined)) return target;
  await mkdirEnterable(pgRootHome());
  // Copied beside, then renamed: a copy cut short is never taken for a finished one.
  const partial = `${target}.partial-${process.pid}`;
  await fs.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  await fs.chmod(partial, 0o755);
  await fs.rename(partial, target).catch(async (err: NodeJS.ErrnoException) => {
    await fs.rm(partial, { recursive: true, force: true });
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err; // another start copied it first
  });
  log(`user postgres cannot reach PostgreSQL's binaries in ${nativeDir}: using a copy in ${target}`);
  return target;
}

/**
 * Creates the data directory and makes it usable by the server user: PostgreSQL insists on
 * owning it with mode 0700, and (when we switch user) must be able to enter every parent —
 * reachableDataDir has chosen one it can. Parents are only checked, never loosened.
 */
export async function ensurePostgresCanUse(dataDir: string, ids: UserIds | undefined): Promise<void> {
  const dir = resolve(dataDir);
  // Only the leaf gets 0700: a recursive mkdir would apply it to new parents too, locking the server user out.
  await fs.mkdir(dirname(dir), { recursive: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });

  if (ids) {
    const blocked = await blockedParent(dir, ids);
    if (blocked) throw new LaunchError(`PostgreSQL runs as user "postgres" (uid ${ids.uid}) because we are root, but that user cannot enter ${blocked}`, 'set PG_ROOT_HOME to a directory it can reach', { code: 'EACCES', path: blocked });
    const stat = await fs.stat(dir);
    // A cluster created by a non-root run (or a fresh mkdir by root) has the wrong owner.
    if (stat.uid !== ids.uid) await chownTree(dir, ids);
  }

  const stat = await fs.stat(dir);
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}
