import type { EntityManager } from 'typeorm';
import type { ClockShard, PlannedAlarm } from '../../../workflows/dossier.contract';

/**
 * Advisory lock class that orders plan writes against sweeps, one key per shard (the two-key form:
 * this class and `shardLockKey`). Writers take their shard's key shared (they never wait for each
 * other), a sweep takes it exclusively: an alarm is either committed before the sweep reads the
 * plan (and swept, or counted in its next instant), or written after the sweep set the clock's
 * wake-up (and the writer then sees that instant and wakes the clock if it is earlier). A sweep
 * thus pauses only the writers of its own shard.
 */
export const CLOCK_LOCK = 0x64636c6b; // 'dclk'
export const shardLockKey = ({ shard, shards }: ClockShard) => (shards << 16) | shard;

/** Alarms are spread over this many buckets; a shard is `bucket % shards`, so any count up to it works. */
export const ALARM_BUCKETS = 4096;

/**
 * A dossier's bucket: FNV-1a of its code. A hash of the code rather than the agency: one agency's
 * storm (the common case: one province's desk) still spreads over every shard. Only consistency
 * matters for correctness (the row's bucket names the clock that sweeps it and the one its writer
 * wakes); the hash only spreads the work.
 */
export function alarmBucket(dossierCode: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < dossierCode.length; i++) {
    h ^= dossierCode.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % ALARM_BUCKETS;
}

/**
 * The deadline clocks as every projection writer sees them (the worker's `recordProgress` and the
 * API's registration in INTAKE_MODE=start): the sweep itself is the worker's activity.
 */
export interface ClockPlanner {
  /**
   * Takes the dossier's shard lock shared for this transaction. A writer that will `plan` calls it
   * first, before it locks any dossier row: a sweep holds the lock exclusively while its alert
   * inserts key-share-lock the alerted dossiers' rows, so taking a row lock first could deadlock.
   */
  share(m: EntityManager, dossierCode: string): Promise<void>;
  /**
   * Inside the dossier's projection transaction, after `share`: replaces its pending alarms. True
   * when the earliest is before its clock's wake-up (or the clock is idle): the clock must then be
   * woken once this commits.
   */
  plan(m: EntityManager, dossierCode: string, alarms: PlannedAlarm[]): Promise<boolean>;
  /**
   * After `share`, without writing: whether the dossier's planned alarms, as committed, need the
   * clock woken (the same test as `plan`'s). A repeated write calls it: the write that planned
   * them may have committed and died before its signal.
   */
  mustWake(m: EntityManager, dossierCode: string): Promise<boolean>;
  /** After that transaction committed: signals the dossier's clock, which sweeps and re-reads its next instant. */
  wake(dossierCode: string): Promise<void>;
}

/** The clock's wake-up is read under the shared lock: no sweep moves it before the writer commits. */
const earlierThanWake = (rows: { earliest: Date | null; wake_at: Date | null }[]) => {
  const earliest = rows[0]?.earliest?.getTime();
  const wakeAt = rows[0]?.wake_at?.getTime();
  return earliest !== undefined && (wakeAt === undefined || earliest < wakeAt);
};

export interface ClockSet {
  shards: number;
  /** The row (and workflow) id of a shard's clock. */
  clockId(shard: ClockShard): string;
  /** Wakes a shard's clock, starting it if it is not running (`deadlineClockSignal` in libs/temporal). */
  signal(shard: ClockShard): Promise<unknown>;
}

export const shardOf = (dossierCode: string, shards: number): ClockShard => ({ shard: alarmBucket(dossierCode) % shards, shards });

