import { lunarToSolar } from './lunar';
import { addLocalDays, dayOfWeek, formatDayLabel } from './local-time';

/*
 * Public holidays of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), Art. 112(1): 11 days.
 * The Prime Minister fixes the exact Tết and National Day days every year (Art. 112(3)), so what
 * is computed here is the default; calendar-overrides.ts carries the published decisions.
 */

export type HolidayKey = 'new_year' | 'tet' | 'hung_kings' | 'reunification' | 'labour_day' | 'national_day';

export interface Holiday {
  /** local 'YYYY-MM-DD' */
  date: string;
  /** Vietnamese name with the English in brackets, shown to staff and applicants. */
  reason: string;
  /** Which Art. 112(1) holiday this day belongs to (carry-over days included). */
  holiday: HolidayKey;
  /** For a compensatory day: the holiday date that fell on a weekly day off. */
  carryOverOf?: string;
}

export interface HolidayOptions {
  /** The day adjacent to 2/9 (Art. 112(1)(đ): "và 01 ngày liền kề trước hoặc sau"); default 'before' (1/9). */
  nationalDayExtra?: 'before' | 'after';
  /**
   * Tết days taken before the lunar new year; default 1 (the last day of the old year, then days
   * 1–4 of the new one). The total stays 5 as Art. 112(1)(b) sets.
   */
  tetDaysBefore?: number;
  /** Weekly days off (0 = Sunday … 6 = Saturday) that trigger a compensatory day; default [0, 6]. */
  weekendDays?: number[];
}

export const HOLIDAY_NAMES: Readonly<Record<HolidayKey, string>> = Object.freeze({
  new_year: 'Tết Dương lịch (New Year’s Day)',
  tet: 'Tết Nguyên đán (Lunar New Year)',
  hung_kings: 'Giỗ Tổ Hùng Vương (Hùng Kings day)',
  reunification: 'Ngày Chiến thắng (Reunification Day)',
  labour_day: 'Ngày Quốc tế lao động (International Labour Day)',
  national_day: 'Quốc khánh (National Day)',
});

const TET_DAYS = 5;

/** The Art. 112(1) days of `year` before any carry-over, in date order. */
function statutoryDays(year: number, opts: HolidayOptions): Holiday[] {
  const before = opts.tetDaysBefore ?? 1;
  if (!Number.isInteger(before) || before < 0 || before > TET_DAYS) throw new Error(`tetDaysBefore must be an integer 0–${TET_DAYS}, got ${before}`);
  const tetDay = lunarToSolar(1, 1, year);
  const day = (holiday: HolidayKey, date: string, reason = HOLIDAY_NAMES[holiday]): Holiday => ({ date, reason, holiday });
  const tet = Array.from({ length: TET_DAYS }, (_, i) => day('tet', addLocalDays(tetDay, i - before)));
  const extra = opts.nationalDayExtra ?? 'before';
  if (extra !== 'before' && extra !== 'after') throw new Error(`nationalDayExtra must be 'before' or 'after', got ${String(extra)}`);
  const nationalDay = `${year}-09-02`;
  return [
    day('new_year', `${year}-01-01`),
    ...tet,
    day('hung_kings', lunarToSolar(10, 3, year)),
    day('reunification', `${year}-04-30`),
    day('labour_day', `${year}-05-01`),
    ...(extra === 'before' ? [day('national_day', `${year}-09-01`, `${HOLIDAY_NAMES.national_day} – ngày liền kề (adjacent day)`)] : []),
    day('national_day', nationalDay),
    ...(extra === 'after' ? [day('national_day', `${year}-09-03`, `${HOLIDAY_NAMES.national_day} – ngày liền kề (adjacent day)`)] : []),
  ].sort((a, b) => a.date.localeCompare(b.date));
}

/** Text of a compensatory day: 'Nghỉ bù – carry-over of Giỗ Tổ Hùng Vương (Hùng Kings day) on Sun 26/04'. */
export function carryOverReason(of: Holiday): string {
  return `Nghỉ bù – carry-over of ${of.reason} on ${formatDayLabel(of.date)}`;
}

/**
 * The holidays of `year` with their compensatory days: a holiday on a weekly day off gives the
 * next working day off (Labour Code 2019 Art. 111(3) — applied by the Government's notices, e.g.
 * Tết 2024 "05 ngày nghỉ tết và 02 ngày nghỉ bù … khoản 3 Điều 111"). Taken in date order, each
 * compensatory day is the first weekday after the holiday that is neither a holiday nor already
 * a compensatory day, so 30/4 and 1/5 on Sat–Sun give Mon 2/5 and Tue 3/5.
 */
export function computedHolidays(year: number, opts: HolidayOptions = {}): Holiday[] {
  if (!Number.isInteger(year)) throw new Error(`year must be an integer, got ${year}`);
  const weekend = opts.weekendDays ?? [0, 6];
  const days = statutoryDays(year, opts);
  const taken = new Set(days.map((d) => d.date));
  const result = [...days];
  for (const h of days) {
    if (!weekend.includes(dayOfWeek(h.date))) continue;
    let next = addLocalDays(h.date, 1);
    while (weekend.includes(dayOfWeek(next)) || taken.has(next)) next = addLocalDays(next, 1);
    taken.add(next);
    result.push({ date: next, reason: carryOverReason(h), holiday: h.holiday, carryOverOf: h.date });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

