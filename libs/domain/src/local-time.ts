import { tzOffset } from '@date-fns/tz';

/*
 * Wall-clock helpers. Offsets come from `tzOffset` (Intl data), never from the host's TZ, so
 * results are the same on every worker and inside the Temporal sandbox.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HHMM = /^(\d{2}):(\d{2})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export interface LocalDateTime {
  /** 'YYYY-MM-DD' */
  date: string;
  /** Milliseconds since local midnight. */
  msOfDay: number;
  /** 0 = Sunday … 6 = Saturday */
  dayOfWeek: number;
}

export function isValidTimeZone(timeZone: string): boolean {
  return typeof timeZone === 'string' && timeZone.length > 0 && !Number.isNaN(tzOffset(timeZone, new Date(0)));
}

function offsetMs(timeZone: string, epochMs: number): number {
  const minutes = tzOffset(timeZone, new Date(epochMs));
  if (Number.isNaN(minutes)) throw new Error(`unknown time zone: ${timeZone}`);
  return minutes * MINUTE_MS;
}

/** Minutes since midnight for 'HH:mm' (00:00–24:00, 24:00 allowed as a closing time), or null. */
export function parseHHmm(value: string): number | null {
  const m = HHMM.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** Parsed 'YYYY-MM-DD' as [year, month 1-12, day], or null when not a real calendar date. */
export function parseYmd(value: string): [number, number, number] | null {
  const m = YMD.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return [y, mo, d];
}

function ymdOrThrow(value: string): [number, number, number] {
  const parsed = parseYmd(value);
  if (!parsed) throw new Error(`not a YYYY-MM-DD date: ${value}`);
  return parsed;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function ymdFromUtc(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new Error('invalid Date');
  const wallMs = t + offsetMs(timeZone, t);
  const wall = new Date(wallMs);
  const msOfDay = wallMs - Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  return { date: ymdFromUtc(wall), msOfDay, dayOfWeek: wall.getUTCDay() };
}

/** Local 'YYYY-MM-DD' of an instant in the given zone. */
export function localDate(instant: Date, timeZone: string): string {
  return toLocal(instant, timeZone).date;
}

export function dayOfWeek(localDate: string): number {
  const [y, m, d] = ymdOrThrow(localDate);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function addLocalDays(localDate: string, days: number): string {
  const [y, m, d] = ymdOrThrow(localDate);
  return ymdFromUtc(new Date(Date.UTC(y, m - 1, d + days)));
}

/**
 * The instant a wall clock in `timeZone` shows `localDate` + `minutes` (may be 1440 = next
 * midnight). In a DST gap the time is pushed forward by the gap; in an overlap the earlier
 * instant wins — the same choice as Temporal's 'compatible' disambiguation.
 */
export function zonedToInstant(localDate: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = ymdOrThrow(localDate);
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE_MS;
  // Real zones change offset at most once within two days, so the offsets a day either side cover every candidate.
  const before = offsetMs(timeZone, wall - DAY_MS);
  const after = offsetMs(timeZone, wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((t) => offsetMs(timeZone, t) === wall - t);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wall - before);
}

/** 'HH:mm', with ':ss' only when seconds are not zero. */
export function formatClock(msOfDay: number): string {
  const totalSeconds = Math.floor(msOfDay / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const min = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return s === 0 ? `${pad(h)}:${pad(min)}` : `${pad(h)}:${pad(min)}:${pad(s)}`;
}

/** 'Mon 30/11' — the day label used in deadline explanations. */
export function formatDayLabel(localDate: string): string {
  const [, m, d] = ymdOrThrow(localDate);
  return `${WEEKDAYS[dayOfWeek(localDate)]} ${pad(d)}/${pad(m)}`;
}

/** 'HH:mm dd/mm/yyyy' local time, the format of the processing-control sheet. */
export function formatLocal(instant: Date, timeZone: string): string {
  const local = toLocal(instant, timeZone);
  const [y, m, d] = ymdOrThrow(local.date);
  return `${formatClock(local.msOfDay)} ${pad(d)}/${pad(m)}/${pad(y, 4)}`;
}
