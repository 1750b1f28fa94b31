import { DEFAULT_CALENDAR, type WorkCalendar } from '../../../../libs/domain/src';
import { buildCalendarDays, VN_CALENDAR_OVERRIDES, withHolidays } from '../../../../libs/domain/src/calendar-overrides';
import { workingMillisBetween } from '../../../../libs/domain/src/deadline';
import { workingMillisBetweenCached } from './remaining-time';

/** Deterministic pseudo-random instants (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const vnHolidays = withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2024, 2025, 2026, 2027], VN_CALENDAR_OVERRIDES));
const paris: WorkCalendar = { ...DEFAULT_CALENDAR, timeZone: 'Europe/Paris', officeHours: [{ start: '00:00', end: '02:30' }, { start: '09:00', end: '24:00' }] };

describe('workingMillisBetweenCached', () => {
  it.each([
    ['default calendar', DEFAULT_CALENDAR],
    ['Vietnamese holidays and make-up days', vnHolidays],
    ['a DST zone with hours up to midnight', paris],
  ])('equals the day-by-day walk (%s)', (_name, cal) => {
    const rnd = lcg(42);
    const base = Date.UTC(2024, 0, 1);
    const span = 3 * 365 * 86_400_000;
    for (let i = 0; i < 60; i++) {
      const a = new Date(base + Math.floor(rnd() * span));
      // Mostly long spans (an inbox of old overdue steps), some within a day or two.
      const b = new Date(a.getTime() + Math.floor((i % 4 === 0 ? rnd() * 2 : rnd() * 700) * 86_400_000));
      expect(workingMillisBetweenCached(a, b, cal)).toBe(workingMillisBetween(a, b, cal));
      expect(workingMillisBetweenCached(b, a, cal)).toBe(0);
    }
  });
});
