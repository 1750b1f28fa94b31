import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findOnPath, goInstallOnce, runLogged, toolCacheDir, type BuildContext, type ProgressOutput } from './go-install';
import { isPortInUse, waitFor } from './ports';
import { spawnService } from './service-process';
import { portInUse } from './launch-error';

const execFileAsync = promisify(execFile);

/**
 * Mailpit (github.com/axllent/mailpit, MIT, maintained): one Go binary that accepts all mail over
 * SMTP, keeps it, and shows it in a web UI with an HTTP API (/api/v1) the tests count mails with.
 * Built once from its Go module source, because its web UI (Vue, bundled by esbuild) is built by npm
 * in its repository and is not in the module: a plain `go install` serves an empty UI page. So the
 * build copies the module, bundles the UI with npm (`npm ci`, `npm run build`), then `go build`s the
 * binary that embeds it. v1.27.11: its npm packages all install from the registry used here (v1.33.1's
 * need sass-embedded, which it does not serve; the releases between were not tried). A release binary
 * (https://github.com/axllent/mailpit/releases) on PATH is used first.
 */
export const MAILPIT_VERSION = 'v1.27.11';
const MODULE = 'github.com/axllent/mailpit';

export interface MailpitHandle {
  smtpUrl: string;
  /** Web UI and API (`<httpUrl>/api/v1/messages`). */
  httpUrl: string;
  stop(): Promise<void>;
  pid?: number;
}

/** MAILPIT_CACHE, else ~/.cache/dossier-flow/mailpit-<version>. */
export function mailpitCacheDir(): string {
  return process.env.MAILPIT_CACHE ?? join(toolCacheDir(), `mailpit-${MAILPIT_VERSION}`);
}

/** `mailpit` on PATH, else the cache, else a one-time build (with its web UI) into it. */
export async function resolveMailpit(log: (msg: string) => void, out?: ProgressOutput): Promise<string> {
  const onPath = await findOnPath('mailpit');
  if (onPath) return onPath;
  const dir = mailpitCacheDir();
  const [built] = await goInstallOnce(
    {
      what: 'Mailpit (the local mail server, with its web UI)',
      dir,
      bins: ['mailpit'],
      attempts: [{ label: MAILPIT_VERSION, steps: (ctx) => buildFromModule(dir, ctx) }],
      minGo: '1.24.3', // the `go` line of its go.mod
      env: { CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      otherwise: 'Or put a `mailpit` release binary on PATH (https://github.com/axllent/mailpit/releases), or set SMTP_URL to use a real relay.',
    },
    log,
    out,
  );
  return built!;
}

/**
 * What the npm steps drop from our environment (undefined removes a variable): what a parent
 * `npm start`/`npm test` exports about itself; npm_config_local_prefix in particular would make
 * `npm ci` install into this project.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const drop = Object.keys(process.env).filter(
    (k) => /^npm_(package_|lifecycle_|command$|execpath$|config_(local_prefix|call|workspaces?|include_workspace_root|ignore_scripts)$)/i.test(k) || k === 'INIT_CWD',
  );
  return Object.fromEntries(drop.map((k) => [k, undefined]));
}

/** The first `npm error` line of what a step wrote to the log after `from` (its cause), e.g. "E404 404 Not Found - GET …/sass-embedded". */
async function npmCause(logFile: string, from: number): Promise<string> {
  const text = (await fs.readFile(logFile, 'utf8').catch(() => '')).slice(from);
  const errors = text.split('\n').map((l) => /^npm (?:error|ERR!) (.*)$/.exec(l)?.[1]?.trim()).filter((l): l is string => !!l);
  const code = errors.find((l) => l.startsWith('code '))?.slice(5);
  const what = errors.find((l) => !l.startsWith('code ') && !/^(A complete log|Log files|errno|syscall)/.test(l));
  const last = text.trim().split('\n').at(-1)?.trim();
  return [code, what].filter(Boolean).join(' ') || last || 'no output';
}

/**
 * Copies the module source (read-only in the module cache) to `<dir>/src`, bundles the web UI with
 * npm into server/ui/dist (which the binary embeds), builds the binary and moves it into `dir`.
 */
async function buildFromModule(dir: string, { go, logFile, goEnv }: BuildContext): Promise<void> {
  const src = join(dir, 'src');
  const logSize = async () => (await fs.stat(logFile).catch(() => undefined))?.size ?? 0;
  const env = { ...process.env, ...goEnv };
  await fs.appendFile(logFile, `$ go mod download -json ${MODULE}@${MAILPIT_VERSION}\n`);
  const moduleDir = await execFileAsync(go, ['mod', 'download', '-json', `${MODULE}@${MAILPIT_VERSION}`], { cwd: dir, env, maxBuffer: 1 << 20 }).then(
    ({ stdout }) => (JSON.parse(stdout) as { Dir: string }).Dir,
    async (err: Error & { stdout?: string; stderr?: string }) => {
      await fs.appendFile(logFile, `${err.stdout ?? ''}${err.stderr ?? ''}\n`);
      const cause = /"Error":\s*"([^"]*)"/.exec(err.stdout ?? '')?.[1] ?? err.stderr?.trim().split('\n').at(-1) ?? err.message;
      throw new Error(`Downloading Mailpit's Go module (${MODULE}@${MAILPIT_VERSION}) failed: ${cause}. Check that the Go module proxy (go env GOPROXY) is reachable, then start again.`);
    },
  );
  await fs.rm(src, { recursive: true, force: true });
  await fs.cp(moduleDir, src, { recursive: true });
  // The module cache is read-only; the copy must be writable for npm and for deleting it afterwards.
  await execFileAsync('chmod', ['-R', 'u+w', src]);

  const npm = await findOnPath('npm');
  if (!npm) throw new Error(`Building Mailpit's web UI needs npm on PATH (it comes with Node.js): install it, then start again.`);
  const npmStep = async (args: string[], fix: string) => {
    const from = await logSize();
    if (await runLogged(npm, args, npmEnv(), logFile, src)) return;
    const cause = await npmCause(logFile, from);
    throw new Error(`\`npm ${args.join(' ')}\` for Mailpit's web UI failed: ${cause} (npm's output: ${logFile}). ${fix}`);
  };
  const registry = await execFileAsync(npm, ['config', 'get', 'registry'], { cwd: src, env: { ...process.env, ...npmEnv() } }).then(({ stdout }) => stdout.trim(), () => 'npm registry');
  // --ignore-scripts: its packages need no install scripts (esbuild's binary is an optional dependency).
  await npmStep(['ci', '--no-audit', '--no-fund', '--ignore-scripts'], `Check that npm's registry (${registry}) is reachable and serves Mailpit's packages (npm config get registry; proxy settings), then start again.`);
  await npmStep(['run', 'build'], `Delete ${src} and start again; if it fails again, Mailpit ${MAILPIT_VERSION}'s UI does not bundle with this Node (${process.version}).`);
  if (!(await fs.stat(join(src, 'server', 'ui', 'dist', 'app.js')).catch(() => undefined))) {
    throw new Error(`\`npm run build\` for Mailpit's web UI wrote no server/ui/dist/app.js in ${src} (npm's output: ${logFile}). Delete ${src} and start again.`);
  }

  const bin = join(src, 'mailpit');
  const ldflags = `-s -w -X ${MODULE}/config.Version=${MAILPIT_VERSION}`;
  if (!(await runLogged(go, ['build', '-ldflags', ldflags, '-o', bin, '.'], goEnv, logFile, src))) {
    throw new Error(`\`go build\` of Mailpit ${MAILPIT_VERSION} failed (go's output: ${logFile}). Delete ${src} and start again.`);
  }
  // Moved into place whole, so an interrupted build never leaves a half-written binary in the cache.
  await fs.rename(bin, join(dir, 'mailpit'));
  await fs.rm(src, { recursive: true, force: true });
}

