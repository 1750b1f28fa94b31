import { nonWorkingReason, officeIntervals } from './calendar';
import type { MinuteInterval, WorkCalendar } from './calendar';
import { durationToMillis, durationUnit } from './duration';
import type { Duration } from './duration';
import { formatClock, formatDayLabel, formatLocal, addLocalDays, toLocal, zonedToInstant, isValidTimeZone } from './local-time';

/**
 * Why a trace entry was counted or skipped: a day off ('weekend', 'day off'), plain time for a
 * `seconds` duration ('elapsed'), a period counted in calendar days ('calendar days'). A fixed set:
 * readers translate them (the web app's messages), so a new one must be added there too.
 */
export const TRACE_REASONS = ['weekend', 'day off', 'elapsed', 'calendar days'] as const;
export type TraceReason = (typeof TRACE_REASONS)[number];

export interface TraceEntry {
  /** local 'YYYY-MM-DD' */
  date: string;
  kind: 'counted' | 'skipped';
  /** local 'HH:mm' (':ss' appended when not on a whole minute) */
  from?: string;
  to?: string;
  minutes?: number;
  /** 'weekend' | 'day off' for skipped days, 'elapsed' for a `seconds` duration, 'calendar days' for a period in days */
  reason?: TraceReason;
  /** Why the calendar has this day off or worked (calendar.dayReasons), e.g. 'Tết Nguyên đán (Lunar New Year)'. */
  detail?: string;
  /** For a 'calendar days' entry: the last local date of the period. */
  lastDate?: string;
}

export interface Deadline {
  due: Date;
  trace: TraceEntry[];
  /** The rule that placed the due instant when it is not plain counting (e.g. Civil Code Art. 148(5)). */
  note?: string;
}

/** Ten years of local days: far beyond any legal time, small enough to fail fast on a calendar that never works. */
export const MAX_WALKED_DAYS = 3660;

const DAY_MS = 86_400_000;

type WalkItem =
  | { kind: 'skipped'; date: string; reason: 'weekend' | 'day off' }
  | { kind: 'segment'; date: string; start: number; end: number };

function assertDate(value: Date, name: string): number {
  // Duck-typed: a Date made in another realm (Temporal's workflow sandbox) fails `instanceof Date`.
  const t = typeof (value as Date | undefined)?.getTime === 'function' ? value.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error(`${name} must be a valid Date`);
  return t;
}

interface OfficeDay {
  /** local 'YYYY-MM-DD' */
  date: string;
  reason: 'weekend' | 'day off' | null;
  /** The day's office intervals as instants [start, end), in order. */
  segments: [number, number][];
}

/**
 * The local days of a calendar, each computed once per calendar object and keyed by day number
 * (days since 1970-01-01): the time-zone arithmetic costs far more than the walk (a registration
 * plans nine deadlines over the same weeks; an inbox row measures the time since a due date months
 * ago). Calendars are never changed in place — a change is a new snapshot, hence a new object and
 * a fresh cache — so the cache cannot go stale.
 */
const officeDays = new WeakMap<WorkCalendar, Map<number, OfficeDay>>();

function officeDay(dayNumber: number, cal: WorkCalendar, intervals: MinuteInterval[]): OfficeDay {
  let days = officeDays.get(cal);
  if (!days) officeDays.set(cal, (days = new Map()));
  let day = days.get(dayNumber);
  if (!day) {
    const date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    const reason = nonWorkingReason(date, cal);
    const at = (minutes: number) => zonedToInstant(date, minutes, cal.timeZone).getTime();
    day = { date, reason, segments: reason === null ? intervals.map((iv): [number, number] => [at(iv.start), at(iv.end)]) : [] };
    days.set(dayNumber, day);
  }
  return day;
}

function localDayNumber(instant: number, timeZone: string): number {
  return Date.parse(`${toLocal(new Date(instant), timeZone).date}T00:00:00Z`) / DAY_MS;
}

