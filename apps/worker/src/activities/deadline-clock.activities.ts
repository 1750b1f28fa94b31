import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { alarmBucket, ALERT_NOTIFY_PAYLOAD, ALERTS_CHANNEL, CLOCK_LOCK, createClockPlanner, loadCalendar, shardLockKey, type ClockPlanner, type ClockSet } from '../../../../libs/db/src';
import { addDuration, DEFAULT_CALENDAR, type Duration, type WorkCalendar } from '../../../../libs/domain/src';
import { alertNotificationsCte, alertNotificationValues, ESCALATION_PREFIX, type AlertNotificationParams } from '../../../../libs/notify/src/alert-notifications';
import type { ClockActivities, ClockShard, SweepResult } from '../../../../workflows/dossier.contract';

/** The clocks as the worker holds them: the planning side every projection writer uses, and the sweep. */
export interface DeadlineClock extends ClockPlanner {
  activities: ClockActivities;
}

/**
 * SQL states of an alarm whose alert cannot be written however often it is tried: a data or
 * integrity error, or an exception raised by a trigger. Anything else (a lost connection, a
 * timeout, a deadlock) fails the sweep, which is retried, and sets nothing aside.
 */
const poisonous = (err: unknown) => /^(22|23|P0)/.test(String((err as { code?: unknown }).code ?? ''));

/**
 * The keys of the shard's first `limit` alarms due by `upTo` (or by now, if later), earliest first:
 * what a sweep rings, and — with limit 1, after that failed — the alarm it sets aside. Arguments
 * are the statement's parameter placeholders.
 */
const dueInShard = (upTo: string, shards: string, shard: string, limit: string) =>
  `SELECT dossier_code, step_key, kind, level FROM deadline_alarms
    WHERE fire_at <= greatest(${upTo}::timestamptz, clock_timestamp()) AND bucket % ${shards} = ${shard}
    ORDER BY fire_at, dossier_code, step_key, kind, level LIMIT ${limit}`;

/**
 * One statement: take up to `limit` due alarms of the shard off the plan (earliest first), insert
 * their alerts (a key that exists already inserts nothing) and NOTIFY each new one, delivered on
 * commit in id order (ids follow commit order: AlertStream1765584000000), as SSE resumption
 * expects; and, in the same statement, the notifications the escalation policy gives each new alert
 * and each escalation alarm rung (an outbox: libs/notify/src/alert-notifications.ts). Answers how
 * many alarms it took, how many alerts it inserted, how many notifications wait for delivery, and
 * the new alerts whose rule escalates (their escalation alarms are planned by the caller).
 */
async function ringDue(m: EntityManager, s: ClockShard, upTo: number, limit: number, notify: AlertNotificationParams): Promise<Rung> {
  const [row]: Rung[] = await m.query(
    `WITH due AS (
       DELETE FROM deadline_alarms WHERE (dossier_code, step_key, kind, level) IN (${dueInShard('$1', '$3', '$4', '$5')})
       RETURNING *
     ), ins AS (
       INSERT INTO alerts (kind, dossier_code, step_key, level, department_code, due_at, fired_at)
       SELECT kind, dossier_code, step_key, level, department_code, due_at, clock_timestamp() FROM due WHERE kind NOT LIKE '${ESCALATION_PREFIX}%'
       ON CONFLICT ON CONSTRAINT alerts_once DO NOTHING
       RETURNING *
     ), ${alertNotificationsCte(6)}
     SELECT (SELECT count(*) FROM due)::int AS taken, count(pg_notify($2, ${ALERT_NOTIFY_PAYLOAD}))::int AS fired,
            (SELECT count(*) FROM notes WHERE status = 'pending')::int AS pending,
            (SELECT jsonb_agg(esc) FROM esc) AS escalations
       FROM (SELECT * FROM ins ORDER BY id) ins`,
    [new Date(upTo), ALERTS_CHANNEL, s.shards, s.shard, limit, ...alertNotificationValues(notify)],
  );
  return row;
}

