import { DEFAULT_PAPER_CUTOFF, nonWorkingReason, officeIntervals } from './calendar';
import type { WorkCalendar } from './calendar';
import { addDuration, atRiskInstant, MAX_WALKED_DAYS, withDetail } from './deadline';
import type { Deadline, TraceEntry } from './deadline';
import type { Duration } from './duration';
import { citePaperCutoff } from './legal-acts';
import { addLocalDays, formatClock, formatDayLabel, formatLocal, isValidTimeZone, parseHHmm, toLocal, zonedToInstant } from './local-time';

/*
 * Where a period meets the calendar outside plain working-time counting.
 *
 * Civil Code 2015 (91/2015/QH13) Art. 148(5): when the last day of a period is a weekly day off or
 * a holiday, the period ends at the end of the next working day. With working-time counting
 * (addWorkingMillis) the due instant is by construction inside the office hours of a working
 * day, so the rule only bites in three places:
 *   1. periods counted in calendar days (addCalendarDays): the last day may be a day off;
 *   2. an instant a person sets (a rescheduled due date, rollPastDaysOff);
 *   3. working time that runs out exactly at closing before a day off: the period ends at that
 *      closing, on the working day, and must NOT be moved to the next opening after the day off
 *      (addWorkingMillis already stops at the closing; the tests pin it before Tết).
 * "End of the day" is the last office closing by default, like a working-day period; Art. 148(6)
 * puts the legal end at 24:00, available as dayEnd 'midnight'.
 */

export type DayEnd = 'closing' | 'midnight';

export interface PeriodOptions {
  /** When a day ends for a period counted in days; default 'closing' (see the file comment). */
  dayEnd?: DayEnd;
}

const ART_148_5 = 'Civil Code 2015 Art. 148(5): the last day is not a working day, so the period ends at the end of the next working day';

function checkZone(cal: WorkCalendar): void {
  if (!isValidTimeZone(cal.timeZone)) throw new Error(`unknown time zone: ${cal.timeZone}`);
}

/** The instant `localDate` ends: its last office closing, or the next midnight. */
export function endOfDay(localDate: string, cal: WorkCalendar, dayEnd: DayEnd = 'closing'): Date {
  checkZone(cal);
  const intervals = officeIntervals(cal);
  const minutes = dayEnd === 'midnight' ? 24 * 60 : intervals[intervals.length - 1].end;
  return zonedToInstant(localDate, minutes, cal.timeZone);
}

/** The first working date on or after `localDate`, with the days passed over as skipped trace entries. */
export function nextWorkingDate(localDate: string, cal: WorkCalendar): { date: string; skipped: TraceEntry[] } {
  const skipped: TraceEntry[] = [];
  let date = localDate;
  for (let walked = 0; walked < MAX_WALKED_DAYS; walked++, date = addLocalDays(date, 1)) {
    const reason = nonWorkingReason(date, cal);
    if (reason === null) return { date, skipped };
    skipped.push(withDetail({ date, kind: 'skipped', reason }, cal));
  }
  throw new Error(`no working day within ${MAX_WALKED_DAYS} days of ${localDate}: check the calendar`);
}

/** A period whose last day is `lastDay` ends at that day's end, or per Art. 148(5) at the end of the next working day. */
export function periodEndingOn(lastDay: string, cal: WorkCalendar, opts: PeriodOptions = {}): Deadline {
  const { date, skipped } = nextWorkingDate(lastDay, cal);
  const due = endOfDay(date, cal, opts.dayEnd);
  return skipped.length === 0 ? { due, trace: [] } : { due, trace: skipped, note: ART_148_5 };
}

/**
 * A period of `days` calendar days from an event at `start`: the event's day is not counted
 * (Civil Code 2015 Art. 147(2)), the period ends at the end of its last day (Art. 148(1)), moved
 * to the end of the next working day when that day is off (Art. 148(5)).
 */
