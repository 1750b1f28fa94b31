import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../../../libs/domain/src';
import type { TimelinessQueryDto, TimelinessRow } from './stats.dto';

const GROUP_SQL = {
  procedure: `d.procedure_code`,
  department: `coalesce(d.handling_department_code, '')`,
  month: `to_char(coalesce(d.finished_at, d.received_at) AT TIME ZONE $4::text, 'YYYY-MM')`,
  total: `'total'`,
} as const;

/** Not received by the agency at all: still awaiting completion, or refused at the desk. */
const NOT_RECEIVED = `('submitted', 'refused_at_reception')`;

const COLUMNS = `received_at, finished_at, status, channel, outcome, timeliness, rescheduled, original_due_at, procedure_code, handling_department_code`;
/**
 * The agency's dossiers that touch [$1, $2): received before its end and not finished before its
 * start. Written as four disjoint ranges, each one an index range (received in the period;
 * received before it and still open, finished in it, or finished after it) on the covering
 * indexes of migration ReadPaths1764720000000, instead of one scan of the whole archive.
 */
const IN_PERIOD = [
  `received_at >= $1 AND received_at < $2 AND (finished_at IS NULL OR finished_at >= $1)`,
  `received_at < $1 AND finished_at IS NULL`,
  `received_at < $1 AND finished_at >= $1 AND finished_at < $2`,
  `received_at < $1 AND finished_at >= $2`,
].map((range) => `SELECT ${COLUMNS} FROM dossiers WHERE agency_code = $3 AND ${range}`).join(' UNION ALL ');

@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Biểu 06 for [from, to): received (with carried over), resolved early / on time / late (judged
   * at the end of processing against the original due date; a rescheduled dossier is late) and
   * pending at the end of the period, within or past its deadline. Withdrawn dossiers are neither.
   */
  async timeliness(q: TimelinessQueryDto, actor: Actor, timeZone: string): Promise<TimelinessRow[]> {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to)) throw new BadRequestException({ statusCode: 400, message: ['to: must be after from'], fields: [{ field: 'to', messages: ['must be after from'] }] });
    const group = GROUP_SQL[q.groupBy ?? 'total'];
    const rows: Record<string, string | null>[] = await this.ds.query(
      `WITH scope AS (
         SELECT d.*, ${group} AS grp,
                d.received_at >= $1 AND d.received_at < $2 AS received_in,
                d.received_at < $1 AND (d.finished_at IS NULL OR d.finished_at >= $1) AS carried,
                d.finished_at >= $1 AND d.finished_at < $2 AND d.outcome IS NOT NULL AS resolved_in,
                d.received_at < $2 AND (d.finished_at IS NULL OR d.finished_at >= $2) AND d.status <> 'withdrawn' AS pending_at_end
           FROM (${IN_PERIOD}) d
          WHERE d.status NOT IN ${NOT_RECEIVED}
       )
       SELECT grp,
              count(*) FILTER (WHERE received_in) AS received,
              count(*) FILTER (WHERE received_in AND channel = 'online') AS online,
              count(*) FILTER (WHERE carried) AS carried,
              count(*) FILTER (WHERE resolved_in) AS resolved,
              count(*) FILTER (WHERE resolved_in AND timeliness = 'early') AS early,
              count(*) FILTER (WHERE resolved_in AND timeliness = 'on_time') AS on_time,
              count(*) FILTER (WHERE resolved_in AND timeliness = 'late') AS late,
              count(*) FILTER (WHERE pending_at_end) AS pending,
              count(*) FILTER (WHERE pending_at_end AND (rescheduled OR original_due_at < least($2, now()))) AS past
         FROM scope GROUP BY grp ORDER BY grp`,
      // $4 (the time zone) only exists for the month grouping: PostgreSQL rejects an unused parameter.
      q.groupBy === 'month' ? [from, to, actor.agencyCode, timeZone] : [from, to, actor.agencyCode],
    );
    const n = (v: string | null) => Number(v ?? 0);
    return rows.map((r) => {
      const resolved = n(r.resolved);
      const early = n(r.early);
      const onTime = n(r.on_time);
      return {
        group: r.grp ?? '',
        received: { total: n(r.received), online: n(r.online), directOrPostal: n(r.received) - n(r.online), carriedOver: n(r.carried) },
        resolved: { total: resolved, early, onTime, late: n(r.late) },
        pending: { total: n(r.pending), withinDeadline: n(r.pending) - n(r.past), pastDeadline: n(r.past) },
        onTimeRate: resolved ? (early + onTime) / resolved : null,
      };
    });
  }
}
