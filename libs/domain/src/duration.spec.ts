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
