import { dayOfWeek, isValidTimeZone, parseHHmm, parseYmd } from './local-time';

export interface OfficeHours {
  /** local 'HH:mm' */
  start: string;
  /** local 'HH:mm'; '24:00' allowed */
  end: string;
}

export interface WorkCalendar {
  /** IANA zone, default 'Asia/Ho_Chi_Minh' */
  timeZone: string;
  /** Sorted, non-overlapping local intervals; default 07:30–11:30, 13:00–17:00. */
  officeHours: OfficeHours[];
  /** 0 = Sunday … 6 = Saturday; default [0, 6] */
  weekendDays: number[];
  /** Working hours in one working day (8 by law). */
  hoursPerWorkingDay: number;
  /** 'YYYY-MM-DD' local dates off (public holidays, swapped days off). */
  daysOff: string[];
  /** 'YYYY-MM-DD' weekend dates officially worked (make-up Saturdays). */
  workingDays: string[];
  /**
   * Optional 'YYYY-MM-DD' → why the date is off or worked ('Tết Nguyên đán (Lunar New Year)'),
   * shown in deadline explanations; optional so calendars built before it stay valid.
   */
  dayReasons?: Record<string, string>;
  /**
   * Local 'HH:mm' after which a paper dossier goes to the department the next working day
   * (Decree 61/2018 Art. 19(1): 15:00); optional, absent means 15:00.
   */
  paperCutoff?: string;
}

/** What an agency sets for itself; holidays and swapped days are national and come from the calendar store. */
export type CalendarSettings = Pick<WorkCalendar, 'timeZone' | 'officeHours' | 'weekendDays'> & { paperCutoff: string };

export const DEFAULT_PAPER_CUTOFF = '15:00';

/** The settings part of a calendar, with the default cut-off filled in. */
export function calendarSettings(cal: WorkCalendar): CalendarSettings {
  return { timeZone: cal.timeZone, officeHours: cal.officeHours, weekendDays: cal.weekendDays, paperCutoff: cal.paperCutoff ?? DEFAULT_PAPER_CUTOFF };
}

/** `base` with an agency's own settings (any part it sets) on top. */
export function withSettings(base: WorkCalendar, settings: Partial<CalendarSettings> | null | undefined): WorkCalendar {
  if (!settings) return base;
  const { timeZone, officeHours, weekendDays, paperCutoff } = settings;
  return {
    ...base,
    ...(timeZone !== undefined && { timeZone }),
    ...(officeHours !== undefined && { officeHours }),
    ...(weekendDays !== undefined && { weekendDays }),
    ...(paperCutoff !== undefined && { paperCutoff }),
  };
}

/** Interval in minutes since local midnight. */
export interface MinuteInterval {
  start: number;
  end: number;
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) {
    if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  }
  return Object.freeze(value);
}

