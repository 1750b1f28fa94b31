import { hash } from '@node-rs/argon2';
import request from 'supertest';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

/**
 * Explicit scopes (issue 17 item 3): departments are data an admin manages; a user's reach comes
 * from a role meant for it or an admin-set flag, never from a missing department; an assignee is
 * looked up in the caller's agency only. Each hole named in the issue has a test here that fails on
 * the code before the fix.
 */
jest.setTimeout(90_000);

const stack = useE2eStack();
const OTHER_AGENCY = '000.00.99.Z99';
const PASSWORD = 'mat-khau-thu-nghiem-2026';
const fields = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

const admin = () => stack.as('admin');
const login = (username: string, password = PASSWORD) => request(stack.url).post('/api/auth/login').send({ username, password });

/** An account written straight into the table, as one created before reach was explicit (agency_wide left at its default). */
async function legacyAccount(username: string, roles: string[], departmentCode: string | null, agencyCode = DEMO_AGENCY_CODE): Promise<void> {
  await stack.ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, $5, $6)`, [
    username, `Tài khoản ${username}`, await hash(PASSWORD), agencyCode, departmentCode, roles,
  ]);
}

/** A dossier of a fresh procedure whose review and approval steps belong to `department`, waiting at review. */
async function dossierAtReview(department: string): Promise<string> {
  const p = secondsProcedure([3600, 3600, 3600, 3600]);
  const procedure = { ...p, steps: p.steps.map((s) => (s.role === 'reviewer' || s.role === 'approver' ? { ...s, departmentCode: department } : s)) };
  await admin().post('/api/procedures').send(procedure).expect(201);
  const { body } = await stack.as('reception').post('/api/dossiers').send({ procedureCode: procedure.code, applicant: { name: 'Lý Thị Mai' }, channel: 'counter' }).expect(201);
  await stack.as('reception').post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(200);
  return body.code as string;
}

beforeAll(async () => {
  // A second agency with a department and accounts of its own: none of it is visible from the demo agency.
  await stack.ds.query(`INSERT INTO agencies (code, name) VALUES ($1, 'Sở Tư pháp (thử nghiệm)')`, [OTHER_AGENCY]);
  await stack.ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ('TP_HOTICH', $1, 'Phòng Hộ tịch')`, [OTHER_AGENCY]);
});

