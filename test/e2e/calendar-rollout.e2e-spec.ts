import type { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { isPortInUse } from '../../scripts/lib/ports';
import type { TemporalHandle } from '../../scripts/lib/temporal-dev-server';
import { as, type Tokens } from '../support/auth';
import { secondsProcedure } from '../support/fixtures';
import { startWorker, waitFor, type RunningWorker } from '../support/stack';
import { startOwnTemporalStack, stopOwnTemporalStack, type OwnTemporalStack } from '../support/own-temporal';

/**
 * Issue 17 item 4: calendar changes always reach every dossier they concern.
 * - A national day off, then at once one agency's settings change: every open dossier of every
 *   agency carries both (before, the older rollout quit because a newer version existed, and the
 *   newer one re-planned its own agency only).
 * - A change made while Temporal is unreachable is saved with its rollout pending (202) and rolled
 *   out once Temporal is back (before, the change committed and its rollout was lost).
 * - Issue 21: an open petition is re-planned by the rollout as a dossier is (its stage and promised
 *   dates, its alarms), and the rollout counts it apart (`replannedPetitions`).
 * Its own Temporal server (file-backed, so a restart keeps its state), which the second test kills.
 */
jest.setTimeout(240_000);

const OTHER_AGENCY = 'SO_TU_PHAP';
const DEFAULTS = { timeZone: 'Asia/Ho_Chi_Minh', officeHours: [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }], weekendDays: [0, 6], paperCutoff: '15:00' };

let dir: string;
let port: number;
let temporal: TemporalHandle;
let config: AppConfig;
let ds: DataSource;
let worker: RunningWorker | undefined;
let app: INestApplication;
let url: string;
let t: Tokens;
let otherDesk: string;
const procedures: Record<string, string> = {};

let startTemporal: OwnTemporalStack['startTemporal'];
const admin = () => as(url, t.admin);

/** A procedure timed in working days (a day off inside its window moves its due date), of `agency`. */
function workingDaysProcedure(agency: string, departments: [string, string]) {
  return {
    ...secondsProcedure([1], undefined, agency),
    legalTime: { workingDays: 10 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception' as const, departmentCode: departments[0], duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer' as const, departmentCode: departments[1], duration: { workingDays: 8 } },
    ],
  };
}

beforeAll(async () => {
  ({ dir, port, temporal, config, ds, worker, app, url, t, startTemporal } = await startOwnTemporalStack('calendar-rollout'));

  // A second agency with its own desk, on the configured default calendar.
  await ds.query(`INSERT INTO agencies (code, name) VALUES ($1, 'Sở Tư pháp')`, [OTHER_AGENCY]);
  await ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ('STP_MOT_CUA', $1, 'Bộ phận một cửa'), ('STP_HCTP', $1, 'Phòng Hành chính tư pháp')`, [OTHER_AGENCY]);
  await ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ('stp_desk', 'Nguyễn Văn Một', $1, $2, 'STP_MOT_CUA', '{reception}')`, [
    await hash('demo-password-1'), OTHER_AGENCY,
  ]);
  otherDesk = (await request(url).post('/api/auth/login').send({ username: 'stp_desk', password: 'demo-password-1' }).expect(200)).body.accessToken;

  const mine = workingDaysProcedure(DEMO_AGENCY_CODE, ['MOT_CUA', 'DKKD']);
  await admin().post('/api/procedures').send(mine).expect(201);
  const other = workingDaysProcedure(OTHER_AGENCY, ['STP_MOT_CUA', 'STP_HCTP']);
  // An admin of that agency would create it; straight into the table here.
  await ds.query(`INSERT INTO procedures (code, version, name, agency_code, legal_time, steps) VALUES ($1, 1, $2, $3, $4, $5)`, [
    other.code, other.name, OTHER_AGENCY, JSON.stringify(other.legalTime), JSON.stringify(other.steps),
  ]);
  procedures[DEMO_AGENCY_CODE] = mine.code;
  procedures[OTHER_AGENCY] = other.code;
});

afterAll(() => stopOwnTemporalStack({ app, worker, ds, temporal, dir }));

interface Registered {
  code: string;
  agency: string;
  dueAt: string;
}

async function register(agency: string, n: number): Promise<Registered[]> {
  const token = agency === DEMO_AGENCY_CODE ? t.reception : otherDesk;
  const out: Registered[] = [];
  for (let i = 0; i < n; i++) {
    const { body } = await as(url, token).post('/api/dossiers').send({ procedureCode: procedures[agency], applicant: { name: `Người nộp ${i}` }, channel: 'online' }).expect(201);
    out.push({ code: body.code, agency, dueAt: body.dueAt });
  }
  return out;
}