/** Frozen so a caller's edit cannot silently change every other dossier's deadlines; spread to customise. */
export const DEFAULT_CALENDAR: WorkCalendar = deepFreeze({
  timeZone: 'Asia/Ho_Chi_Minh',
  officeHours: [
    { start: '07:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ],
  weekendDays: [0, 6],
  hoursPerWorkingDay: 8,
  daysOff: [],
  workingDays: [],
});

/** Why a local date is not worked, or null when it is. */
export function nonWorkingReason(
  localDate: string,
  cal: Pick<WorkCalendar, 'weekendDays' | 'daysOff' | 'workingDays'>,
): 'day off' | 'weekend' | null {
  // An explicit day off wins over a make-up day: validateCalendar reports a date listed in both.
  if (cal.daysOff.includes(localDate)) return 'day off';
  if (cal.workingDays.includes(localDate)) return null;
  return cal.weekendDays.includes(dayOfWeek(localDate)) ? 'weekend' : null;
}

export function isWorkingDay(localDate: string, cal: Pick<WorkCalendar, 'weekendDays' | 'daysOff' | 'workingDays'>): boolean {
  return nonWorkingReason(localDate, cal) === null;
}

/** Office hours as minute intervals; throws on anything validateCalendar would report about them. */
export function officeIntervals(cal: Pick<WorkCalendar, 'officeHours'>): MinuteInterval[] {
  const problems = officeHoursProblems(cal.officeHours);
  if (problems.length > 0) throw new Error(`unusable office hours: ${problems.join('; ')}`);
  return cal.officeHours.map((h) => ({ start: parseHHmm(h.start) as number, end: parseHHmm(h.end) as number }));
}

function officeHoursProblems(hours: OfficeHours[]): string[] {
  if (!Array.isArray(hours) || hours.length === 0) return ['officeHours: at least one interval is required'];
  const problems: string[] = [];
  let previousEnd = -1;
  hours.forEach((h, i) => {
    const start = parseHHmm(h?.start);
    const end = parseHHmm(h?.end);
    if (start === null || start === 24 * 60) problems.push(`officeHours[${i}].start: expected HH:mm, got ${JSON.stringify(h?.start)}`);
    if (end === null) problems.push(`officeHours[${i}].end: expected HH:mm, got ${JSON.stringify(h?.end)}`);
    if (start === null || end === null) return;
    if (end <= start) problems.push(`officeHours[${i}]: end ${h.end} must be after start ${h.start}`);
    else if (start < previousEnd) problems.push(`officeHours[${i}]: ${h.start}–${h.end} overlaps or is not after the previous interval`);
    previousEnd = Math.max(previousEnd, end);
  });
  return problems;
}

function dateListProblems(field: string, dates: string[]): string[] {
  if (!Array.isArray(dates)) return [`${field}: expected an array of YYYY-MM-DD dates`];
  return dates.flatMap((d, i) => (typeof d === 'string' && parseYmd(d) ? [] : [`${field}[${i}]: expected YYYY-MM-DD, got ${JSON.stringify(d)}`]));
}

/** Every problem found in a calendar, as readable messages; empty when it is usable and consistent. */
export function validateCalendar(cal: WorkCalendar): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(cal.timeZone)) problems.push(`timeZone: unknown time zone ${JSON.stringify(cal.timeZone)}`);
  const hourProblems = officeHoursProblems(cal.officeHours);
  problems.push(...hourProblems);
  if (!Array.isArray(cal.weekendDays) || cal.weekendDays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    problems.push('weekendDays: expected integers 0 (Sunday) to 6 (Saturday)');
  } else if (new Set(cal.weekendDays).size !== cal.weekendDays.length) {
    problems.push('weekendDays: duplicates');
  } else if (cal.weekendDays.length === 7 && (cal.workingDays ?? []).length === 0) {
    problems.push('weekendDays: every day is a weekend day, nothing can ever be worked');
  }
  if (typeof cal.hoursPerWorkingDay !== 'number' || !Number.isFinite(cal.hoursPerWorkingDay) || cal.hoursPerWorkingDay <= 0) {
    problems.push('hoursPerWorkingDay: must be a positive number');
  } else if (hourProblems.length === 0) {
    // A mismatch means "1 working day" no longer ends at closing time, which staff would not expect.
    const dailyMinutes = officeIntervals(cal).reduce((sum, h) => sum + h.end - h.start, 0);
    if (dailyMinutes !== cal.hoursPerWorkingDay * 60) {
      problems.push(`hoursPerWorkingDay: ${cal.hoursPerWorkingDay} h differs from the ${dailyMinutes / 60} h of daily office hours`);
    }
  }
  problems.push(...dateListProblems('daysOff', cal.daysOff), ...dateListProblems('workingDays', cal.workingDays));
  if (cal.dayReasons !== undefined) {
    if (typeof cal.dayReasons !== 'object' || cal.dayReasons === null || Array.isArray(cal.dayReasons)) {
      problems.push('dayReasons: expected an object of YYYY-MM-DD → text');
    } else {
      for (const [d, text] of Object.entries(cal.dayReasons)) {
        if (!parseYmd(d) || typeof text !== 'string') problems.push(`dayReasons[${JSON.stringify(d)}]: expected YYYY-MM-DD → text`);
      }
    }
  }
  if (cal.paperCutoff !== undefined && parseHHmm(cal.paperCutoff) === null) problems.push(`paperCutoff: expected HH:mm, got ${JSON.stringify(cal.paperCutoff)}`);
  if (Array.isArray(cal.daysOff) && Array.isArray(cal.workingDays)) {
    for (const d of cal.workingDays.filter((w) => cal.daysOff.includes(w))) {
      problems.push(`${d} is listed both as a day off and as a working day`);
    }
  }
  return problems;
}
