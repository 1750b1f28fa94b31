import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

/**
 * Per-agency calendar settings (issue 3, point 1): time zone, office hours, weekends and the paper
 * cut-off are the agency's own, validated as a whole, versioned, and re-plan the agency's open dossiers.
 * Its own file: changing the agency's week would disturb any other test sharing the database.
 */
jest.setTimeout(90_000);

const stack = useE2eStack();
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');

const DEFAULTS = { timeZone: 'Asia/Ho_Chi_Minh', officeHours: [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }], weekendDays: [0, 6], paperCutoff: '15:00' };

describe('agency calendar settings', () => {
  it('start from the configured defaults, readable by every member of the agency', async () => {
    const res = await desk().get('/api/calendar/settings').expect(200);
    expect(res.body).toMatchObject({ ...DEFAULTS, agencyCode: DEMO_AGENCY_CODE, hoursPerWorkingDay: 8, own: false });
  });

  it('refuse an unusable calendar with a 400 naming each field, and change nothing', async () => {
    const bad = await admin()
      .put('/api/calendar/settings')
      .send({ timeZone: 'Mars/Olympus', officeHours: [{ start: '08:00', end: '11:00' }, { start: '13:00', end: '17:00' }], weekendDays: [0, 6], paperCutoff: '15:00' })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['officeHours', 'timeZone']);
    const malformed = await admin().put('/api/calendar/settings').send({ timeZone: 'Asia/Ho_Chi_Minh', officeHours: [{ start: '8am', end: '17:00' }], weekendDays: [7], paperCutoff: '3pm', extra: 1 }).expect(400);
    expect(malformed.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['extra', 'officeHours[0].start', 'paperCutoff', 'weekendDays']);
    await stack.as('reviewer').put('/api/calendar/settings').send(DEFAULTS).expect(403);
    expect((await desk().get('/api/calendar/settings').expect(200)).body.own).toBe(false);
  });

  it('a six-day week re-plans the agency\'s open dossiers earlier and plans new ones on it, as a new version in the change log and the audit trail', async () => {
    // Ten working days always span a Saturday: worked, the same hours end earlier.
    const p = { ...secondsProcedure([1]), legalTime: { workingDays: 10 }, steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 8 } },
    ] };
    await admin().post('/api/procedures').send(p).expect(201);
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Lý Thị Mai' }, channel: 'online' }).expect(201);

    const sixDays = { ...DEFAULTS, timeZone: 'Asia/Bangkok', weekendDays: [0], paperCutoff: '16:00' };
    const change = await admin().put('/api/calendar/settings').send(sixDays).expect(200);
    expect(change.body.rolloutWorkflowId).toBe(`calendar-rollout-${change.body.version}`);

    const replanned = await waitFor(async () => {
      const r = await desk().get(`/api/dossiers/${d.code}`);
      return r.body.events.find((e: { type: string }) => e.type === 'replanned') ? r.body : undefined;
    }, 'the dossier to be re-planned');
    const event = replanned.events.find((e: { type: string }) => e.type === 'replanned');
    expect(event.payload).toMatchObject({ calendarVersion: change.body.version, before: { dueAt: d.dueAt } });
    expect({ receivedAt: d.receivedAt, before: d.dueAt, after: replanned.dueAt, earlier: Date.parse(replanned.dueAt) < Date.parse(d.dueAt) }).toMatchObject({ earlier: true });
    // Its deadline explanation now counts a Saturday.
    expect(await countsASaturday(d.code)).toBe(true);

    expect((await desk().get('/api/calendar/settings').expect(200)).body).toMatchObject({ ...sixDays, own: true, version: change.body.version });
    const year = await desk().get('/api/calendar/2026').expect(200);
    expect(year.body.version).toBe(change.body.version);
    // Everyone of the agency now sees its dates in its zone.
    const session = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'demo' }) });
    expect(((await session.json()) as { user: { timeZone: string } }).user.timeZone).toBe('Asia/Bangkok');

    const log = await admin().get('/api/calendar/changes').expect(200);
    expect(log.body[0]).toMatchObject({ version: change.body.version, agencyCode: DEMO_AGENCY_CODE, change: { after: sixDays } });
    const audit = await admin().get('/api/audit').query({ chain: 'system', pageSize: 200 }).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('calendar_settings_set');

    // A new dossier is planned on the six-day week from the start.
    const { body: later } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Lý Văn Nam' }, channel: 'online' }).expect(201);
    expect(await countsASaturday(later.code)).toBe(true);
  });
});

/** Whether the dossier's deadline explanation counts working time on a Saturday (local dates). */
async function countsASaturday(code: string): Promise<boolean> {
  const { body } = await desk().get(`/api/dossiers/${code}/deadlines`).expect(200);
  return (body.dossier.trace as { kind: string; date: string }[]).some((e) => e.kind === 'counted' && new Date(`${e.date}T00:00:00Z`).getUTCDay() === 6);
}
