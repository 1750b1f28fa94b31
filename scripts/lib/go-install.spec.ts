import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goInstallOnce, goVersionAtLeast, parseGoVersion, type GoBuild, type ProgressOutput } from './go-install';

describe('Go version check', () => {
  it('reads go env GOVERSION forms', () => {
    expect(parseGoVersion('go1.26.8')).toEqual([1, 26, 8]);
    expect(parseGoVersion('go1.25rc1')).toEqual([1, 25, 0]);
    expect(parseGoVersion('devel +abc')).toBeUndefined();
  });

  it('compares by number, not by text', () => {
    expect(goVersionAtLeast('go1.25.0', '1.25')).toBe(true);
    expect(goVersionAtLeast('go1.26.8', '1.25')).toBe(true);
    expect(goVersionAtLeast('go1.100.0', '1.25')).toBe(true);
    expect(goVersionAtLeast('go1.24.13', '1.25')).toBe(false);
    expect(goVersionAtLeast('go1.9', '1.25')).toBe(false);
    expect(goVersionAtLeast('unknown', '1.25')).toBe(false);
  });
});

/** A `go` on PATH that reports `version`, prints download chatter and installs a binary into GOBIN. */
async function fakeGo(version: string, fails = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-go-'));
  const script = `#!/bin/sh
if [ "$1" = env ]; then echo ${version}; exit 0; fi
echo "go: downloading example.com/dep v1.0.0" >&2
echo "go: downloading example.com/other v2.0.0" >&2
${fails ? 'echo "build failed" >&2; exit 1' : 'printf "#!/bin/sh\\n" > "$GOBIN/tool"; chmod +x "$GOBIN/tool"'}
`;
  await writeFile(join(dir, 'go'), script);
  await chmod(join(dir, 'go'), 0o755);
  return dir;
}

describe('one-time Go build', () => {
  const path = process.env.PATH;
  afterEach(() => void (process.env.PATH = path));

  async function build(goDir: string | undefined, tty: boolean) {
    process.env.PATH = goDir ? `${goDir}:/usr/bin:/bin` : '/nonexistent';
    const dir = await mkdtemp(join(tmpdir(), 'go-cache-'));
    const spec: GoBuild = { what: 'the tool', dir, bins: ['tool'], attempts: [{ label: 'v1', packages: ['example.com/tool@v1'] }], minGo: '1.25', otherwise: 'Or use another tool.' };
    const logged: string[] = [];
    const written: string[] = [];
    const out: ProgressOutput = { tty, write: (t) => void written.push(t), tickMs: 10 };
    const result = goInstallOnce(spec, (m) => void logged.push(m), out);
    return { dir, logged, written, result };
  }

  it('shows one progress line while it builds and sends go output to a log file whose path it prints', async () => {
    const { dir, logged, written, result } = await build(await fakeGo('go1.26.8'), true);
    expect(await result).toEqual([join(dir, 'tool')]);
    const logFile = join(dir, 'build.log');
    expect(written[0]).toMatch(/^building the tool v1 with go1\.26\.8 — once; later starts reuse it; go's output: .*build\.log — \d+ s elapsed$/);
    expect(written[0]).toContain(logFile);
    expect(written.join('')).not.toContain('downloading');
    expect(logged.join('\n')).not.toContain('downloading');
    expect(logged.at(-1)).toMatch(/^built the tool v1 in \d+ s$/);
    expect(await readFile(logFile, 'utf8')).toContain('go: downloading example.com/dep v1.0.0');
  });

  it('logs the progress as plain lines when not on a terminal', async () => {
    const { written, logged, result } = await build(await fakeGo('go1.26.8'), false);
    await result;
    expect(written).toEqual([]);
    expect(logged[0]).toMatch(/^building the tool v1 .* elapsed$/);
  });

  it('refuses a too old Go in one line naming the version needed', async () => {
    const { result } = await build(await fakeGo('go1.24.2'), false);
    const err = await result.then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/needs Go 1\.25 or newer; .*go is go1\.24\.2: install a newer one from https:\/\/go\.dev\/dl\//);
    expect(err?.message).not.toContain('\n');
  });

  it('names the version needed when there is no Go at all', async () => {
    const { result } = await build(undefined, false);
    await expect(result).rejects.toThrow(/needs Go 1\.25 or newer, and there is no `go` on PATH: install it from https:\/\/go\.dev\/dl\//);
  });

  it('points at the log when the build fails', async () => {
    const { dir, result } = await build(await fakeGo('go1.26.8', true), false);
    await expect(result).rejects.toThrow(`go install failed for the tool (v1): see ${join(dir, 'build.log')}. Or use another tool.`);
    expect(await readFile(join(dir, 'build.log'), 'utf8')).toContain('build failed');
  });
});

describe('one-time build of its own steps', () => {
  const path = process.env.PATH;
  afterEach(() => void (process.env.PATH = path));

  async function build(steps: GoBuild['attempts'][number]['steps']) {
    process.env.PATH = `${await fakeGo('go1.26.8')}:/usr/bin:/bin`;
    const dir = await mkdtemp(join(tmpdir(), 'go-cache-'));
    const spec: GoBuild = { what: 'the tool', dir, bins: ['tool'], attempts: [{ label: 'v1', steps }], minGo: '1.25', otherwise: 'Or use another tool.' };
    const logged: string[] = [];
    const written: string[] = [];
    const result = goInstallOnce(spec, (m) => void logged.push(m), { tty: true, write: (t) => void written.push(t), tickMs: 10 });
    return { dir, logged, written, result };
  }

  it('runs the steps under the same progress line and log file', async () => {
    const { dir, logged, written, result } = await build(async (ctx) => {
      expect(ctx.goVersion).toBe('go1.26.8');
      expect(ctx.goEnv.GOTOOLCHAIN).toBe('local');
      await writeFile(ctx.logFile, 'step output\n', { flag: 'a' });
      await writeFile(join(ctx.logFile, '..', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    });
    expect(await result).toEqual([join(dir, 'tool')]);
    expect(written[0]).toMatch(/^building the tool v1 with go1\.26\.8 — once; later starts reuse it; the build's output: .*build\.log — \d+ s elapsed$/);
    expect(logged.at(-1)).toMatch(/^built the tool v1 in \d+ s$/);
    expect(await readFile(join(dir, 'build.log'), 'utf8')).toBe('step output\n');
  });

  it("fails with the failed step's own one-line message and the advice", async () => {
    const { result } = await build(async () => {
      throw new Error('`npm ci` failed: E404 (npm\'s output: x). Check the registry.');
    });
    await expect(result).rejects.toThrow(/^`npm ci` failed: E404 \(npm's output: x\)\. Check the registry\. Or use another tool\.$/);
  });

  it('fails naming the missing binary when the steps succeed without it', async () => {
    const { dir, result } = await build(async () => undefined);
    await expect(result).rejects.toThrow(`Building the tool v1 left no ${join(dir, 'tool')}: see ${join(dir, 'build.log')}. Or use another tool.`);
  });
});
