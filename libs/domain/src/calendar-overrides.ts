import type { WorkCalendar } from './calendar';
import { computedHolidays, HOLIDAY_NAMES } from './holidays';
import type { HolidayKey, HolidayOptions } from './holidays';
import { parseYmd } from './local-time';

/*
 * The Government's yearly decisions on top of Labour Code 2019 Art. 112: the exact Tết and
 * National Day days (Art. 112(3)) and swaps of a weekday off against a worked Saturday. They are
 * data, kept in the database and editable; this seed is what was published for 2024–2026.
 */

export interface CalendarOverride {
  /** local 'YYYY-MM-DD' */
  date: string;
  kind: 'day_off' | 'working_day';
  reason: string;
  /** The act that fixed it, so a reviewer can check it. */
  source: string;
  /**
   * Set when the override is the official schedule of an Art. 112 holiday: the computed days of
   * that holiday (with their carry-over) in that year are then replaced by the official ones.
   */
  holiday?: HolidayKey;
}

export interface CalendarDay {
  date: string;
  reason: string;
  source?: string;
}

export interface CalendarDays {
  daysOff: CalendarDay[];
  workingDays: CalendarDay[];
}

const LABOUR_CODE = 'Labour Code 2019 Art. 112(1)';
const CARRY_OVER = 'Labour Code 2019 Art. 111(3)';

const SRC_2024 = 'Văn bản 8662/VPCP-KGVX (03/11/2023); Thông báo 5015/TB-LĐTBXH (22/11/2023)';
const SRC_2024_SWAP = 'Văn bản 2450/VPCP-KGVX (12/04/2024)';
const SRC_2025 = 'Thông báo 6150/TB-LĐTBXH (2024), PM approval announced by the Government Office 26/11/2024';
const SRC_2026 = 'Thông báo 9441/TB-BNV (16/10/2025)';
const SRC_2026_NEW_YEAR = 'Văn bản 12729/VPCP-KGVX (25/12/2025)';

const TET = HOLIDAY_NAMES.tet;
const NATIONAL = HOLIDAY_NAMES.national_day;

function offDays(dates: string[], reason: string, source: string, holiday?: HolidayKey): CalendarOverride[] {
  return dates.map((date) => ({ date, kind: 'day_off', reason, source, ...(holiday ? { holiday } : {}) }));
}

/**
 * Published schedules for civil servants (cán bộ, công chức, viên chức), weekdays only: weekends
 * inside a holiday run are off anyway. Every entry was checked against press reports quoting the
 * act it cites (Government, VNA, VietnamNews, SGGP, provincial portals). Days the default computes
 * exactly (1/1, Hùng Kings day, 30/4, 1/5, the carry-over of Hùng Kings day 2026 to Mon 27/4)
 * need no entry; 2027 has no published decision yet and runs on the computed default.
 */
export const VN_CALENDAR_OVERRIDES: readonly CalendarOverride[] = Object.freeze([
  // 2024: Tết 08–14/02 (29 Chạp Quý Mão – mùng 5 Giáp Thìn: 5 Tết days + 2 carried over from the weekend).
  ...offDays(['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14'], `${TET} – nghỉ 08–14/02/2024`, SRC_2024, 'tet'),
  { date: '2024-04-29', kind: 'day_off', reason: 'Nghỉ hoán đổi (swapped day off) – làm bù thứ Bảy 04/05/2024', source: SRC_2024_SWAP },
  { date: '2024-05-04', kind: 'working_day', reason: 'Ngày làm bù (make-up working day) for Mon 29/04/2024', source: SRC_2024_SWAP },
  // National Day 2024: 31/08–03/09, the adjacent day being Tue 03/09 (after), not 01/09.
  ...offDays(['2024-09-02', '2024-09-03'], `${NATIONAL} – nghỉ 31/08–03/09/2024`, SRC_2024, 'national_day'),
  // 2025: Tết 27–31/01 (28 Chạp Giáp Thìn – mùng 3 Ất Tỵ), 25/01–02/02 in a row.
  ...offDays(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], `${TET} – nghỉ 25/01–02/02/2025`, SRC_2025, 'tet'),
  { date: '2025-05-02', kind: 'day_off', reason: 'Nghỉ hoán đổi (swapped day off) – làm bù thứ Bảy 26/04/2025', source: SRC_2025 },
  { date: '2025-04-26', kind: 'working_day', reason: 'Ngày làm bù (make-up working day) for Fri 02/05/2025', source: SRC_2025 },
  ...offDays(['2025-09-01', '2025-09-02'], `${NATIONAL} – nghỉ 30/08–02/09/2025`, SRC_2025, 'national_day'),
  // 2026: New Year 01–04/01 with Fri 02/01 swapped against Sat 10/01.
  { date: '2026-01-02', kind: 'day_off', reason: 'Nghỉ hoán đổi (swapped day off) – làm bù thứ Bảy 10/01/2026', source: SRC_2026_NEW_YEAR },
  { date: '2026-01-10', kind: 'working_day', reason: 'Ngày làm bù (make-up working day) for Fri 02/01/2026', source: SRC_2026_NEW_YEAR },
  // Tết 16–20/02 (29 Chạp Ất Tỵ – mùng 4 Bính Ngọ), 14–22/02 in a row.
  ...offDays(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'], `${TET} – nghỉ 14–22/02/2026`, SRC_2026, 'tet'),
  // National Day 29/08–02/09: 01–02/09 the holiday, Mon 31/08 swapped against Sat 22/08.
  ...offDays(['2026-09-01', '2026-09-02'], `${NATIONAL} – nghỉ 29/08–02/09/2026`, SRC_2026, 'national_day'),
  { date: '2026-08-31', kind: 'day_off', reason: 'Nghỉ hoán đổi (swapped day off) – làm bù thứ Bảy 22/08/2026', source: SRC_2026 },
  { date: '2026-08-22', kind: 'working_day', reason: 'Ngày làm bù (make-up working day) for Mon 31/08/2026', source: SRC_2026 },
]);

