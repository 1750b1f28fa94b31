import { nonWorkingReason, officeIntervals, toLocal, zonedToInstant, type WorkCalendar } from '../../../../libs/domain/src';

const DAY_MS = 86_400_000;
/** Per calendar snapshot (a new snapshot is a new object): local day number → that day's office segments as instants. */
const segmentCache = new WeakMap<WorkCalendar, Map<number, [number, number][]>>();

function dayNumber(localDate: string): number {
  const [y, m, d] = localDate.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function segments(day: number, cal: WorkCalendar): [number, number][] {
  let days = segmentCache.get(cal);
  if (!days) segmentCache.set(cal, (days = new Map()));
  let segs = days.get(day);
  if (!segs) {
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    segs = [];
    // The same days and intervals as the deadline walk in libs/domain (walkWorkingTime).
    if (nonWorkingReason(date, cal) === null) {
      for (const iv of officeIntervals(cal)) {
        const start = zonedToInstant(date, iv.start, cal.timeZone).getTime();
        const end = zonedToInstant(date, iv.end, cal.timeZone).getTime();
        if (start < end) segs.push([start, end]);
      }
    }
    days.set(day, segs);
  }
  return segs;
}

/**
 * `workingMillisBetween(from, to, cal)` of libs/domain — the same figure — for the inbox, where
 * steps overdue for months are common. Working time is the length of [from, to) inside the office
 * segments of the local days it spans; the walk in libs/domain recomputes every day's segments
 * with time-zone arithmetic (about a millisecond per day here), so a page of steps overdue for a
 * year cost seconds. Here each day's segments are computed once per calendar snapshot and reused.
 */
export function workingMillisBetweenCached(from: Date, to: Date, cal: WorkCalendar): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  const first = dayNumber(toLocal(from, cal.timeZone).date);
  const last = dayNumber(toLocal(to, cal.timeZone).date);
  let total = 0;
  for (let day = first; day <= last; day++) {
    for (const [start, end] of segments(day, cal)) {
      const overlap = Math.min(end, b) - Math.max(start, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

