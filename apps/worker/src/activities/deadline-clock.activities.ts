import { Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { alarmBucket, ALERT_NOTIFY_PAYLOAD, ALERTS_CHANNEL, CalendarCache, CLOCK_LOCK, createClockPlanner, preparedQuery, shardLockKey, type ClockPlanner, type ClockSet } from '../../../../libs/db/src';
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
 * the new alerts whose rule escalates (their escalation alarms are planned by the caller, on the
 * calendar version the statement answers too).
 */
const RING_DUE = `WITH due AS (
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
          (SELECT jsonb_agg(esc) FROM esc) AS escalations,
          (SELECT coalesce(max(version), 0) FROM calendar_changes)::int AS calendar_version
     FROM (SELECT * FROM ins ORDER BY id) ins`;

async function ringDue(m: EntityManager, s: ClockShard, upTo: number, limit: number, notify: AlertNotificationParams): Promise<Rung> {
  // Prepared: a storm rings hundreds of batches, and planning this statement took ~8 ms of each.
  const [row] = await preparedQuery<Rung>(m, 'deadline-ring-due', RING_DUE, [new Date(upTo), ALERTS_CHANNEL, s.shards, s.shard, limit, ...alertNotificationValues(notify)]);
  return row;
}

interface Rung {
  taken: number;
  fired: number;
  /** Notifications written for delivery (not in-app). */
  pending: number;
  escalations: { dossier_code: string; step_key: string; kind: string; level: number; department_code: string | null; due_at: string; agency_code: string; after: Duration }[] | null;
  /** The calendar version as the statement saw it: the escalations' calendars are taken at it. */
  calendar_version: number;
}
/** What an idle batch (`lockBatch`) rings. */
const NOTHING_RUNG: Rung = { taken: 0, fired: 0, pending: 0, escalations: null, calendar_version: 0 };

/**
 * Where a sweep's batches spent their time, summed: a pooled connection and BEGIN (`connect`), the
 * shard's lock and the alert ids' (`lock`, a batch run again included: `lockBatch`), the ring
 * statement (`ring`), escalations and the wake-up (`plan`), and COMMIT (`commit`).
 */
const SWEEP_PHASES = ['connect', 'lock', 'ring', 'plan', 'commit'] as const;
interface SweepPhases {
  batches: number;
  /** Batches run again taking the alert ids' lock first (`lockBatch`). */
  requeued: number;
  ms: Record<(typeof SWEEP_PHASES)[number], number>;
}
/** Each phase's milliseconds, rounded, for a log line. */
const roundedPhases = (ms: (phase: (typeof SWEEP_PHASES)[number], i: number) => number) => Object.fromEntries(SWEEP_PHASES.map((phase, i) => [phase, Math.round(ms(phase, i))]));

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
 * at the alert's deadline plus the rule's `after`, counted on the agency's working calendar at the
 * version the ring statement read (`seconds` count elapsed time). The calendars come from the
 * worker's cache: a sweep holds its shard's lock (and the alert ids') while
 * it plans, and building a calendar there — four reads and four years of lunar holidays — cost
 * every sweep of a storm round trips and CPU under both. A projection write keeps the alarms while
 * their alert's alarm stays planned and drops them otherwise (libs/db/src/deadline-clock.ts).
 */
async function planEscalations(m: EntityManager, rows: NonNullable<Rung['escalations']>, calendarVersion: number, cache: CalendarCache): Promise<void> {
  const calendars = new Map<string, WorkCalendar>();
  for (const agency of new Set(rows.map((r) => r.agency_code))) calendars.set(agency, (await cache.snapshot(m, agency, calendarVersion)).calendar);
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

/** A following sweep (`followMs`) starts its batches at least this far apart: each rings what came due meanwhile in one transaction. */
const FOLLOW_GAP_MS = 200;
/** …and returns to its workflow after this long, which then sees its signals and counts its sweeps. */
const FOLLOW_FOR_MS = 5_000;

/** The longest a sweep given an instant still ahead waits for it (the clock's lead, and room for clocks apart). */
const MAX_AHEAD_MS = 5_000;

/** Waits in the activity (a worker shutting down cancels it), or plainly when called outside one (tests). */
function pause(ms: number): Promise<void> {
  let ctx: Context | undefined;
  try {
    ctx = Context.current();
  } catch {
    ctx = undefined;
  }
  return ctx ? ctx.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The clocks' database side. `clocks.signal` wakes a shard's clock workflow, starting it if it is
 * not running (the worker passes a `signalWithStart`); `clocks.clockId` names its row in
 * `deadline_clock`; `batch` bounds the alarms one sweep transaction rings; `followMs`
 * (DEADLINE_CLOCK_FOLLOW_MS) is how near the next alarm must be for a sweep to go on by itself.
 */
export function createDeadlineClock(ds: DataSource, clocks: ClockSet, batch: number, notifications: SweepNotifications = DEFAULT_NOTIFICATIONS, followMs = 0): DeadlineClock {
  const logger = new Logger('DeadlineClock');
  const calendars = new CalendarCache(notifications.baseCalendar);
  const lock = (m: EntityManager, s: ClockShard) => m.query(`SELECT pg_advisory_xact_lock($1, $2)`, [CLOCK_LOCK, shardLockKey(s)]);
  /** The alert ids' row (every alert insert locks it to commit: AlertIdsBySequence1766620800000), waiting for it. */
  const lockIds = (m: EntityManager) => m.query(`SELECT FROM alert_stream WHERE one FOR UPDATE`);
  /** …or only if no other transaction holds it (then it is held to commit), answering whether it was. */
  const tryIds = async (m: EntityManager) => ((await m.query(`SELECT FROM alert_stream WHERE one FOR UPDATE SKIP LOCKED`)) as unknown[]).length > 0;
  const anyDue = async (m: EntityManager, s: ClockShard, upTo: number) => ((await m.query(dueInShard('$1', '$2', '$3', '1'), [new Date(upTo), s.shards, s.shard])) as unknown[]).length > 0;

  /**
   * A batch's locks: its shard's, then the alert ids' if no one holds them. Alert ids follow one
   * commit order across every shard, so a batch that rings must wait for any other shard's sweep
   * between its first alert and its commit; holding its shard's lock meanwhile would stop that
   * shard's writers for as long (storm, 4 shards: 117 ms on average per registration). So a batch
   * that finds the ids taken and something due lets its shard go (`again`: its empty transaction
   * ends) and is run again taking the ids first, its shard's lock then held only while it rings;
   * finding nothing due, it rings nothing (`idle`: an alarm due meanwhile is the next batch's, the
   * wake-up it sets being then). Taking the ids first always would make every batch, its reads
   * included, one section serialized across the shards (tried: acdc0f6, lateness tripled). No
   * cycle: a writer takes its shard's lock only, a dossier's own alert (recordAlert) the ids' only,
   * and a batch that holds its shard waits for the ids only holding them already.
   */
  async function lockBatch(m: EntityManager, s: ClockShard, upTo: number, idsFirst: boolean): Promise<'ring' | 'idle' | 'again'> {
    if (idsFirst) await lockIds(m);
    await lock(m, s);
    if (idsFirst || (await tryIds(m))) return 'ring';
    return (await anyDue(m, s, upTo)) ? 'again' : 'idle';
  }

  /**
   * One bounded batch under the shard's lock (`lockBatch`). The batch that finds the backlog
   * cleared sets the clock's wake-up to the shard's next alarm in the same transaction (undefined:
   * more to ring). `phases` adds up where the batch's time went, for the sweep's log line.
   */
  async function sweepBatch(s: ClockShard, upTo: number, phases: SweepPhases): Promise<{ fired: number; pending: number; next?: number | null }> {
    const at = [performance.now()];
    const mark = () => at.push(performance.now());
    let swept: { fired: number; pending: number; next?: number | null } | undefined;
    for (let idsFirst = false; !swept; idsFirst = true) {
      if (idsFirst) phases.requeued++;
      swept = await ds.transaction(async (m) => {
        if (!idsFirst) mark();
        const how = await lockBatch(m, s, upTo, idsFirst);
        if (how === 'again') return undefined;
        mark();
        const rung = how === 'ring' ? await ring(m, s, upTo, batch, mark) : (mark(), NOTHING_RUNG);
        const next = rung.taken === batch ? undefined : await setWake(m, s);
        mark();
        return { fired: rung.fired, pending: rung.pending, next };
      });
    }
    mark();
    phases.batches++;
    SWEEP_PHASES.forEach((phase, i) => (phases.ms[phase] += at[i + 1] - at[i]));
    // Alerts wait for a slow batch: say where its time went.
    if (at[at.length - 1] - at[0] > 1_000) {
      logger.warn({ clock: clocks.clockId(s), fired: swept.fired, ms: roundedPhases((_, i) => at[i + 1] - at[i]) }, 'deadline sweep batch took over a second');
    }
    return swept;
  }

  /** `ringDue` and the escalation alarms of what it rang, in the caller's transaction (`rang` called between). */
  async function ring(m: EntityManager, s: ClockShard, upTo: number, limit: number, rang?: () => void): Promise<Rung> {
    const rung = await ringDue(m, s, upTo, limit, notifications.params);
    rang?.();
    if (rung.escalations?.length) await planEscalations(m, rung.escalations, rung.calendar_version, calendars);
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
        // A clock's timer fires ahead of its alarm (TIMER_LEAD_MS) so that the sweep
        // starts on time on a busy worker: nothing rings before the instant swept up to.
        const ahead = upTo - Date.now();
        if (ahead > 0) await pause(Math.min(ahead, MAX_AHEAD_MS));
        upTo = Math.min(upTo, Date.now());
        let fired = 0;
        const phases: SweepPhases = { batches: 0, requeued: 0, ms: { connect: 0, lock: 0, ring: 0, plan: 0, commit: 0 } };
        const began = Date.now();
        for (let batchAt = began; ; ) {
          const swept = await sweepBatch(s, upTo, phases).catch((err: unknown) => {
            if (!poisonous(err)) throw err;
            return sweepOneByOne(s, upTo);
          });
          fired += swept.fired;
          if ('next' in swept && swept.next !== undefined) {
            // The backlog is cleared. A next alarm due very soon is waited for here (see
            // DEADLINE_CLOCK_FOLLOW_MS); its batch then rings whatever else came due meanwhile.
            const next = swept.next;
            if (followMs > 0 && next !== null && next - Date.now() <= followMs && Date.now() - began < FOLLOW_FOR_MS) {
              await pause(Math.max(0, next - Date.now(), batchAt + FOLLOW_GAP_MS - Date.now()));
              batchAt = Date.now();
              upTo = Math.max(upTo, next);
              continue;
            }
            if (fired > 0) {
              logger.log({ clock: clocks.clockId(s), fired, batches: phases.batches, requeued: phases.requeued, ms: roundedPhases((phase) => phases.ms[phase]), next: swept.next === null ? null : new Date(swept.next).toISOString() }, 'deadline alarms rang');
            }
            return { fired, next, finishedAt: Date.now() };
          }
        }
      },
    },
  };
}
