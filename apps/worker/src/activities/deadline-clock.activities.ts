import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { ALERT_NOTIFY_PAYLOAD, ALERTS_CHANNEL } from '../../../../libs/db/src';
import type { ClockActivities, PlannedAlarm } from '../../../../workflows/dossier.contract';

/**
 * Advisory lock that orders plan writes against sweeps. Writers take it shared (they never wait
 * for each other), a sweep takes it exclusively: an alarm is either committed before the sweep
 * reads the plan (and swept, or counted in its next instant), or written after the sweep set the
 * clock's wake-up (and the writer then sees that instant and wakes the clock if it is earlier).
 */
export const CLOCK_LOCK = 0x64636c6b; // 'dclk'

export interface DeadlineClock {
  /**
   * Takes the clock's lock shared for this transaction. A writer that will `plan` calls it first,
   * before it locks any dossier row: a sweep holds the lock exclusively while its alert inserts
   * key-share-lock the alerted dossiers' rows, so taking a row lock first could deadlock.
   */
  share(m: EntityManager): Promise<void>;
  /**
   * Inside the dossier's projection transaction, after `share`: replaces its pending alarms. True when the
   * earliest is before the clock's wake-up (or the clock is idle): the clock must then be woken
   * once this commits.
   */
  plan(m: EntityManager, dossierCode: string, alarms: PlannedAlarm[]): Promise<boolean>;
  /** After that transaction committed: signals the clock, which sweeps and re-reads its next instant. */
  wake(): Promise<void>;
  activities: ClockActivities;
}

/**
 * The clock's database side. `signal` wakes the clock workflow, starting it if it is not running
 * (the worker passes a `signalWithStart`); `clockId` names its row in `deadline_clock`.
 */
export function createDeadlineClock(ds: DataSource, clockId: string, signal: () => Promise<unknown>): DeadlineClock {
  const logger = new Logger('DeadlineClock');
  return {
    async share(m) {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [CLOCK_LOCK]);
    },

    async plan(m, dossierCode, alarms) {
      await m.query(`DELETE FROM deadline_alarms WHERE dossier_code = $1`, [dossierCode]);
      if (alarms.length === 0) return false;
      // An alarm whose alert exists already (fired before a re-plan kept its key) is not planned
      // again. The clock's wake-up is read under the shared lock, so no sweep runs between that
      // read and our commit: a clock due to wake at or before our earliest alarm sees it then.
      // Only a sweep writes wake_at; so if this write dies after its commit and before its
      // signal, the retry reads the same wake_at and signals again.
      const rows: { earliest: Date | null; wake_at: Date | null }[] = await m.query(
        `WITH ins AS (
           INSERT INTO deadline_alarms (dossier_code, step_key, kind, level, department_code, due_at, fire_at)
           SELECT $1, coalesce(a."stepKey", ''), a.kind, a.level, a."departmentCode", a."dueAt", a."fireAt"
             FROM jsonb_to_recordset($2::jsonb) AS a("stepKey" text, kind text, level int, "departmentCode" text, "dueAt" timestamptz, "fireAt" timestamptz)
            WHERE NOT EXISTS (SELECT 1 FROM alerts x WHERE x.dossier_code = $1 AND x.step_key = coalesce(a."stepKey", '') AND x.kind = a.kind AND x.level = a.level)
           RETURNING fire_at
         )
         SELECT min(fire_at) AS earliest, (SELECT wake_at FROM deadline_clock WHERE clock_id = $3) AS wake_at FROM ins`,
        [dossierCode, JSON.stringify(alarms), clockId],
      );
      const earliest = rows[0]?.earliest?.getTime();
      const wakeAt = rows[0]?.wake_at?.getTime();
      return earliest !== undefined && (wakeAt === undefined || earliest < wakeAt);
    },

    async wake() {
      await signal();
    },

    activities: {
      async sweepDeadlines(upTo: number) {
        const { fired, next } = await ds.transaction(async (m) => {
          await m.query(`SELECT pg_advisory_xact_lock($1)`, [CLOCK_LOCK]);
          // One statement: take the due alarms off the plan, insert their alerts (a key that
          // exists already inserts nothing) and NOTIFY each new one, delivered on commit.
          const [{ n }]: { n: number }[] = await m.query(
            `WITH due AS (
               DELETE FROM deadline_alarms WHERE fire_at <= greatest($1::timestamptz, clock_timestamp()) RETURNING *
             ), ins AS (
               INSERT INTO alerts (kind, dossier_code, step_key, level, department_code, due_at, fired_at)
               SELECT kind, dossier_code, step_key, level, department_code, due_at, clock_timestamp() FROM due
               ON CONFLICT ON CONSTRAINT alerts_once DO NOTHING
               RETURNING *
             )
             SELECT count(pg_notify($2, ${ALERT_NOTIFY_PAYLOAD}))::int AS n
               FROM ins`,
            [new Date(upTo), ALERTS_CHANNEL],
          );
          const [{ next }]: { next: Date | null }[] = await m.query(
            `INSERT INTO deadline_clock (clock_id, wake_at) VALUES ($1, (SELECT min(fire_at) FROM deadline_alarms))
             ON CONFLICT (clock_id) DO UPDATE SET wake_at = EXCLUDED.wake_at
             RETURNING wake_at AS next`,
            [clockId],
          );
          return { fired: n, next: next ? next.getTime() : null };
        });
        if (fired > 0) logger.log({ clockId, fired, next: next === null ? null : new Date(next).toISOString() }, 'deadline alarms rang');
        return { fired, next, finishedAt: Date.now() };
      },
    },
  };
}
