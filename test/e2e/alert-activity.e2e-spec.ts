import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDeadlineClock } from '../../apps/worker/src/activities/deadline-clock.activities';
import { createDossierActivities } from '../../apps/worker/src/activities/dossier.activities';
import { ALERTS_CHANNEL, CLOCK_LOCK, shardLockKey } from '../../libs/db/src';
import type { DossierView, PlannedAlarm } from '../../workflows/dossier.contract';
import { alertCounts } from '../support/fixtures';
import { clockLockQueued, openDataSource, testConfig, waitFor } from '../support/stack';

// Database-only tests, quick alone; the race of 40 writes and sweeps takes longer on a busy machine.
jest.setTimeout(60_000);

let ds: DataSource;
let listener: Client;
const notified: string[] = [];

beforeAll(async () => {
  const config = await testConfig();
  ds = await openDataSource(config);
  listener = new Client({ connectionString: config.DATABASE_URL });
  await listener.connect();
  listener.on('notification', (m) => notified.push(m.payload!));
  await listener.query(`LISTEN ${ALERTS_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await ds?.destroy();
});

/** This file's clocks: one shard (the table is shared by its tests), so a sweep sees every alarm. */
const ONE = { shard: 0, shards: 1 };
const clockOf = (clockId: string, signal: () => Promise<unknown> = async () => undefined) =>
  createDeadlineClock(ds, { shards: 1, clockId: () => clockId, signal }, 500);

function view(code: string, at = new Date().toISOString()): DossierView {
  return {
    code, agencyCode: 'RETRY', procedureCode: '9.000000', procedureVersion: 1, status: 'received', statusCode: 2,
    receivedAt: at, dueAt: at, atRiskAt: at, originalDueAt: at, currentStepKey: 'reception', pauses: [], supplementRequests: 0,
    steps: [{ key: 'reception', name: 'Tiếp nhận', role: 'reception', position: 0, attempt: 1, clock: 'elapsed', status: 'active', dueAt: at, atRiskAt: at }],
  };
}

describe('activity retries', () => {
  it('writes the projection, the event and the alert once however often an activity is retried', async () => {
    const acts = createDossierActivities(ds, clockOf('test-clock'));
    const code = `RETRY-${Date.now()}`;
    const record = { applicant: { name: 'Võ Thị Sáu' }, channel: 'online', dossier: view(code), event: { seq: 1, type: 'registered', at: new Date().toISOString(), payload: {} } };
    await acts.recordProgress(record);
    await acts.recordProgress(record);
    const alert = { kind: 'step_overdue' as const, level: 1, dossierCode: code, stepKey: 'reception', dueAt: new Date().toISOString() };
    await Promise.all([acts.recordAlert(alert), acts.recordAlert(alert), acts.recordAlert(alert)]);

    expect(await alertCounts(ds, code)).toEqual({ 'step_overdue:reception': 1 });
    expect(await ds.query(`SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1`, [code])).toEqual([{ n: 1 }]);
    await waitFor(async () => notified.some((n) => n.includes(code)), 'the NOTIFY of the alert');
    // A later, unrelated notification proves the channel is live, so a duplicate would have arrived by now.
    await acts.recordAlert({ ...alert, kind: 'dossier_overdue', stepKey: undefined });
    await waitFor(async () => notified.some((n) => n.includes(code) && n.includes('dossier_overdue')), 'the second NOTIFY');
    expect(notified.filter((n) => n.includes(code) && n.includes('"step_overdue"'))).toHaveLength(1);
  });

  it('never moves the projection backwards when an older write is retried late', async () => {
    const acts = createDossierActivities(ds, clockOf('test-clock'));
    const code = `RETRY-${Date.now()}-b`;
    const v1 = view(code);
    const v2: DossierView = { ...v1, status: 'processing', statusCode: 4 };
    const base = { applicant: { name: 'Võ Thị Sáu' }, channel: 'online' };
    await acts.recordProgress({ ...base, dossier: v1, event: { seq: 1, type: 'registered', at: v1.receivedAt, payload: {} } });
    await acts.recordProgress({ ...base, dossier: v2, event: { seq: 2, type: 'step_completed', at: v1.receivedAt, payload: {} } });
    await acts.recordProgress({ ...base, dossier: v1, event: { seq: 1, type: 'registered', at: v1.receivedAt, payload: {} } });
    expect(await ds.query(`SELECT status, version FROM dossiers WHERE code = $1`, [code])).toEqual([{ status: 'processing', version: 2 }]);
  });
});

describe('deadline clock: plan and sweep', () => {
  const base = { applicant: { name: 'Võ Thị Sáu' }, channel: 'online' };
  const iso = (ms: number) => new Date(ms).toISOString();
  const alarm = (kind: PlannedAlarm['kind'], fireAt: number, stepKey?: string): PlannedAlarm => ({ kind, level: 1, stepKey, departmentCode: 'D1', dueAt: iso(fireAt), fireAt: iso(fireAt) });

  function setup(clockId: string) {
    const signals: number[] = [];
    const clock = clockOf(clockId, async () => signals.push(Date.now()));
    const acts = createDossierActivities(ds, clock);
    const write = (code: string, seq: number, alarms: PlannedAlarm[], receivedAt?: string) =>
      acts.recordProgress({ ...base, dossier: view(code, receivedAt), event: { seq, type: seq === 1 ? 'registered' : 'step_completed', at: iso(Date.now()), payload: {} }, alarms });
    return { signals, clock, write };
  }

  it('rings each due alarm once, keeps the later ones and the next instant, and never re-plans a rung alarm', async () => {
    const { clock, write } = setup(`clock-a-${Date.now()}`);
    const code = `CLOCK-${Date.now()}-a`;
    const now = Date.now();
    const later = now + 3_600_000;
    await write(code, 1, [alarm('step_at_risk', now - 1000, 'reception'), alarm('step_overdue', later, 'reception')]);

    const first = await clock.activities.sweepDeadlines(now, ONE);
    expect(first.fired).toBeGreaterThanOrEqual(1);
    expect(await alertCounts(ds, code)).toEqual({ 'step_at_risk:reception': 1 });
    expect(await ds.query(`SELECT kind FROM deadline_alarms WHERE dossier_code = $1`, [code])).toEqual([{ kind: 'step_overdue' }]);
    await waitFor(async () => notified.some((n) => n.includes(code) && n.includes('step_at_risk')), 'the NOTIFY of the rung alarm');
    const payload = JSON.parse(notified.find((n) => n.includes(code))!);
    expect(payload).toMatchObject({ kind: 'step_at_risk', level: 1, dossierCode: code, stepKey: 'reception', departmentCode: 'D1', dueAt: iso(now - 1000) });
    expect(Date.parse(payload.firedAt)).toBeGreaterThanOrEqual(now - 1000);

    // The next write plans the same alarms again: the one that rang is not planned a second time.
    await write(code, 2, [alarm('step_at_risk', now - 1000, 'reception'), alarm('step_overdue', later, 'reception')]);
    expect(await ds.query(`SELECT kind FROM deadline_alarms WHERE dossier_code = $1`, [code])).toEqual([{ kind: 'step_overdue' }]);
    await clock.activities.sweepDeadlines(Date.now(), ONE);
    expect(await alertCounts(ds, code)).toEqual({ 'step_at_risk:reception': 1 });

    // A write with no alarms (the step is done) cancels the rest; a late retry of an older write does not bring them back.
    await write(code, 3, []);
    await write(code, 2, [alarm('step_overdue', now - 500, 'reception')]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM deadline_alarms WHERE dossier_code = $1`, [code])).toEqual([{ n: 0 }]);
    await clock.activities.sweepDeadlines(Date.now(), ONE);
    expect(await alertCounts(ds, code)).toEqual({ 'step_at_risk:reception': 1 });
    expect(notified.filter((n) => n.includes(code))).toHaveLength(1);
  });

  it('goes on by itself while its next alarm is due within DEADLINE_CLOCK_FOLLOW_MS, and leaves a later one to its timer', async () => {
    const { clock, write } = setup(`clock-f-${Date.now()}`);
    const following = createDeadlineClock(ds, { shards: 1, clockId: () => `clock-f2-${Date.now()}`, signal: async () => undefined }, 500, undefined, 1_000);
    const code = `CLOCK-${Date.now()}-f`;
    const now = Date.now();
    await write(code, 1, [alarm('step_at_risk', now + 400, 'reception'), alarm('step_overdue', now + 800, 'reception'), alarm('dossier_overdue', now + 3_600_000)]);

    // Without following, the sweep rings nothing yet and hands the next instant to its workflow's timer.
    const handed = await clock.activities.sweepDeadlines(now, ONE);
    expect(await alertCounts(ds, code)).toEqual({});
    expect(handed.next).toBeLessThanOrEqual(now + 400);

    // Following, one sweep waits for both near alarms and rings them, then hands over the far one.
    const swept = await following.activities.sweepDeadlines(Date.now(), ONE);
    expect(await alertCounts(ds, code)).toEqual({ 'step_at_risk:reception': 1, 'step_overdue:reception': 1 });
    expect(swept.finishedAt).toBeGreaterThanOrEqual(now + 800);
    expect(swept.next).not.toBeNull();
    expect(swept.next! - swept.finishedAt).toBeGreaterThan(1_000);
    // Left planned: the far alarm, and the escalation of the overdue step (the default policy's, hours of working time later).
    expect(await ds.query(`SELECT kind FROM deadline_alarms WHERE dossier_code = $1 ORDER BY kind`, [code])).toEqual([{ kind: 'dossier_overdue' }, { kind: 'escalate:step_overdue' }]);
  });

  it('given an instant still ahead (its timer fired early), waits for it and rings nothing before it', async () => {
    const { clock, write } = setup(`clock-e-${Date.now()}`);
    const code = `CLOCK-${Date.now()}-e`;
    const at = Date.now() + 700;
    await write(code, 1, [alarm('step_at_risk', at, 'reception'), alarm('step_overdue', at + 3_600_000, 'reception')]);

    const swept = await clock.activities.sweepDeadlines(at, ONE);
    expect(await alertCounts(ds, code)).toEqual({ 'step_at_risk:reception': 1 });
    const [{ firedAt }]: { firedAt: Date }[] = await ds.query(`SELECT fired_at AS "firedAt" FROM alerts WHERE dossier_code = $1`, [code]);
    expect(firedAt.getTime()).toBeGreaterThanOrEqual(at);
    expect(swept.finishedAt).toBeGreaterThanOrEqual(at);
  });

  it('wakes the clock only for an alarm earlier than its timer, and reports the next instant', async () => {
    const { clock, signals, write } = setup(`clock-b-${Date.now()}`);
    const t = Date.now() + 3_600_000;
    await write(`CLOCK-${Date.now()}-b1`, 1, [alarm('dossier_overdue', t)]);
    expect(signals).toHaveLength(1); // the clock has never swept: wake it
    // The sweep sets the clock's timer on the earliest pending alarm. The table is shared with the
    // other tests of this file, so that is at most t.
    const swept = await clock.activities.sweepDeadlines(Date.now(), ONE);
    expect(swept.next).not.toBeNull();
    expect(swept.next!).toBeLessThanOrEqual(t);
    await write(`CLOCK-${Date.now()}-b2`, 1, [alarm('dossier_overdue', swept.next! + 60_000)]);
    await write(`CLOCK-${Date.now()}-b3`, 1, [alarm('dossier_overdue', swept.next!)]);
    expect(signals).toHaveLength(1); // not before its timer: it sees them when it wakes
    await write(`CLOCK-${Date.now()}-b4`, 1, [alarm('dossier_overdue', swept.next! - 60_000)]);
    expect(signals).toHaveLength(2);
    // Until the clock has swept again, a retried write of the same earlier alarm signals again.
    await write(`CLOCK-${Date.now()}-b4`, 1, [alarm('dossier_overdue', swept.next! - 60_000)]);
    expect(signals).toHaveLength(3);
    expect((await clock.activities.sweepDeadlines(Date.now(), ONE)).next).toBe(swept.next! - 60_000);
  });

  it('lets a sweep ring a dossier that is being written without a deadlock', async () => {
    const { write } = setup(`clock-d-${Date.now()}`);
    const code = `CLOCK-${Date.now()}-d`;
    const later = Date.now() + 3_600_000;
    await write(code, 1, [alarm('step_overdue', later, 'reception')]);
    // A sweep in progress: it holds the clock's lock and is about to insert this dossier's alert.
    const sweep = ds.createQueryRunner();
    await sweep.connect();
    try {
      await sweep.startTransaction();
      await sweep.query(`SELECT pg_advisory_xact_lock($1, $2)`, [CLOCK_LOCK, shardLockKey(ONE)]);
      const writing = write(code, 2, [alarm('step_overdue', later, 'reception')]);
      await waitFor(() => clockLockQueued(ds, { shard: ONE }), 'the write to queue for the clock lock');
      // The alert's foreign key share-locks the dossier's row; the queued write must not hold it.
      await sweep.query(`INSERT INTO alerts (kind, dossier_code, step_key, level, due_at) VALUES ('step_at_risk', $1, 'reception', 1, now())`, [code]);
      await sweep.commitTransaction();
      await writing;
    } finally {
      if (sweep.isTransactionActive) await sweep.rollbackTransaction();
      await sweep.release();
    }
    expect(await ds.query(`SELECT version FROM dossiers WHERE code = $1`, [code])).toEqual([{ version: 2 }]);
    expect(await alertCounts(ds, code)).toEqual({ 'step_at_risk:reception': 1 });
  });

  it("lets the shard's writers go on while its sweep waits for another sweep's alert ids", async () => {
    const { clock, write } = setup(`clock-i-${Date.now()}`);
    const code = `CLOCK-${Date.now()}-i`;
    await write(code, 1, [alarm('step_overdue', Date.now() - 1000, 'reception')]);
    // Another shard's sweep between its alerts' insert and its commit: it holds the alert ids' row.
    const other = ds.createQueryRunner();
    await other.connect();
    let sweeping: Promise<unknown> | undefined;
    try {
      await other.startTransaction();
      await other.query(`SELECT FROM alert_stream WHERE one FOR UPDATE`);
      const [{ pid }]: { pid: number }[] = await other.query(`SELECT pg_backend_pid() AS pid`);
      sweeping = clock.activities.sweepDeadlines(Date.now(), ONE);
      // Only the sweep takes the alert ids' row: a session blocked by the other sweep is this one.
      const blockedByOther = `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))`;
      await waitFor(async () => (await ds.query(blockedByOther, [pid])).length > 0, 'the sweep to wait for the alert ids');
      let written = false;
      const writing = write(`${code}-2`, 1, [alarm('step_overdue', Date.now() + 3_600_000, 'reception')]).then(() => (written = true));
      // Either the write commits, or it queues for the shard's lock behind the waiting sweep.
      await waitFor(async () => written || (await clockLockQueued(ds, { shard: ONE })), 'the write to commit or queue');
      expect(written).toBe(true);
      await writing;
      await other.commitTransaction();
      await sweeping;
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
      await sweeping?.catch(() => undefined);
    }
    expect(await alertCounts(ds, code)).toEqual({ 'step_overdue:reception': 1 });
  });

  it("writes the dossier's row last, so a registration holds its procedure's rollup counter only for the upsert and the commit", async () => {
    const { write } = setup(`clock-r-${Date.now()}`);
    const stamp = Date.now();
    // One receipt instant for both, so they share a rollup day even at a UTC midnight.
    const receivedAt = iso(stamp);
    // Another registration of the same agency, procedure and day, not committed yet: its rollup
    // trigger holds the counter row both add to.
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      const o = view(`CLOCK-${stamp}-r0`, receivedAt);
      await other.query(
        `INSERT INTO dossiers (code, agency_code, procedure_code, procedure_version, applicant, applicant_name, channel, status, status_code,
           received_at, due_at, at_risk_at, original_due_at, version, view) VALUES ($1,$2,$3,1,'{}','x','online',$4,$5,$6,$6,$6,$6,1,'{}')`,
        [o.code, o.agencyCode, o.procedureCode, o.status, o.statusCode, o.receivedAt],
      );
      const code = `CLOCK-${stamp}-r1`;
      const writing = write(code, 1, [alarm('step_overdue', Date.now() + 3_600_000, 'reception')], receivedAt);
      // The write waits for that counter; by then it has written everything else.
      const waiting = async () =>
        (await ds.query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO dossiers %' AND pid <> pg_backend_pid()`)) as { pid: number }[];
      await waitFor(async () => (await waiting()).length > 0, 'the write to wait for the rollup counter');
      const [{ pid }] = await waiting();
      const held: { relname: string }[] = await ds.query(
        `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = $1 AND l.granted AND l.mode = 'RowExclusiveLock' ORDER BY 1`,
        [pid],
      );
      expect(held.map((r) => r.relname)).toEqual(expect.arrayContaining(['audit_log', 'deadline_alarms', 'dossier_events', 'dossier_steps']));
      await other.commitTransaction();
      await writing;
      expect(await ds.query(`SELECT version FROM dossiers WHERE code = $1`, [code])).toEqual([{ version: 1 }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM dossier_steps WHERE dossier_code = $1`, [code])).toEqual([{ n: 1 }]);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('rings every alarm exactly once while writes and sweeps race', async () => {
    const { clock, write } = setup(`clock-c-${Date.now()}`);
    const stamp = Date.now();
    const codes = Array.from({ length: 40 }, (_, i) => `CLOCK-${stamp}-c${i}`);
    // Every alarm is due before the first write, so a sweep that starts after a write finds its alarms.
    const due = Date.now() - 60_000;
    const sweeps: Promise<unknown>[] = [];
    await Promise.all(
      codes.map(async (code, i) => {
        await write(code, 1, [alarm('step_overdue', due + (i % 5) * 10, 'reception'), alarm('dossier_overdue', due + (i % 7) * 10)]);
        if (i % 4 === 0) sweeps.push(clock.activities.sweepDeadlines(Date.now(), ONE));
      }),
    );
    await Promise.all(sweeps);

    // What the racing sweeps did alone, before any sweep that runs by itself: each planned alarm
    // has rung once or is still planned — none lost (gone from the plan without an alert), none
    // rung twice.
    const rungOrPlanned = async () => {
      const rows: { dossier_code: string; kind: string; alerts: number; planned: number }[] = await ds.query(
        `SELECT c.code AS dossier_code, k.kind,
                (SELECT count(*)::int FROM alerts a WHERE a.dossier_code = c.code AND a.kind = k.kind) AS alerts,
                (SELECT count(*)::int FROM deadline_alarms d WHERE d.dossier_code = c.code AND d.kind = k.kind) AS planned
           FROM unnest($1::text[]) AS c(code) CROSS JOIN (VALUES ('step_overdue'), ('dossier_overdue')) AS k(kind)`,
        [codes],
      );
      return rows;
    };
    const raced = await rungOrPlanned();
    expect(raced.filter((r) => r.alerts + r.planned !== 1)).toEqual([]);
    // A sweep started after each fourth write, and every alarm was already due: those dossiers
    // rang both alarms during the race (the race did ring, not only the sweep below).
    const swept = codes.filter((_, i) => i % 4 === 0);
    expect(raced.filter((r) => swept.includes(r.dossier_code) && r.alerts !== 1)).toEqual([]);

    // A sweep alone then rings exactly what the race left planned.
    await clock.activities.sweepDeadlines(Date.now(), ONE);
    const after = await rungOrPlanned();
    expect(after.filter((r) => r.alerts !== 1 || r.planned !== 0)).toEqual([]);
  });
});
