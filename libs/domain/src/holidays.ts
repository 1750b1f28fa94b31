import { lunarToSolar } from './lunar';
import { addLocalDays, dayOfWeek, formatDayLabel, parseYmd } from './local-time';

/*
 * Public holidays of the Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), Art. 112(1): 11 days,
 * kept as versioned rules (HolidayRule) so a change of the law is data, not code. The Prime
 * Minister fixes the exact Tết and National Day days every year (Art. 112(3)), so what is computed
 * here is the default; calendar-overrides.ts carries the published decisions.
 */

export type HolidayKey = 'new_year' | 'tet' | 'hung_kings' | 'reunification' | 'labour_day' | 'national_day';

export interface Holiday {
  /** local 'YYYY-MM-DD' */
  date: string;
  /** Vietnamese name with the English in brackets, shown to staff and applicants. */
  reason: string;
  /** Which holiday rule this day belongs to (carry-over days included): an Art. 112(1) key or a rule added later. */
  holiday: HolidayKey | (string & {});
  /** For a compensatory day: the holiday date that fell on a weekly day off. */
  carryOverOf?: string;
}

/**
 * The adjacent day given with National Day (Art. 112(1)(đ): "và 01 ngày liền kề trước hoặc sau").
 * `joins_weekend`: the adjacent weekday that joins the run to a weekly day off when one does (2/9 on
 * a Tuesday → Monday 1/9, as in 2025; on a Thursday → Friday 3/9, as in 2021), else the day before
 * (2/9 on a Wednesday → 1/9, as in 2026; on a Friday → Thursday 1/9, as in 2022; on a Saturday →
 * Friday 1/9, as in 2023). Of the published schedules 2021–2026 only 2024 differs, and there the
 * day before was a Sunday, carried over to the same Tuesday 3/9. So it is the default for a year
 * with no published schedule.
 */
export type NationalDayExtra = 'before' | 'after' | 'joins_weekend';
export const NATIONAL_DAY_EXTRAS: readonly NationalDayExtra[] = ['before', 'after', 'joins_weekend'];

/**
 * One statutory holiday as law that can change: the days it gives, from when (and until when) it
 * applies. A later rule with the same key replaces an earlier one from its `effectiveFrom`.
 */
export interface HolidayRule {
  /** Stable key: 'tet', 'national_day', or a new one ('culture_day'); lowercase, digits, '_'. */
  key: string;
  /** Vietnamese name with the English in brackets. */
  name: string;
  /** Whether month/day are of the solar or of the Vietnamese lunar calendar. */
  calendar: 'solar' | 'lunar';
  month: number;
  day: number;
  /** Days off in a row; default 1 (Tết: 5). */
  days?: number;
  /** Of those, how many are taken before the date (Tết: 1, the last day of the old year); default 0. */
  daysBefore?: number;
  /** An extra day adjacent to the date, on the side chosen (National Day). */
  adjacentDay?: NationalDayExtra;
  /** First local date the rule gives days off on, 'YYYY-MM-DD'. */
  effectiveFrom: string;
  /** Last local date it does, when repealed; a later rule of the same key ends it anyway. */
  effectiveTo?: string;
  /** The act and article, so a reviewer can check it. */
  source: string;
}