/** Office-hours segments from `from` onwards in time order, with the non-working days in between. */
function* walkWorkingTime(from: number, cal: WorkCalendar): Generator<WalkItem> {
  if (!isValidTimeZone(cal.timeZone)) throw new Error(`unknown time zone: ${cal.timeZone}`);
  const intervals = officeIntervals(cal);
  const first = localDayNumber(from, cal.timeZone);
  for (let walked = 0; walked < MAX_WALKED_DAYS; walked++) {
    const { date, reason, segments } = officeDay(first + walked, cal, intervals);
    if (reason !== null) {
      yield { kind: 'skipped', date, reason };
      continue;
    }
    for (const [dayStart, end] of segments) {
      const start = Math.max(from, dayStart);
      if (start < end) yield { kind: 'segment', date, start, end };
    }
  }
  throw new Error(
    `walked ${MAX_WALKED_DAYS} days from ${new Date(from).toISOString()} without reaching the end: ` +
      'check the calendar (office hours, weekendDays, daysOff) and the duration',
  );
}

/** The calendar's reason for a day off or a make-up day, when it has one. */
export function withDetail(entry: TraceEntry, cal: Pick<WorkCalendar, 'dayReasons'>): TraceEntry {
  const detail = cal.dayReasons?.[entry.date];
  return detail ? { ...entry, detail } : entry;
}

function clockOn(date: string, instant: number, timeZone: string): string {
  const local = toLocal(new Date(instant), timeZone);
  // An interval closing at '24:00' ends on the next local date; keep it on its own day in the trace.
  return formatClock(local.date === date ? local.msOfDay : local.msOfDay + DAY_MS);
}

/** Lays `ms` working milliseconds on the calendar's office hours, starting at `start`. */
export function addWorkingMillis(start: Date, ms: number, cal: WorkCalendar): Deadline {
  const from = assertDate(start, 'start');
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`working time must be a finite number ≥ 0, got ${ms}`);
  let remaining = Math.round(ms);
  if (remaining === 0) return { due: new Date(from), trace: [] };
  const trace: TraceEntry[] = [];
  for (const item of walkWorkingTime(from, cal)) {
    if (item.kind === 'skipped') {
      trace.push(withDetail({ date: item.date, kind: 'skipped', reason: item.reason }, cal));
      continue;
    }
    const used = Math.min(remaining, item.end - item.start);
    const segmentEnd = item.start + used;
    const counted: TraceEntry = {
      date: item.date,
      kind: 'counted',
      from: clockOn(item.date, item.start, cal.timeZone),
      to: clockOn(item.date, segmentEnd, cal.timeZone),
      minutes: used / 60_000,
    };
    // Only a make-up working day gets a note; an ordinary weekday needs none.
    trace.push(cal.workingDays.includes(item.date) ? withDetail(counted, cal) : counted);
    remaining -= used;
    // Time used up exactly at closing is due at closing, not at the next opening.
    if (remaining === 0) return { due: new Date(segmentEnd), trace };
  }
  throw new Error('unreachable: the calendar walk ended without a result');
}

export function addDuration(start: Date, duration: Duration, cal: WorkCalendar): Deadline {
  const ms = durationToMillis(duration, cal);
  if (durationUnit(duration) === 'working') return addWorkingMillis(start, ms, cal);
  const from = assertDate(start, 'start');
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`elapsed time must be a finite number ≥ 0, got ${ms / 1000} s`);
  const local = toLocal(start, cal.timeZone);
  return {
    due: new Date(from + ms),
    trace: [{ date: local.date, kind: 'counted', from: formatClock(local.msOfDay), minutes: ms / 60_000, reason: 'elapsed' }],
  };
}

