import { spawn } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { sleep } from './ports';
import { pipeLines, processAlive } from './output-lines';

const LOCK_WAIT_MS = 30 * 60_000;

export async function isExecutable(path: string): Promise<boolean> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return false;
    await fs.access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

/** Where one-time builds live: outside the repo, so every clone shares them. */
export function toolCacheDir(): string {
  return join(homedir(), '.cache', 'dossier-flow');
}

/**
 * O_EXCL lock file holding our pid: a second launcher waits for the first build instead of
 * compiling again; a lock left by a killed process is detected by its dead pid.
 */
export async function acquireLock(lockFile: string, what: string, log: (msg: string) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => fs.rm(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(await fs.readFile(lockFile, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
      log(`removing stale build lock ${lockFile} (pid ${owner} is gone)`);
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for another ${what} build to release ${lockFile}`);
    if (!announced) log(`another process (pid ${owner || '?'}) is building ${what}; waiting for it`);
    announced = true;
    await sleep(1000);
  }
}

/** `go <args>` with GOBIN and extra env; resolves to whether it succeeded. */
export function runGo(goBin: string, args: string[], env: NodeJS.ProcessEnv, log: (msg: string) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(goBin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    pipeLines(child.stdout, (line) => log(`go: ${line}`));
    pipeLines(child.stderr, (line) => log(`go: ${line}`));
    child.once('error', (err) => {
      log(`go could not start: ${err.message}`);
      resolve(false);
    });
    child.once('exit', (code) => resolve(code === 0));
  });
}

export interface GoBuild {
  /** What is built, for messages ("the Temporal CLI"). */
  what: string;
  /** Directory the binaries land in (GOBIN). */
  dir: string;
  /** Binaries that must exist in `dir` afterwards. */
  bins: string[];
  /** One `go install` argument list per attempt, tried in order until one succeeds. */
  attempts: { label: string; packages: string[] }[];
  /** Runs after a successful install, still under the lock (e.g. copy files the binaries need). */
  after?: (label: string) => Promise<void>;
  /** Advice appended when Go is missing or every attempt fails. */
  otherwise: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Builds Go binaries once into a cache shared by every clone, serialised by a lock file so two
 * launchers never compile the same thing at once. Returns the paths of `bins`.
 */
export async function goInstallOnce(build: GoBuild, log: (msg: string) => void): Promise<string[]> {
  const paths = build.bins.map((b) => join(build.dir, b));
  const ready = async () => (await Promise.all(paths.map(isExecutable))).every(Boolean);
  if (await ready()) return paths;

  const goBin = await findOnPath('go');
  if (!goBin) throw new Error(`${build.what} is not built in ${build.dir} and there is no Go toolchain (go) on PATH to build it. ${build.otherwise}`);

  await fs.mkdir(build.dir, { recursive: true });
  const release = await acquireLock(join(build.dir, '.build.lock'), build.what, log);
  try {
    // Whoever held the lock before us may have finished the build already.
    if (await ready()) return paths;
    for (const { label, packages } of build.attempts) {
      log(`building ${build.what} ${label} into ${build.dir} (one-time, takes a few minutes)`);
      const started = Date.now();
      if ((await runGo(goBin, ['install', ...packages], { GOBIN: build.dir, ...build.env }, log)) && (await ready())) {
        await build.after?.(label);
        log(`built ${build.what} ${label} in ${Math.round((Date.now() - started) / 1000)} s`);
        return paths;
      }
      log(`building ${build.what} ${label} failed`);
    }
    throw new Error(`go install failed for ${build.what} (${build.attempts.map((a) => a.label).join(', ')}); see the go output above. ${build.otherwise}`);
  } finally {
    await release();
  }
}