describe('departments', () => {
  it('lists the agency\'s active departments to its staff, not another agency\'s', async () => {
    const res = await stack.as('reviewer').get('/api/departments').expect(200);
    expect(res.body).toEqual([
      { code: 'DAUTU', name: 'Phòng Đầu tư', active: true },
      { code: 'DKKD', name: 'Phòng Đăng ký kinh doanh', active: true },
      { code: 'LANH_DAO', name: 'Lãnh đạo Sở', active: true },
      { code: 'MOT_CUA', name: 'Bộ phận Một cửa', active: true },
    ]);
    await stack.as('reviewer').get('/api/departments').query({ includeInactive: true }).expect(403);
    await request(stack.url).get('/api/departments').expect(401);
  });

  it('lets an admin create, rename, deactivate and reactivate one, each audited; 400 names the field, 409 a taken code', async () => {
    const created = await admin().post('/api/departments').send({ code: 'THANH_TRA', name: 'Thanh tra Sở' }).expect(201);
    expect(created.body).toEqual({ code: 'THANH_TRA', name: 'Thanh tra Sở', active: true });
    await stack.as('supervisor').post('/api/departments').send({ code: 'KHAC', name: 'Khác' }).expect(403);
    await admin().post('/api/departments').send({ code: 'THANH_TRA', name: 'Lần hai' }).expect(409);
    // A code is unique in the whole installation: another agency's is taken too, without saying whose.
    await admin().post('/api/departments').send({ code: 'TP_HOTICH', name: 'Hộ tịch' }).expect(409);
    expect(fields((await admin().post('/api/departments').send({ code: 'thanh tra', name: '' }).expect(400)).body)).toEqual(['code', 'name']);
    expect(fields((await admin().post('/api/departments').send({ name: 'Không mã' }).expect(400)).body)).toEqual(['code']);

    const renamed = await admin().patch('/api/departments/THANH_TRA').send({ name: 'Thanh tra Sở Kế hoạch và Đầu tư' }).expect(200);
    expect(renamed.body).toEqual({ code: 'THANH_TRA', name: 'Thanh tra Sở Kế hoạch và Đầu tư', active: true });
    expect(fields((await admin().patch('/api/departments/THANH_TRA').send({ active: 'no' }).expect(400)).body)).toEqual(['active']);
    await admin().patch('/api/departments/THANH_TRA').send({}).expect(400);
    await admin().patch('/api/departments/NO_SUCH').send({ name: 'x' }).expect(404);
    await admin().patch('/api/departments/TP_HOTICH').send({ name: 'Chiếm' }).expect(404);

    await admin().patch('/api/departments/THANH_TRA').send({ active: false }).expect(200);
    expect((await admin().get('/api/departments').expect(200)).body.map((d: { code: string }) => d.code)).not.toContain('THANH_TRA');
    const all = await admin().get('/api/departments').query({ includeInactive: 'true' }).expect(200);
    expect(all.body).toContainEqual({ code: 'THANH_TRA', name: 'Thanh tra Sở Kế hoạch và Đầu tư', active: false });
    // No new account in a deactivated department.
    const inactive = await admin().post('/api/users').send({ username: 'thanh.tra', fullName: 'Thanh tra viên', password: PASSWORD, roles: ['reviewer'], departmentCode: 'THANH_TRA' }).expect(400);
    expect(fields(inactive.body)).toEqual(['departmentCode']);
    await admin().patch('/api/departments/THANH_TRA').send({ active: true }).expect(200);

    const audit: { action: string; actor: string }[] = await stack.ds.query(`SELECT action, actor FROM audit_log WHERE entity = 'department' AND entity_id = 'THANH_TRA' ORDER BY id`);
    expect(audit).toEqual(['department_created', 'department_renamed', 'department_deactivated', 'department_activated'].map((action) => ({ action, actor: 'admin' })));
  });

  it('refuses to deactivate a department that still has active users or open steps, naming how many', async () => {
    const res = await admin().patch('/api/departments/DKKD').send({ active: false }).expect(409);
    expect(res.body.message).toMatch(/DKKD still has [1-9]\d* active user\(s\) and \d+ open step\(s\)/);
    await admin().post('/api/departments').send({ code: 'TRONG', name: 'Phòng chưa có ai' }).expect(201);
    await dossierAtReview('TRONG');
    expect((await admin().patch('/api/departments/TRONG').send({ active: false }).expect(409)).body.message).toMatch(/0 active user\(s\) and 2 open step\(s\)/);
    expect((await admin().get('/api/departments').query({ includeInactive: true }).expect(200)).body).toContainEqual({ code: 'TRONG', name: 'Phòng chưa có ai', active: true });
  });
});