export interface HolidayOptions {
  /** Overrides the National Day rule's adjacent day; default the rule's (`joins_weekend`). */
  nationalDayExtra?: NationalDayExtra;
  /**
   * Tết days taken before the lunar new year; default the rule's (1: the last day of the old year,
   * then days 1–4 of the new one). The total stays 5 as Art. 112(1)(b) sets.
   */
  tetDaysBefore?: number;
  /** Weekly days off (0 = Sunday … 6 = Saturday) that trigger a compensatory day; default [0, 6]. */
  weekendDays?: number[];
  /** The holiday rules (from the database); default LABOUR_CODE_HOLIDAY_RULES. */
  rules?: readonly HolidayRule[];
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
const LC_2012 = 'Bộ luật Lao động 10/2012/QH13 Điều 115(1) (Labour Code 2012 Art. 115(1)), in force 01/5/2013';
const LC_2019 = 'Bộ luật Lao động 45/2019/QH14 Điều 112(1) (Labour Code 2019 Art. 112(1)), in force 01/01/2021';
/** The Labour Code 2019 took effect on 01/01/2021 (Art. 220): from then National Day is two days. */
const LC_2019_FROM = '2021-01-01';

function rule(key: HolidayKey, calendar: 'solar' | 'lunar', month: number, day: number, from: string, source: string, extra: Partial<HolidayRule> = {}): HolidayRule {
  return { key, name: HOLIDAY_NAMES[key], calendar, month, day, effectiveFrom: from, source, ...extra };
}

/**
 * The statutory holidays as seeded data (migration HolidayRules1765929600000): Labour Code 2012
 * Art. 115(1) (10 days: National Day one day) until 2020, Labour Code 2019 Art. 112(1) (11 days:
 * National Day and one adjacent day) from 2021. Only the National Day rule changed; the others
 * carry on under the new code's article. 24/11, Vietnamese Culture Day, is not here: the Politburo
 * chose it and Government Resolution 30/NQ-CP (2026) tasks an amendment of Art. 112(1), but no
 * amendment in force was found — it is added through POST /api/calendar/holiday-rules once enacted.
 */
export const LABOUR_CODE_HOLIDAY_RULES: readonly HolidayRule[] = Object.freeze([
  rule('new_year', 'solar', 1, 1, '2013-05-01', `${LC_2012}; ${LC_2019}`),
  rule('tet', 'lunar', 1, 1, '2013-05-01', `${LC_2012}; ${LC_2019}`, { days: TET_DAYS, daysBefore: 1 }),
  rule('hung_kings', 'lunar', 3, 10, '2013-05-01', `${LC_2012}; ${LC_2019}`),
  rule('reunification', 'solar', 4, 30, '2013-05-01', `${LC_2012}; ${LC_2019}`),
  rule('labour_day', 'solar', 5, 1, '2013-05-01', `${LC_2012}; ${LC_2019}`),
  rule('national_day', 'solar', 9, 2, '2013-05-01', LC_2012, { effectiveTo: '2020-12-31' }),
  rule('national_day', 'solar', 9, 2, LC_2019_FROM, LC_2019, { adjacentDay: 'joins_weekend' }),
].map((r) => Object.freeze(r)));

const RULE_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Problems with a holiday rule from untrusted JSON, each naming its field; empty when usable. */
export function validateHolidayRule(r: HolidayRule): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const bad = (field: string, message: string) => out.push({ field, message });
  if (typeof r.key !== 'string' || !RULE_KEY.test(r.key)) bad('key', 'must be 1–40 lowercase letters, digits or _, starting with a letter');
  if (typeof r.name !== 'string' || r.name.trim() === '') bad('name', 'is required');
  if (r.calendar !== 'solar' && r.calendar !== 'lunar') bad('calendar', "must be 'solar' or 'lunar'");
  if (!Number.isInteger(r.month) || r.month < 1 || r.month > 12) bad('month', 'must be 1–12');
  if (!Number.isInteger(r.day) || r.day < 1 || r.day > (r.calendar === 'lunar' ? 30 : 31)) bad('day', `must be 1–${r.calendar === 'lunar' ? 30 : 31}`);
  else if (r.calendar === 'solar' && Number.isInteger(r.month) && r.month >= 1 && r.month <= 12 && !parseYmd(`2024-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`)) bad('day', `no day ${r.day} in month ${r.month}`);
  const days = r.days ?? 1;
  if (!Number.isInteger(days) || days < 1 || days > 10) bad('days', 'must be a whole number 1–10');
  const before = r.daysBefore ?? 0;
  if (!Number.isInteger(before) || before < 0 || before >= Math.max(days, 1)) bad('daysBefore', 'must be a whole number from 0 to days − 1');
  if (r.adjacentDay !== undefined && !NATIONAL_DAY_EXTRAS.includes(r.adjacentDay)) bad('adjacentDay', `must be one of ${NATIONAL_DAY_EXTRAS.join(', ')}`);
  if (typeof r.effectiveFrom !== 'string' || !parseYmd(r.effectiveFrom)) bad('effectiveFrom', 'must be a YYYY-MM-DD date');
  if (r.effectiveTo !== undefined && (typeof r.effectiveTo !== 'string' || !parseYmd(r.effectiveTo))) bad('effectiveTo', 'must be a YYYY-MM-DD date');
  else if (r.effectiveTo !== undefined && typeof r.effectiveFrom === 'string' && r.effectiveTo < r.effectiveFrom) bad('effectiveTo', 'must not be before effectiveFrom');
  if (typeof r.source !== 'string' || r.source.trim() === '') bad('source', 'is required: the act and article that set the holiday');
  return out;
}

