import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

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
    throw new Error(
      'Running as root, but PostgreSQL cannot run as root and there is no "postgres" user to run it as. ' +
        'Create one (useradd --system --user-group postgres) or run as a normal user.',
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

/**
 * Creates the data directory and makes it usable by the server user: PostgreSQL insists on
 * owning it with mode 0700, and (when we switch user) must be able to enter every parent.
 * Parents are only checked, never loosened, because e.g. opening up /root is not our call.
 */
export async function ensurePostgresCanUse(dataDir: string, ids: UserIds | undefined): Promise<void> {
  const dir = resolve(dataDir);
  // Only the leaf gets 0700: a recursive mkdir would apply it to new parents too, locking the server user out.
  await fs.mkdir(dirname(dir), { recursive: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });

  if (ids) {
    for (let parent = dirname(dir); ; parent = dirname(parent)) {
      const stat = await fs.stat(parent);
      if (!canTraverse(stat, ids)) {
        throw new Error(
          `PostgreSQL runs as user "postgres" (uid ${ids.uid}) because we are root, but that user cannot enter ${parent}. ` +
            `Put the data directory elsewhere (e.g. under the repo or /tmp) or run: chmod o+x ${parent}`,
        );
      }
      if (parent === dirname(parent)) break;
    }
    const stat = await fs.stat(dir);
    // A cluster created by a non-root run (or a fresh mkdir by root) has the wrong owner.
    if (stat.uid !== ids.uid) await chownTree(dir, ids);
  }

  const stat = await fs.stat(dir);
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}
