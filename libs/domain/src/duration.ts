import type { WorkCalendar } from './calendar';
import type { Duration, DurationUnit } from '../../contracts/src';

// Declared with the response shapes, which the web app shares.
export type { Duration, DurationUnit } from '../../contracts/src';

const DURATION_KEYS = ['workingDays', 'workingHours', 'seconds', 'calendarDays'] as const;
const HOUR_MS = 3_600_000;

/** Problems with a duration that may come from untrusted JSON; empty when usable. */
export function validateDuration(d: unknown): string[] {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) {
    return ['must be an object with one of workingDays, workingHours, seconds, calendarDays'];
  }
  const keys = Object.keys(d);
  const known = keys.filter((k) => (DURATION_KEYS as readonly string[]).includes(k));
  if (known.length !== 1 || keys.length !== 1) {
    return ['must have exactly one of workingDays, workingHours, seconds, calendarDays'];
  }
  const value = (d as Record<string, unknown>)[known[0]];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return [`${known[0]} must be a positive finite number`];
  }
  // Civil Code 2015 Art. 147: a period in days is counted in whole days.
  if (known[0] === 'calendarDays' && !Number.isInteger(value)) return ['calendarDays must be a whole number of days'];
  return [];
}

export function durationUnit(d: Duration): DurationUnit {
  if ('seconds' in d) return 'elapsed';
  if ('workingDays' in d || 'workingHours' in d) return 'working';
  if ('calendarDays' in d) return 'calendar';
  throw new Error(`not a duration: ${JSON.stringify(d)}`);
}

/**
 * Working durations give working milliseconds (to be laid on office hours), `seconds` gives
 * elapsed milliseconds. Rounded to whole ms because Date cannot hold fractions. Calendar days have
 * no fixed length in either (the end moves past days off, Civil Code Art. 148(5)): they throw, so
 * no caller counts them as milliseconds by mistake — legal-time.ts `addPeriod` counts them.
 */
export function durationToMillis(d: Duration, cal: Pick<WorkCalendar, 'hoursPerWorkingDay'>): number {
  if ('workingDays' in d) return Math.round(d.workingDays * cal.hoursPerWorkingDay * HOUR_MS);
  if ('workingHours' in d) return Math.round(d.workingHours * HOUR_MS);
  if ('seconds' in d) return Math.round(d.seconds * 1000);
  if ('calendarDays' in d) throw new Error('calendar days have no length in milliseconds: count them with addPeriod');
  throw new Error(`not a duration: ${JSON.stringify(d)}`);
}

export function describeDuration(d: Duration): string {
  if ('workingDays' in d) return `${d.workingDays} working ${d.workingDays === 1 ? 'day' : 'days'}`;
  if ('workingHours' in d) return `${d.workingHours} working ${d.workingHours === 1 ? 'hour' : 'hours'}`;
  if ('seconds' in d) return `${d.seconds} s`;
  if ('calendarDays' in d) return `${d.calendarDays} calendar ${d.calendarDays === 1 ? 'day' : 'days'}`;
  throw new Error(`not a duration: ${JSON.stringify(d)}`);
}

/** Whole days also show their hours so a mixed days/hours comparison reads unambiguously. */
export function describeWorkingMillis(ms: number, cal: Pick<WorkCalendar, 'hoursPerWorkingDay'>): string {
  const hours = ms / HOUR_MS;
  const days = hours / cal.hoursPerWorkingDay;
  const rounded = (n: number) => Math.round(n * 100) / 100;
  if (Number.isInteger(days) && days > 0) {
    return `${describeDuration({ workingDays: days })} (${describeDuration({ workingHours: hours })})`;
  }
  return describeDuration({ workingHours: rounded(hours) });
}
