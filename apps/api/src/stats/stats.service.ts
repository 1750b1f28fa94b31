import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COUNTED, ROLLUP_COUNTS, ROLLUP_DEPARTMENT, ROLLUP_INSTANTS, successionOf } from '../../../../libs/db/src';
import { addLocalDays, localDate, NO_RATINGS, satisfactionRate, satisfactionSummary, timelinessScore, zonedToInstant, type Actor } from '../../../../libs/domain/src';
import { ratingSums } from './satisfaction-rollup';
import type { ServiceIndex, ServiceIndexQueryDto, TimelinessQueryDto, TimelinessRow } from './stats.dto';

const DAY_MS = 86_400_000;
/** A monthly breakdown longer than this is refused (400): 20 years of months. */
export const MAX_MONTHS = 240;

type GroupBy = NonNullable<TimelinessQueryDto['groupBy']> | 'total';
type Counts = Record<string, number>;
const NAMES = ROLLUP_COUNTS.map((c) => c.name);

/** The group of a rollup row (`r`) and of a dossier row (`d`). */
const GROUP_SQL: Record<GroupBy, { rollup: string; dossier: string }> = {
  procedure: { rollup: 'r.procedure_code', dossier: 'd.procedure_code' },
  department: { rollup: 'r.department_code', dossier: ROLLUP_DEPARTMENT },
  // A monthly breakdown is a report per month: one group, evaluated at every month boundary.
  month: { rollup: `'total'`, dossier: `'total'` },
  total: { rollup: `'total'`, dossier: `'total'` },
};

export interface ReportPeriod {
  label: string;
  from: Date;
  to: Date;
}

/** [from, to) cut at the agency's local month starts for a monthly breakdown, else whole. */
export function reportPeriods(from: Date, to: Date, groupBy: GroupBy, timeZone: string): ReportPeriod[] {
  if (groupBy !== 'month') return [{ label: 'total', from, to }];
  const periods: ReportPeriod[] = [];
  let month = localDate(from, timeZone).slice(0, 7);
  for (let start = from; start < to; ) {
    const next = addLocalDays(`${month}-01`, 31).slice(0, 7);
    const end = new Date(Math.min(to.getTime(), zonedToInstant(`${next}-01`, 0, timeZone).getTime()));
    periods.push({ label: month, from: start, to: end });
    if (periods.length > MAX_MONTHS) throw badPeriod(`must be at most ${MAX_MONTHS} months after from for a monthly breakdown`);
    [start, month] = [end, next];
  }
  return periods;
}

/** The UTC midnight nearest to t: the rollup's sums stop there and the partial day is counted exactly. */
export function nearestUtcMidnight(t: Date): Date {
  return new Date(Math.round(t.getTime() / DAY_MS) * DAY_MS);
}

function badPeriod(message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, message: [`to: ${message}`], fields: [{ field: 'to', messages: [message] }] });
}

const sumsOf = (expr: (name: string) => string) => `ARRAY[${NAMES.map(expr).join(', ')}]::int[]`;

/**
 * Reads, in one statement (one snapshot), everything needed for the counts "up to" each point t
 * (every count of ../../../../libs/db/src/timeliness-rollup.ts over instants < t):
 * - `r`: rollup rows before the last cut, bucketed by the cuts (UTC midnights nearest each point):
 *   daily rows of the months a cut falls inside ($9, their first days; $10, where their days stop:
 *   the next month or the last cut), monthly rows of the other months, each of which lies whole in
 *   one bucket (about 1,000 rows for two years of 40 procedures instead of 29,000);
 * - `f`: the partial day between each point and its cut, counted exactly from `dossiers`, signed
 *   (+ when the point is after its cut, − when before), one index range per instant;
 * - `x`: per period end t (with T = min(t, now)), rescheduled dossiers pending at t whose original
 *   due date is not before T: past deadline without being due.
 */
