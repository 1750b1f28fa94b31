import { calendarSettings, DEFAULT_CALENDAR, DEFAULT_PAPER_CUTOFF, isWorkingDay, nonWorkingReason, officeIntervals, validateCalendar, withSettings } from './calendar';
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

describe('calendar rules, edges', () => {
  it('gives the reason a date is not worked; a day off wins over a make-up day', () => {
    const c = { weekendDays: [0, 6], daysOff: ['2026-09-02', '2026-11-28'], workingDays: ['2026-11-28', '2026-11-21'] };
    expect(nonWorkingReason('2026-09-02', c)).toBe('day off');
    expect(nonWorkingReason('2026-11-28', c)).toBe('day off');
    expect(nonWorkingReason('2026-11-21', c)).toBeNull(); // a worked Saturday
    expect(nonWorkingReason('2026-11-22', c)).toBe('weekend');
    expect(nonWorkingReason('2026-11-23', c)).toBeNull();
    expect(isWorkingDay('2026-11-28', c)).toBe(false);
  });

  it('turns office hours into minute intervals and refuses unusable ones', () => {
    expect(officeIntervals(cal)).toEqual([
      { start: 450, end: 690 },
      { start: 780, end: 1020 },
    ]);
    expect(officeIntervals({ officeHours: [{ start: '00:00', end: '24:00' }] })).toEqual([{ start: 0, end: 1440 }]);
    expect(() => officeIntervals({ officeHours: [] })).toThrow('unusable office hours: officeHours: at least one interval is required');
    expect(() => officeIntervals({ officeHours: [{ start: '09:00', end: '08:00' }, { start: '24:00', end: '24:00' }] })).toThrow(
      'unusable office hours: officeHours[0]: end 08:00 must be after start 09:00; officeHours[1].start: expected HH:mm, got "24:00"',
    );
  });

  it('names every office-hours problem exactly', () => {
    expect(validateCalendar({ ...cal, officeHours: [{ start: '07:30', end: 'late' }], hoursPerWorkingDay: 4 })).toEqual(['officeHours[0].end: expected HH:mm, got "late"']);
    expect(validateCalendar({ ...cal, officeHours: null as never })).toEqual(['officeHours: at least one interval is required']);
    expect(validateCalendar({ ...cal, officeHours: [null as never] })).toEqual(['officeHours[0].start: expected HH:mm, got undefined', 'officeHours[0].end: expected HH:mm, got undefined']);
    // With office-hours problems the hours per day are not compared with them.
    expect(validateCalendar({ ...cal, officeHours: [{ start: '08:00', end: '08:00' }] })).toEqual(['officeHours[0]: end 08:00 must be after start 08:00']);
    // An interval that cannot be read does not count as the previous one.
    expect(validateCalendar({ ...cal, officeHours: [{ start: '7h', end: '12:00' }, { start: '11:00', end: '13:00' }] })).toEqual(['officeHours[0].start: expected HH:mm, got "7h"']);
    // Touching intervals are fine; one starting inside the previous one overlaps.
    expect(validateCalendar({ ...cal, officeHours: [{ start: '08:00', end: '12:00' }, { start: '12:00', end: '16:00' }] })).toEqual([]);
    expect(validateCalendar({ ...cal, officeHours: [{ start: '08:00', end: '12:00' }, { start: '11:59', end: '16:01' }] })).toEqual([
      'officeHours[1]: 11:59–16:01 overlaps or is not after the previous interval',
    ]);
    // The previous end is the latest end so far, not the last interval's.
    expect(
      validateCalendar({ ...cal, officeHours: [{ start: '08:00', end: '16:00' }, { start: '06:00', end: '07:00' }, { start: '07:30', end: '07:45' }] }),
    ).toEqual([
      'officeHours[1]: 06:00–07:00 overlaps or is not after the previous interval',
      'officeHours[2]: 07:30–07:45 overlaps or is not after the previous interval',
    ]);
  });

  it('names weekend-day problems', () => {
    const bad = 'weekendDays: expected integers 0 (Sunday) to 6 (Saturday)';
    expect(validateCalendar({ ...cal, weekendDays: [-1] })).toEqual([bad]);
    expect(validateCalendar({ ...cal, weekendDays: [7] })).toEqual([bad]);
    expect(validateCalendar({ ...cal, weekendDays: [5.5] })).toEqual([bad]);
    expect(validateCalendar({ ...cal, weekendDays: null as never })).toEqual([bad]);
    expect(validateCalendar({ ...cal, weekendDays: [0, 6, 0] })).toEqual(['weekendDays: duplicates']);
    const everyDay = [0, 1, 2, 3, 4, 5, 6];
    expect(validateCalendar({ ...cal, weekendDays: everyDay })).toEqual(['weekendDays: every day is a weekend day, nothing can ever be worked']);
    expect(validateCalendar({ ...cal, weekendDays: everyDay, workingDays: ['2026-11-30'] })).toEqual([]);
    expect(validateCalendar({ ...cal, weekendDays: everyDay, workingDays: undefined as never })).toContain('weekendDays: every day is a weekend day, nothing can ever be worked');
    expect(validateCalendar({ ...cal, weekendDays: [] })).toEqual([]);
    expect(validateCalendar({ ...cal, weekendDays: [0, 1, 2, 3, 4, 5] })).toEqual([]);
  });

  it('names hours-per-day problems', () => {
    const bad = 'hoursPerWorkingDay: must be a positive number';
    expect(validateCalendar({ ...cal, hoursPerWorkingDay: 0 })).toEqual([bad]);
    expect(validateCalendar({ ...cal, hoursPerWorkingDay: -8 })).toEqual([bad]);
    expect(validateCalendar({ ...cal, hoursPerWorkingDay: Infinity })).toEqual([bad]);
    expect(validateCalendar({ ...cal, hoursPerWorkingDay: '8' as never })).toEqual([bad]);
    expect(validateCalendar({ ...cal, hoursPerWorkingDay: 7.5 })).toEqual(['hoursPerWorkingDay: 7.5 h differs from the 8 h of daily office hours']);
  });

  it('names date-list, reason and cut-off problems', () => {
    expect(validateCalendar({ ...cal, daysOff: 'none' as never, workingDays: ['2026-1-3', 20260103 as never] })).toEqual([
      'daysOff: expected an array of YYYY-MM-DD dates',
      'workingDays[0]: expected YYYY-MM-DD, got "2026-1-3"',
      'workingDays[1]: expected YYYY-MM-DD, got 20260103',
    ]);
    expect(validateCalendar({ ...cal, workingDays: null as never })).toEqual(['workingDays: expected an array of YYYY-MM-DD dates']);
    expect(validateCalendar({ ...cal, dayReasons: { '2026-09-02': 'Quốc khánh' } })).toEqual([]);
    expect(validateCalendar({ ...cal, dayReasons: {} })).toEqual([]);
    const reasons = 'dayReasons: expected an object of YYYY-MM-DD → text';
    expect(validateCalendar({ ...cal, dayReasons: null as never })).toEqual([reasons]);
    expect(validateCalendar({ ...cal, dayReasons: ['x'] as never })).toEqual([reasons]);
    expect(validateCalendar({ ...cal, dayReasons: 'x' as never })).toEqual([reasons]);
    expect(validateCalendar({ ...cal, dayReasons: { '2026-02-30': 'x', '2026-09-02': 2 as never } })).toEqual([
      'dayReasons["2026-02-30"]: expected YYYY-MM-DD → text',
      'dayReasons["2026-09-02"]: expected YYYY-MM-DD → text',
    ]);
    expect(validateCalendar({ ...cal, paperCutoff: '16:30' })).toEqual([]);
    expect(validateCalendar({ ...cal, daysOff: ['2026-09-02', '2026-09-03'], workingDays: ['2026-09-05', '2026-09-03'] })).toEqual([
      '2026-09-03 is listed both as a day off and as a working day',
    ]);
    expect(validateCalendar({ ...cal, timeZone: 'Mars/Olympus' })).toEqual(['timeZone: unknown time zone "Mars/Olympus"']);
  });

  it('freezes the default calendar all the way down, and lays only the settings given', () => {
    expect(Object.isFrozen(DEFAULT_CALENDAR)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR.officeHours)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR.officeHours[0])).toBe(true);
    expect(DEFAULT_CALENDAR).toEqual({
      timeZone: 'Asia/Ho_Chi_Minh',
      officeHours: [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }],
      weekendDays: [0, 6],
      hoursPerWorkingDay: 8,
      daysOff: [],
      workingDays: [],
    });
    expect(withSettings(cal, {})).toEqual(cal);
    expect(withSettings(cal, undefined)).toBe(cal);
    expect(withSettings(cal, { timeZone: 'UTC' })).toEqual({ ...cal, timeZone: 'UTC' });
    expect(withSettings(cal, { paperCutoff: '14:00' })).toEqual({ ...cal, paperCutoff: '14:00' });
    expect(withSettings(cal, { officeHours: [{ start: '08:00', end: '16:00' }] })).toEqual({ ...cal, officeHours: [{ start: '08:00', end: '16:00' }] });
    expect(withSettings(cal, { weekendDays: [5] })).toEqual({ ...cal, weekendDays: [5] });
    expect(calendarSettings({ ...cal, paperCutoff: '14:00' }).paperCutoff).toBe('14:00');
    // A setting left out keeps the base's value, the cut-off included.
    expect(withSettings({ ...cal, paperCutoff: '14:00' }, { timeZone: 'UTC' }).paperCutoff).toBe('14:00');
    expect(withSettings({ ...cal, timeZone: 'UTC' }, { paperCutoff: '14:00' }).timeZone).toBe('UTC');
    expect(DEFAULT_PAPER_CUTOFF).toBe('15:00');
  });
});
