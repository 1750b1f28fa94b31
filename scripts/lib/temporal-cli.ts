import { spawn } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { sleep } from './ports';
import { pipeLines } from './output-lines';

// Newest first; older tags are fallbacks in case a tag fails to build with the local Go toolchain.
const CLI_VERSIONS = ['v1.5.1', 'v1.5.0', 'v1.4.1'];
const LOCK_WAIT_MS = 30 * 60_000;

async function isExecutable(path: string): Promise<boolean> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return false;
    await fs.access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && (await isExecutable(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

/** TEMPORAL_CLI_CACHE names the cache directory; a path to the binary itself is accepted too. */
async function cachePaths(): Promise<{ dir: string; bin: string }> {
  const configured = process.env.TEMPORAL_CLI_CACHE;
  if (configured) {
    const stat = await fs.stat(configured).catch(() => undefined);
    if (stat?.isFile()) return { dir: join(configured, '..'), bin: configured };
    return { dir: configured, bin: join(configured, 'temporal') };
  }
  const dir = join(homedir(), '.cache', 'dossier-flow', 'bin');
  return { dir, bin: join(dir, 'temporal') };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * O_EXCL lock file holding our pid: a second launcher waits for the first build instead of
 * compiling the CLI again; a lock left by a killed process is detected by its dead pid.
 */
async function acquireLock(lockFile: string, log: (msg: string) => void): Promise<() => Promise<void>> {
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
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      log(`removing stale build lock ${lockFile} (pid ${owner} is gone)`);
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for another Temporal CLI build to release ${lockFile}`);
    if (!announced) log(`another process (pid ${owner || '?'}) is building the Temporal CLI; waiting for it`);
    announced = true;
    await sleep(1000);
  }
}

function goInstall(goBin: string, version: string, cacheDir: string, log: (msg: string) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(goBin, ['install', `github.com/temporalio/cli/cmd/temporal@${version}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The CLI's SQLite driver is pure Go, so disabling cgo removes the need for a C compiler.
      env: { ...process.env, GOBIN: cacheDir, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
    });
    pipeLines(child.stdout, (line) => log(`go: ${line}`));
    pipeLines(child.stderr, (line) => log(`go: ${line}`));
    child.once('error', (err) => {
      log(`go install could not start: ${err.message}`);
      resolve(false);
    });
    child.once('exit', (code) => resolve(code === 0));
  });
}

function notFoundError(reason: string): Error {
  return new Error(
    `Temporal CLI not found (${reason}). Either install Go (https://go.dev/dl/) so it can be built into the cache ` +
      'automatically, put a `temporal` binary on PATH (https://docs.temporal.io/cli#install), ' +
      'or set TEMPORAL_ADDRESS to use an already running Temporal server.',
  );
}

/** Finds the `temporal` binary: PATH, then the cache, then a one-time `go install` into the cache. */
export async function resolveTemporalCli(log: (msg: string) => void): Promise<string> {
  const onPath = await findOnPath('temporal');
  if (onPath) return onPath;

  const { dir, bin } = await cachePaths();
  if (await isExecutable(bin)) return bin;

  const goBin = await findOnPath('go');
  if (!goBin) throw notFoundError(`not on PATH, not in ${bin}, and no Go toolchain to build it`);

  await fs.mkdir(dir, { recursive: true });
  const release = await acquireLock(join(dir, '.temporal-build.lock'), log);
  try {
    // Whoever held the lock before us may have finished the build already.
    if (await isExecutable(bin)) return bin;
    for (const version of CLI_VERSIONS) {
      log(`building Temporal CLI ${version} into ${dir} (one-time, takes a few minutes)`);
      const started = Date.now();
      if ((await goInstall(goBin, version, dir, log)) && (await isExecutable(bin))) {
        log(`built Temporal CLI ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
        return bin;
      }
      log(`building Temporal CLI ${version} failed`);
    }
    throw notFoundError(`go install failed for ${CLI_VERSIONS.join(', ')}; see the go output above`);
  } finally {
    await release();
  }
}
