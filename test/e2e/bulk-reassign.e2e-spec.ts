import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { as, loginAll, type Tokens } from '../support/auth';
import { secondsProcedure } from '../support/fixtures';
import { maybeRecord } from '../support/replay';
import { waitFor } from '../support/stack';
import { startSpawnedWorkerStack, type SpawnedWorkerStack } from '../support/worker-process';

/**
 * Issue 17 item 5: bulk reassignment runs as a durable workflow in batches, reports its progress,
 * survives a worker killed in the middle of a batch, skips (and counts) a step closed meanwhile,
 * and each dossier records the move with the head who asked. The worker runs as its own process
 * (the build in dist/) so the test can SIGKILL it like a crashed machine.
 */
jest.setTimeout(240_000);

let stack: SpawnedWorkerStack;
let config: AppConfig;
let url: string;
let ds: DataSource;
let t: Tokens;
const spawnWorker = () => stack.spawnWorker();

beforeAll(async () => {
  stack = await startSpawnedWorkerStack();
  ({ config, url, ds } = stack);
  t = await loginAll(url);
  // The officer who takes over: a reviewer of the same department (never signs in here).
  await ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) SELECT 'reviewer2', 'Đỗ Văn Hai', password_hash, agency_code, department_code, roles FROM users WHERE username = 'reviewer'`);
});

afterAll(() => stack?.stop());

const head = () => as(url, t.approver);
/** Its progress; undefined while no worker answers the query (503, as the API says of any dependency it misses). */
async function progressOf(id: string) {
  const res = await head().get(`/api/tasks/reassign/${id}`);
  if (res.status === 503) return undefined;
  expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, body: undefined });
  return res.body;
}

describe('bulk reassignment', () => {
  it('moves every open step of the absent officer in batches, reports progress, and completes after the worker is killed mid-batch', async () => {
    const first = await spawnWorker();
    const p = secondsProcedure([3600, 3600, 3600, 3600]);
    await as(url, t.admin).post('/api/procedures').send(p).expect(201);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await as(url, t.reception).post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: `Người nộp ${i}` }, channel: 'online' }).expect(201);
      await as(url, t.reception).post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(200);
      await as(url, t.reviewer).post(`/api/tasks/${body.code}~review/claim`).expect(200);
      codes.push(body.code);
    }
    codes.sort();

    // The third step's dossier cannot write its projection: the second batch hangs there, after the first batch is reported.
    const lock = new Client({ connectionString: config.DATABASE_URL });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`SELECT 1 FROM dossiers WHERE code = $1 FOR UPDATE`, [codes[2]]);
    let second: ChildProcess | undefined;
    try {
      const started = await head().post('/api/tasks/reassign').send({ from: 'reviewer', to: 'reviewer2', batchSize: 2 });
      expect({ status: started.status, body: started.body }).toMatchObject({ status: 202, body: { status: 'running', from: 'reviewer', to: 'reviewer2', requestedBy: 'approver', total: 6, done: 0 } });
      const id: string = started.body.id;
      expect(started.headers.location).toBe(`/api/tasks/reassign/${id}`);

      const midway = await waitFor(async () => {
        const r = await progressOf(id);
        return r?.done === 2 && r;
      }, 'the first batch to be reported');
      expect(midway).toMatchObject({ status: 'running', total: 6, done: 2, moved: 2, skipped: [], failed: [] });

      // Closed meanwhile: the last batch finds it no longer open.
      await as(url, t.reception).post(`/api/dossiers/${codes[5]}/withdraw`).send({ reason: 'Người nộp rút hồ sơ' }).expect(200);

      first.kill('SIGKILL');
      await waitFor(async () => first.signalCode === 'SIGKILL', 'the worker to die');
      await lock.query('ROLLBACK');
      second = await spawnWorker();

      const done = await waitFor(async () => {
        const r = await progressOf(id);
        return r?.status === 'completed' && r;
      }, 'the reassignment to complete on the new worker', 150_000);
      expect(done).toMatchObject({ status: 'completed', total: 6, done: 6, moved: 5, failed: [], skipped: [{ id: `${codes[5]}~review`, dossierCode: codes[5], stepKey: 'review', reason: expect.any(String) }] });
      await maybeRecord(config, id, 'bulk-reassign-v1-worker-killed');
    } finally {
      await lock.end();
    }

    const steps: { dossier_code: string; assignee: string; status: string }[] = await ds.query(
      `SELECT dossier_code, assignee, status FROM dossier_steps WHERE dossier_code = ANY($1) AND step_key = 'review' ORDER BY dossier_code`,
      [codes],
    );
    expect(steps.filter((s) => s.status === 'active').map((s) => [s.dossier_code, s.assignee])).toEqual(codes.slice(0, 5).map((c) => [c, 'reviewer2']));
    // Each dossier's own record: one move, by the head who asked.
    const events: { dossier_code: string; actor: string; from: string; to: string }[] = await ds.query(
      `SELECT dossier_code, actor, payload->>'from' AS from, payload->>'to' AS to FROM dossier_events WHERE dossier_code = ANY($1) AND type = 'reassigned' ORDER BY dossier_code`,
      [codes],
    );
    expect(events).toEqual(codes.slice(0, 5).map((c) => ({ dossier_code: c, actor: 'approver', from: 'reviewer', to: 'reviewer2' })));
    // … and its audit chain: the same move, by the same head.
    const trail: { chain: string; actor: string }[] = await ds.query(`SELECT chain, actor FROM audit_log WHERE chain = ANY($1) AND action = 'reassigned' ORDER BY chain`, [codes]);
    expect(trail).toEqual(codes.slice(0, 5).map((c) => ({ chain: c, actor: 'approver' })));
    const audit: { action: string; actor: string }[] = await ds.query(`SELECT action, actor FROM audit_log WHERE chain = 'system' AND entity = 'bulk_reassignment' ORDER BY seq`);
    expect(audit).toEqual([{ action: 'tasks_bulk_reassign_started', actor: 'approver' }, { action: 'tasks_bulk_reassign_finished', actor: 'approver' }]);
    second?.kill('SIGKILL');
  });

  it('answers 400 naming `to` when the target may take none of the steps, and 404 for an unknown id', async () => {
    await spawnWorker();
    const p = secondsProcedure([3600, 3600]);
    await as(url, t.admin).post('/api/procedures').send(p).expect(201);
    const { body } = await as(url, t.reception).post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Người nộp' }, channel: 'online' }).expect(201);
    await as(url, t.reception).post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(200);
    await as(url, t.reviewer).post(`/api/tasks/${body.code}~review/claim`).expect(200);
    const res = await head().post('/api/tasks/reassign').send({ from: 'reviewer', to: 'approver' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['to']);
    await head().post('/api/tasks/reassign').send({ from: 'reviewer', to: 'reviewer' }).expect(400);
    await head().post('/api/tasks/reassign').send({ from: 'reviewer', to: 'reviewer2', batchSize: 0 }).expect(400);
    await head().get('/api/tasks/reassign/bulk-reassign-00000000-0000-0000-0000-000000000000').expect(404);
    await as(url, t.reviewer).post('/api/tasks/reassign').send({ from: 'reviewer', to: 'reviewer2' }).expect(403);
  });
});