/** Working time between two instants (0 when `to` is not after `from`). */
export function workingMillisBetween(from: Date, to: Date, cal: WorkCalendar): number {
  const start = assertDate(from, 'from');
  const end = assertDate(to, 'to');
  if (end <= start) return 0;
  const lastDate = toLocal(to, cal.timeZone).date;
  let total = 0;
  for (const item of walkWorkingTime(start, cal)) {
    if (item.date > lastDate || (item.kind === 'segment' && item.start >= end)) break;
    if (item.kind === 'segment') total += Math.min(item.end, end) - item.start;
  }
  return total;
}

/** start + ratio × duration, on office hours for working durations and in plain time for `seconds`. */
export function atRiskInstant(start: Date, duration: Duration, ratio: number, cal: WorkCalendar): Date {
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`at-risk ratio must be within [0, 1], got ${ratio}`);
  const ms = Math.round(durationToMillis(duration, cal) * ratio);
  if (durationUnit(duration) === 'working') return addWorkingMillis(start, ms, cal).due;
  return new Date(assertDate(start, 'start') + ms);
}

/** Late after the due instant; early when finished on a local date before the due date (DESIGN: "before the due date's working day"). */
export function classifyFinished(completedAt: Date, due: Date, cal: Pick<WorkCalendar, 'timeZone'>): 'early' | 'on_time' | 'late' {
  if (assertDate(completedAt, 'completedAt') > assertDate(due, 'due')) return 'late';
  return toLocal(completedAt, cal.timeZone).date < toLocal(due, cal.timeZone).date ? 'early' : 'on_time';
}

function formatAmount(minutes: number): string {
  const totalSeconds = Math.round(minutes * 60);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean);
  return `+${parts.length ? parts.join('') : '0s'}`;
}

function describeCounted(e: TraceEntry): string {
  if (e.reason === 'elapsed') return `${formatAmount(e.minutes ?? 0)} elapsed from ${formatDayLabel(e.date)} ${e.from ?? ''}`.trimEnd();
  if (e.reason === 'calendar days') {
    const days = Math.round((e.minutes ?? 0) / 1440);
    return `+${days} calendar ${days === 1 ? 'day' : 'days'} ${formatDayLabel(e.date)}–${formatDayLabel(e.lastDate ?? e.date)}`;
  }
  const text = `${formatAmount(e.minutes ?? 0)} ${formatDayLabel(e.date)} ${e.from ?? ''}–${e.to ?? ''}`;
  return e.detail ? `${text} (${e.detail})` : text;
}

/**
 * One line such as "+1h Fri 27/11 16:00–17:00; skipped Sat 28/11–Sun 29/11 weekend; +1h Mon
 * 30/11 07:30–08:30; due 08:30 30/11/2026". A day off the calendar explains is named:
 * "skipped Mon 16/02–Fri 20/02 day off: Tết Nguyên đán (Lunar New Year) – nghỉ 14–22/02/2026".
 */
export function explainDeadline(d: Deadline, cal: Pick<WorkCalendar, 'timeZone'>): string {
  const parts: string[] = [];
  const entries = d.trace;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.kind === 'counted') {
      parts.push(describeCounted(e));
      continue;
    }
    // Runs of consecutive skipped days with one reason read better as a range (a weekend, Tết).
    let j = i;
    while (
      j + 1 < entries.length &&
      entries[j + 1].kind === 'skipped' &&
      entries[j + 1].reason === e.reason &&
      entries[j + 1].detail === e.detail &&
      entries[j + 1].date === addLocalDays(entries[j].date, 1)
    ) {
      j++;
    }
    const range = j === i ? formatDayLabel(e.date) : `${formatDayLabel(e.date)}–${formatDayLabel(entries[j].date)}`;
    const why = e.detail ? `${e.reason ?? 'day off'}: ${e.detail}` : (e.reason ?? '');
    parts.push(`skipped ${range} ${why}`.trimEnd());
    i = j;
  }
  parts.push(`due ${formatLocal(d.due, cal.timeZone)}${d.note ? ` (${d.note})` : ''}`);
  return parts.join('; ');
}
