import type { EntityManager } from 'typeorm';
import type { PlannedAlarm } from '../../../workflows/dossier.contract';

/**
 * Advisory lock that orders plan writes against sweeps. Writers take it shared (they never wait
 * for each other), a sweep takes it exclusively: an alarm is either committed before the sweep
 * reads the plan (and swept, or counted in its next instant), or written after the sweep set the
 * clock's wake-up (and the writer then sees that instant and wakes the clock if it is earlier).
 */
export const CLOCK_LOCK = 0x64636c6b; // 'dclk'

/**
 * The deadline clock as every projection writer sees it (the worker's `recordProgress` and the
 * API's registration in INTAKE_MODE=start): the sweep itself is the worker's activity.
 */
export interface ClockPlanner {
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
  /**
   * After `share`, without writing: whether the dossier's planned alarms, as committed, need the
   * clock woken (the same test as `plan`'s). A repeated write calls it: the write that planned
   * them may have committed and died before its signal.
   */
  mustWake(m: EntityManager, dossierCode: string): Promise<boolean>;
  /** After that transaction committed: signals the clock, which sweeps and re-reads its next instant. */
  wake(): Promise<void>;
}

/** The clock's wake-up is read under the shared lock: no sweep moves it before the writer commits. */
const earlierThanWake = (rows: { earliest: Date | null; wake_at: Date | null }[]) => {
  const earliest = rows[0]?.earliest?.getTime();
  const wakeAt = rows[0]?.wake_at?.getTime();
  return earliest !== undefined && (wakeAt === undefined || earliest < wakeAt);
};

/**
 * The clock's planning side. `signal` wakes the clock workflow, starting it if it is not running
 * (`deadlineClockSignal` in libs/temporal); `clockId` names its row in `deadline_clock`.
 */
export function createClockPlanner(clockId: string, signal: () => Promise<unknown>): ClockPlanner {
  return {
    async share(m) {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [CLOCK_LOCK]);
    },

    async plan(m, dossierCode, alarms) {
      await m.query(`DELETE FROM deadline_alarms WHERE dossier_code = $1`, [dossierCode]);
      if (alarms.length === 0) return false;
      // An alarm whose alert exists already (fired before a re-plan kept its key) is not planned
      // again. Only a sweep writes wake_at; so if this write dies after its commit and before its
      // signal, the retry reads the same wake_at and signals again (see `mustWake`).
      return earlierThanWake(
        await m.query(
          `WITH ins AS (
             INSERT INTO deadline_alarms (dossier_code, step_key, kind, level, department_code, due_at, fire_at)
             SELECT $1, coalesce(a."stepKey", ''), a.kind, a.level, a."departmentCode", a."dueAt", a."fireAt"
               FROM jsonb_to_recordset($2::jsonb) AS a("stepKey" text, kind text, level int, "departmentCode" text, "dueAt" timestamptz, "fireAt" timestamptz)
              WHERE NOT EXISTS (SELECT 1 FROM alerts x WHERE x.dossier_code = $1 AND x.step_key = coalesce(a."stepKey", '') AND x.kind = a.kind AND x.level = a.level)
             RETURNING fire_at
           )
           SELECT min(fire_at) AS earliest, (SELECT wake_at FROM deadline_clock WHERE clock_id = $3) AS wake_at FROM ins`,
          [dossierCode, JSON.stringify(alarms), clockId],
        ),
      );
    },

    async mustWake(m, dossierCode) {
      return earlierThanWake(
        await m.query(
          `SELECT (SELECT min(fire_at) FROM deadline_alarms WHERE dossier_code = $1) AS earliest,
                  (SELECT wake_at FROM deadline_clock WHERE clock_id = $2) AS wake_at`,
          [dossierCode, clockId],
        ),
      );
    },

    async wake() {
      await signal();
    },
  };
}
