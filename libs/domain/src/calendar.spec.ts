import { calendarSettings, DEFAULT_CALENDAR, isWorkingDay, validateCalendar, withSettings } from './calendar';
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

describe('agency calendar settings', () => {
  it('lays an agency\'s own settings over the base and keeps the national days', () => {
    const base: WorkCalendar = { ...cal, daysOff: ['2026-09-02'], workingDays: [] };
    const mine = withSettings(base, { weekendDays: [0], officeHours: [{ start: '08:00', end: '12:00' }, { start: '13:30', end: '17:30' }], paperCutoff: '16:00' });
    expect(mine.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(mine.daysOff).toEqual(['2026-09-02']);
    expect(isWorkingDay('2026-11-28', mine)).toBe(true); // a Saturday, worked at this agency
    expect(calendarSettings(mine)).toEqual({
      timeZone: 'Asia/Ho_Chi_Minh',
      officeHours: [{ start: '08:00', end: '12:00' }, { start: '13:30', end: '17:30' }],
      weekendDays: [0],
      paperCutoff: '16:00',
    });
    expect(validateCalendar(mine)).toEqual([]);
    expect(withSettings(base, null)).toBe(base);
    expect(calendarSettings(base).paperCutoff).toBe('15:00');
  });

  it('reports a bad cut-off', () => {
    expect(validateCalendar({ ...cal, paperCutoff: '25:00' })).toEqual(['paperCutoff: expected HH:mm, got "25:00"']);
  });
});
