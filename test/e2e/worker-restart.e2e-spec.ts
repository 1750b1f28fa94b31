import type { DataSource } from 'typeorm';
import { as, loginAll } from '../support/auth';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';
import { startSpawnedWorkerStack, type SpawnedWorkerStack } from '../support/worker-process';

jest.setTimeout(120_000);

let stack: SpawnedWorkerStack;
let url: string;
let ds: DataSource;
const spawnWorker = () => stack.spawnWorker();

beforeAll(async () => {
  stack = await startSpawnedWorkerStack();
  ({ url, ds } = stack);
});

afterAll(() => stack?.stop());

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
