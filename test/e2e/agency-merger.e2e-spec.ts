import { hash } from '@node-rs/argon2';
import request from 'supertest';
import { DEMO_AGENCY_CODE, MERGER_DATE, PREDECESSOR_AGENCY, seedDemoData, seedMergerHistory } from '../../libs/db/src';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

/**
 * Agencies that merge (issue 19 item 6) and the statistics that follow the succession (item 8).
 * A Department of Planning and Investment of its own (OLD), with its desk, staff, a procedure timed
 * in working hours and dossiers, is merged into the demo's Department of Finance, whose calendar
 * differs (its office hours): its open dossier moves to the successor's desk with its code and
 * history, and is re-planned by a calendar rollout; its finished one stays its own. The scores of
 * 2025 are checked by hand against the seeded history on both sides of 1 March 2025.
 */
jest.setTimeout(120_000);

const stack = useE2eStack();
const OLD = '000.00.98.Z98';
const PASSWORD = 'mat-khau-thu-nghiem-2026';
const login = async (username: string) => (await request(stack.url).post('/api/auth/login').send({ username, password: PASSWORD }).expect(200)).body.accessToken as string;
const today = () => new Date().toISOString().slice(0, 10);

let oldDesk: string;
let open: string;
let withdrawn: string;

beforeAll(async () => {
  // The predecessor works other office hours than the successor (the configured defaults).
  await stack.ds.query(`INSERT INTO agencies (code, name, effective_from, calendar_settings) VALUES ($1, 'Sở Kế hoạch và Đầu tư (thử nghiệm)', '2019-01-01', $2)`, [
    OLD, JSON.stringify({ timeZone: 'Asia/Ho_Chi_Minh', officeHours: [{ start: '07:00', end: '11:00' }, { start: '13:30', end: '17:30' }], weekendDays: [0, 6], paperCutoff: '15:00' }),
  ]);
  await stack.ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ('OLD_MC', $1, 'Bộ phận Một cửa (cũ)'), ('OLD_DK', $1, 'Phòng Đăng ký kinh doanh (cũ)')`, [OLD]);
  for (const [username, roles, department] of [['old.desk', ['reception'], 'OLD_MC'], ['old.reviewer', ['reviewer'], 'OLD_DK']] as const) {
    await stack.ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, $5, $6)`, [
      username, `Cán bộ ${username}`, await hash(PASSWORD), OLD, department, roles,
    ]);
  }
  const p = secondsProcedure([1], undefined, OLD);
  const procedure = {
    ...p, legalTime: { workingDays: 10 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'OLD_MC', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'OLD_DK', duration: { workingDays: 8 } },
    ],
  };
  await stack.ds.query(`INSERT INTO procedures (code, version, name, agency_code, legal_time, steps) VALUES ($1, 1, $2, $3, $4, $5)`, [
    procedure.code, procedure.name, OLD, JSON.stringify(procedure.legalTime), JSON.stringify(procedure.steps),
  ]);
  oldDesk = await login('old.desk');
  const register = async () => (await as(stack.url, oldDesk).post('/api/dossiers').send({ procedureCode: procedure.code, applicant: { name: 'Ngô Văn Khải' }, channel: 'counter' }).expect(201)).body.code as string;
  open = await register();
  withdrawn = await register();
  await as(stack.url, oldDesk).post(`/api/dossiers/${withdrawn}/withdraw`).send({ reason: 'Người nộp rút hồ sơ' }).expect(200);
});

