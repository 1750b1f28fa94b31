import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { useE2eStack } from '../support/e2e';
import { maybeRecord } from '../support/replay';
import { waitFor } from '../support/stack';

/**
 * The dry runs behind the admin pages (issue 22 items 1 and 2): a procedure draft checked without
 * being saved, answering the plan of a dossier received now; a day off previewed (the dossiers it
 * would move, nothing saved), then saved and its rollout followed to the end. Its own file: a
 * national day off would disturb any other test sharing the database.
 */
jest.setTimeout(90_000);

const stack = useE2eStack();
const admin = () => stack.as('admin');

const draft = (code: string) => ({
  code,
  name: 'Thủ tục nháp',
  agencyCode: DEMO_AGENCY_CODE,
  legalTime: { workingDays: 3 },
  steps: [
    { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingDays: 1 } },
    { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 2 } },
  ],
});
const localDate = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));

describe('procedure drafts', () => {
  it('answer the plan of a dossier received now and save nothing', async () => {
    const code = '8.700001';
    const { body } = await admin().post('/api/procedures/validate').send(draft(code)).expect(200);
    expect(body.steps.map((s: { key: string }) => s.key)).toEqual(['reception', 'review']);
    // The steps chain: the last one ends when the dossier is due (1 + 2 = 3 working days).
    expect(body.steps[1].dueAt).toBe(body.dueAt);
    expect(Date.parse(body.steps[0].dueAt)).toBeGreaterThan(Date.parse(body.receivedAt));
    expect(body.timeZone).toBe('Asia/Ho_Chi_Minh');
    await admin().get(`/api/procedures/${code}`).expect(404);
  });

  it("refuse a bad draft with the save's own 400s, naming each field, and a duration no calendar reaches as a 400 too", async () => {
    const tooLong = { ...draft('8.700002'), steps: [{ ...draft('x').steps[0], duration: { workingDays: 5 } }] };
    const a = await admin().post('/api/procedures/validate').send(tooLong).expect(400);
    expect(a.body.fields).toEqual([{ field: 'steps', messages: [expect.stringMatching(/more than the legal time of 3 working days/)] }]);
    const b = await admin().post('/api/procedures/validate').send({ ...draft('bad'), steps: [{ key: 'Review!', name: '', role: 'boss', duration: { weeks: 1 } }] }).expect(400);
    expect(b.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'steps[0].duration', 'steps[0].key', 'steps[0].name', 'steps[0].role']);
    const endless = { ...draft('8.700003'), legalTime: { workingDays: 1_000_000 }, steps: [{ ...draft('x').steps[0], duration: { workingDays: 1 } }] };
    const c = await admin().post('/api/procedures/validate').send(endless).expect(400);
    expect(c.body.fields[0].field).toBe('legalTime');
    await stack.as('reviewer').post('/api/procedures/validate').send(draft('8.700004')).expect(403);
  });

  it('list every version, newest first', async () => {
    const code = '8.700005';
    await admin().post('/api/procedures').send(draft(code)).expect(201);
    await admin().put(`/api/procedures/${code}`).send({ ...draft(code), code: undefined, name: 'Thủ tục nháp (sửa)' }).expect(200);
    const { body } = await stack.as('reception').get(`/api/procedures/${code}/versions`).expect(200);
    expect(body.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[2, 'Thủ tục nháp (sửa)'], [1, 'Thủ tục nháp']]);
    await admin().get('/api/procedures/8.799999/versions').expect(404);
  });
});

describe('a day off, previewed then rolled out', () => {
  it('names the open dossier it would move with its new due date, moves it so once saved, and reports the rollout done', async () => {
    const code = '8.700010';
    await admin().post('/api/procedures').send(draft(code)).expect(201);
    const { body: d } = await stack.as('reception').post('/api/dossiers').send({ procedureCode: code, applicant: { name: 'Đặng Thu Trang' }, channel: 'counter' }).expect(201);
    const date = localDate(d.dueAt);

    const { body: preview } = await admin().post(`/api/calendar/overrides/${date}/preview`).send({ kind: 'day_off' }).expect(200);
    expect(preview).toMatchObject({ date, kind: 'day_off', unanswered: [] });
    expect(preview.openDossiers).toBeGreaterThanOrEqual(1);
    const moved = preview.moved.find((m: { code: string }) => m.code === d.code);
    expect(moved).toMatchObject({ applicantName: 'Đặng Thu Trang', procedureCode: code, dueAt: d.dueAt });
    expect(Date.parse(moved.newDueAt)).toBeGreaterThan(Date.parse(d.dueAt));
    // Nothing saved by the preview.
    expect((await stack.as('supervisor').get(`/api/dossiers/${d.code}`).expect(200)).body.dueAt).toBe(d.dueAt);
    expect((await admin().get(`/api/calendar/${date.slice(0, 4)}`).expect(200)).body.daysOff.map((x: { date: string }) => x.date)).not.toContain(date);

    const { body: change } = await admin().put(`/api/calendar/overrides/${date}`).send({ kind: 'day_off', reason: 'Nghỉ đột xuất' }).expect(200);
    const done = await waitFor(async () => {
      const { body } = await admin().get(`/api/calendar/rollouts/${change.version}`).expect(200);
      return body.state === 'completed' && body;
    }, 'the rollout to complete');
    expect(done.replanned).toBeGreaterThanOrEqual(1);
    await maybeRecord(stack.client, `calendar-rollout-${change.version}`, 'calendar-rollout-v1-day-off');
    expect((await stack.as('supervisor').get(`/api/dossiers/${d.code}`).expect(200)).body.dueAt).toBe(moved.newDueAt);

    // Removing it is previewed the same way: back to the first date.
    const { body: back } = await admin().post(`/api/calendar/overrides/${date}/preview`).send({}).expect(200);
    expect(back.moved.find((m: { code: string }) => m.code === d.code)).toMatchObject({ dueAt: moved.newDueAt, newDueAt: d.dueAt });
  });

  it('refuses an impossible date and a kind it does not know with a 400 naming it, and an unknown change with a 404', async () => {
    expect((await admin().post('/api/calendar/overrides/2026-02-30/preview').send({ kind: 'day_off' }).expect(400)).body.fields[0].field).toBe('date');
    expect((await admin().post('/api/calendar/overrides/2026-12-10/preview').send({ kind: 'holiday' }).expect(400)).body.fields[0].field).toBe('kind');
    await admin().get('/api/calendar/rollouts/999999').expect(404);
  });
});
