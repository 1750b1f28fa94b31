import { DEFAULT_CALENDAR } from './calendar';
import type { WorkCalendar } from './calendar';
import { buildCalendarDays, VN_CALENDAR_OVERRIDES, withHolidays } from './calendar-overrides';
import { addPeriod, clockStartAt, periodAtRisk } from './legal-time';
import { planDossier, validatePlan } from './plan';

// Hand-checked against a wall calendar and the Civil Code 2015 Art. 147–148: the event's day is not
// counted; the period ends at the end of its last day; a last day off moves the end to the end of
// the next working day. "End of the day" is the office closing, 17:00 (legal-time.ts).
const vn = (local: string) => new Date(`${local}+07:00`);
let cal: WorkCalendar;
beforeEach(() => {
  cal = withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2025, 2026, 2027], VN_CALENDAR_OVERRIDES));
});

describe('periods in calendar days ({calendarDays: n})', () => {
  it('ends a 15-day period whose last day is a Sunday at the end of Monday', () => {
    // Received online Sat 14/11/2026; day 1 = Sun 15/11 … day 15 = Sun 29/11 → Mon 30/11 17:00.
    const d = addPeriod(vn('2026-11-14T10:00'), { calendarDays: 15 }, cal);
    expect(d.due).toEqual(vn('2026-11-30T17:00'));
    expect(d.note).toMatch(/Art\. 148\(5\)/);
  });

  it('keeps a 15-day period whose last day is a working day on that day', () => {
    // Received Tue 03/11/2026; day 15 = Wed 18/11.
    expect(addPeriod(vn('2026-11-03T09:00'), { calendarDays: 15 }, cal).due).toEqual(vn('2026-11-18T17:00'));
  });

  it('moves a period ending inside Tết 2026 past the whole break (16–20/2 off, 14–22/2 in a row)', () => {
    // Received Thu 05/02/2026; 10 days → Sun 15/02; Mon 16 – Fri 20 Tết, Sat 21 – Sun 22 weekend → Mon 23/02 17:00.
    const d = addPeriod(vn('2026-02-05T09:00'), { calendarDays: 10 }, cal);
    expect(d.due).toEqual(vn('2026-02-23T17:00'));
    expect(d.trace.filter((e) => e.kind === 'skipped').map((e) => e.date)).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22',
    ]);
  });

  it('counts the days off inside the period like any other day (only the last day moves)', () => {
    // Received Fri 13/02/2026 (before Tết): 15 days → Sat 28/02 → Mon 02/03, the Tết days inside counted.
    expect(addPeriod(vn('2026-02-13T09:00'), { calendarDays: 15 }, cal).due).toEqual(vn('2026-03-02T17:00'));
  });

  it('puts the at-risk instant at its share of the real wait', () => {
    const start = vn('2026-11-03T09:00');
    const due = addPeriod(start, { calendarDays: 15 }, cal).due.getTime();
    expect(periodAtRisk(start, { calendarDays: 15 }, 0.75, cal).getTime()).toBe(start.getTime() + Math.round((due - start.getTime()) * 0.75));
    expect(() => periodAtRisk(start, { calendarDays: 15 }, 2, cal)).toThrow(/ratio/);
  });

  it('leaves working and elapsed durations to working-time counting', () => {
    // Fri 13/11/2026 16:00 + 2 working hours → 1 h Friday, 1 h Monday 07:30–08:30.
    expect(addPeriod(vn('2026-11-13T16:00'), { workingHours: 2 }, cal).due).toEqual(vn('2026-11-16T08:30'));
    expect(addPeriod(vn('2026-11-13T16:00'), { seconds: 60 }, cal).due).toEqual(vn('2026-11-13T16:01'));
  });
});