export interface MailpitOptions {
  smtpPort: number;
  httpPort: number;
  /** Where it keeps mail; undefined: in memory (the tests). */
  dbFile?: string;
  log?: (msg: string) => void;
  detached?: boolean;
  /** `--max`: the oldest mails beyond it are deleted (Mailpit's default 500); 0 keeps all (the tests, whose files search their own mails). */
  maxMessages?: number;
}

const HOST = '127.0.0.1';

/**
 * Starts Mailpit and resolves once its API answers. `--ignore-duplicate-ids`: a mail delivered
 * twice with the same Message-ID (a retry after a worker died between the relay's acceptance and
 * the outbox's `sent` mark) is stored once.
 */
export async function startMailpit(o: MailpitOptions): Promise<MailpitHandle> {
  const log = o.log ?? (() => undefined);
  for (const port of [o.smtpPort, o.httpPort]) {
    if (await isPortInUse(port, HOST)) throw portInUse('Mailpit', port, HOST);
  }
  const bin = await resolveMailpit(log);
  const args = ['--smtp', `${HOST}:${o.smtpPort}`, '--listen', `${HOST}:${o.httpPort}`, '--ignore-duplicate-ids', '--disable-version-check', '--smtp-auth-accept-any', '--smtp-auth-allow-insecure'];
  if (o.dbFile) args.push('--database', o.dbFile);
  if (o.maxMessages !== undefined) args.push('--max', String(o.maxMessages));
  const server = spawnService({ name: 'Mailpit', cmd: bin, args, spawn: { detached: o.detached ?? false }, onLine: (line) => log(line) });
  const httpUrl = `http://${HOST}:${o.httpPort}`;
  try {
    await Promise.race([
      server.died,
      waitFor(async () => (await fetch(`${httpUrl}/api/v1/messages?limit=1`)).ok, { timeoutMs: 30_000, intervalMs: 200, what: `Mailpit on ${httpUrl}` }),
    ]);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const problem = await mailpitUiProblem(httpUrl).catch((err: Error) => err.message);
  if (problem) log(`warning: ${bin}'s web UI will load empty (${problem}); a \`go install\` build has no UI: take it off PATH so the one built with its UI into ${mailpitCacheDir()} is used, or use a release binary`);
  return { smtpUrl: `smtp://${HOST}:${o.smtpPort}`, httpUrl, stop: server.stop, pid: server.pid };
}

/** Why Mailpit's web UI at `httpUrl` would load empty (its page's script is not served), or undefined when it is served. */
export async function mailpitUiProblem(httpUrl: string): Promise<string | undefined> {
  const page = await fetch(`${httpUrl}/`);
  if (!page.ok) return `GET / answered ${page.status}`;
  const script = /<script[^>]*\ssrc="([^"]+)"/.exec(await page.text())?.[1];
  if (!script) return 'its page references no script';
  const res = await fetch(new URL(script, `${httpUrl}/`));
  await res.arrayBuffer();
  return res.ok ? undefined : `GET ${script} answered ${res.status}`;
}