describe('reach is explicit', () => {
  it('refuses a reviewer or approver without a department (400 naming departmentCode), and a department of another agency', async () => {
    for (const roles of [['reviewer'], ['approver'], ['reception', 'reviewer']]) {
      const res = await admin().post('/api/users').send({ username: `khong.phong.${roles.join('.')}`, fullName: 'Không phòng', password: PASSWORD, roles }).expect(400);
      expect(fields(res.body)).toEqual(['departmentCode']);
    }
    const foreign = await admin().post('/api/users').send({ username: 'phong.khac', fullName: 'Phòng khác', password: PASSWORD, roles: ['reviewer'], departmentCode: 'TP_HOTICH' }).expect(400);
    expect(fields(foreign.body)).toEqual(['departmentCode']);
    expect(fields((await admin().post('/api/users').send({ username: 'phong.la', fullName: 'Phòng lạ', password: PASSWORD, roles: ['reviewer'], departmentCode: 'NO_SUCH' }).expect(400)).body)).toEqual(['departmentCode']);
    expect(fields((await admin().post('/api/users').send({ username: 'co.co', fullName: 'Cờ', password: PASSWORD, roles: ['reviewer'], departmentCode: 'DKKD', agencyWide: 'yes' }).expect(400)).body)).toEqual(['agencyWide']);

    await admin().post('/api/users').send({ username: 'chuyen.vien', fullName: 'Chuyên viên', password: PASSWORD, roles: ['reviewer'], departmentCode: 'DKKD' }).expect(201);
    // Taking the department away from a reviewer is refused the same way.
    expect(fields((await admin().patch('/api/users/chuyen.vien').send({ departmentCode: null }).expect(400)).body)).toEqual(['departmentCode']);
    expect(fields((await admin().patch('/api/users/chuyen.vien').send({ roles: ['approver'], departmentCode: null }).expect(400)).body)).toEqual(['departmentCode']);
  });

  it('comes from a role meant for it or the admin-set flag: the session and the user list say which', async () => {
    const reach = async (username: string, password = PASSWORD) => (await login(username, password).expect(200)).body.user.agencyWide;
    expect(await reach('admin', 'demo')).toBe(true);
    expect(await reach('supervisor', 'demo')).toBe(true);
    expect(await reach('reviewer', 'demo')).toBe(false);
    expect(await reach('approver', 'demo')).toBe(false);
    expect(await reach('reception', 'demo')).toBe(false);

    const leader = await admin().post('/api/users').send({ username: 'lanh.dao', fullName: 'Lãnh đạo Sở', password: PASSWORD, roles: ['approver'], departmentCode: 'LANH_DAO', agencyWide: true }).expect(201);
    expect(leader.body).toMatchObject({ username: 'lanh.dao', departmentCode: 'LANH_DAO', agencyWide: true, agencyWideFlag: true });
    expect(await reach('lanh.dao')).toBe(true);
    const plain = await admin().post('/api/users').send({ username: 'truong.phong', fullName: 'Trưởng phòng', password: PASSWORD, roles: ['approver'], departmentCode: 'DAUTU' }).expect(201);
    expect(plain.body).toMatchObject({ agencyWide: false, agencyWideFlag: false });
    expect(await reach('truong.phong')).toBe(false);
    await admin().patch('/api/users/truong.phong').send({ agencyWide: true }).expect(200);
    expect(await reach('truong.phong')).toBe(true);

    const supervisor = await admin().post('/api/users').send({ username: 'giam.sat', fullName: 'Giám sát', password: PASSWORD, roles: ['supervisor'] }).expect(201);
    expect(supervisor.body).toMatchObject({ agencyWide: true, agencyWideFlag: false });

    const users: { username: string; agencyWide: boolean }[] = (await admin().get('/api/users').expect(200)).body;
    expect(users.find((u) => u.username === 'lanh.dao')).toMatchObject({ agencyWide: true });
    expect(users.find((u) => u.username === 'reviewer')).toMatchObject({ agencyWide: false });
  });

  it('never comes from a missing department: an old department-less reviewer reaches no department\'s step', async () => {
    await legacyAccount('cu.khong.phong', ['reviewer'], null);
    const session = (await login('cu.khong.phong').expect(200)).body;
    expect(session.user).toMatchObject({ roles: ['reviewer'], agencyWide: false });
    expect(session.user.departmentCode).toBeUndefined();
    const code = await dossierAtReview('DKKD');
    // Its inbox is empty: no department's steps are offered to it, while the DKKD reviewer's lists this one.
    expect((await as(stack.url, session.accessToken).get('/api/tasks').expect(200)).body.total).toBe(0);
    expect((await stack.as('reviewer').get('/api/tasks').expect(200)).body.items.map((i: { dossierCode: string }) => i.dossierCode)).toContain(code);
    await as(stack.url, session.accessToken).post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(403);
    await as(stack.url, session.accessToken).post(`/api/tasks/${code}~review/claim`).expect(403);
    // The department's own reviewer still does; one of another department does not.
    const dautu = await dossierAtReview('DAUTU');
    await stack.as('reviewer').post(`/api/dossiers/${dautu}/steps/review/complete`).send({}).expect(403);
    await stack.as('reviewer').post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(200);
  });
});

