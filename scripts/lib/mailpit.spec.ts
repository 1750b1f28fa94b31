import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAILPIT_VERSION, resolveMailpit } from './mailpit';

/**
 * A fake `go` and `npm` on PATH: go hands out a read-only "module" and builds a binary only when
 * the web UI was bundled first; npm's `ci` fails as the registry's 404 does when `failCi`.
 * Each records its arguments and whether it saw npm_config_local_prefix in `calls`.
 */
async function fakeTools(failCi: boolean) {
  const bin = await mkdtemp(join(tmpdir(), 'fake-tools-'));
  const moduleDir = join(bin, 'module');
  await mkdir(join(moduleDir, 'server', 'ui'), { recursive: true });
  await writeFile(join(moduleDir, 'go.mod'), 'module github.com/axllent/mailpit\n');
  await chmod(join(moduleDir, 'go.mod'), 0o444);
  await chmod(moduleDir, 0o555);
  const calls = join(bin, 'calls');
  await writeFile(
    join(bin, 'go'),
    `#!/bin/sh
echo "go $* | \${npm_config_local_prefix:-none}" >> ${calls}
case "$1" in
  env) echo go1.26.8 ;;
  mod) echo '{"Path":"github.com/axllent/mailpit","Dir":"${moduleDir}"}' ;;
  build) [ -f server/ui/dist/app.js ] || { echo "pattern ui/dist: no matching files" >&2; exit 1; }
         for a; do out="$next"; [ "$a" = -o ] && next=1 || next=; [ -n "$out" ] && printf '#!/bin/sh\\n' > "$a" && chmod +x "$a"; done; true ;;
esac
`,
  );
  await writeFile(
    join(bin, 'npm'),
    `#!/bin/sh
echo "npm $* | \${npm_config_local_prefix:-none}" >> ${calls}
case "$1" in
  config) echo https://registry.example/ ;;
  ci) ${failCi ? `echo "npm error code E404" >&2; echo "npm error 404 Not Found - GET https://registry.example/sass-embedded - Not found" >&2; echo "npm error A complete log of this run can be found in: /x.log" >&2; exit 1` : 'mkdir node_modules'} ;;
  run) mkdir -p server/ui/dist && echo "console.log(1)" > server/ui/dist/app.js ;;
esac
`,
  );
  await chmod(join(bin, 'go'), 0o755);
  await chmod(join(bin, 'npm'), 0o755);
  return { bin, calls };
}

describe('Mailpit built from its Go module with its web UI', () => {
  const saved = { PATH: process.env.PATH, MAILPIT_CACHE: process.env.MAILPIT_CACHE, prefix: process.env.npm_config_local_prefix };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    process.env.MAILPIT_CACHE = saved.MAILPIT_CACHE;
    process.env.npm_config_local_prefix = saved.prefix;
    if (saved.MAILPIT_CACHE === undefined) delete process.env.MAILPIT_CACHE;
    if (saved.prefix === undefined) delete process.env.npm_config_local_prefix;
  });

  async function build(failCi: boolean) {
    const tools = await fakeTools(failCi);
    process.env.PATH = `${tools.bin}:/usr/bin:/bin`;
    process.env.MAILPIT_CACHE = await mkdtemp(join(tmpdir(), 'mailpit-cache-'));
    // As under `npm start`: the parent npm says where its project is.
    process.env.npm_config_local_prefix = '/the/project';
    const logged: string[] = [];
    const result = resolveMailpit((m) => void logged.push(m), { tty: false, write: () => undefined, tickMs: 10 });
    return { ...tools, dir: process.env.MAILPIT_CACHE, logged, result };
  }

  it('bundles the UI with npm before go build, outside the project, and leaves only the binary', async () => {
    const { dir, calls, logged, result } = await build(false);
    expect(await result).toBe(join(dir, 'mailpit'));
    const lines = (await readFile(calls, 'utf8')).trim().split('\n');
    const steps = lines.filter((l) => !l.startsWith('go env'));
    expect(steps.map((l) => l.split(' | ')[0])).toEqual([
      `go mod download -json github.com/axllent/mailpit@${MAILPIT_VERSION}`,
      'npm config get registry',
      'npm ci --no-audit --no-fund --ignore-scripts',
      'npm run build',
      `go build -ldflags -s -w -X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION} -o ${join(dir, 'src', 'mailpit')} .`,
    ]);
    expect(lines.filter((l) => l.startsWith('npm')).every((l) => l.endsWith('| none'))).toBe(true);
    await expect(stat(join(dir, 'src'))).rejects.toThrow(/ENOENT/);
    expect(logged.at(-1)).toMatch(new RegExp(`^built Mailpit \\(the local mail server, with its web UI\\) ${MAILPIT_VERSION} in \\d+ s$`));
  });

  it('fails in one line naming the npm step, its cause and the fix, and caches nothing', async () => {
    const { dir, result } = await build(true);
    const err = await result.then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe(
      `\`npm ci --no-audit --no-fund --ignore-scripts\` for Mailpit's web UI failed: E404 404 Not Found - GET https://registry.example/sass-embedded - Not found (npm's output: ${join(dir, 'build.log')}). ` +
        "Check that npm's registry (https://registry.example/) is reachable and serves Mailpit's packages (npm config get registry; proxy settings), then start again. " +
        'Or put a `mailpit` release binary on PATH (https://github.com/axllent/mailpit/releases), or set SMTP_URL to use a real relay.',
    );
    await expect(stat(join(dir, 'mailpit'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(dir, 'build.log'), 'utf8')).toContain('npm error code E404');
  });
});
