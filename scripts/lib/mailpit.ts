import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { findOnPath, goInstallOnce, isExecutable, toolCacheDir } from './go-install';
import { isPortInUse, waitFor } from './ports';
import { spawnService } from './service-process';

/**
 * Mailpit (github.com/axllent/mailpit, MIT, maintained): one Go binary that accepts all mail over
 * SMTP, keeps it, and shows it in a web UI with an HTTP API (/api/v1) the tests count mails with.
 * Chosen because it installs here from its Go module like the Temporal CLI, with no other service.
 * A `go install` build serves the API and SMTP but not the web UI's scripts and styles (they are
 * built by npm in its repository and not part of the Go module): the UI page loads empty. A release
 * binary (https://github.com/axllent/mailpit/releases) on PATH has them and is used first.
 */
export const MAILPIT_VERSION = 'v1.33.1';

export interface MailpitHandle {
  smtpUrl: string;
  /** Web UI and API (`<httpUrl>/api/v1/messages`). */
  httpUrl: string;
  stop(): Promise<void>;
  pid?: number;
}

/** `mailpit` on PATH, else the cache (~/.cache/dossier-flow/mailpit), else a one-time `go install` into it. */
export async function resolveMailpit(log: (msg: string) => void): Promise<string> {
  const onPath = await findOnPath('mailpit');
  if (onPath) return onPath;
  const dir = process.env.MAILPIT_CACHE ?? join(toolCacheDir(), 'mailpit');
  const bin = join(dir, 'mailpit');
  if (await isExecutable(bin)) return bin;
  await fs.mkdir(dir, { recursive: true });
  const [built] = await goInstallOnce(
    {
      what: 'Mailpit (the local mail server)',
      dir,
      bins: ['mailpit'],
      attempts: [{ label: MAILPIT_VERSION, packages: [`github.com/axllent/mailpit@${MAILPIT_VERSION}`] }],
      minGo: '1.25', // the `go` line of its go.mod
      env: { CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      otherwise: 'Or put a `mailpit` binary on PATH (https://mailpit.axllent.org/docs/install/), or set SMTP_URL to use a real relay.',
    },
    log,
  );
  return built!;
}

export interface MailpitOptions {
  smtpPort: number;
  httpPort: number;
  /** Where it keeps mail; undefined: in memory (the tests). */
  dbFile?: string;
  log?: (msg: string) => void;
  detached?: boolean;
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
    if (await isPortInUse(port, HOST)) throw new Error(`Cannot start Mailpit: ${HOST}:${port} is already in use`);
  }
  const bin = await resolveMailpit(log);
  const args = ['--smtp', `${HOST}:${o.smtpPort}`, '--listen', `${HOST}:${o.httpPort}`, '--ignore-duplicate-ids', '--disable-version-check', '--smtp-auth-accept-any', '--smtp-auth-allow-insecure'];
  if (o.dbFile) args.push('--database', o.dbFile);
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
  return { smtpUrl: `smtp://${HOST}:${o.smtpPort}`, httpUrl, stop: server.stop, pid: server.pid };
}
