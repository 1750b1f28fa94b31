import { DEFAULT_CALENDAR, isWorkingDay, validateCalendar } from './calendar';
import type { WorkCalendar } from './calendar';

const cal = DEFAULT_CALENDAR;

describe('isWorkingDay', () => {
  it('works Monday to Friday and rests at the weekend by default', () => {
    expect(isWorkingDay('2026-11-27', cal)).toBe(true); // Fri
    expect(isWorkingDay('2026-11-28', cal)).toBe(false); // Sat
    expect(isWorkingDay('2026-11-29', cal)).toBe(false); // Sun
  });

  it('honours days off and make-up working days', () => {
    const swapped: WorkCalendar = { ...cal, daysOff: ['2024-04-29'], workingDays: ['2024-05-04'] };
    expect(isWorkingDay('2024-04-29', swapped)).toBe(false);
    expect(isWorkingDay('2024-05-04', swapped)).toBe(true);
  });
});

describe('validateCalendar', () => {
  it('accepts the default calendar', () => {
    expect(validateCalendar(cal)).toEqual([]);
  });

  it('reports malformed and overlapping office hours', () => {
    expect(validateCalendar({ ...cal, officeHours: [{ start: '7:30', end: '11:30' }, { start: '13:00', end: '17:00' }] })).toEqual([
      expect.stringContaining('officeHours[0].start'),
    ]);
    const overlapping = validateCalendar({ ...cal, officeHours: [{ start: '07:30', end: '12:00' }, { start: '11:30', end: '15:30' }] });
    expect(overlapping).toEqual([expect.stringContaining('overlaps')]);
    expect(validateCalendar({ ...cal, officeHours: [{ start: '17:00', end: '13:00' }] })).toContainEqual(expect.stringContaining('after start'));
    expect(validateCalendar({ ...cal, officeHours: [] })).toContainEqual(expect.stringContaining('at least one'));
  });

  it('reports an unknown time zone', () => {
    expect(validateCalendar({ ...cal, timeZone: 'Asia/Hanoi_City' })).toEqual([expect.stringContaining('timeZone')]);
  });

  it('reports hours per working day that do not match the office hours', () => {
    expect(validateCalendar({ ...cal, hoursPerWorkingDay: 7 })).toEqual([expect.stringContaining('hoursPerWorkingDay')]);
  });

  it('reports bad dates, bad weekend days and a date both off and worked', () => {
    const problems = validateCalendar({ ...cal, weekendDays: [0, 7], daysOff: ['2026-02-30', '2024-05-04'], workingDays: ['2024-05-04'] });
    expect(problems).toEqual([
      expect.stringContaining('weekendDays'),
      expect.stringContaining('daysOff[0]'),
      expect.stringContaining('both'),
    ]);
  });

  it('keeps the default calendar immutable', () => {
    expect(() => (DEFAULT_CALENDAR.daysOff as string[]).push('2026-01-01')).toThrow();
    expect(DEFAULT_CALENDAR.daysOff).toEqual([]);
  });
});
