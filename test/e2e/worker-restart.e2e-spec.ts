import type { INestApplication } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { startApi } from '../support/api';
import { as, loginAll } from '../support/auth';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { openDataSource, testConfig, waitFor } from '../support/stack';

jest.setTimeout(120_000);

const workerMain = resolve(__dirname, '../../dist/apps/worker/src/main.js');

let config: AppConfig;
let app: INestApplication;
let url: string;
let ds: DataSource;
const workers: ChildProcess[] = [];

/** The built worker as its own process, so the test can SIGKILL it like a crashed machine. */
async function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [workerMain], {
    env: { ...process.env, DATABASE_URL: config.DATABASE_URL, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  await waitFor(async () => output.includes('worker running') || child.exitCode !== null, 'the worker process to start', 60_000);
  if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
  return child;
}

beforeAll(async () => {
  if (!existsSync(workerMain)) throw new Error(`${workerMain} is missing: run \`npm run build\` first (npm test does)`);
  config = await testConfig();
  ds = await openDataSource(config);
  ({ app, url } = await startApi(config));
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await app?.close();
  await ds?.destroy();
});

describe('worker killed while a timer is pending', () => {
  it('records each alert exactly once after the worker comes back', async () => {
    const first = await spawnWorker();
    // The dossier's own deadlines lie minutes away: a slow restart on a busy machine must not reach them.
    const p = secondsProcedure([6, 300]);
    const t = await loginAll(url);
    await as(url, t.admin).post('/api/procedures').send(p).expect(201);
    const { body } = await as(url, t.reception).post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Phạm Minh Châu' }, channel: 'online' }).expect(201);

    first.kill('SIGKILL');
    await waitFor(async () => first.signalCode === 'SIGKILL', 'the worker to die');
    const atRiskAt = Date.parse(body.steps[0].atRiskAt);
    // The at-risk deadline passes while no worker is alive: the timer is the server's to keep.
    await waitFor(async () => Date.now() > atRiskAt + 500, 'the at-risk deadline to pass');
    expect(await alertCounts(ds, body.code)).toEqual({});

    await spawnWorker();
    await waitFor(async () => (await alertCounts(ds, body.code))['step_overdue:reception'], 'the overdue alert after restart', 60_000);
    expect(await alertCounts(ds, body.code)).toEqual({ 'step_at_risk:reception': 1, 'step_overdue:reception': 1 });
    const fired: { kind: string; fired_at: Date }[] = await ds.query(`SELECT kind, fired_at FROM alerts WHERE dossier_code = $1`, [body.code]);
    for (const a of fired) expect(a.fired_at.getTime()).toBeGreaterThan(atRiskAt);
  });
});