describe('POST /api/agencies/:code/merge-into/:successor', () => {
  it('is refused to staff who are not admins (403), and to a malformed date or the agency itself (400 naming the field)', async () => {
    await stack.as('supervisor').post(`/api/agencies/${OLD}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(403);
    const bad = await stack.as('admin').post(`/api/agencies/${OLD}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: '1/3/2025' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['effectiveDate']);
    const self = await stack.as('admin').post(`/api/agencies/${OLD}/merge-into/${OLD}`).send({ effectiveDate: today() }).expect(400);
    expect(self.body.fields.map((f: { field: string }) => f.field)).toEqual(['successor']);
    await stack.as('admin').post(`/api/agencies/NO_SUCH/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(404);
  });

  it('moves the open dossier to the successor (same code, same history), re-plans it under the successor calendar, keeps the finished one', async () => {
    const before: { version: number }[] = await stack.ds.query(`SELECT version FROM dossiers WHERE code = $1`, [open]);
    const eventsBefore: { n: number }[] = await stack.ds.query(`SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1`, [open]);

    const res = await stack.as('admin').post(`/api/agencies/${OLD}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(200);
    expect(res.body).toMatchObject({
      predecessor: OLD, successor: DEMO_AGENCY_CODE, effectiveDate: today(),
      moved: { dossiers: 1, departments: 2, users: 2, procedures: 1 }, calendarDiffers: true,
      replan: { version: expect.any(Number), rollout: 'started' },
    });
    const rows: { code: string; agency_code: string }[] = await stack.ds.query(`SELECT code, agency_code FROM dossiers WHERE code = ANY($1) ORDER BY code`, [[open, withdrawn]]);
    expect(Object.fromEntries(rows.map((r) => [r.code, r.agency_code]))).toEqual({ [open]: DEMO_AGENCY_CODE, [withdrawn]: OLD });
    const steps: { agency_code: string }[] = await stack.ds.query(`SELECT DISTINCT agency_code FROM dossier_steps WHERE dossier_code = $1`, [open]);
    expect(steps).toEqual([{ agency_code: DEMO_AGENCY_CODE }]);

    // The rollout re-plans it under the successor's calendar: a `replanned` event of the merger's
    // calendar version, after the history it had (kept as it was).
    const replanned = await waitFor(async () => {
      const [e]: { seq: number; payload: { calendarVersion: number } }[] = await stack.ds.query(
        `SELECT seq, payload FROM dossier_events WHERE dossier_code = $1 AND type = 'replanned' ORDER BY seq DESC LIMIT 1`,
        [open],
      );
      return e;
    }, 're-plan of the moved dossier');
    expect(replanned.payload.calendarVersion).toBe(res.body.replan.version);
    expect(replanned.seq).toBeGreaterThan(eventsBefore[0].n);
    const [row]: { version: number }[] = await stack.ds.query(`SELECT version FROM dossiers WHERE code = $1`, [open]);
    expect(row.version).toBeGreaterThan(before[0].version);

    const [audit]: { actor: string; after: { successorCode: string; dossiers: string[] } }[] = await stack.ds.query(
      `SELECT actor, after FROM audit_log WHERE chain = 'system' AND action = 'agency_merged' AND entity_id = $1`,
      [OLD],
    );
    expect(audit).toMatchObject({ actor: 'admin', after: { successorCode: DEMO_AGENCY_CODE, dossiers: [open] } });
  });

  it("lets the successor's staff work the moved dossier under its code, and lists both agencies with their dates", async () => {
    const reviewer = await login('old.reviewer');
    // The moved reviewer is now the successor's; the dossier keeps the agency of its receipt.
    const [account]: { agency_code: string }[] = await stack.ds.query(`SELECT agency_code FROM users WHERE username = 'old.reviewer'`);
    expect(account.agency_code).toBe(DEMO_AGENCY_CODE);
    await as(stack.url, oldDesk).post(`/api/dossiers/${open}/steps/reception/complete`).send({}).expect(200);
    const done = await as(stack.url, reviewer).post(`/api/dossiers/${open}/steps/review/complete`).send({}).expect(200);
    expect(done.body).toMatchObject({ code: open, agencyCode: OLD });
    // The successor's supervisor reads it too, once the API has read the account again (the
    // succession is read with it, at most ACCOUNT_CHECK_TTL_MS after the merger, as a role change).
    await waitFor(async () => (await stack.as('supervisor').get(`/api/dossiers/${open}`)).status === 200, "the successor's supervisor reading the moved dossier", 10_000);

    const list = await stack.as('reception').get('/api/agencies').expect(200);
    const byCode = new Map(list.body.map((a: { code: string }) => [a.code, a]));
    expect(byCode.get(OLD)).toMatchObject({ effectiveFrom: '2019-01-01', effectiveTo: today(), successorCode: DEMO_AGENCY_CODE, mergedBy: 'admin' });
    expect(byCode.get(DEMO_AGENCY_CODE)).toMatchObject({ successorCode: null, effectiveTo: null, predecessorCodes: [OLD, PREDECESSOR_AGENCY.code].sort() });
    // The seed's 2019 department was merged on 1 March 2025.
    expect(byCode.get(PREDECESSOR_AGENCY.code)).toMatchObject({ effectiveTo: '2025-03-01', successorCode: DEMO_AGENCY_CODE });
  });

  it('refuses a second merger of the same agency and a merger into an agency that was merged (409)', async () => {
    await stack.as('admin').post(`/api/agencies/${OLD}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(409);
    await stack.as('admin').post(`/api/agencies/${DEMO_AGENCY_CODE}/merge-into/${OLD}`).send({ effectiveDate: today() }).expect(409);
  });
});

describe('a merger between agencies with the same calendar rules', () => {
  it('moves the open dossier without a calendar change or a re-plan: its deadlines stay as they were', async () => {
    // A third department whose own calendar settings are exactly the successor's.
    const SAME = '000.00.97.Z97';
    const [succ]: { calendar_settings: unknown }[] = await stack.ds.query(`SELECT calendar_settings FROM agencies WHERE code = $1`, [DEMO_AGENCY_CODE]);
    await stack.ds.query(`INSERT INTO agencies (code, name, effective_from, calendar_settings) VALUES ($1, 'Sở Kế hoạch và Đầu tư (cùng lịch)', '2019-01-01', $2)`, [SAME, succ.calendar_settings === null ? null : JSON.stringify(succ.calendar_settings)]);
    await stack.ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ('SAME_MC', $1, 'Bộ phận Một cửa (cùng lịch)')`, [SAME]);
    await stack.ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ('same.desk', 'Cán bộ một cửa', $1, $2, 'SAME_MC', '{reception}')`, [await hash(PASSWORD), SAME]);
    const p = secondsProcedure([1], undefined, SAME);
    const steps = [{ key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'SAME_MC', duration: { workingDays: 2 } }];
    await stack.ds.query(`INSERT INTO procedures (code, version, name, agency_code, legal_time, steps) VALUES ($1, 1, $2, $3, $4, $5)`, [p.code, p.name, SAME, JSON.stringify({ workingDays: 5 }), JSON.stringify(steps)]);
    const sameDesk = await login('same.desk');
    const { body: d } = await as(stack.url, sameDesk).post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Lý Thị Mai' }, channel: 'online' }).expect(201);
    const before: { version: number; due_at: Date }[] = await stack.ds.query(`SELECT version, due_at FROM dossiers WHERE code = $1`, [d.code]);
    const changes = async () => ((await stack.ds.query(`SELECT count(*)::int AS n FROM calendar_changes`)) as { n: number }[])[0].n;
    const changesBefore = await changes();

    const res = await stack.as('admin').post(`/api/agencies/${SAME}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(200);
    expect(res.body).toMatchObject({ predecessor: SAME, successor: DEMO_AGENCY_CODE, moved: { dossiers: 1, departments: 1, users: 1, procedures: 1 }, calendarDiffers: false });
    // No re-plan: no `replan` in the answer, no calendar change recorded (so no rollout can run).
    expect(res.body).not.toHaveProperty('replan');
    expect(await changes()).toBe(changesBefore);
    const [row]: { agency_code: string; version: number; due_at: Date }[] = await stack.ds.query(`SELECT agency_code, version, due_at FROM dossiers WHERE code = $1`, [d.code]);
    expect(row).toEqual({ agency_code: DEMO_AGENCY_CODE, version: before[0].version, due_at: before[0].due_at });
    const [audit]: { after: { calendarDiffers: boolean; dossiers: string[] } }[] = await stack.ds.query(
      `SELECT after FROM audit_log WHERE chain = 'system' AND action = 'agency_merged' AND entity_id = $1`,
      [SAME],
    );
    expect(audit.after).toMatchObject({ calendarDiffers: false, dossiers: [d.code] });
    // Still worked as before, under the successor, with the deadline it had.
    await as(stack.url, sameDesk).post(`/api/dossiers/${d.code}/steps/reception/complete`).send({}).expect(200);
    const { body: detail } = await as(stack.url, sameDesk).get(`/api/dossiers/${d.code}`).expect(200);
    expect(detail.dueAt).toBe(d.dueAt);
    expect(detail.events.map((e: { type: string }) => e.type)).not.toContain('replanned');
  });
});

describe('statistics through the succession', () => {
  it("count the predecessor's dossiers with the successor's in a period spanning the merger", async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const [row] = (await stack.as('supervisor').get('/api/stats/timeliness').query({ from, to }).expect(200)).body;
    // Both of OLD's dossiers (one withdrawn under OLD, one moved) are the successor's to report.
    expect(row.received.total).toBeGreaterThanOrEqual(2);
    expect(row.withdrawn).toBeGreaterThanOrEqual(1);
    expect(row.received.carriedOver + row.received.total).toBe(row.resolved.total + row.withdrawn + row.pending.total);
  });

  it('score 2025 by hand from the seeded history on both sides of 1 March 2025 (Decision 766, 20 points)', async () => {
    await seedMergerHistory(stack.ds);
    const res = await stack.as('supervisor').get('/api/stats/service-index').query({ from: '2025-01-01T00:00:00+07:00', to: '2025-05-01T00:00:00+07:00' }).expect(200);
    expect(res.body.agencies).toEqual(expect.arrayContaining([DEMO_AGENCY_CODE, PREDECESSOR_AGENCY.code]));
    const score = Object.fromEntries(res.body.months.map((m: { month: string; timeliness: { score: number | null; dossiers: number } }) => [m.month, [m.timeliness.score, m.timeliness.dossiers]]));
    // January (2019 department): 2 resolved on time, nothing pending → 20 × 2/2.
    // February: 1 resolved late (10/2, due 13/2, done 14/2); 2 received 26–27/2 still open at the month's end and within deadline → 20 × 2/3.
    // March (Department of Finance): 26/2 done on time, 27/2 late, 5/3 early, 18/3 on time → 20 × 3/4.
    // April: 7/4 done after its due date → 0.
    expect(score['2025-01']).toEqual([20, 2]);
    expect(score['2025-02'][1]).toBe(3);
    expect(score['2025-02'][0]).toBeCloseTo(40 / 3, 10);
    expect(score['2025-03']).toEqual([15, 4]);
    expect(score['2025-04']).toEqual([0, 1]);
    expect(res.body.months[0].timeliness).toMatchObject({ max: 20, counted: { resolvedEarlyOrOnTime: 2, resolvedLate: 0, pendingWithinDeadline: 0, pendingPastDeadline: 0, multipleSupplements: 0 } });

    // A timely dossier asked to supplement twice counts late: March becomes 20 × 2/4.
    await stack.ds.query(`UPDATE dossiers SET supplement_requests = 2 WHERE code = $1`, [`${DEMO_AGENCY_CODE}-250305-0001`]);
    const again = await stack.as('supervisor').get('/api/stats/service-index').query({ from: '2025-03-01T00:00:00+07:00', to: '2025-04-01T00:00:00+07:00' }).expect(200);
    expect(again.body.months).toEqual([expect.objectContaining({ month: '2025-03', timeliness: expect.objectContaining({ score: 10, dossiers: 4, counted: expect.objectContaining({ multipleSupplements: 1 }) }) })]);
    await stack.ds.query(`UPDATE dossiers SET supplement_requests = 0 WHERE code = $1`, [`${DEMO_AGENCY_CODE}-250305-0001`]);

    // Biểu 06 of February reconciles: 0 carried over + 3 received = 1 resolved + 0 withdrawn + 2 pending.
    const [feb] = (await stack.as('supervisor').get('/api/stats/timeliness').query({ from: '2025-02-01T00:00:00+07:00', to: '2025-03-01T00:00:00+07:00' }).expect(200)).body;
    expect(feb).toMatchObject({ received: { total: 3, carriedOver: 0 }, resolved: { total: 1, late: 1 }, withdrawn: 0, pending: { total: 2, withinDeadline: 2 } });
  });

  it('refuses a malformed period naming the field', async () => {
    const bad = await stack.as('supervisor').get('/api/stats/service-index').query({ from: 'yesterday', to: '2025-04-01T00:00:00+07:00' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['from']);
    await stack.as('reception').get('/api/stats/service-index').query({ from: '2025-03-01T00:00:00+07:00', to: '2025-04-01T00:00:00+07:00' }).expect(403);
  });
});

describe('the seed on a database seeded before the merger', () => {
  it('merges the 2019 department into the Department of Finance once, moving its staff and handing over its calendar', async () => {
    // A database as the seed left it before: the 2019 department in force, with the staff and its own calendar.
    const settings = { timeZone: 'Asia/Ho_Chi_Minh', officeHours: [{ start: '07:00', end: '11:00' }, { start: '13:30', end: '17:30' }], weekendDays: [0, 6], paperCutoff: '15:00' };
    await stack.ds.query(`UPDATE agencies SET successor_code = NULL, effective_to = NULL, merged_at = NULL, merged_by = NULL, calendar_settings = $2 WHERE code = $1`, [PREDECESSOR_AGENCY.code, JSON.stringify(settings)]);
    await stack.ds.query(`UPDATE agencies SET calendar_settings = NULL WHERE code = $1`, [DEMO_AGENCY_CODE]);
    await stack.ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ('LEGACY_DK', $1, 'Phòng Đăng ký kinh doanh (2019)')`, [PREDECESSOR_AGENCY.code]);
    await stack.ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ('legacy.reviewer', 'Cán bộ 2019', 'x', $1, 'LEGACY_DK', '{reviewer}')`, [PREDECESSOR_AGENCY.code]);
    const merges = async () => ((await stack.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain = 'system' AND action = 'agency_merged' AND entity_id = $1`, [PREDECESSOR_AGENCY.code])) as { n: number }[])[0].n;
    const before = await merges();

    await seedDemoData(stack.ds);
    const agencies: { code: string; successor_code: string | null; effective_to: string | null; calendar_settings: unknown }[] = await stack.ds.query(
      `SELECT code, successor_code, to_char(effective_to, 'YYYY-MM-DD') AS effective_to, calendar_settings FROM agencies WHERE code = ANY($1) ORDER BY code`,
      [[PREDECESSOR_AGENCY.code, DEMO_AGENCY_CODE]],
    );
    expect(agencies.find((a) => a.code === PREDECESSOR_AGENCY.code)).toMatchObject({ successor_code: DEMO_AGENCY_CODE, effective_to: MERGER_DATE });
    expect(agencies.find((a) => a.code === DEMO_AGENCY_CODE)?.calendar_settings).toEqual(settings);
    expect(await stack.ds.query(`SELECT agency_code FROM departments WHERE code = 'LEGACY_DK'`)).toEqual([{ agency_code: DEMO_AGENCY_CODE }]);
    expect(await stack.ds.query(`SELECT agency_code FROM users WHERE username = 'legacy.reviewer'`)).toEqual([{ agency_code: DEMO_AGENCY_CODE }]);
    expect(await merges()).toBe(before + 1);

    // Seeding again merges nothing more.
    await seedDemoData(stack.ds);
    expect(await merges()).toBe(before + 1);
  });
});