function statement(group: GroupBy): string {
  const g = GROUP_SQL[group];
  const fragments = ROLLUP_INSTANTS.map((on) => `
      SELECT 'f' AS src, f.k::int, ${g.dossier} AS grp,
             ${sumsOf((n) => {
               const c = ROLLUP_COUNTS.find((x) => x.name === n)!;
               return c.on === on ? `f.sign * count(*) FILTER (WHERE ${c.when})` : '0';
             })} AS n
        FROM unnest($4::timestamptz[], $5::timestamptz[], $6::int[]) WITH ORDINALITY AS f(lo, hi, sign, k)
        JOIN dossiers d ON d.agency_code = ANY($1::text[]) AND d.${on} >= f.lo AND d.${on} < f.hi
       WHERE ${COUNTED}
       GROUP BY f.k, f.sign, 3`);
  const cols = ['procedure_code', 'department_code', ...NAMES].join(', ');
  return `
      SELECT 'r' AS src, width_bucket(r.day, $2::date[]) AS k, ${g.rollup} AS grp, ${sumsOf((n) => `sum(r.${n})`)} AS n
        FROM (SELECT m.month AS day, ${cols} FROM timeliness_monthly m
               WHERE m.agency_code = ANY($1::text[]) AND m.month < $3::date AND m.month <> ALL ($9::date[])
              UNION ALL
              SELECT r.day, ${cols} FROM unnest($9::date[], $10::date[]) AS s(lo, hi)
                JOIN timeliness_daily r ON r.agency_code = ANY($1::text[]) AND r.day >= s.lo AND r.day < s.hi) r
       GROUP BY 2, 3
      UNION ALL ${fragments.join(' UNION ALL ')}
      UNION ALL
      SELECT 'x' AS src, e.k::int, ${g.dossier} AS grp, ARRAY[count(*)]::int[] AS n
        FROM unnest($7::timestamptz[], $8::timestamptz[]) WITH ORDINALITY AS e(t, tt, k)
        JOIN dossiers d ON d.agency_code = ANY($1::text[]) AND d.rescheduled AND d.received_at < e.t
                       AND (d.finished_at IS NULL OR d.finished_at >= e.t) AND d.original_due_at >= e.tt
       WHERE ${COUNTED}
       GROUP BY 2, 3`;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The first day of the UTC month after that of an ISO day. */
const nextMonth = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 1)).toISOString().slice(0, 10);
const zero = (): Counts => Object.fromEntries(NAMES.map((n) => [n, 0]));

