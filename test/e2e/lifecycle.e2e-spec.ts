import { localDate } from '../../libs/domain/src';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

jest.setTimeout(90_000);

const stack = useE2eStack();
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');
const reviewer = () => stack.as('reviewer');
const approver = () => stack.as('approver');
const applicant = { name: 'Hoàng Thị Loan', idNumber: '001190012345' };

async function workingProcedure() {
  const p = { ...secondsProcedure([1]), legalTime: { workingDays: 5 }, steps: [
    { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
    { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 3 } },
  ] };
  await admin().post('/api/procedures').send(p).expect(201);
  return p;
}

describe('calendar', () => {
  it('lists the days off of 2026 with reasons, including Tết and the Hùng Kings carry-over', async () => {
    const res = await desk().get('/api/calendar/2026').expect(200);
    const off = res.body.daysOff.map((d: { date: string }) => d.date);
    expect(off).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-02']));
    expect(res.body.daysOff.find((d: { date: string }) => d.date === '2026-02-17').reason).toMatch(/Tết/);
    const y2024 = await desk().get('/api/calendar/2024').expect(200);
    expect(y2024.body.workingDays.map((d: { date: string }) => d.date)).toContain('2024-05-04');
    await desk().get('/api/calendar/abc').expect(400);
  });

  it('re-plans an open dossier when a day off is added inside its period, and records it as an event', async () => {
    const p = await workingProcedure();
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    const tz = stack.config.AGENCY_TIME_ZONE;
    // A working day strictly between receipt and the due date: the next one after tomorrow.
    const cal = await desk().get(`/api/calendar/${new Date().getUTCFullYear()}`);
    const off = new Set(cal.body.daysOff.map((x: { date: string }) => x.date));
    let day = localDate(new Date(Date.parse(d.receivedAt) + 2 * 86_400_000), tz);
    for (let i = 3; off.has(day) || [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()); i++) day = localDate(new Date(Date.parse(d.receivedAt) + i * 86_400_000), tz);
    expect(day < localDate(new Date(d.dueAt), tz)).toBe(true);

    const change = await admin().put(`/api/calendar/overrides/${day}`).send({ kind: 'day_off', reason: 'Nghỉ đột xuất (thử nghiệm)' }).expect(200);
    expect(change.body.rolloutWorkflowId).toBe(`calendar-rollout-${change.body.version}`);
    const replanned = await waitFor(async () => {
      const r = await desk().get(`/api/dossiers/${d.code}`);
      return r.body.events.find((e: { type: string }) => e.type === 'replanned') ? r.body : undefined;
    }, 'the dossier to be re-planned');
    expect(Date.parse(replanned.dueAt)).toBeGreaterThan(Date.parse(d.dueAt));
    const deadlines = await desk().get(`/api/dossiers/${d.code}/deadlines`).expect(200);
    expect(deadlines.body.dossier.text).toContain('Nghỉ đột xuất');

    await admin().delete(`/api/calendar/overrides/${day}`).expect(200);
    await waitFor(async () => (await desk().get(`/api/dossiers/${d.code}`)).body.dueAt === d.dueAt, 'the due date to move back');
    const log = await admin().get('/api/calendar/changes').expect(200);
    expect(log.body[0].change).toMatchObject({ date: day, after: null });
    const audit = await admin().get('/api/audit').query({ chain: 'system', pageSize: 200 }).expect(200);
    const actions = audit.body.items.map((e: { action: string; actor: string }) => `${e.actor}:${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['admin:procedure_created', 'admin:calendar_override_set', 'admin:calendar_override_removed']));
    expect((await admin().get('/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});

describe('dossier lifecycle over HTTP', () => {
  it('takes an incomplete dossier without a clock, then receives it', async () => {
    const p = await workingProcedure();
    await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter', reception: { outcome: 'needs_supplement' } }).expect(400);
    const { body } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter', reception: { outcome: 'needs_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao CCCD'] } }).expect(201);
    expect(body).toMatchObject({ status: 'submitted', statusCode: 1, guidance: { items: ['Bản sao CCCD'] } });
    await desk().post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(409);
    const received = await desk().post(`/api/dossiers/${body.code}/receive`).send({}).expect(200);
    expect(received.body).toMatchObject({ status: 'received', statusCode: 2 });
  });

  it('receives an incomplete dossier only at a receipt time registration would take: not in the future, not before the previous working day (400 naming receivedAt)', async () => {
    const p = await workingProcedure();
    const { body } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter', reception: { outcome: 'needs_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao CCCD'] } }).expect(201);
    for (const receivedAt of ['2999-01-01T00:00:00Z', '2020-01-01T00:00:00Z']) {
      const res = await desk().post(`/api/dossiers/${body.code}/receive`).send({ receivedAt }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['receivedAt']);
    }
    expect((await desk().get(`/api/dossiers/${body.code}`).expect(200)).body).toMatchObject({ status: 'submitted' });
    const at = new Date(Date.now() - 60_000).toISOString();
    const received = await desk().post(`/api/dossiers/${body.code}/receive`).send({ receivedAt: at }).expect(200);
    expect(received.body).toMatchObject({ status: 'received', receivedAt: at });
  });

  it('refuses a non-eligible dossier at reception', async () => {
    const p = await workingProcedure();
    const { body } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter', reception: { outcome: 'refused', reason: 'Không thuộc thẩm quyền' } }).expect(201);
    expect(body).toMatchObject({ status: 'refused_at_reception', statusCode: 3, reason: 'Không thuộc thẩm quyền' });
    await desk().post(`/api/dossiers/${body.code}/withdraw`).send({ reason: 'x' }).expect(409);
  });

  it('pauses for a supplement, resumes, reschedules with an apology, and prints the control sheet', async () => {
    const p = await workingProcedure();
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    await desk().post(`/api/dossiers/${d.code}/steps/reception/complete`).send({ note: 'Đủ thành phần' }).expect(200);
    await reviewer().post(`/api/dossiers/${d.code}/supplement-requests`).send({ items: ['x'] }).expect(400);
    const paused = await reviewer().post(`/api/dossiers/${d.code}/supplement-requests`).send({ reason: 'Thiếu điều lệ', items: ['Điều lệ'] }).expect(200);
    expect(paused.body.statusCode).toBe(5);
    await reviewer().post(`/api/dossiers/${d.code}/steps/review/complete`).send({}).expect(409);
    // The resume shifts the due date by the working time the pause took: none outside office
    // hours, some milliseconds inside them. The date rescheduled is the one in force now.
    const { body: resumed } = await desk().post(`/api/dossiers/${d.code}/supplements`).send({ note: 'Đã bổ sung' }).expect(200);
    expect(Date.parse(resumed.dueAt)).toBeGreaterThanOrEqual(Date.parse(d.dueAt));
    await approver().post(`/api/dossiers/${d.code}/reschedule`).send({ newDueAt: 'soon', reason: 'x' }).expect(400);
    const newDueAt = new Date(Date.parse(resumed.dueAt) + 7 * 86_400_000).toISOString();
    const r = await approver().post(`/api/dossiers/${d.code}/reschedule`).send({ newDueAt, reason: 'Cần lấy ý kiến liên ngành' }).expect(200);
    expect(r.body).toMatchObject({ dueAt: newDueAt, originalDueAt: resumed.dueAt });
    await approver().post(`/api/dossiers/${d.code}/reschedule`).send({ newDueAt, reason: 'again' }).expect(409);
    const apology = await desk().get(`/api/dossiers/${d.code}/apology`).expect(200);
    expect(apology.body).toMatchObject({ form: '04', addressee: applicant.name, code: d.code, originalDueAt: resumed.dueAt, newDueAt, reason: 'Cần lấy ý kiến liên ngành' });
    const done = await reviewer().post(`/api/dossiers/${d.code}/steps/review/complete`).send({}).expect(200);
    expect(done.body).toMatchObject({ status: 'awaiting_return', timeliness: 'late' });
    await desk().post(`/api/dossiers/${d.code}/return-result`).send({}).expect(200);

    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const stats = await approver().get('/api/stats/timeliness').query({ from, to, groupBy: 'procedure' }).expect(200);
    const row = stats.body.find((r: { group: string }) => r.group === p.code);
    expect(row).toMatchObject({ received: { total: 1, online: 1, directOrPostal: 0 }, resolved: { total: 1, late: 1 }, pending: { total: 0 }, onTimeRate: 0 });
    const byMonth = await approver().get('/api/stats/timeliness').query({ from, to, groupBy: 'month' }).expect(200);
    expect(byMonth.body.length).toBeGreaterThan(0);
    await approver().get('/api/stats/timeliness').query({ from: to, to: from }).expect(400);
    await desk().get('/api/stats/timeliness').query({ from, to }).expect(403);
    const sheet = await desk().get(`/api/dossiers/${d.code}/control-sheet`).expect(200);
    expect(sheet.body.rows.map((row: { note: string }) => row.note.split(':')[0])).toEqual(['tiếp nhận hồ sơ', 'chuyển bước', 'yêu cầu bổ sung', 'nhận bổ sung', 'chuyển bước', 'trả kết quả']);
    expect(sheet.body.rows[1]).toMatchObject({ from: 'MOT_CUA', to: 'DKKD', result: expect.stringMatching(/early|on_time/), handoverAtText: expect.stringMatching(/^\d\d:\d\d \d\d\/\d\d\/\d{4}$/) });
  });

  it('sends back to an earlier step and refuses unknown targets', async () => {
    const p = await workingProcedure();
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    await desk().post(`/api/dossiers/${d.code}/steps/reception/complete`).send({}).expect(200);
    await reviewer().post(`/api/dossiers/${d.code}/steps/review/return`).send({ toStepKey: 'review', reason: 'x' }).expect(409);
    const back = await reviewer().post(`/api/dossiers/${d.code}/steps/review/return`).send({ toStepKey: 'reception', reason: 'Kiểm tra lại thành phần' }).expect(200);
    expect(back.body.steps[0]).toMatchObject({ status: 'active', attempt: 2 });
    await desk().get(`/api/dossiers/${d.code}/stop-notice`).expect(404);
    await desk().post(`/api/dossiers/${d.code}/withdraw`).send({ reason: 'Công dân xin rút hồ sơ' }).expect(200);
    const notice = await desk().get(`/api/dossiers/${d.code}/stop-notice`).expect(200);
    expect(notice.body.text).toContain('Công dân xin rút hồ sơ');
  });
});
