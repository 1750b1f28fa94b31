import { DataSource, type EntityManager } from 'typeorm';
import { buildCalendarDays, withHolidays, withSettings, type CalendarOverride, type CalendarSettings, type HolidayRule, type WorkCalendar } from '../../domain/src';

export interface CalendarSnapshot {
  version: number;
  calendar: WorkCalendar;
  /** The agency has settings of its own (false: the configured defaults). */
  ownSettings: boolean;
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

/** The statutory holiday rules in the database (migration TimeRules1765929600000), by key and date. */
export async function loadHolidayRules(db: DataSource | EntityManager): Promise<HolidayRule[]> {
  const rows: { rule: HolidayRule }[] = await db.query(`SELECT rule FROM holiday_rules ORDER BY key, effective_from`);
  return rows.map((r) => r.rule);
}

/** An agency's own calendar settings, or null when it keeps the configured defaults. */
export async function loadAgencySettings(db: DataSource | EntityManager, agencyCode: string): Promise<Partial<CalendarSettings> | null> {
  const [row]: { calendar_settings: Partial<CalendarSettings> | null }[] = await db.query(`SELECT calendar_settings FROM agencies WHERE code = $1`, [agencyCode]);
  return row?.calendar_settings ?? null;
}

/**
 * An agency's calendar in force: its settings (time zone, office hours, weekends, cut-off) over
 * `base` (the configured defaults), the statutory holidays (the holiday rules) computed for the years around `now`
 * and the official overrides from the database. Dossiers carry this snapshot; a change re-plans
 * them. The version counts every change, national or of any agency; changes commit in version
 * order (CalendarService), so a snapshot at version v holds every change up to v.
 */
export async function loadCalendar(db: DataSource | EntityManager, base: WorkCalendar, agencyCode: string, now = new Date()): Promise<CalendarSnapshot> {
  return loadCalendarWith(db, base, agencyCode, (overrides) => overrides, now);
}

/**
 * `loadCalendar` with the official overrides passed through `adjust` first: the calendar an
 * override change would give, built by the same code, for the change's preview (nothing saved).
 */
export async function loadCalendarWith(
  db: DataSource | EntityManager,
  base: WorkCalendar,
  agencyCode: string,
  adjust: (overrides: CalendarOverride[]) => CalendarOverride[],
  now = new Date(),
): Promise<CalendarSnapshot> {
  // The version labels what is read with it: one REPEATABLE READ snapshot (or the caller's
  // transaction), its reads one after the other on its one connection. Read apart, a change
  // committed between them would give a dossier a version whose change it does not carry, and
  // that change's rollout would then find the dossier "already on it".
  if (db instanceof DataSource) return db.transaction('REPEATABLE READ', (m) => loadCalendarWith(m, base, agencyCode, adjust, now));
  const version = await currentCalendarVersion(db);
  const overrides = adjust(await loadOverrides(db));
  const rules = await loadHolidayRules(db);
  const settings = await loadAgencySettings(db, agencyCode);
  const year = now.getUTCFullYear();
  const cal = withSettings(base, settings);
  const days = buildCalendarDays([year - 1, year, year + 1, year + 2], overrides, { weekendDays: cal.weekendDays, rules });
  return { version, calendar: withHolidays(cal, days), ownSettings: settings !== null };
}
