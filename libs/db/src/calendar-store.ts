import type { DataSource, EntityManager } from 'typeorm';
import { buildCalendarDays, withHolidays, type CalendarOverride, type WorkCalendar } from '../../domain/src';

export interface CalendarSnapshot {
  version: number;
  calendar: WorkCalendar;
}

interface OverrideRow {
  date: string;
  kind: CalendarOverride['kind'];
  reason: string;
  source: string;
  holiday: CalendarOverride['holiday'] | null;
}

export async function currentCalendarVersion(db: DataSource | EntityManager): Promise<number> {
  const [{ v }]: { v: number | null }[] = await db.query(`SELECT max(version) AS v FROM calendar_changes`);
  return v ?? 0;
}

export async function loadOverrides(db: DataSource | EntityManager): Promise<CalendarOverride[]> {
  const rows: OverrideRow[] = await db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, reason, source, holiday FROM calendar_overrides ORDER BY date`);
  return rows.map((r) => ({ date: r.date, kind: r.kind, reason: r.reason, source: r.source, ...(r.holiday ? { holiday: r.holiday } : {}) }));
}

/**
 * The agency calendar in force: Art. 112 holidays computed for the years around `now`, the
 * official overrides from the database on top. Dossiers carry this snapshot; a change re-plans them.
 */
export async function loadCalendar(db: DataSource | EntityManager, base: WorkCalendar, now = new Date()): Promise<CalendarSnapshot> {
  const [version, overrides] = await Promise.all([currentCalendarVersion(db), loadOverrides(db)]);
  const year = now.getUTCFullYear();
  const days = buildCalendarDays([year - 1, year, year + 1, year + 2], overrides);
  return { version, calendar: withHolidays(base, days) };
}