describe('alerts', () => {
  it('are listed by reach: a department-less head who is not agency-wide sees no department\'s alerts, an agency-wide one all', async () => {
    await legacyAccount('cu.truong.phong', ['approver'], null);
    await admin().post('/api/users').send({ username: 'lanh.dao.2', fullName: 'Lãnh đạo Sở', password: PASSWORD, roles: ['approver'], departmentCode: 'LANH_DAO', agencyWide: true }).expect(201);
    // Its reception step (MOT_CUA) is due after a second: overdue, with its alert.
    const p = secondsProcedure([1, 3600, 3600, 3600]);
    await admin().post('/api/procedures').send(p).expect(201);
    const { body } = await stack.as('reception').post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Lý Thị Mai' }, channel: 'counter' }).expect(201);
    await waitFor(async () => (await stack.ds.query(`SELECT 1 FROM alerts WHERE dossier_code = $1 AND department_code = 'MOT_CUA'`, [body.code])).length > 0, 'the reception step\'s alert');
    const listed = async (username: string) => {
      const token = (await login(username).expect(200)).body.accessToken;
      return (await as(stack.url, token).get('/api/alerts').query({ dossierCode: body.code }).expect(200)).body.total as number;
    };
    expect(await listed('cu.truong.phong')).toBe(0);
    expect(await listed('lanh.dao.2')).toBeGreaterThan(0);
    expect((await stack.as('supervisor').get('/api/alerts').query({ dossierCode: body.code }).expect(200)).body.total).toBeGreaterThan(0);
  });
});

describe('assigning a step', () => {
  it('refuses an assignee of another agency, or one who reaches no department, with a 400 naming assignee', async () => {
    await legacyAccount('tp.khong.phong', ['reviewer'], null, OTHER_AGENCY);
    await legacyAccount('tp.dkkd', ['reviewer'], 'DKKD', OTHER_AGENCY);
    await legacyAccount('cu.khong.phong2', ['reviewer'], null);
    const code = await dossierAtReview('DKKD');
    for (const assignee of ['tp.khong.phong', 'tp.dkkd', 'cu.khong.phong2', 'nobody.at.all']) {
      const res = await stack.as('approver').post(`/api/tasks/${code}~review/assign`).send({ assignee }).expect(400);
      expect({ assignee, fields: fields(res.body) }).toEqual({ assignee, fields: ['assignee'] });
    }
    const detail = await admin().get(`/api/dossiers/${code}`).expect(200);
    expect(detail.body.steps.find((s: { key: string }) => s.key === 'review').assignee).toBeUndefined();
    const ok = await stack.as('approver').post(`/api/tasks/${code}~review/assign`).send({ assignee: 'reviewer' }).expect(200);
    expect(ok.body.steps.find((s: { key: string }) => s.key === 'review').assignee).toBe('reviewer');
  });

  it('does not list another agency\'s accounts or departments to an admin', async () => {
    const users: { username: string }[] = (await admin().get('/api/users').expect(200)).body;
    expect(users.map((u) => u.username)).not.toContain('tp.dkkd');
    const departments: { code: string }[] = (await admin().get('/api/departments').query({ includeInactive: true }).expect(200)).body;
    expect(departments.map((d) => d.code)).not.toContain('TP_HOTICH');
  });
});