/** The clocks' planning side. */
export function createClockPlanner({ shards, clockId, signal }: ClockSet): ClockPlanner {
  const shardIdOf = (code: string) => clockId(shardOf(code, shards));
  return {
    async share(m, dossierCode) {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1, $2)`, [CLOCK_LOCK, shardLockKey(shardOf(dossierCode, shards))]);
    },

    async plan(m, dossierCode, alarms) {
      // An escalation alarm (kind `escalate:<alert kind>`, planned by the sweep that rang that
      // alert) stays while the alarm it follows is still planned: the step still open, the dossier
      // running. Otherwise it goes with the rest — a completed step or a pause cancels it.
      await m.query(
        `DELETE FROM deadline_alarms d WHERE d.dossier_code = $1
            AND NOT (d.kind LIKE 'escalate:%' AND EXISTS (
              SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS a("stepKey" text, kind text, level int)
               WHERE 'escalate:' || a.kind = d.kind AND coalesce(a."stepKey", '') = d.step_key AND a.level = d.level))`,
        [dossierCode, JSON.stringify(alarms)],
      );
      if (alarms.length === 0) return false;
      // An alarm whose alert exists already (fired before a re-plan kept its key), or that was set
      // aside because its alert cannot be written, is not planned again. Only a sweep writes wake_at; so if this write dies after its commit and before its
      // signal, the retry reads the same wake_at and signals again (see `mustWake`).
      return earlierThanWake(
        await m.query(
          `WITH ins AS (
             INSERT INTO deadline_alarms (dossier_code, step_key, kind, level, department_code, due_at, fire_at, bucket)
             SELECT $1, coalesce(a."stepKey", ''), a.kind, a.level, a."departmentCode", a."dueAt", a."fireAt", $4
               FROM jsonb_to_recordset($2::jsonb) AS a("stepKey" text, kind text, level int, "departmentCode" text, "dueAt" timestamptz, "fireAt" timestamptz)
              WHERE NOT EXISTS (SELECT 1 FROM alerts x WHERE x.dossier_code = $1 AND x.step_key = coalesce(a."stepKey", '') AND x.kind = a.kind AND x.level = a.level)
                AND NOT EXISTS (SELECT 1 FROM deadline_alarms_set_aside x WHERE x.dossier_code = $1 AND x.step_key = coalesce(a."stepKey", '') AND x.kind = a.kind AND x.level = a.level)
             RETURNING fire_at
           )
           SELECT min(fire_at) AS earliest, (SELECT wake_at FROM deadline_clock WHERE clock_id = $3) AS wake_at FROM ins`,
          [dossierCode, JSON.stringify(alarms), shardIdOf(dossierCode), alarmBucket(dossierCode)],
        ),
      );
    },

    async mustWake(m, dossierCode) {
      return earlierThanWake(
        await m.query(
          `SELECT (SELECT min(fire_at) FROM deadline_alarms WHERE dossier_code = $1) AS earliest,
                  (SELECT wake_at FROM deadline_clock WHERE clock_id = $2) AS wake_at`,
          [dossierCode, shardIdOf(dossierCode)],
        ),
      );
    },

    async wake(dossierCode) {
      await signal(shardOf(dossierCode, shards));
    },
  };
}

export interface ShardStatus {
  shard: number;
  clockId: string;
  /** Now − the oldest due alarm not yet rung (0: none waits). */
  lagMs: number;
  oldestDueAt: string | null;
  /** The instant the clock's timer is set for (null: idle), and when it last swept (null: never). */
  wakeAt: string | null;
  lastSweepAt: string | null;
}

export interface SetAsideAlarm {
  dossierCode: string;
  stepKey: string;
  kind: string;
  level: number;
  fireAt: string;
  error: string;
  setAsideAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Each shard's lag and last sweep, read from the alarms and the clocks' rows: what readiness, the
 * admins' GET /api/system/clocks and the keeper judge the clocks by. One indexed scan of the due
 * alarms, short while the clocks keep up.
 */
export async function clockStatus(q: Pick<EntityManager, 'query'>, clocks: Pick<ClockSet, 'shards' | 'clockId'>): Promise<ShardStatus[]> {
  const shards = Array.from({ length: clocks.shards }, (_, shard) => ({ shard, shards: clocks.shards }));
  const rows: { shard: number; oldest: Date | null; wake_at: Date | null; swept_at: Date | null; now: Date }[] = await q.query(
    `SELECT k.shard, due.oldest, c.wake_at, c.swept_at, now() AS now
       FROM unnest($2::int[], $3::text[]) AS k(shard, clock_id)
       LEFT JOIN (SELECT bucket % $1 AS shard, min(fire_at) AS oldest FROM deadline_alarms WHERE fire_at <= now() GROUP BY 1) due ON due.shard = k.shard
       LEFT JOIN deadline_clock c ON c.clock_id = k.clock_id
      ORDER BY k.shard`,
    [clocks.shards, shards.map((s) => s.shard), shards.map((s) => clocks.clockId(s))],
  );
  return rows.map((r) => ({
    shard: r.shard,
    clockId: clocks.clockId({ shard: r.shard, shards: clocks.shards }),
    lagMs: r.oldest ? Math.max(0, r.now.getTime() - r.oldest.getTime()) : 0,
    oldestDueAt: iso(r.oldest),
    wakeAt: iso(r.wake_at),
    lastSweepAt: iso(r.swept_at),
  }));
}

/** The alarms set aside because their alert could not be written, newest first. */
export async function setAsideAlarms(q: Pick<EntityManager, 'query'>, limit = 100): Promise<SetAsideAlarm[]> {
  const rows: { dossier_code: string; step_key: string; kind: string; level: number; fire_at: Date; error: string; set_aside_at: Date }[] = await q.query(
    `SELECT dossier_code, step_key, kind, level, fire_at, error, set_aside_at FROM deadline_alarms_set_aside ORDER BY set_aside_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    dossierCode: r.dossier_code, stepKey: r.step_key, kind: r.kind, level: r.level,
    fireAt: r.fire_at.toISOString(), error: r.error, setAsideAt: r.set_aside_at.toISOString(),
  }));
}
