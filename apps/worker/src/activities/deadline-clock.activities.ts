import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ALERT_NOTIFY_PAYLOAD, ALERTS_CHANNEL, CLOCK_LOCK, createClockPlanner, type ClockPlanner } from '../../../../libs/db/src';
import type { ClockActivities } from '../../../../workflows/dossier.contract';

// The lock and the planning side live in libs/db: the API plans a registration's alarms too.
export { CLOCK_LOCK };

/** The clock as the worker holds it: the planning side every projection writer uses, and the sweep. */
export interface DeadlineClock extends ClockPlanner {
  activities: ClockActivities;
}

/**
 * The clock's database side. `signal` wakes the clock workflow, starting it if it is not running
 * (the worker passes a `signalWithStart`); `clockId` names its row in `deadline_clock`.
 */
export function createDeadlineClock(ds: DataSource, clockId: string, signal: () => Promise<unknown>): DeadlineClock {
  const logger = new Logger('DeadlineClock');
  return {
    ...createClockPlanner(clockId, signal),
    activities: {
      async sweepDeadlines(upTo: number) {
        const { fired, next } = await ds.transaction(async (m) => {
          await m.query(`SELECT pg_advisory_xact_lock($1)`, [CLOCK_LOCK]);
          // One statement: take the due alarms off the plan, insert their alerts (a key that
          // exists already inserts nothing) and NOTIFY each new one, delivered on commit in id
          // order (ids follow commit order: AlertStream1765584000000), as SSE resumption expects.
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
               FROM (SELECT * FROM ins ORDER BY id) ins`,
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