/** The weekday adjacent to `date` that joins a weekly day off, if one does; else the day before. */
function adjacentJoiningWeekend(date: string, weekend: readonly number[]): string {
  const before = addLocalDays(date, -1);
  const after = addLocalDays(date, 1);
  const joins = (d: string, outward: number) => !weekend.includes(dayOfWeek(d)) && weekend.includes(dayOfWeek(addLocalDays(d, outward)));
  if (joins(before, -1)) return before;
  if (joins(after, 1)) return after;
  return before;
}

/** The last local date `r` applies to: its own end, or the day before the next rule of its key starts. */
function ruleEnd(r: HolidayRule, rules: readonly HolidayRule[]): string | undefined {
  const next = rules.filter((o) => o.key === r.key && o.effectiveFrom > r.effectiveFrom).map((o) => o.effectiveFrom).sort()[0];
  const byNext = next ? addLocalDays(next, -1) : undefined;
  if (r.effectiveTo === undefined) return byNext;
  return byNext === undefined || r.effectiveTo < byNext ? r.effectiveTo : byNext;
}

/** The statutory days of `year` before any carry-over, in date order. */
function statutoryDays(year: number, opts: HolidayOptions): Holiday[] {
  const weekend = opts.weekendDays ?? [0, 6];
  if (opts.tetDaysBefore !== undefined && (!Number.isInteger(opts.tetDaysBefore) || opts.tetDaysBefore < 0 || opts.tetDaysBefore > TET_DAYS)) {
    throw new Error(`tetDaysBefore must be an integer 0–${TET_DAYS}, got ${opts.tetDaysBefore}`);
  }
  if (opts.nationalDayExtra !== undefined && !NATIONAL_DAY_EXTRAS.includes(opts.nationalDayExtra)) {
    throw new Error(`nationalDayExtra must be 'before', 'after' or 'joins_weekend', got ${String(opts.nationalDayExtra)}`);
  }
  const rules = opts.rules ?? LABOUR_CODE_HOLIDAY_RULES;
  const out: Holiday[] = [];
  for (const r of rules) {
    const end = ruleEnd(r, rules);
    const date = r.calendar === 'lunar' ? lunarToSolar(r.day, r.month, year) : `${year}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
    // In force on the holiday's own date (a lunar date of `year` can fall early in the solar year).
    if (date < r.effectiveFrom || (end !== undefined && date > end)) continue;
    const tet = r.key === 'tet';
    const before = tet && opts.tetDaysBefore !== undefined ? opts.tetDaysBefore : (r.daysBefore ?? 0);
    const days = r.days ?? 1;
    for (let i = 0; i < days; i++) out.push({ date: addLocalDays(date, i - before), reason: r.name, holiday: r.key });
    const side = r.key === 'national_day' ? (opts.nationalDayExtra ?? r.adjacentDay) : r.adjacentDay;
    if (side) {
      const extra = side === 'before' ? addLocalDays(date, -1) : side === 'after' ? addLocalDays(date, 1) : adjacentJoiningWeekend(date, weekend);
      out.push({ date: extra, reason: `${r.name} – ngày liền kề (adjacent day)`, holiday: r.key });
    }
  }
  // Two rules on one date give one day off (and one carry-over at most), the first rule's.
  const seen = new Set<string>();
  return out.sort((a, b) => a.date.localeCompare(b.date)).filter((h) => !seen.has(h.date) && seen.add(h.date));
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

