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
 * Calendars in force, one per agency, rebuilt only when the calendar version moves (every change,
 * national or of any agency, moves it: see `loadCalendar`) or the year turns (a snapshot holds the
 * years around the one it was built in). Building one reads four tables and computes four years of
 * lunar holidays (~6 ms of CPU): the API's calendar reads and the deadline clock's escalations,
 * which plan under the clock's lock, build it once per version instead of once per call.
 */
export class CalendarCache {
  private readonly cached = new Map<string, { snapshot: CalendarSnapshot; year: number }>();

  constructor(private readonly base: WorkCalendar) {}

  /** `agencyCode`'s calendar at `version` (read here when not given: one cheap query), built with `db` when not cached. */
  async snapshot(db: DataSource | EntityManager, agencyCode: string, version?: number, now = new Date()): Promise<CalendarSnapshot> {
    const current = version ?? (await currentCalendarVersion(db));
    const year = now.getUTCFullYear();
    const hit = this.cached.get(agencyCode);
    if (hit && hit.snapshot.version === current && hit.year === year) return hit.snapshot;
    const snapshot = await loadCalendar(db, this.base, agencyCode, now);
    this.cached.set(agencyCode, { snapshot, year });
    return snapshot;
  }
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
