import { DEFAULT_CALENDAR, type WorkCalendar } from './calendar';
import { buildCalendarDays, VN_CALENDAR_OVERRIDES, withHolidays } from './calendar-overrides';
import { addDuration, workingMillisBetween } from './deadline';

/**
 * The walk caches each local day's office segments per calendar object (deadline.ts, officeDays).
 * A warm cache must give exactly the figures of a cold one, whatever was asked before, and a new
 * calendar object (a changed calendar is always a new snapshot) must not see the old one's days.
 */

/** Deterministic pseudo-random instants (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

// Built in the test, not when the file loads (see legal-time.spec.ts).
const vnHolidays = () => withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2024, 2025, 2026, 2027], VN_CALENDAR_OVERRIDES));
const paris: WorkCalendar = { ...DEFAULT_CALENDAR, timeZone: 'Europe/Paris', officeHours: [{ start: '00:00', end: '02:30' }, { start: '09:00', end: '24:00' }] };
/** A copy nobody has walked yet: its cache is empty. */
const cold = (cal: WorkCalendar): WorkCalendar => JSON.parse(JSON.stringify(cal)) as WorkCalendar;

describe('office days cached per calendar', () => {
  it.each([
    ['default calendar', () => DEFAULT_CALENDAR],
    ['Vietnamese holidays and make-up days', vnHolidays],
    ['a DST zone with hours up to midnight', () => paris],
  ])('a warm cache gives the figures of a cold one (%s)', (_name, calendar) => {
    const cal = calendar();
    const rnd = lcg(42);
    const base = Date.UTC(2024, 0, 1);
    const span = 3 * 365 * 86_400_000;
    for (let i = 0; i < 60; i++) {
      const a = new Date(base + Math.floor(rnd() * span));
      // Mostly long spans (an inbox of old overdue steps), some within a day or two.
      const b = new Date(a.getTime() + Math.floor((i % 4 === 0 ? rnd() * 2 : rnd() * 700) * 86_400_000));
      expect(workingMillisBetween(a, b, cal)).toBe(workingMillisBetween(a, b, cold(cal)));
      expect(workingMillisBetween(b, a, cal)).toBe(0);
      const days = { workingDays: 1 + (i % 15) };
      expect(addDuration(a, days, cal)).toEqual(addDuration(a, days, cold(cal)));
    }
  });

  it('a new calendar object sees its own days off, not the cached ones of another', () => {
    const monday = new Date('2026-06-01T01:00:00Z'); // 08:00 in Hà Nội
    const before = addDuration(monday, { workingDays: 1 }, DEFAULT_CALENDAR).due;
    const withDayOff = { ...DEFAULT_CALENDAR, daysOff: [...DEFAULT_CALENDAR.daysOff, '2026-06-01'] };
    const after = addDuration(monday, { workingDays: 1 }, withDayOff).due;
    // Monday off: the day's work ends on Tuesday evening instead of Tuesday morning.
    expect(after.toISOString()).toBe('2026-06-02T10:00:00.000Z');
    expect(before.toISOString()).toBe('2026-06-02T01:00:00.000Z');
    expect(addDuration(monday, { workingDays: 1 }, DEFAULT_CALENDAR).due).toEqual(before);
  });
});
