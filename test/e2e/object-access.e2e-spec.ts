import type { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { startApi } from '../support/api';
import { as, loginAll, type Tokens } from '../support/auth';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { openDataSource, startWorker, testConfig, waitFor, type RunningWorker } from '../support/stack';

/**
 * Object-level access across two departments (issue 4, point 2): the service layer checks the
 * step's department and assignee, not only the route's roles. DKKD has the demo `reviewer` and
 * `approver` (its head) plus a second reviewer; DAUTU gets a reviewer, a head and a supervisor.
 */
jest.setTimeout(90_000);

let config: AppConfig;
let app: INestApplication;
let url: string;
let ds: DataSource;
let worker: RunningWorker;
let t: Tokens;
/** Tokens of the accounts this file creates. */
const extra: Record<string, string> = {};
let dkkdProcedure: string;
let dautuProcedure: string;

const PASSWORD = 'mat-khau-thu-nghiem-2026';
const USERS = [
  { username: 'dkkd.reviewer2', fullName: 'Vũ Thị Hồng (chuyên viên ĐKKD)', department: 'DKKD', roles: ['reviewer'] },
  { username: 'dautu.reviewer', fullName: 'Bùi Quang Huy (chuyên viên Đầu tư)', department: 'DAUTU', roles: ['reviewer'] },
  { username: 'dautu.approver', fullName: 'Đặng Thu Trang (Trưởng phòng Đầu tư)', department: 'DAUTU', roles: ['approver'] },
  { username: 'dautu.supervisor', fullName: 'Ngô Minh Tuấn (giám sát Phòng Đầu tư)', department: 'DAUTU', roles: ['supervisor'] },
];

const admin = () => as(url, t.admin);
const desk = () => as(url, t.reception);
const reviewer = () => as(url, t.reviewer);
const approver = () => as(url, t.approver);
const supervisor = () => as(url, t.supervisor);
const reviewerB = () => as(url, extra['dkkd.reviewer2']);
const dautuReviewer = () => as(url, extra['dautu.reviewer']);
const dautuApprover = () => as(url, extra['dautu.approver']);
const dautuSupervisor = () => as(url, extra['dautu.supervisor']);

/** The test procedure with its review and approval steps in `department`. */
function procedureIn(department: string, stepSeconds = [3600, 3600, 3600, 3600]) {
  const p = secondsProcedure(stepSeconds);
  return { ...p, steps: p.steps.map((s) => (s.role === 'reviewer' || s.role === 'approver' ? { ...s, departmentCode: department } : s)) };
}

async function createProcedure(p: ReturnType<typeof procedureIn>): Promise<string> {
  await admin().post('/api/procedures').send(p).expect(201);
  return p.code;
}

/** A dossier whose reception step is done: it waits at `review`, unassigned. */
async function dossierAtReview(procedureCode: string): Promise<string> {
  const { body } = await desk().post('/api/dossiers').send({ procedureCode, applicant: { name: 'Lý Thị Mai', phone: '0987654321' }, channel: 'counter' }).expect(201);
  await desk().post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(200);
  return body.code as string;
}

async function detail(code: string) {
  return (await admin().get(`/api/dossiers/${code}`).expect(200)).body as {
    status: string;
    currentStepKey?: string;
    steps: { key: string; assignee?: string }[];
    events: { type: string; actor?: string; payload: Record<string, unknown> }[];
  };
}

const assigneeOf = async (code: string, stepKey = 'review') => (await detail(code)).steps.find((s) => s.key === stepKey)?.assignee;

beforeAll(async () => {
  config = await testConfig();
  ds = await openDataSource(config);
  worker = await startWorker(config, ds);
  ({ app, url } = await startApi(config));
  t = await loginAll(url);
  // Created as an administrator would, straight into the table, with a real argon2id hash.
  const passwordHash = await hash(PASSWORD);
  for (const u of USERS) {
    await ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, $5, $6)`, [
      u.username, u.fullName, passwordHash, DEMO_AGENCY_CODE, u.department, u.roles,
    ]);
    const res = await request(url).post('/api/auth/login').send({ username: u.username, password: PASSWORD }).expect(200);
    expect(res.body.user).toMatchObject({ username: u.username, departmentCode: u.department, roles: u.roles });
    extra[u.username] = res.body.accessToken;
  }
  dkkdProcedure = await createProcedure(procedureIn('DKKD'));
  dautuProcedure = await createProcedure(procedureIn('DAUTU'));
});

afterAll(async () => {
  await app?.close();
  await worker?.stop();
  await ds?.destroy();
});

describe('the step plan names the role and department of each step', () => {
  it('shows them on the dossier', async () => {
    const code = await dossierAtReview(dautuProcedure);
    const d = await detail(code);
    expect(d.steps).toMatchObject([
      { key: 'reception', role: 'reception', departmentCode: 'MOT_CUA' },
      { key: 'review', role: 'reviewer', departmentCode: 'DAUTU' },
      { key: 'approval', role: 'approver', departmentCode: 'DAUTU' },
      { key: 'return', role: 'return', departmentCode: 'MOT_CUA' },
    ]);
  });
});

describe('working a step of another department', () => {
  it('refuses the DKKD reviewer complete, supplement request and send back on a DAUTU step, and lets the DAUTU reviewer do each', async () => {
    const code = await dossierAtReview(dautuProcedure);
    await reviewer().post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
    await reviewer().post(`/api/dossiers/${code}/supplement-requests`).send({ reason: 'Bổ sung báo cáo tài chính', items: ['Báo cáo tài chính 2025'] }).expect(403);
    await reviewer().post(`/api/dossiers/${code}/steps/review/return`).send({ toStepKey: 'reception', reason: 'Sai mẫu đơn' }).expect(403);
    await reviewer().post(`/api/dossiers/${code}/refuse`).send({ reason: 'Không thuộc thẩm quyền' }).expect(403);
    await reviewer().post(`/api/tasks/${code}~review/claim`).expect(403);
    expect(await detail(code)).toMatchObject({ status: 'processing', currentStepKey: 'review' });

    const supplement = await dautuReviewer().post(`/api/dossiers/${code}/supplement-requests`).send({ reason: 'Bổ sung báo cáo tài chính', items: ['Báo cáo tài chính 2025'] }).expect(200);
    expect(supplement.body.status).toBe('supplement_requested');
    await desk().post(`/api/dossiers/${code}/supplements`).send({ note: 'Đã nhận bản bổ sung' }).expect(200);
    const back = await dautuReviewer().post(`/api/dossiers/${code}/steps/review/return`).send({ toStepKey: 'reception', reason: 'Sai mẫu đơn' }).expect(200);
    expect(back.body.currentStepKey).toBe('reception');
    await desk().post(`/api/dossiers/${code}/steps/reception/complete`).send({}).expect(200);
    const done = await dautuReviewer().post(`/api/dossiers/${code}/steps/review/complete`).send({ note: 'Hồ sơ hợp lệ' }).expect(200);
    expect(done.body.currentStepKey).toBe('approval');
    // The DKKD head does not approve in DAUTU; the DAUTU head does.
    await approver().post(`/api/dossiers/${code}/steps/approval/complete`).send({}).expect(403);
    await dautuApprover().post(`/api/dossiers/${code}/steps/approval/complete`).send({}).expect(200);
  });

  it('refuses reception the review step in either department', async () => {
    for (const procedure of [dkkdProcedure, dautuProcedure]) {
      const code = await dossierAtReview(procedure);
      await desk().post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
      await desk().post(`/api/dossiers/${code}/steps/review/return`).send({ toStepKey: 'reception', reason: 'x' }).expect(403);
      await desk().post(`/api/dossiers/${code}/refuse`).send({ reason: 'x' }).expect(403);
      await desk().post(`/api/tasks/${code}~review/claim`).expect(403);
      expect(await detail(code)).toMatchObject({ currentStepKey: 'review', events: [{ type: 'registered' }, { type: 'step_completed' }] });
    }
  });
});

describe('assignment within a department', () => {
  it('refuses a reviewer the step claimed by another reviewer of the same department until the head reassigns it, each change an event', async () => {
    const code = await dossierAtReview(dkkdProcedure);
    const claimed = await reviewer().post(`/api/tasks/${code}~review/claim`).expect(200);
    expect(claimed.body.steps.find((s: { key: string }) => s.key === 'review').assignee).toBe('reviewer');

    await reviewerB().post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
    await reviewerB().post(`/api/dossiers/${code}/supplement-requests`).send({ reason: 'x', items: ['x'] }).expect(403);
    await reviewerB().post(`/api/tasks/${code}~review/claim`).expect(403);
    // Only the head assigns; an officer cannot hand the step to themself or anyone else.
    await reviewerB().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'dkkd.reviewer2' }).expect(403);
    expect(await assigneeOf(code)).toBe('reviewer');

    await approver().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'dkkd.reviewer2' }).expect(200);
    await reviewer().post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
    await reviewerB().post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(200);

    const events = (await detail(code)).events.filter((e) => ['claimed', 'assigned', 'reassigned'].includes(e.type));
    expect(events).toEqual([
      expect.objectContaining({ type: 'claimed', actor: 'reviewer', payload: expect.objectContaining({ stepKey: 'review', to: 'reviewer' }) }),
      expect.objectContaining({ type: 'reassigned', actor: 'approver', payload: expect.objectContaining({ stepKey: 'review', from: 'reviewer', to: 'dkkd.reviewer2' }) }),
    ]);
  });

  it('lets the head assign an unassigned step, recorded as an event, and refuses an assignee without the role or of another department', async () => {
    const code = await dossierAtReview(dkkdProcedure);
    const bad1 = await approver().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'dautu.reviewer' }).expect(400);
    expect(bad1.body.fields.map((f: { field: string }) => f.field)).toEqual(['assignee']);
    const bad2 = await approver().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'reception' }).expect(400);
    expect(bad2.body.fields.map((f: { field: string }) => f.field)).toEqual(['assignee']);
    await approver().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'reviewer' }).expect(200);
    const events = (await detail(code)).events.filter((e) => e.type === 'assigned');
    expect(events).toEqual([expect.objectContaining({ actor: 'approver', payload: expect.objectContaining({ stepKey: 'review', to: 'reviewer' }) })]);
  });
});

describe('assignment across departments', () => {
  it('refuses the DKKD head assigning (or rescheduling) a DAUTU step, whoever the assignee, and lets the DAUTU head', async () => {
    const code = await dossierAtReview(dautuProcedure);
    await approver().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'dautu.reviewer' }).expect(403);
    // Scope first: the answer must not depend on (nor reveal through a 400) the assignee's department.
    await approver().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'reviewer' }).expect(403);
    await approver().post(`/api/dossiers/${code}/reschedule`).send({ newDueAt: '2099-01-01T00:00:00Z', reason: 'Chờ ý kiến' }).expect(403);
    expect(await assigneeOf(code)).toBeUndefined();

    await dautuApprover().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'reviewer' }).expect(400);
    await dautuApprover().post(`/api/tasks/${code}~review/assign`).send({ assignee: 'dautu.reviewer' }).expect(200);
    expect(await assigneeOf(code)).toBe('dautu.reviewer');
    const events = (await detail(code)).events.filter((e) => e.type === 'assigned');
    expect(events).toEqual([expect.objectContaining({ actor: 'dautu.approver', payload: expect.objectContaining({ stepKey: 'review', to: 'dautu.reviewer' }) })]);
  });
});

describe('reading across departments', () => {
  it('refuses the DKKD reviewer a dossier that never passes through DKKD and lets them read one that does', async () => {
    const dautu = await dossierAtReview(dautuProcedure);
    const dkkd = await dossierAtReview(dkkdProcedure);
    for (const suffix of ['', '/control-sheet', '/deadlines', '/apology', '/stop-notice']) {
      await reviewer().get(`/api/dossiers/${dautu}${suffix}`).expect(403);
      await approver().get(`/api/dossiers/${dautu}${suffix}`).expect(403);
      await dautuReviewer().get(`/api/dossiers/${dkkd}${suffix}`).expect(403);
    }
    const own = await reviewer().get(`/api/dossiers/${dkkd}`).expect(200);
    expect(own.body.applicant.name).toBe('Lý Thị Mai');
    await reviewer().get(`/api/dossiers/${dkkd}/deadlines`).expect(200);
    await dautuReviewer().get(`/api/dossiers/${dautu}`).expect(200);
    // The desk and the agency-wide supervisor read both.
    for (const code of [dautu, dkkd]) {
      await desk().get(`/api/dossiers/${code}`).expect(200);
      await supervisor().get(`/api/dossiers/${code}`).expect(200);
    }

    // Lists and inboxes follow the same scope.
    const listed = async (client: ReturnType<typeof as>, path: string, key: string) => (await client.get(path).expect(200)).body.items.map((i: Record<string, string>) => i[key]);
    expect(await listed(reviewer(), '/api/dossiers?pageSize=200', 'code')).toEqual(expect.arrayContaining([dkkd]));
    expect(await listed(reviewer(), '/api/dossiers?pageSize=200', 'code')).not.toContain(dautu);
    expect(await listed(dautuReviewer(), '/api/dossiers?pageSize=200', 'code')).not.toContain(dkkd);
    expect(await listed(reviewer(), '/api/tasks?pageSize=200', 'dossierCode')).toContain(dkkd);
    expect(await listed(reviewer(), '/api/tasks?pageSize=200', 'dossierCode')).not.toContain(dautu);
    expect(await listed(dautuReviewer(), '/api/tasks?pageSize=200', 'dossierCode')).toContain(dautu);
    expect(await listed(dautuReviewer(), '/api/tasks?pageSize=200', 'dossierCode')).not.toContain(dkkd);
    expect(await listed(approver(), '/api/tasks?scope=department&pageSize=200', 'dossierCode')).not.toContain(dautu);
    // A department's staff cannot widen their inbox to another department.
    expect(await listed(reviewer(), '/api/tasks?departmentCode=DAUTU&pageSize=200', 'dossierCode')).not.toContain(dautu);
  });
});

describe('alerts by department', () => {
  it('lists to a department supervisor only the alerts of their department, and refuses acknowledging another department’s', async () => {
    // Review steps of 2 s: each dossier's review raises its step alerts in its department.
    const [dkkdFast, dautuFast] = [await createProcedure(procedureIn('DKKD', [3600, 2, 3600, 3600])), await createProcedure(procedureIn('DAUTU', [3600, 2, 3600, 3600]))];
    const dkkd = await dossierAtReview(dkkdFast);
    const dautu = await dossierAtReview(dautuFast);
    for (const code of [dkkd, dautu]) await waitFor(async () => (await alertCounts(ds, code))['step_overdue:review'] === 1, `the review of ${code} to be overdue`);

    type Alert = { id: string; dossierCode: string; departmentCode?: string; kind: string };
    const list = async (client: ReturnType<typeof as>): Promise<Alert[]> => (await client.get('/api/alerts?pageSize=200').expect(200)).body.items;

    const dautuSees = await list(dautuSupervisor());
    expect(dautuSees.filter((a) => a.dossierCode === dautu).map((a) => a.kind).sort()).toEqual(['step_at_risk', 'step_overdue']);
    expect(dautuSees.filter((a) => a.dossierCode === dkkd)).toEqual([]);
    expect(dautuSees.every((a) => a.departmentCode === undefined || a.departmentCode === 'DAUTU')).toBe(true);

    const dkkdSees = await list(approver());
    expect(dkkdSees.filter((a) => a.dossierCode === dkkd)).toHaveLength(2);
    expect(dkkdSees.filter((a) => a.dossierCode === dautu)).toEqual([]);

    const agencySees = await list(supervisor());
    expect(agencySees.filter((a) => a.dossierCode === dkkd || a.dossierCode === dautu)).toHaveLength(4);

    // Even with the dossier named explicitly, the scope holds.
    expect((await dautuSupervisor().get(`/api/alerts?dossierCode=${dkkd}`).expect(200)).body.items).toEqual([]);

    const dkkdAlert = agencySees.find((a) => a.dossierCode === dkkd)!;
    const dautuAlert = agencySees.find((a) => a.dossierCode === dautu)!;
    await dautuSupervisor().post(`/api/alerts/${dkkdAlert.id}/ack`).expect(403);
    await approver().post(`/api/alerts/${dautuAlert.id}/ack`).expect(403);
    const acked = await dautuSupervisor().post(`/api/alerts/${dautuAlert.id}/ack`).expect(200);
    expect(acked.body.acknowledgedAt).toEqual(expect.any(String));
    const [row] = await ds.query(`SELECT acknowledged_by FROM alerts WHERE id = $1`, [dautuAlert.id]);
    expect(row.acknowledged_by).toBe('dautu.supervisor');
    // Officers and the desk do not read alerts at all.
    await reviewer().get('/api/alerts').expect(403);
    await desk().post(`/api/alerts/${dkkdAlert.id}/ack`).expect(403);
  });
});

/** A bulk reassignment by `head`, started (202) and waited for: its summary. */
async function reassigned(head: () => ReturnType<typeof as>, body: { from: string; to: string }) {
  const started = await head().post('/api/tasks/reassign').send(body).expect(202);
  return waitFor(async () => {
    const r = await head().get(`/api/tasks/reassign/${started.body.id}`).expect(200);
    return r.body.status === 'completed' && r.body;
  }, 'the bulk reassignment to complete');
}

describe('bulk reassignment', () => {
  it('moves every open step of an absent officer to another, one event each, within the head’s department only', async () => {
    const codes = [await dossierAtReview(dkkdProcedure), await dossierAtReview(dkkdProcedure), await dossierAtReview(dkkdProcedure)];
    for (const code of codes) await reviewer().post(`/api/tasks/${code}~review/claim`).expect(200);
    const dautu = await dossierAtReview(dautuProcedure);
    await dautuReviewer().post(`/api/tasks/${dautu}~review/claim`).expect(200);
    const before: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM dossier_steps WHERE status = 'active' AND assignee = 'reviewer'`);
    expect(before[0].n).toBeGreaterThanOrEqual(3);

    // Officers cannot; another department's head cannot move DKKD steps.
    await reviewer().post('/api/tasks/reassign').send({ from: 'reviewer', to: 'dkkd.reviewer2' }).expect(403);
    const foreign = await reassigned(dautuApprover, { from: 'reviewer', to: 'dkkd.reviewer2' });
    expect(foreign).toMatchObject({ total: 0, moved: 0, skipped: [], failed: [] });
    const outOfScope = await reassigned(approver, { from: 'dautu.reviewer', to: 'reviewer' });
    expect(outOfScope).toMatchObject({ total: 0, moved: 0, skipped: [], failed: [] });
    expect(await assigneeOf(dautu)).toBe('dautu.reviewer');

    const res = await reassigned(approver, { from: 'reviewer', to: 'dkkd.reviewer2' });
    expect(res).toMatchObject({ total: before[0].n, done: before[0].n, moved: before[0].n, skipped: [], failed: [] });
    for (const code of codes) {
      const d = await detail(code);
      expect(d.steps.find((s) => s.key === 'review')?.assignee).toBe('dkkd.reviewer2');
      expect(d.events.filter((e) => e.type === 'reassigned')).toEqual([
        expect.objectContaining({ actor: 'approver', payload: expect.objectContaining({ stepKey: 'review', from: 'reviewer', to: 'dkkd.reviewer2' }) }),
      ]);
    }
    const left: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM dossier_steps WHERE status = 'active' AND assignee = 'reviewer'`);
    expect(left[0].n).toBe(0);
    const inbox = (await reviewerB().get('/api/tasks?pageSize=200').expect(200)).body.items.map((i: { dossierCode: string }) => i.dossierCode);
    expect(inbox).toEqual(expect.arrayContaining(codes));
    const old = (await reviewer().get('/api/tasks?pageSize=200').expect(200)).body.items.map((i: { dossierCode: string }) => i.dossierCode);
    for (const code of codes) expect(old).not.toContain(code);
    // The new assignee works them; the old one no longer may.
    await reviewer().post(`/api/dossiers/${codes[0]}/steps/review/complete`).send({}).expect(403);
    await reviewerB().post(`/api/dossiers/${codes[0]}/steps/review/complete`).send({}).expect(200);
  });
});
