import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { findOnPath, goInstallOnce, isExecutable, toolCacheDir } from './go-install';

// Newest first; older tags are fallbacks in case a tag fails to build with the local Go toolchain.
const CLI_VERSIONS = ['v1.5.1', 'v1.5.0', 'v1.4.1'];

/** TEMPORAL_CLI_CACHE names the cache directory; a path to the binary itself is accepted too. */
async function cachePaths(): Promise<{ dir: string; bin: string }> {
  const configured = process.env.TEMPORAL_CLI_CACHE;
  if (configured) {
    const stat = await fs.stat(configured).catch(() => undefined);
    if (stat?.isFile()) return { dir: join(configured, '..'), bin: configured };
    return { dir: configured, bin: join(configured, 'temporal') };
  }
  const dir = join(toolCacheDir(), 'bin');
  return { dir, bin: join(dir, 'temporal') };
}

/** Finds the `temporal` binary: PATH, then the cache, then a one-time `go install` into the cache. */
export async function resolveTemporalCli(log: (msg: string) => void): Promise<string> {
  const onPath = await findOnPath('temporal');
  if (onPath) return onPath;
  const { dir, bin } = await cachePaths();
  if (await isExecutable(bin)) return bin;
  const [built] = await goInstallOnce(
    {
      what: 'the Temporal CLI',
      dir,
      bins: [bin.slice(dir.length + 1)],
      attempts: CLI_VERSIONS.map((v) => ({ label: v, packages: [`github.com/temporalio/cli/cmd/temporal@${v}`] })),
      minGo: '1.25', // the `go` line of the CLI's go.mod
      // The CLI's SQLite driver is pure Go, so disabling cgo removes the need for a C compiler.
      env: { CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      otherwise:
        'Or put a `temporal` binary on PATH (https://docs.temporal.io/cli#install), or set TEMPORAL_ADDRESS to use a running Temporal server.',
    },
    log,
  );
  return built!;
}