export function addCalendarDays(start: Date, days: number, cal: WorkCalendar, opts: PeriodOptions = {}): Deadline {
  const t = typeof (start as Date | undefined)?.getTime === 'function' ? start.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error('start must be a valid Date');
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive integer, got ${days}`);
  checkZone(cal);
  const eventDay = toLocal(start, cal.timeZone).date;
  const first = addLocalDays(eventDay, 1);
  const last = addLocalDays(eventDay, days);
  const end = periodEndingOn(last, cal, opts);
  const counted: TraceEntry = { date: first, kind: 'counted', minutes: days * 1440, reason: 'calendar days', lastDate: last };
  return { ...end, trace: [counted, ...end.trace] };
}

/** Any duration from `start`: calendar days by Art. 147–148 (addCalendarDays), working or elapsed time by addDuration. */
export function addPeriod(start: Date, d: Duration, cal: WorkCalendar, opts: PeriodOptions = {}): Deadline {
  return 'calendarDays' in d ? addCalendarDays(start, d.calendarDays, cal, opts) : addDuration(start, d, cal);
}

/**
 * start + ratio × the period. A period in calendar days is measured in plain time from `start` to
 * its end (moved past days off), so "75 % of 15 days" is 75 % of the time the applicant really waits.
 */
export function periodAtRisk(start: Date, d: Duration, ratio: number, cal: WorkCalendar, opts: PeriodOptions = {}): Date {
  if (!('calendarDays' in d)) return atRiskInstant(start, d, ratio, cal);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`at-risk ratio must be within [0, 1], got ${ratio}`);
  const due = addCalendarDays(start, d.calendarDays, cal, opts).due.getTime();
  return new Date(start.getTime() + Math.round((due - start.getTime()) * ratio));
}

/**
 * When a procedure's period starts counting. `receipt` (the default): at the instant of legal
 * receipt. `next_working_day_after_cutoff`: a dossier received after the agency's cut-off
 * (`paperCutoff`, 15:00 by default), after closing or on a day off is deemed received at the
 * opening of the next working day — so a period in calendar days counts from the day after that
 * (Civil Code 2015 Art. 147(2)). Some specialised laws and provincial rules set it so; a
 * per-procedure setting, not a national rule.
 */
export type ClockStart = 'receipt' | 'next_working_day_after_cutoff';
export const CLOCK_STARTS: readonly ClockStart[] = ['receipt', 'next_working_day_after_cutoff'];

export function clockStartAt(receivedAt: Date, rule: ClockStart | undefined, cal: WorkCalendar): Date {
  const t = typeof (receivedAt as Date | undefined)?.getTime === 'function' ? receivedAt.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error('receivedAt must be a valid Date');
  if (rule === undefined || rule === 'receipt') return receivedAt;
  if (rule !== 'next_working_day_after_cutoff') throw new Error(`unknown clock start rule: ${String(rule)}`);
  checkZone(cal);
  const cutoff = parseHHmm(cal.paperCutoff ?? DEFAULT_PAPER_CUTOFF);
  if (cutoff === null) throw new Error(`paperCutoff must be HH:mm, got ${JSON.stringify(cal.paperCutoff)}`);
  const intervals = officeIntervals(cal);
  const local = toLocal(receivedAt, cal.timeZone);
  const closing = intervals[intervals.length - 1].end;
  const minute = local.msOfDay / 60_000;
  // "After 15:00" is strict, as for the paper hand-over (legalReceipt): 15:00:00 is still that day.
  if (nonWorkingReason(local.date, cal) === null && minute <= cutoff && minute < closing) return receivedAt;
  const { date } = nextWorkingDate(addLocalDays(local.date, 1), cal);
  return zonedToInstant(date, intervals[0].start, cal.timeZone);
}

/**
 * Art. 148(5) for an instant chosen by a person (e.g. a new due date after an apology): on a day
 * off it becomes the end of the next working day; on a working day it is kept as chosen.
 */
export function rollPastDaysOff(due: Date, cal: WorkCalendar, opts: PeriodOptions = {}): Deadline {
  checkZone(cal);
  const day = toLocal(due, cal.timeZone).date;
  if (nonWorkingReason(day, cal) === null) return { due, trace: [] };
  return periodEndingOn(day, cal, opts);
}

export type ReceiptChannel = 'counter' | 'online' | 'postal';

export interface LegalReceipt {
  /** When the dossier reaches the department, and the reception step's deadline counts from. */
  forwardAt: Date;
  rule: 'online' | 'same_day' | 'next_opening';
  reason: string;
  /** Days passed over before forwardAt, with the calendar's reasons. */
  skipped: TraceEntry[];
}


/**
 * When a received dossier goes to the department. Online dossiers go at once, electronically.
 * Paper ones (counter, postal) go the same working day when received by the cut-off (15:00),
 * else — after the cut-off, after closing or on a day off — at the next working day's opening
 * (Decree 61/2018 Art. 19(1); Decree 118/2025 from 1/7/2025, cited by the receipt's date: legal-acts.ts). Received before opening or in the lunch break before the cut-off,
 * they go when the office next opens that day. "After 15:00" is strict: 15:00:00 is still the same day.
 * The cut-off is the calendar's `paperCutoff` (an agency setting), 15:00 when it has none.
 */
export function legalReceipt(receivedAt: Date, channel: ReceiptChannel, cal: WorkCalendar, cutoff = cal.paperCutoff ?? DEFAULT_PAPER_CUTOFF): LegalReceipt {
  const t = typeof (receivedAt as Date | undefined)?.getTime === 'function' ? receivedAt.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error('receivedAt must be a valid Date');
  if (channel !== 'counter' && channel !== 'online' && channel !== 'postal') throw new Error(`unknown receipt channel: ${String(channel)}`);
  const cutoffMinutes = parseHHmm(cutoff);
  if (cutoffMinutes === null) throw new Error(`cutoff must be HH:mm, got ${JSON.stringify(cutoff)}`);
  checkZone(cal);
  const local = toLocal(receivedAt, cal.timeZone);
  const at = `${formatClock(local.msOfDay)} ${formatDayLabel(local.date)}`;
  const DECREE = citePaperCutoff(receivedAt);
  if (channel === 'online') {
    return { forwardAt: receivedAt, rule: 'online', reason: `received online at ${at}: forwarded at once (${DECREE})`, skipped: [] };
  }
  const intervals = officeIntervals(cal);
  const dayOff = nonWorkingReason(local.date, cal);
  let why: string;
  if (dayOff !== null) {
    const detail = cal.dayReasons?.[local.date];
    why = `received at ${at}, ${dayOff === 'weekend' ? 'a weekend day' : 'a day off'}${detail ? ` (${detail})` : ''}`;
  } else if (local.msOfDay > cutoffMinutes * 60_000) {
    why = `received at ${at}, after the ${cutoff} cut-off`;
  } else {
    // By the cut-off on a working day: now if the office is open, else at its next opening that day.
    const minute = local.msOfDay / 60_000;
    const open = intervals.find((i) => minute < i.end);
    if (open && minute >= open.start) {
      return { forwardAt: receivedAt, rule: 'same_day', reason: `received at ${at}, by the ${cutoff} cut-off: forwarded the same day (${DECREE})`, skipped: [] };
    }
    if (open && open.start <= cutoffMinutes) {
      const forwardAt = zonedToInstant(local.date, open.start, cal.timeZone);
      return {
        forwardAt,
        rule: 'same_day',
        reason: `received at ${at}, outside office hours: forwarded when the office opens, ${formatLocal(forwardAt, cal.timeZone)} (${DECREE})`,
        skipped: [],
      };
    }
    why = `received at ${at}, after office hours`;
  }
  const { date, skipped } = nextWorkingDate(addLocalDays(local.date, 1), cal);
  const forwardAt = zonedToInstant(date, intervals[0].start, cal.timeZone);
  return {
    forwardAt,
    rule: 'next_opening',
    reason: `${why}: forwarded at the opening of the next working day, ${formatLocal(forwardAt, cal.timeZone)} (${DECREE})`,
    skipped,
  };
}
