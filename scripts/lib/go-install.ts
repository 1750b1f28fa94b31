import { spawn } from 'node:child_process';
import { constants, createWriteStream, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { sleep } from './ports';
import { processAlive } from './output-lines';

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

/** `cmd <args>` (in `cwd`) with extra env (an undefined value removes a variable), its output appended to `logFile`; resolves to whether it succeeded. */
export function runLogged(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, cwd?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`$ ${basename(cmd)} ${args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}${cwd ? `   (in ${cwd})` : ''}\n`);
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    const done = (ok: boolean) => out.end(() => resolve(ok));
    child.once('error', (err) => {
      out.write(`${basename(cmd)} could not start: ${err.message}\n`);
      done(false);
    });
    child.once('close', (code) => done(code === 0));
  });
}

/** `go <args>` with GOBIN and extra env, its output appended to `logFile`; resolves to whether it succeeded. */
export function runGo(goBin: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<boolean> {
  return runLogged(goBin, args, env, logFile);
}

/** `go1.26.8` → [1, 26, 8]; `go1.25rc1` → [1, 25, 0]; undefined when unreadable. */
export function parseGoVersion(v: string): number[] | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Whether Go `found` (as `go env GOVERSION` prints it) is at least `min` ("1.25"). */
export function goVersionAtLeast(found: string, min: string): boolean {
  const have = parseGoVersion(found);
  const need = parseGoVersion(`go${min}`)!;
  if (!have) return false;
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i]! > need[i]!;
  return true;
}

async function goVersionOf(goBin: string): Promise<string> {
  return new Promise((resolve) => {
    // GOTOOLCHAIN=local: report the Go that is installed, never download another.
    const child = spawn(goBin, ['env', 'GOVERSION'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GOTOOLCHAIN: 'local' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', () => resolve('unknown'));
    child.once('close', () => resolve(out.trim() || 'unknown'));
  });
}

const elapsed = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};

/** Where the progress of a one-time build is shown: one line rewritten in place on a terminal, a line a minute otherwise. */
export interface ProgressOutput {
  tty: boolean;
  write(text: string): void;
  tickMs: number;
}

const stderrProgress = (): ProgressOutput => ({ tty: !!process.stderr.isTTY, write: (t) => void process.stderr.write(t), tickMs: 1000 });

/** One progress line: what is built, that it happens once, the elapsed time and where the raw output goes. */
function showProgress(text: string, out: ProgressOutput, log: (msg: string) => void): () => void {
  const started = Date.now();
  const line = () => `${text} — ${elapsed(Date.now() - started)} elapsed`;
  if (!out.tty) {
    log(line());
    const timer = setInterval(() => log(line()), Math.max(out.tickMs, 60_000));
    return () => clearInterval(timer);
  }
  out.write(line());
  const timer = setInterval(() => out.write(`\r\x1b[2K${line()}`), out.tickMs);
  return () => {
    clearInterval(timer);
    out.write('\r\x1b[2K');
  };
}

/** What a build of its own (`BuildAttempt.steps`) is given. */
export interface BuildContext {
  /** The `go` on PATH, checked to be new enough, and its version. */
  go: string;
  goVersion: string;
  /** Where every step's output goes (`<dir>/build.log`): append to it with `runLogged`. */
  logFile: string;
  /** For `go` commands: GOTOOLCHAIN=local and `GoBuild.env`. */
  goEnv: NodeJS.ProcessEnv;
}

export interface BuildAttempt {
  label: string;
  /** `go install` these into `dir`. */
  packages?: string[];
  /**
   * Instead of `go install`: a build of its own (e.g. a web UI with npm, then `go build`) that puts
   * `bins` into `dir`. A failed step throws an Error whose one-line message names the step, the
   * cause, where its output is and the fix.
   */
  steps?: (ctx: BuildContext) => Promise<void>;
}

export interface GoBuild {
  /** What is built, for messages ("the Temporal CLI"). */
  what: string;
  /** Directory the binaries land in (GOBIN); the build's log goes there too. */
  dir: string;
  /** Binaries that must exist in `dir` afterwards. */
  bins: string[];
  /** One attempt per version (or way) to build them, tried in order until one succeeds. */
  attempts: BuildAttempt[];
  /** The oldest Go that builds them (the `go` line of their go.mod), e.g. "1.25". */
  minGo: string;
  /** Runs after a successful install, still under the lock (e.g. copy files the binaries need). */
  after?: (label: string) => Promise<void>;
  /** Advice appended when every attempt fails. */
  otherwise: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Builds Go binaries once into a cache shared by every clone, serialised by a lock file so two
 * launchers never compile the same thing at once. Returns the paths of `bins`. While it builds,
 * one progress line says so; go's (and a build's own steps') output goes to `<dir>/build.log`. A missing or too old Go
 * is one line naming the version needed.
 */
export async function goInstallOnce(build: GoBuild, log: (msg: string) => void, out: ProgressOutput = stderrProgress()): Promise<string[]> {
  const paths = build.bins.map((b) => join(build.dir, b));
  const ready = async () => (await Promise.all(paths.map(isExecutable))).every(Boolean);
  if (await ready()) return paths;

  const needs = `Building ${build.what} (once, into ${build.dir}) needs Go ${build.minGo} or newer`;
  const goBin = await findOnPath('go');
  if (!goBin) throw new Error(`${needs}, and there is no \`go\` on PATH: install it from https://go.dev/dl/ (Debian's golang package is too old). ${build.otherwise}`);
  const version = await goVersionOf(goBin);
  if (!goVersionAtLeast(version, build.minGo)) throw new Error(`${needs}; ${goBin} is ${version}: install a newer one from https://go.dev/dl/ and put it first on PATH. ${build.otherwise}`);

  await fs.mkdir(build.dir, { recursive: true });
  const release = await acquireLock(join(build.dir, '.build.lock'), build.what, log);
  try {
    // Whoever held the lock before us may have finished the build already.
    if (await ready()) return paths;
    const logFile = join(build.dir, 'build.log');
    const goEnv = { GOTOOLCHAIN: 'local', ...build.env };
    let failure: string | undefined;
    for (const { label, packages, steps } of build.attempts) {
      const started = Date.now();
      const stop = showProgress(`building ${build.what} ${label} with ${version} — once; later starts reuse it; ${steps ? 'the build' : 'go'}'s output: ${logFile}`, out, log);
      let ok: boolean;
      if (steps) {
        failure = await steps({ go: goBin, goVersion: version, logFile, goEnv }).then(
          async () => ((await ready()) ? undefined : `Building ${build.what} ${label} left no ${paths.join(', ')}: see ${logFile}.`),
          (err: Error) => err.message,
        );
        ok = !failure;
      } else {
        failure = undefined;
        ok = (await runGo(goBin, ['install', ...(packages ?? [])], { GOBIN: build.dir, ...goEnv }, logFile)) && (await ready());
      }
      stop();
      if (ok) {
        await build.after?.(label);
        log(`built ${build.what} ${label} in ${elapsed(Date.now() - started)}`);
        return paths;
      }
      log(`building ${build.what} ${label} failed after ${elapsed(Date.now() - started)}; ${failure ?? `go's output: ${logFile}`}`);
    }
    if (failure) throw new Error(`${failure} ${build.otherwise}`);
    throw new Error(`go install failed for ${build.what} (${build.attempts.map((a) => a.label).join(', ')}): see ${join(build.dir, 'build.log')}. ${build.otherwise}`);
  } finally {
    await release();
  }
}