interface Rung {
  taken: number;
  fired: number;
  /** Notifications written for delivery (not in-app). */
  pending: number;
  escalations: { dossier_code: string; step_key: string; kind: string; level: number; department_code: string | null; due_at: string; agency_code: string; after: Duration }[] | null;
}

/**
 * What the sweep needs to write notifications; without it (tests of the clock alone), defaults.
 * The rows announce themselves on commit (NOTIFY, Notifications1766102400000) and each worker's
 * listener wakes its notifier: the sweep sends no signal of its own.
 */
export interface SweepNotifications {
  params: AlertNotificationParams;
  /** The configured calendar an agency's settings and days off apply to: escalations count working time on it. */
  baseCalendar: WorkCalendar;
}

const DEFAULT_NOTIFICATIONS: SweepNotifications = {
  params: { publicUrl: 'http://127.0.0.1:3000', timeZone: DEFAULT_CALENDAR.timeZone, channels: ['in_app', 'email'] },
  baseCalendar: DEFAULT_CALENDAR,
};

/**
 * In the sweep's transaction: the escalation alarms of the alerts just rung whose rule escalates,
 * at the alert's deadline plus the rule's `after`, counted on the agency's working calendar (one
 * calendar read per agency in the batch; `seconds` count elapsed time). A projection write keeps
 * them while their alert's alarm stays planned and drops them otherwise (libs/db/src/deadline-clock.ts).
 */