@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Biểu 06 for [from, to): received (with carried over), resolved early / on time / late (judged
   * at the end of processing against the original due date; a rescheduled dossier is late) and
   * pending at the end of the period, within or past its deadline. A dossier withdrawn in the period
   * is received or carried over but neither resolved nor pending. Grouped by month, each month of
   * the period (in the agency's time zone) is a report of its own.
   *
   * Every figure is a difference of prefix counts N(t) = dossiers whose instant is before t:
   * received = N_received(to) − N_received(from); carried over = N_received(from) − N_finished(from);
   * pending = N_received(to) − N_finished(to); past deadline at t (T = min(t, now)) =
   * N_due(T) − N_due_met(T) − N_finished_late(t) + rescheduled ones not yet due. Each N comes from
   * the daily rollup up to the nearest UTC midnight and an exact count of the partial day.
   *
   * The agency's dossiers are those of its succession (libs/db agencies.ts): a period spanning a
   * merger counts the predecessor's dossiers with the successor's. Withdrawn = ended without an
   * outcome, so carried over + received = resolved + withdrawn + pending for every row.
   */
  async timeliness(q: TimelinessQueryDto, actor: Actor, timeZone: string): Promise<TimelinessRow[]> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to)) throw badPeriod('must be after from');
    const group: GroupBy = q.groupBy ?? 'total';
    const periods = reportPeriods(from, to, group, timeZone);
    const now = Date.now();
    const dueBy = periods.map((p) => new Date(Math.min(p.to.getTime(), now)));
    const points = [...new Set([from, ...periods.map((p) => p.to), ...dueBy].map((d) => d.getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
    const cuts = points.map(nearestUtcMidnight);
    const bounds = [...new Set(cuts.map(isoDay))];
    const last = bounds[bounds.length - 1];
    // The months a cut falls inside (not on their first day) are read by day, up to the last cut.
    const split = [...new Set(bounds.filter((b) => !b.endsWith('-01')).map((b) => `${b.slice(0, 7)}-01`))];
    const partial = points.map((t, i) => (cuts[i] < t ? { lo: cuts[i], hi: t, sign: 1 } : { lo: t, hi: cuts[i], sign: -1 }));
    const agencies = await successionOf(this.ds, actor.agencyCode);
    const params = [
      agencies, bounds, last,
      partial.map((p) => p.lo), partial.map((p) => p.hi), partial.map((p) => p.sign),
      periods.map((p) => p.to), dueBy,
      split, split.map((m) => { const next = nextMonth(m); return next < last ? next : last; }),
    ];
    // The planner cannot see how short the partial days are (their bounds come from arrays): it
    // guesses a ninth of `dossiers` per range, hence parallel workers (and JIT where the server has
    // it) whose start-up costs more CPU than the few thousand index entries actually read.
    const [rows, ratings] = await Promise.all([
      this.ds.transaction(async (m): Promise<{ src: 'r' | 'f' | 'x'; k: number; grp: string; n: number[] }[]> => {
        await m.query(`SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`);
        return m.query(statement(group), params);
      }),
      ratingSums(this.ds, agencies, periods, group === 'month' ? 'total' : group),
    ]);

    // N at each point, per group: rollup buckets before the point's cut, plus its partial day.
    const at = points.map(() => new Map<string, Counts>());
    const add = (target: Map<string, Counts>, grp: string, n: number[]) => {
      const c = target.get(grp) ?? target.set(grp, zero()).get(grp)!;
      NAMES.forEach((name, i) => (c[name] += n[i]));
    };
    const rescheduled = periods.map(() => new Map<string, number>());
    // Bucket k holds the days in [bounds[k-1], bounds[k]) (0: before bounds[0]), so it counts for the points cut at bounds[k] or later.
    const cutAt = cuts.map((c) => bounds.indexOf(isoDay(c)));
    for (const r of rows) {
      if (r.src === 'x') rescheduled[r.k - 1].set(r.grp, r.n[0]);
      else if (r.src === 'f') add(at[r.k - 1], r.grp, r.n);
      else cutAt.forEach((cut, i) => r.k <= cut && add(at[i], r.grp, r.n));
    }
    const pointOf = new Map(points.map((p, i) => [p.getTime(), i]));
    const N = (t: Date, grp: string, name: string) => at[pointOf.get(t.getTime())!].get(grp)?.[name] ?? 0;

    const groups = [...new Set(at.flatMap((m) => [...m.keys()]))].sort();
    if (group === 'month' && groups.length === 0) groups.push('total');
    const result: TimelinessRow[] = [];
    periods.forEach((p, i) => {
      for (const grp of groups) {
        const flow = (name: string) => N(p.to, grp, name) - N(p.from, grp, name);
        const carriedOver = N(p.from, grp, 'received') - N(p.from, grp, 'finished');
        const received = flow('received');
        // A group appears when something of it touched the period; a month always does.
        if (group !== 'month' && received + carriedOver === 0) continue;
        const pending = N(p.to, grp, 'received') - N(p.to, grp, 'finished');
        const past = N(dueBy[i], grp, 'due') - N(dueBy[i], grp, 'due_met') - N(p.to, grp, 'finished_late') + (rescheduled[i].get(grp) ?? 0);
        const [resolved, early, onTime] = [flow('resolved'), flow('resolved_early'), flow('resolved_on_time')];
        const online = flow('received_online');
        result.push({
          group: group === 'month' ? p.label : grp,
          received: { total: received, online, directOrPostal: received - online, carriedOver },
          resolved: { total: resolved, early, onTime, late: flow('resolved_late') },
          pending: { total: pending, withinDeadline: pending - past, pastDeadline: past },
          withdrawn: flow('finished') - resolved,
          onTimeRate: resolved ? (early + onTime) / resolved : null,
          satisfaction: satisfactionSummary(ratings[i].get(grp) ?? NO_RATINGS),
        });
      }
    });
    return result;
  }
  /**
   * The timeliness component of Decision 766/QĐ-TTg's index per month of [from, to) in the
   * agency's time zone (docs/indicators.md): the month's Biểu 06 row (resolved early / on time /
   * late in the month, pending within / past deadline at its end) and, of the timely ones, those
   * asked to supplement more than once (counted late when `multipleSupplementsLate`). The
   * supplement count is the dossier's as it stands now (the projection keeps no history of it).
   * Beside it, the satisfaction rate of the dossiers resolved in the month: those not rated low
   * among them (a dossier nobody rated counts satisfied, as the 766 formula subtracts only the
   * unsatisfied).
   */
  async serviceIndex(q: ServiceIndexQueryDto, actor: Actor, timeZone: string, multipleSupplementsLate: boolean): Promise<ServiceIndex> {
    const rows = await this.timeliness({ from: q.from, to: q.to, groupBy: 'month' }, actor, timeZone);
    const agencies = await successionOf(this.ds, actor.agencyCode);
    const periods = reportPeriods(new Date(q.from), new Date(q.to), 'month', timeZone);
    const now = new Date();
    const multiple: { k: number; n: number }[] = await this.ds.query(
      `SELECT p.k::int AS k,
              (count(*) FILTER (WHERE d.finished_at >= p.lo AND d.finished_at < p.hi AND d.outcome IS NOT NULL AND d.timeliness IN ('early', 'on_time'))
             + count(*) FILTER (WHERE d.received_at < p.hi AND (d.finished_at IS NULL OR d.finished_at >= p.hi)
                                  AND NOT d.rescheduled AND d.original_due_at >= least(p.hi, $4::timestamptz)))::int AS n
         FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS p(lo, hi, k)
         JOIN dossiers d ON d.agency_code = ANY($1::text[]) AND d.supplement_requests > 1 AND d.received_at < p.hi
        WHERE ${COUNTED}
        GROUP BY 1`,
      [agencies, periods.map((p) => p.from), periods.map((p) => p.to), now],
    );
    const months = periods.map((p, i) => {
      const row = rows[i];
      const counts = {
        resolvedEarlyOrOnTime: row.resolved.early + row.resolved.onTime,
        resolvedLate: row.resolved.late,
        pendingWithinDeadline: row.pending.withinDeadline,
        pendingPastDeadline: row.pending.pastDeadline,
        multipleSupplements: multiple.find((m) => m.k === i + 1)?.n ?? 0,
      };
      const { ratings, low } = row.satisfaction;
      const satisfaction = { rate: satisfactionRate(row.resolved.total, low), dossiers: row.resolved.total, rated: ratings, unsatisfied: low };
      return { month: p.label, from: p.from.toISOString(), to: p.to.toISOString(), timeliness: timelinessScore(counts, { multipleSupplementsLate }), satisfaction };
    });
    return { agencyCode: actor.agencyCode, agencies, months };
  }
}