/** A weekday at least three days ahead that no override touches: inside every test dossier's 10 working days. */
async function freeWeekdayAhead(): Promise<string> {
  const taken = new Set(((await ds.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM calendar_overrides`)) as { d: string }[]).map((r) => r.d));
  for (let i = 3; ; i++) {
    const d = new Date(Date.now() + 7 * 3600_000 + i * 86_400_000).toISOString().slice(0, 10);
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !taken.has(d)) return d;
  }
}

/** The dossier as its workflow last re-planned it: its due date and the calendar version it carries. */
async function replanned(code: string): Promise<{ dueAt: string; calendarVersion: number } | undefined> {
  const [row]: { due_at: Date; version: number | null; after_due: string | null }[] = await ds.query(
    `SELECT d.due_at, (e.payload->>'calendarVersion')::int AS version, e.payload->'after'->>'dueAt' AS after_due
       FROM dossiers d LEFT JOIN LATERAL (SELECT payload FROM dossier_events WHERE dossier_code = d.code AND type = 'replanned' ORDER BY seq DESC LIMIT 1) e ON true
      WHERE d.code = $1`,
    [code],
  );
  if (!row?.version) return undefined;
  expect(row.after_due).toBe(row.due_at.toISOString());
  return { dueAt: row.due_at.toISOString(), calendarVersion: row.version };
}

describe('calendar rollout', () => {
  it('carries a national day off and an agency settings change made at once to every open dossier of every agency', async () => {
    const dossiers = [...(await register(DEMO_AGENCY_CODE, 2)), ...(await register(OTHER_AGENCY, 2))];
    const dayOff = await freeWeekdayAhead();

    // "At once": both changes are saved before either rollout runs (no worker meanwhile).
    await worker!.stop();
    worker = undefined;
    let national, agency;
    try {
      national = await admin().put(`/api/calendar/overrides/${dayOff}`).send({ kind: 'day_off', reason: 'Nghỉ bù', source: 'Thông báo thử nghiệm' }).expect(200);
      agency = await admin().put('/api/calendar/settings').send({ ...DEFAULTS, weekendDays: [0] }).expect(200);
    } finally {
      worker = await startWorker(config, ds);
    }
    expect(agency.body.version).toBeGreaterThan(national.body.version);

    for (const d of dossiers) {
      const now = await waitFor(async () => {
        const r = await replanned(d.code);
        return r && r.calendarVersion >= agency.body.version && r;
      }, `dossier ${d.code} of ${d.agency} to carry calendar version ${agency.body.version}`, 90_000);
      // The other agency has no settings of its own: only the day off moves its due date, one working day later.
      if (d.agency === OTHER_AGENCY) expect(Date.parse(now.dueAt)).toBeGreaterThan(Date.parse(d.dueAt));
      // The six-day week and the day off: a plan of its own, unlike the one of the other agency.
      else expect(now.dueAt).not.toBe(d.dueAt);
    }
    expect(national.body).toMatchObject({ rollout: 'started', rolloutWorkflowId: `calendar-rollout-${national.body.version}` });
    // Put the agency back on the defaults for the next test.
    await admin().put('/api/calendar/settings').send(DEFAULTS).expect(200);
  });

  it('saves a change made while Temporal is unreachable (202, rollout pending) and rolls it out once Temporal is back', async () => {
    const dossiers = [...(await register(DEMO_AGENCY_CODE, 1)), ...(await register(OTHER_AGENCY, 1))];
    await waitFor(async () => (await ds.query(`SELECT 1 FROM calendar_rollouts WHERE relayed_at IS NULL`)).length === 0, 'the earlier rollouts to be relayed');
    const dayOff = await freeWeekdayAhead();

    process.kill(temporal.pid!, 'SIGKILL');
    await waitFor(async () => !(await isPortInUse(port)), 'the Temporal port to be free');
    const change = await admin().put(`/api/calendar/overrides/${dayOff}`).send({ kind: 'day_off', reason: 'Nghỉ đột xuất', source: 'Thông báo thử nghiệm' });
    expect({ status: change.status, body: change.body }).toMatchObject({ status: 202, body: { rollout: 'pending', rolloutWorkflowId: `calendar-rollout-${change.body.version}` } });
    // Saved, with its rollout in the outbox.
    expect(await ds.query(`SELECT count(*)::int AS n FROM calendar_overrides WHERE date = $1`, [dayOff])).toEqual([{ n: 1 }]);
    expect(await ds.query(`SELECT relayed_at FROM calendar_rollouts WHERE version = $1`, [change.body.version])).toEqual([{ relayed_at: null }]);

    temporal = await startTemporal();
    for (const d of dossiers) {
      const now = await waitFor(async () => {
        const r = await replanned(d.code);
        return r && r.calendarVersion >= change.body.version && r;
      }, `dossier ${d.code} of ${d.agency} re-planned once Temporal is back`, 150_000);
      expect(Date.parse(now.dueAt)).toBeGreaterThan(Date.parse(d.dueAt));
    }
    const [row]: { relayed_at: Date | null }[] = await ds.query(`SELECT relayed_at FROM calendar_rollouts WHERE version = $1`, [change.body.version]);
    expect(row.relayed_at).toBeInstanceOf(Date);
  });

  it('re-plans an open petition too: a day off inside its classification moves its due dates and alarms one working day later', async () => {
    // Two agencies receive petitions here: one about a dossier goes to the dossier's agency.
    const [d] = await register(DEMO_AGENCY_CODE, 1);
    const { code } = (await as(url).post('/api/public/petitions').send({ kind: 'feedback', subject: 'Chờ lâu tại quầy', message: 'Tôi chờ hơn 2 giờ.', name: 'Nguyễn Văn An', contact: '0912345678', dossierCode: d.code }).expect(201)).body;
    const petition = async () => (await admin().get(`/api/petitions/${code}`).expect(200)).body as { receivedAt: string; dueAt: string; stages: { key: string; dueAt: string; atRiskAt: string }[]; events: { type: string; payload: Record<string, unknown> }[] };
    const before = await petition();

    // The agency's days off and worked weekend days, to find working days by hand.
    const local = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
    const year = async (y: number) => (await admin().get(`/api/calendar/${y}`).expect(200)).body as { daysOff: { date: string }[]; workingDays: { date: string }[] };
    const thisYear = new Date().getUTCFullYear();
    const years = [await year(thisYear), await year(thisYear + 1)];
    const off = new Set(years.flatMap((y) => y.daysOff.map((x) => x.date)));
    const worked = new Set(years.flatMap((y) => y.workingDays.map((x) => x.date)));
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    const working = (date: string) => worked.has(date) || (weekday(date) !== 0 && weekday(date) !== 6 && !off.has(date));
    const nextWorkingDay = (date: string) => {
      let next = date;
      do next = new Date(Date.parse(`${next}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      while (!working(next));
      return next;
    };
    /** The same time of day on the first working day after that instant's day (Việt Nam keeps no summer time). */
    const oneWorkingDayLater = (iso: string) => new Date(Date.parse(iso) + Date.parse(nextWorkingDay(local(iso))) - Date.parse(local(iso))).toISOString();

    // The first working day after the day of receipt lies inside the 5 working days of classification.
    const dayOff = nextWorkingDay(local(before.receivedAt));
    expect(dayOff < local(before.stages[0].dueAt)).toBe(true);
    const change = (await admin().put(`/api/calendar/overrides/${dayOff}`).send({ kind: 'day_off', reason: 'Nghỉ đột xuất', source: 'Thông báo thử nghiệm' }).expect(200)).body;

    const after = await waitFor(async () => {
      const p = await petition();
      // The view is read before the events (two reads): wait for both to show the re-plan.
      return p.stages[0].dueAt !== before.stages[0].dueAt && p.events.some((e) => e.type === 'replanned') && p;
    }, `petition ${code} re-planned by calendar version ${change.version}`, 90_000);
    expect(after.stages).toHaveLength(1);
    expect(after.stages[0].dueAt).toBe(oneWorkingDayLater(before.stages[0].dueAt));
    // The date promised to the citizen (11 working days from receipt) moves by the same day.
    expect(after.dueAt).toBe(oneWorkingDayLater(before.dueAt));
    expect(after.events.filter((e) => e.type === 'replanned')).toEqual([
      expect.objectContaining({ payload: { calendarVersion: change.version, before: { dueAt: before.dueAt, stageDueAt: before.stages[0].dueAt, stageAtRiskAt: before.stages[0].atRiskAt }, after: { dueAt: after.dueAt, stageDueAt: after.stages[0].dueAt, stageAtRiskAt: after.stages[0].atRiskAt } } }),
    ]);
    // The deadline clock rings on the new dates.
    const alarms: { kind: string; fire_at: Date }[] = await ds.query(`SELECT kind, fire_at FROM deadline_alarms WHERE dossier_code = $1 ORDER BY kind`, [code]);
    expect(alarms.map((a) => [a.kind, a.fire_at.toISOString()])).toEqual([['step_at_risk', after.stages[0].atRiskAt], ['step_overdue', after.stages[0].dueAt]]);
    // The rollout counts it apart from the dossiers.
    const progress = await waitFor(async () => {
      const r = (await admin().get(`/api/calendar/rollouts/${change.version}`).expect(200)).body;
      return r.state === 'completed' && r;
    }, `rollout ${change.version} to complete`);
    expect(progress).toMatchObject({ replannedPetitions: 1, replanned: expect.any(Number) });
  });
});