async function planEscalations(m: EntityManager, rows: NonNullable<Rung['escalations']>, base: WorkCalendar): Promise<void> {
  const calendars = new Map<string, WorkCalendar>();
  for (const agency of new Set(rows.map((r) => r.agency_code))) calendars.set(agency, (await loadCalendar(m, base, agency)).calendar);
  const planned = rows.map((r) => ({
    dossierCode: r.dossier_code, stepKey: r.step_key, kind: `${ESCALATION_PREFIX}${r.kind}`, level: r.level, departmentCode: r.department_code,
    dueAt: r.due_at, fireAt: addDuration(new Date(r.due_at), r.after, calendars.get(r.agency_code)!).due.toISOString(), bucket: alarmBucket(r.dossier_code),
  }));
  await m.query(
    `INSERT INTO deadline_alarms (dossier_code, step_key, kind, level, department_code, due_at, fire_at, bucket)
     SELECT a."dossierCode", a."stepKey", a.kind, a.level, a."departmentCode", a."dueAt", a."fireAt", a.bucket
       FROM jsonb_to_recordset($1::jsonb) AS a("dossierCode" text, "stepKey" text, kind text, level int, "departmentCode" text, "dueAt" timestamptz, "fireAt" timestamptz, bucket int)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(planned)],
  );
}

/**
 * The clocks' database side. `clocks.signal` wakes a shard's clock workflow, starting it if it is
 * not running (the worker passes a `signalWithStart`); `clocks.clockId` names its row in
 * `deadline_clock`; `batch` bounds the alarms one sweep transaction rings.
 */
export function createDeadlineClock(ds: DataSource, clocks: ClockSet, batch: number, notifications: SweepNotifications = DEFAULT_NOTIFICATIONS): DeadlineClock {
  const logger = new Logger('DeadlineClock');
  const lock = (m: EntityManager, s: ClockShard) => m.query(`SELECT pg_advisory_xact_lock($1, $2)`, [CLOCK_LOCK, shardLockKey(s)]);

  /**
   * One bounded batch under the shard's lock. The batch that finds the backlog cleared sets the
   * clock's wake-up to the shard's next alarm in the same transaction (undefined: more to ring).
   */
  async function sweepBatch(s: ClockShard, upTo: number): Promise<{ fired: number; pending: number; next?: number | null }> {
    return ds.transaction(async (m) => {
      await lock(m, s);
      const { taken, fired, pending } = await ring(m, s, upTo, batch);
      if (taken === batch) return { fired, pending };
      return { fired, pending, next: await setWake(m, s) };
    });
  }

  /** `ringDue` and the escalation alarms of what it rang, in the caller's transaction. */
  async function ring(m: EntityManager, s: ClockShard, upTo: number, limit: number): Promise<Rung> {
    const rung = await ringDue(m, s, upTo, limit, notifications.params);
    if (rung.escalations?.length) await planEscalations(m, rung.escalations, notifications.baseCalendar);
    return rung;
  }

  async function setWake(m: EntityManager, s: ClockShard): Promise<number | null> {
    const [{ next }]: { next: Date | null }[] = await m.query(
      `INSERT INTO deadline_clock (clock_id, shard, shards, wake_at, swept_at)
       VALUES ($1, $2, $3, (SELECT min(fire_at) FROM deadline_alarms WHERE bucket % $3 = $2), now())
       ON CONFLICT (clock_id) DO UPDATE SET wake_at = EXCLUDED.wake_at, swept_at = EXCLUDED.swept_at
       RETURNING wake_at AS next`,
      [clocks.clockId(s), s.shard, s.shards],
    );
    return next ? next.getTime() : null;
  }

  /**
   * After a batch failed on a poisonous error: the same batch one alarm at a time, each in a
   * savepoint. An alarm whose alert cannot be written is set aside with its error (an admin sees
   * it in GET /api/system/clocks) instead of stopping every other alarm of its shard.
   */
  async function sweepOneByOne(s: ClockShard, upTo: number): Promise<{ fired: number; pending: number }> {
    return ds.transaction(async (m) => {
      await lock(m, s);
      let fired = 0;
      let pending = 0;
      for (let i = 0; i < batch; i++) {
        await m.query(`SAVEPOINT alarm`);
        try {
          const rung = await ring(m, s, upTo, 1);
          if (rung.taken === 0) break;
          fired += rung.fired;
          pending += rung.pending;
        } catch (err) {
          if (!poisonous(err)) throw err;
          await m.query(`ROLLBACK TO SAVEPOINT alarm`);
          const [aside]: Record<string, unknown>[] = await m.query(
            `WITH bad AS (
               DELETE FROM deadline_alarms WHERE (dossier_code, step_key, kind, level) IN (${dueInShard('$1', '$2', '$3', '1')})
               RETURNING *
             )
             INSERT INTO deadline_alarms_set_aside (dossier_code, step_key, kind, level, department_code, due_at, fire_at, bucket, error)
             SELECT dossier_code, step_key, kind, level, department_code, due_at, fire_at, bucket, $4 FROM bad
             ON CONFLICT (dossier_code, step_key, kind, level) DO UPDATE SET error = EXCLUDED.error, set_aside_at = now()
             RETURNING dossier_code, step_key, kind, level`,
            [new Date(upTo), s.shards, s.shard, err instanceof Error ? err.message : String(err)],
          );
          logger.error({ clock: clocks.clockId(s), alarm: aside, err }, 'deadline alarm set aside: its alert cannot be written');
        }
        await m.query(`RELEASE SAVEPOINT alarm`);
      }
      return { fired, pending };
    });
  }

  return {
    ...createClockPlanner(clocks),
    activities: {
      async sweepDeadlines(upTo: number, s?: ClockShard): Promise<SweepResult> {
        // A clock of another shard set (before shards, or DEADLINE_CLOCK_SHARDS changed) rings
        // nothing: this set's clocks cover every alarm, and the workers keep them running.
        if (!s || s.shards !== clocks.shards) {
          if (s) await ds.query(`DELETE FROM deadline_clock WHERE clock_id = $1`, [clocks.clockId(s)]);
          logger.log({ shard: s ?? null, shards: clocks.shards }, 'deadline clock of another shard set retires');
          return { fired: 0, next: null, finishedAt: Date.now(), retire: true };
        }
        let fired = 0;
        for (;;) {
          const swept = await sweepBatch(s, upTo).catch((err: unknown) => {
            if (!poisonous(err)) throw err;
            return sweepOneByOne(s, upTo);
          });
          fired += swept.fired;
          if ('next' in swept && swept.next !== undefined) {
            if (fired > 0) logger.log({ clock: clocks.clockId(s), fired, next: swept.next === null ? null : new Date(swept.next).toISOString() }, 'deadline alarms rang');
            return { fired, next: swept.next, finishedAt: Date.now() };
          }
        }
      },
    },
  };
}