/** Problems with overrides that may come from an admin API; empty when usable. */
export function validateOverrides(overrides: readonly CalendarOverride[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  overrides.forEach((o, i) => {
    if (typeof o.date !== 'string' || !parseYmd(o.date)) problems.push(`[${i}].date: expected YYYY-MM-DD, got ${JSON.stringify(o.date)}`);
    if (o.kind !== 'day_off' && o.kind !== 'working_day') problems.push(`[${i}].kind: expected 'day_off' or 'working_day'`);
    if (typeof o.reason !== 'string' || o.reason.trim() === '') problems.push(`[${i}].reason is required`);
    if (o.holiday !== undefined && !(o.holiday in HOLIDAY_NAMES)) problems.push(`[${i}].holiday: unknown holiday ${JSON.stringify(o.holiday)}`);
    const other = seen.get(o.date);
    if (other !== undefined && other !== o.kind) problems.push(`${o.date} is both a day off and a working day`);
    seen.set(o.date, o.kind);
  });
  return problems;
}

/**
 * Days off and make-up working days of `years`: the computed Art. 112 holidays (with carry-over),
 * where an official schedule of a holiday in a year replaces its computed days, then the
 * overrides on top — a 'working_day' cancels a computed day off on the same date. A computed
 * holiday on a weekend stays listed: that day is the holiday, and its carry-over day names it.
 */
export function buildCalendarDays(years: readonly number[], overrides: readonly CalendarOverride[], opts: HolidayOptions = {}): CalendarDays {
  const problems = validateOverrides(overrides);
  if (problems.length > 0) throw new Error(`invalid calendar overrides: ${problems.join('; ')}`);
  const off = new Map<string, CalendarDay>();
  const worked = new Map<string, CalendarDay>();
  const wanted = new Set(years);
  for (const year of wanted) {
    const inYear = overrides.filter((o) => o.date.startsWith(`${year}-`));
    const official = new Set<string>(inYear.flatMap((o) => (o.holiday ? [o.holiday] : [])));
    for (const h of computedHolidays(year, opts)) {
      if (official.has(h.holiday)) continue;
      off.set(h.date, { date: h.date, reason: h.reason, source: h.carryOverOf ? CARRY_OVER : LABOUR_CODE });
    }
    for (const o of inYear) {
      const day = { date: o.date, reason: o.reason, source: o.source };
      if (o.kind === 'day_off') off.set(o.date, day);
      else {
        off.delete(o.date);
        worked.set(o.date, day);
      }
    }
  }
  const sorted = (m: Map<string, CalendarDay>) => [...m.values()].sort((a, b) => a.date.localeCompare(b.date));
  return { daysOff: sorted(off), workingDays: sorted(worked) };
}

/**
 * `cal` with `days` added to its daysOff / workingDays and their reasons in dayReasons, so the
 * deadline trace can say why a day was skipped. `days` win over the calendar's own lists: a date
 * they list as worked leaves daysOff, and the other way round.
 */
export function withHolidays(cal: WorkCalendar, days: CalendarDays): WorkCalendar {
  const offDates = new Set(days.daysOff.map((d) => d.date));
  const workDates = new Set(days.workingDays.map((d) => d.date));
  const daysOff = [...new Set([...cal.daysOff.filter((d) => !workDates.has(d)), ...offDates])].sort();
  const workingDays = [...new Set([...cal.workingDays.filter((d) => !offDates.has(d)), ...workDates])].sort();
  const dayReasons: Record<string, string> = { ...(cal.dayReasons ?? {}) };
  for (const d of [...days.daysOff, ...days.workingDays]) dayReasons[d.date] = d.reason;
  return { ...cal, daysOff, workingDays, dayReasons };
}
