import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApi } from '../support/api';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';
import { waitFor } from '../support/stack';

/**
 * What the admin pages need of the API (issue 22 items 3, 5 and 6): a password an admin resets
 * ends the account's sessions; the audit trail searched by actor, action and period; the workers
 * as Temporal sees them.
 */
jest.setTimeout(90_000);

const s = useE2eStack();
const login = (username: string, password: string) => request(s.url).post('/api/auth/login').send({ username, password });
const PASSWORD = 'mat-khau-ban-dau-01';

describe('password reset by an admin', () => {
  it('sets the new password, ends every session of the account and is audited; 400 names a short password, 404 a user of no account', async () => {
    await s.as('admin').post('/api/users').send({ username: 'quen.mat.khau', fullName: 'Trần Văn Quên', password: PASSWORD, roles: ['reception'] }).expect(201);
    const old = (await login('quen.mat.khau', PASSWORD).expect(200)).body;
    await as(s.url, old.accessToken).get('/api/tasks').expect(200);

    const short = await s.as('admin').post('/api/users/quen.mat.khau/password').send({ password: 'ngan' }).expect(400);
    expect(short.body.fields.map((f: { field: string }) => f.field)).toEqual(['password']);
    await s.as('admin').post('/api/users/khong.co.ai/password').send({ password: 'mat-khau-moi-00002' }).expect(404);
    await s.as('reception').post('/api/users/quen.mat.khau/password').send({ password: 'mat-khau-moi-00002' }).expect(403);
    await login('quen.mat.khau', PASSWORD).expect(200);

    await s.as('admin').post('/api/users/quen.mat.khau/password').send({ password: 'mat-khau-moi-00002' }).expect(204);
    await as(s.url, old.accessToken).get('/api/tasks').expect(401);
    await request(s.url).post('/api/auth/refresh').send({ refreshToken: old.refreshToken }).expect(401);
    await login('quen.mat.khau', PASSWORD).expect(401);
    const fresh = (await login('quen.mat.khau', 'mat-khau-moi-00002').expect(200)).body;
    await as(s.url, fresh.accessToken).get('/api/tasks').expect(200);

    const audit = await s.as('admin').get('/api/audit').query({ action: 'password_reset' }).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ chain: 'system', actor: 'admin', action: 'password_reset', entity: 'user', entityId: 'quen.mat.khau' })]);
    // The entry names the account, never the password.
    expect(JSON.stringify(audit.body.items)).not.toContain('mat-khau-moi');
  });
});

describe('audit search', () => {
  it('narrows the entries by actor, action, period and first link; 400 names a malformed date or link', async () => {
    for (const code of ['AUDIT_A', 'AUDIT_B']) await s.as('admin').post('/api/departments').send({ code, name: `Phòng ${code}` }).expect(201);
    await s.as('admin').patch('/api/departments/AUDIT_A').send({ name: 'Phòng A mới' }).expect(200);
    const [{ at: renamedAt }]: { at: Date }[] = await s.ds.query(`SELECT at FROM audit_log WHERE action = 'department_renamed' AND entity_id = 'AUDIT_A'`);

    const byAction = (await s.as('admin').get('/api/audit').query({ action: 'department_created', pageSize: 200 }).expect(200)).body;
    expect(byAction.items.map((e: { entityId: string }) => e.entityId)).toEqual(expect.arrayContaining(['AUDIT_A', 'AUDIT_B']));
    expect(new Set(byAction.items.map((e: { action: string }) => e.action))).toEqual(new Set(['department_created']));

    const [{ n: byAdmin }]: { n: number }[] = await s.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor = 'admin'`);
    const byActor = (await s.as('admin').get('/api/audit').query({ actor: 'admin', pageSize: 200 }).expect(200)).body;
    expect(byActor.total).toBe(byAdmin);
    expect(new Set(byActor.items.map((e: { actor: string }) => e.actor))).toEqual(new Set(['admin']));
    expect((await s.as('admin').get('/api/audit').query({ actor: 'nobody.at.all' }).expect(200)).body.total).toBe(0);

    // `from` inclusive, `to` exclusive: the rename alone falls in [renamedAt, renamedAt + 1 ms).
    const at = renamedAt.toISOString();
    const justAfter = new Date(renamedAt.getTime() + 1).toISOString();
    const period = (await s.as('admin').get('/api/audit').query({ actor: 'admin', from: at, to: justAfter }).expect(200)).body;
    expect(period.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([['department_renamed', 'AUDIT_A']]);
    expect((await s.as('admin').get('/api/audit').query({ from: justAfter, action: 'department_renamed' }).expect(200)).body.total).toBe(0);
    expect((await s.as('admin').get('/api/audit').query({ to: at, action: 'department_renamed' }).expect(200)).body.total).toBe(0);

    // A chain read from a link on (the page shows a broken link in its chain this way).
    const [{ seq: renamedSeq }]: { seq: number }[] = await s.ds.query(`SELECT seq FROM audit_log WHERE chain = 'system' AND action = 'department_renamed' AND entity_id = 'AUDIT_A'`);
    const fromLink = (await s.as('admin').get('/api/audit').query({ chain: 'system', seqFrom: renamedSeq }).expect(200)).body;
    expect(fromLink.items[0]).toMatchObject({ seq: renamedSeq, action: 'department_renamed' });
    expect(fromLink.items.every((e: { seq: number }) => e.seq >= renamedSeq)).toBe(true);

    const bad = await s.as('admin').get('/api/audit').query({ from: 'yesterday', to: '2026-13-45', seqFrom: 0 }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['from', 'seqFrom', 'to']);
  });
});

describe('workers', () => {
  let idle: INestApplication | undefined;
  afterAll(async () => idle?.close());

  it('lists the worker polling the task queue, for workflow and activity tasks, and names a queue no worker polls', async () => {
    const identity = s.worker.worker.options.identity;
    const report = await waitFor(async () => {
      const r = (await s.as('admin').get('/api/system/workers').expect(200)).body;
      return r.workflowPollers.length > 0 && r.activityPollers.length > 0 && r;
    }, 'the worker to poll both kinds of task');
    expect(report).toEqual({
      taskQueue: s.config.TEMPORAL_TASK_QUEUE,
      workflowPollers: expect.arrayContaining([{ identity, lastAccessAt: expect.any(String) }]),
      activityPollers: expect.arrayContaining([{ identity, lastAccessAt: expect.any(String) }]),
      problems: [],
    });
    await s.as('supervisor').get('/api/system/workers').expect(403);

    // An API pointed at a task queue no worker polls says so, for both kinds of task.
    const started = await startApi({ ...s.config, TEMPORAL_TASK_QUEUE: `${s.config.TEMPORAL_TASK_QUEUE}-unpolled` });
    idle = started.app;
    const lonely = (await as(started.url, s.t.admin).get('/api/system/workers').expect(200)).body;
    expect(lonely).toEqual({
      taskQueue: `${s.config.TEMPORAL_TASK_QUEUE}-unpolled`,
      workflowPollers: [],
      activityPollers: [],
      problems: [expect.stringMatching(/no worker polls .* for workflow tasks/), expect.stringMatching(/no worker polls .* for activity tasks/)],
    });
  });
});
