import { DEFAULT_CALENDAR } from './calendar';
import { describeDuration, describeWorkingMillis, durationToMillis, durationUnit, validateDuration } from './duration';

const H = 3_600_000;

describe('durations', () => {
  it('tells working from elapsed durations', () => {
    expect(durationUnit({ workingDays: 3 })).toBe('working');
    expect(durationUnit({ workingHours: 2 })).toBe('working');
    expect(durationUnit({ seconds: 30 })).toBe('elapsed');
  });

  it('converts working days with the calendar hours per working day', () => {
    expect(durationToMillis({ workingDays: 3 }, DEFAULT_CALENDAR)).toBe(24 * H);
    expect(durationToMillis({ workingDays: 1 }, { hoursPerWorkingDay: 7.5 })).toBe(7.5 * H);
    expect(durationToMillis({ workingHours: 16 }, DEFAULT_CALENDAR)).toBe(16 * H);
    expect(durationToMillis({ seconds: 30 }, DEFAULT_CALENDAR)).toBe(30_000);
  });

  it('describes durations for people', () => {
    expect(describeDuration({ workingDays: 3 })).toBe('3 working days');
    expect(describeDuration({ workingDays: 1 })).toBe('1 working day');
    expect(describeDuration({ workingHours: 16 })).toBe('16 working hours');
    expect(describeDuration({ seconds: 30 })).toBe('30 s');
    expect(describeWorkingMillis(16 * H, DEFAULT_CALENDAR)).toBe('2 working days (16 working hours)');
    expect(describeWorkingMillis(17 * H, DEFAULT_CALENDAR)).toBe('17 working hours');
  });

  it('accepts exactly one positive finite field', () => {
    expect(validateDuration({ workingDays: 2 })).toEqual([]);
    expect(validateDuration({ workingDays: 0 })).toHaveLength(1);
    expect(validateDuration({ workingHours: -1 })).toHaveLength(1);
    expect(validateDuration({ seconds: Infinity })).toHaveLength(1);
    expect(validateDuration({ seconds: '30' })).toHaveLength(1);
    expect(validateDuration({ workingDays: 1, seconds: 2 })).toHaveLength(1);
    expect(validateDuration({ days: 1 })).toHaveLength(1);
    expect(validateDuration(null)).toHaveLength(1);
  });
});

describe('durations, edges', () => {
  it('names what is wrong with a duration', () => {
    expect(validateDuration(null)).toEqual(['must be an object with one of workingDays, workingHours, seconds, calendarDays']);
    expect(validateDuration([{ seconds: 1 }])).toEqual(['must be an object with one of workingDays, workingHours, seconds, calendarDays']);
    expect(validateDuration(3)).toEqual(['must be an object with one of workingDays, workingHours, seconds, calendarDays']);
    expect(validateDuration({})).toEqual(['must have exactly one of workingDays, workingHours, seconds, calendarDays']);
    expect(validateDuration({ days: 1 })).toEqual(['must have exactly one of workingDays, workingHours, seconds, calendarDays']);
    expect(validateDuration({ workingDays: 1, note: 'x' })).toEqual(['must have exactly one of workingDays, workingHours, seconds, calendarDays']);
    expect(validateDuration({ workingHours: 0 })).toEqual(['workingHours must be a positive finite number']);
    expect(validateDuration({ seconds: NaN })).toEqual(['seconds must be a positive finite number']);
    expect(validateDuration({ workingHours: 0.5 })).toEqual([]);
    expect(validateDuration({ seconds: 1 })).toEqual([]);
    expect(validateDuration({ calendarDays: 15 })).toEqual([]);
    // Civil Code 2015 Art. 147 counts whole days.
    expect(validateDuration({ calendarDays: 1.5 })).toEqual(['calendarDays must be a whole number of days']);
    expect(validateDuration({ calendarDays: 0 })).toEqual(['calendarDays must be a positive finite number']);
  });

  it('has calendar days as their own unit, never as milliseconds', () => {
    expect(durationUnit({ calendarDays: 15 })).toBe('calendar');
    expect(describeDuration({ calendarDays: 15 })).toBe('15 calendar days');
    expect(describeDuration({ calendarDays: 1 })).toBe('1 calendar day');
    expect(() => durationToMillis({ calendarDays: 15 }, { hoursPerWorkingDay: 8 })).toThrow(/addPeriod/);
  });

  it('refuses what is not a duration', () => {
    const notOne = { minutes: 5 } as never;
    expect(() => durationUnit(notOne)).toThrow('not a duration: {"minutes":5}');
    expect(() => durationToMillis(notOne, DEFAULT_CALENDAR)).toThrow('not a duration: {"minutes":5}');
    expect(() => describeDuration(notOne)).toThrow('not a duration: {"minutes":5}');
  });

  it('rounds to whole milliseconds', () => {
    expect(durationToMillis({ seconds: 0.0004 }, DEFAULT_CALENDAR)).toBe(0);
    expect(durationToMillis({ seconds: 1.0006 }, DEFAULT_CALENDAR)).toBe(1001);
    expect(durationToMillis({ workingHours: 1 / 3 }, DEFAULT_CALENDAR)).toBe(1_200_000);
    expect(durationToMillis({ workingDays: 1 / 3 }, { hoursPerWorkingDay: 1 })).toBe(1_200_000);
  });

  it('describes single and fractional hours, and working milliseconds that are not whole days', () => {
    expect(describeDuration({ workingHours: 1 })).toBe('1 working hour');
    expect(describeDuration({ workingHours: 1.5 })).toBe('1.5 working hours');
    expect(describeWorkingMillis(8 * H, DEFAULT_CALENDAR)).toBe('1 working day (8 working hours)');
    expect(describeWorkingMillis(H, DEFAULT_CALENDAR)).toBe('1 working hour');
    expect(describeWorkingMillis(H / 3, DEFAULT_CALENDAR)).toBe('0.33 working hours');
    expect(describeWorkingMillis((2 * H) / 3, DEFAULT_CALENDAR)).toBe('0.67 working hours');
    expect(describeWorkingMillis(0, DEFAULT_CALENDAR)).toBe('0 working hours');
    expect(describeWorkingMillis(15 * H, { hoursPerWorkingDay: 7.5 })).toBe('2 working days (15 working hours)');
  });
});