describe('the clock-start rule', () => {
  const rule = 'next_working_day_after_cutoff' as const;

  it('starts at receipt by default', () => {
    expect(clockStartAt(vn('2026-11-13T15:30'), undefined, cal)).toEqual(vn('2026-11-13T15:30'));
    expect(clockStartAt(vn('2026-11-13T15:30'), 'receipt', cal)).toEqual(vn('2026-11-13T15:30'));
  });

  it('counts a dossier received after the 15:00 cut-off from the next working day', () => {
    // Fri 13/11/2026 15:30 → Mon 16/11 07:30; 15 days from Mon → day 15 = Tue 01/12.
    const start = clockStartAt(vn('2026-11-13T15:30'), rule, cal);
    expect(start).toEqual(vn('2026-11-16T07:30'));
    expect(addPeriod(start, { calendarDays: 15 }, cal).due).toEqual(vn('2026-12-01T17:00'));
    // From the receipt itself: day 15 = Sat 28/11 → Mon 30/11.
    expect(addPeriod(vn('2026-11-13T15:30'), { calendarDays: 15 }, cal).due).toEqual(vn('2026-11-30T17:00'));
  });

  it('keeps the day at the cut-off itself and before it, and follows the agency cut-off', () => {
    expect(clockStartAt(vn('2026-11-13T15:00'), rule, cal)).toEqual(vn('2026-11-13T15:00'));
    expect(clockStartAt(vn('2026-11-13T06:45'), rule, cal)).toEqual(vn('2026-11-13T06:45'));
    expect(clockStartAt(vn('2026-11-13T15:30'), rule, { ...cal, paperCutoff: '16:00' })).toEqual(vn('2026-11-13T15:30'));
  });

  it('moves a receipt on a day off to the next working day, past Tết', () => {
    // Sat 14/02/2026 (Tết break 14–22/02) → Mon 23/02 07:30.
    expect(clockStartAt(vn('2026-02-14T09:00'), rule, cal)).toEqual(vn('2026-02-23T07:30'));
    expect(() => clockStartAt(vn('2026-02-14T09:00'), 'tomorrow' as never, cal)).toThrow(/unknown clock start rule/);
  });
});

describe('procedure plans with calendar days', () => {
  const steps = [
    { key: 'reception', name: 'Tiếp nhận', role: 'reception' as const, duration: { workingHours: 4 } },
    { key: 'review', name: 'Thẩm định', role: 'reviewer' as const, duration: { workingDays: 5 } },
  ];

  it('accepts working-time steps inside a legal time in calendar days, not elapsed ones', () => {
    expect(validatePlan({ code: 'x', name: 'x', agencyCode: 'A', legalTime: { calendarDays: 15 }, steps }, cal)).toEqual([]);
    expect(validatePlan({ code: 'x', name: 'x', agencyCode: 'A', legalTime: { calendarDays: 15 }, steps: [{ ...steps[0], duration: { seconds: 5 } }] }, cal)).toEqual([
      { field: 'steps[0].duration', message: 'working or calendar time expected like the legal time, got 5 s' },
    ]);
    expect(validatePlan({ code: 'x', name: 'x', agencyCode: 'A', legalTime: { workingDays: 15 }, steps: [{ ...steps[0], duration: { calendarDays: 5 } }] }, cal)).toEqual([
      { field: 'steps[0].duration', message: 'working time expected like the legal time, got 5 calendar days' },
    ]);
  });

  it('refuses calendar-day steps longer than the calendar-day legal time', () => {
    const long = [{ ...steps[1], duration: { calendarDays: 10 } }, { ...steps[1], key: 'approve', duration: { calendarDays: 6 } }];
    expect(validatePlan({ code: 'x', name: 'x', agencyCode: 'A', legalTime: { calendarDays: 15 }, steps: long }, cal)).toEqual([
      { field: 'steps', message: 'the steps add up to 16 calendar days, more than the legal time of 15 calendar days' },
    ]);
  });

  it('plans the dossier due date by the Civil Code', () => {
    const plan = planDossier(vn('2026-11-14T10:00'), { legalTime: { calendarDays: 15 }, steps }, cal);
    expect(plan.dueAt).toEqual(vn('2026-11-30T17:00'));
  });
});
