/**
 * Pre-computed counts for the timeliness statistics (Biểu 06): table `timeliness_daily`, one row
 * per agency, UTC day, procedure and handling department, and `timeliness_monthly`, the same per UTC
 * month (so a prefix sum over two years reads a row per month, not per day), kept by statement-level
 * triggers on `dossiers` (migrations StatsRollup1765065600000, StatsRollupMonthly1765152000000) in
 * the same transaction as the projection write.
 *
 * Every count is a flow: a dossier adds 1 on the UTC day of one of its instants (received, end of
 * processing, original due date). Stocks (carried over, pending, past deadline) are differences of
 * prefix sums of flows (see StatsService). The definitions below serve the trigger, the backfill
 * and the service's exact count of partial days, so the three cannot disagree.
 */

/** A dossier the agency never received (awaiting completion online, or refused at the desk) counts nowhere. */
export const COUNTED = `d.status NOT IN ('submitted', 'refused_at_reception')`;

export type RollupInstant = 'received_at' | 'finished_at' | 'original_due_at';

export interface RollupCount {
  name: string;
  /** The dossier's instant whose UTC day the count falls on. */
  on: RollupInstant;
  /** Which dossiers count (SQL over `d`, a dossiers row). */
  when: string;
}

export const ROLLUP_COUNTS: readonly RollupCount[] = [
  { name: 'received', on: 'received_at', when: 'true' },
  { name: 'received_online', on: 'received_at', when: `d.channel = 'online'` },
  // Every end of processing: resolved, refused after receipt, withdrawn.
  { name: 'finished', on: 'finished_at', when: 'true' },
  { name: 'resolved', on: 'finished_at', when: 'd.outcome IS NOT NULL' },
  { name: 'resolved_early', on: 'finished_at', when: `d.outcome IS NOT NULL AND d.timeliness = 'early'` },
  { name: 'resolved_on_time', on: 'finished_at', when: `d.outcome IS NOT NULL AND d.timeliness = 'on_time'` },
  { name: 'resolved_late', on: 'finished_at', when: `d.outcome IS NOT NULL AND d.timeliness = 'late'` },
  // Ended after the original due date (by the day it ended) …
  { name: 'finished_late', on: 'finished_at', when: 'd.finished_at > d.original_due_at' },
  // … every original due date, and those met (by the due day): past deadline at t is
  // due(<t) − due_met(<t) − finished_late(<t), see StatsService.
  { name: 'due', on: 'original_due_at', when: 'true' },
  { name: 'due_met', on: 'original_due_at', when: 'd.finished_at <= d.original_due_at' },
];

export const ROLLUP_INSTANTS: readonly RollupInstant[] = ['received_at', 'finished_at', 'original_due_at'];
export const ROLLUP_KEY = ['agency_code', 'day', 'procedure_code', 'department_code'] as const;
export const ROLLUP_DEPARTMENT = `coalesce(d.handling_department_code, '')`;

/** A table of the rollup: the same counts summed per UTC day or per UTC month (its first day). */
export interface RollupLevel {
  table: string;
  /** The date column of the key, in place of `day` in ROLLUP_KEY. */
  period: 'day' | 'month';
  /** The period (a date) an instant (SQL timestamptz) falls in. */
  of: (instant: string) => string;
}

export const ROLLUP_DAILY: RollupLevel = { table: 'timeliness_daily', period: 'day', of: (t) => `timezone('UTC', ${t})::date` };
export const ROLLUP_MONTHLY: RollupLevel = { table: 'timeliness_monthly', period: 'month', of: (t) => `date_trunc('month', timezone('UTC', ${t}))::date` };

/** `±1` (the source's `sign` column) where the count applies to the row, else 0. */
const signed = (c: RollupCount) => `CASE WHEN ${c.when} THEN d.sign ELSE 0 END`;

/**
 * Adds the contributions of `source` (dossier rows with a `sign` column, +1 added / −1 removed) to
 * the rollup table of `level`. Keys are upserted in order, so concurrent writers lock rows in the
 * same order.
 */
export function rollupUpsert(source: string, level: RollupLevel = ROLLUP_DAILY): string {
  const names = ROLLUP_COUNTS.map((c) => c.name);
  const key = ROLLUP_KEY.map((k) => (k === 'day' ? level.period : k));
  const perInstant = ROLLUP_INSTANTS.map(
    (on) => `(${level.of(`d.${on}`)}, ${ROLLUP_COUNTS.map((c) => (c.on === on ? signed(c) : '0')).join(', ')})`,
  );
  return `
    INSERT INTO ${level.table} AS t (${key.join(', ')}, ${names.join(', ')})
    SELECT d.agency_code, c.day, d.procedure_code, ${ROLLUP_DEPARTMENT}, ${names.map((n) => `sum(c.${n})`).join(', ')}
      FROM (${source}) d
     CROSS JOIN LATERAL (VALUES ${perInstant.join(', ')}) AS c(day, ${names.join(', ')})
     WHERE ${COUNTED} AND c.day IS NOT NULL
     GROUP BY 1, 2, 3, 4
    HAVING ${names.map((n) => `sum(c.${n}) <> 0`).join(' OR ')}
     ORDER BY 1, 2, 3, 4
        ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${names.map((n) => `${n} = t.${n} + EXCLUDED.${n}`).join(', ')}`;
}
