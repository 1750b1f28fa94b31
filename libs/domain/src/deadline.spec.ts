import { DEFAULT_CALENDAR } from './calendar';
import type { WorkCalendar } from './calendar';
import { buildCalendarDays, VN_CALENDAR_OVERRIDES, withHolidays } from './calendar-overrides';
import { addDuration, addWorkingMillis, atRiskInstant, classifyFinished, explainDeadline, withDetail, workingMillisBetween, type Deadline, type TraceReason } from './deadline';

const H = 3_600_000;
const cal = DEFAULT_CALENDAR;
/** Wall-clock time in Hà Nội (UTC+7, no DST) as an instant. */
const vn = (local: string) => new Date(`${local}+07:00`);
const dueIso = (start: Date, hours: number, c: WorkCalendar = cal) => addWorkingMillis(start, hours * H, c).due.toISOString();

describe('addWorkingMillis / addDuration on the default calendar (Asia/Ho_Chi_Minh)', () => {
  it('counts from the start when it is inside office hours', () => {
    expect(dueIso(vn('2026-11-23T09:00'), 2)).toBe('2026-11-23T04:00:00.000Z'); // Mon 11:00
  });

  it('starts counting at the opening when received before office hours', () => {
    expect(dueIso(vn('2026-11-23T06:00'), 1)).toBe('2026-11-23T01:30:00.000Z'); // Mon 08:30
  });

  it('starts counting after lunch when received during the lunch break', () => {
    expect(dueIso(vn('2026-11-23T12:00'), 1)).toBe('2026-11-23T07:00:00.000Z'); // Mon 14:00
  });

  it('skips the lunch break', () => {
    expect(dueIso(vn('2026-11-23T10:30'), 2)).toBe('2026-11-23T07:00:00.000Z'); // 1h morning + 1h afternoon → 14:00
  });

  it('ends at 11:30, not at the next opening, when the time runs out exactly at noon closing', () => {
    expect(dueIso(vn('2026-11-23T07:30'), 4)).toBe('2026-11-23T04:30:00.000Z');
  });

  it('ends at 17:00, not the next morning, when the time runs out exactly at closing', () => {
    expect(dueIso(vn('2026-11-23T13:00'), 4)).toBe('2026-11-23T10:00:00.000Z');
  });

  it('continues on the next morning when received after closing', () => {
    expect(dueIso(vn('2026-11-23T18:00'), 1)).toBe('2026-11-24T01:30:00.000Z'); // Tue 08:30
  });

  it('crosses a weekend: Friday 16:00 + 2 working hours is Monday 08:30', () => {
    const d = addWorkingMillis(vn('2026-11-27T16:00'), 2 * H, cal);
    expect(d.due.toISOString()).toBe('2026-11-30T01:30:00.000Z');
    expect(d.trace).toEqual([
      { date: '2026-11-27', kind: 'counted', from: '16:00', to: '17:00', minutes: 60 },
      { date: '2026-11-28', kind: 'skipped', reason: 'weekend' },
      { date: '2026-11-29', kind: 'skipped', reason: 'weekend' },
      { date: '2026-11-30', kind: 'counted', from: '07:30', to: '08:30', minutes: 60 },
    ]);
  });

  it('starts on Monday morning when received on a Saturday', () => {
    expect(dueIso(vn('2026-11-28T10:00'), 4)).toBe('2026-11-30T04:30:00.000Z'); // Mon 11:30
  });

  it('skips days off listed in daysOff (30/4–1/5/2024 and the swapped Monday)', () => {
    const holidays: WorkCalendar = { ...cal, daysOff: ['2024-04-29', '2024-04-30', '2024-05-01'] };
    const d = addWorkingMillis(vn('2024-04-26T16:00'), 2 * H, holidays);
    expect(d.due.toISOString()).toBe('2024-05-02T01:30:00.000Z'); // Thu 08:30
    expect(d.trace.filter((e) => e.kind === 'skipped').map((e) => `${e.date} ${e.reason}`)).toEqual([
      '2024-04-27 weekend',
      '2024-04-28 weekend',
      '2024-04-29 day off',
      '2024-04-30 day off',
      '2024-05-01 day off',
    ]);
  });

  it('counts a Saturday listed in workingDays (make-up day 4/5/2024)', () => {
    const swapped: WorkCalendar = { ...cal, workingDays: ['2024-05-04'] };
    expect(dueIso(vn('2024-05-03T16:00'), 2, swapped)).toBe('2024-05-04T01:30:00.000Z'); // Sat 08:30
    expect(dueIso(vn('2024-05-03T16:00'), 2)).toBe('2024-05-06T01:30:00.000Z'); // Mon 08:30 without the swap
  });

  it('makes 1 working day from Monday 07:30 end on Monday 17:00', () => {
    expect(addDuration(vn('2026-11-23T07:30'), { workingDays: 1 }, cal).due.toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('makes 3 working days from Friday 07:30 end on Tuesday 17:00', () => {
    expect(addDuration(vn('2026-11-27T07:30'), { workingDays: 3 }, cal).due.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('treats workingHours like working days of hoursPerWorkingDay hours', () => {
    const start = vn('2026-11-25T09:15');
    expect(addDuration(start, { workingHours: 16 }, cal).due).toEqual(addDuration(start, { workingDays: 2 }, cal).due);
  });

  it('adds elapsed seconds as plain time, even at night and on weekends', () => {
    const d = addDuration(vn('2026-11-29T23:59:50'), { seconds: 30 }, cal);
    expect(d.due.toISOString()).toBe('2026-11-29T17:00:20.000Z');
    expect(d.trace).toEqual([{ date: '2026-11-29', kind: 'counted', from: '23:59:50', minutes: 0.5, reason: 'elapsed' }]);
  });

  it('returns the start itself for zero working time', () => {
    expect(dueIso(vn('2026-11-28T22:00'), 0)).toBe('2026-11-28T15:00:00.000Z');
  });

  it('throws a clear error instead of looping on a calendar without office hours', () => {
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), H, { ...cal, officeHours: [] })).toThrow(/office hours/i);
  });

  it('throws once it has walked 3660 days without finding working time', () => {
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), H, { ...cal, weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(/3660 days/);
  });

  it('rejects an unknown time zone, negative time and invalid dates', () => {
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), H, { ...cal, timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), -1, cal)).toThrow(/≥ 0/);
    expect(() => addWorkingMillis(new Date('nope'), H, cal)).toThrow(/valid Date/);
  });
});

describe('workingMillisBetween', () => {
  it('measures working time only', () => {
    expect(workingMillisBetween(vn('2026-11-27T16:00'), vn('2026-11-30T08:30'), cal)).toBe(2 * H);
    expect(workingMillisBetween(vn('2026-11-23T11:00'), vn('2026-11-23T12:45'), cal)).toBe(H / 2);
    expect(workingMillisBetween(vn('2026-11-23T00:00'), vn('2026-11-30T00:00'), cal)).toBe(40 * H);
  });

  it('is 0 when to is not after from', () => {
    expect(workingMillisBetween(vn('2026-11-23T10:00'), vn('2026-11-23T10:00'), cal)).toBe(0);
    expect(workingMillisBetween(vn('2026-11-23T10:00'), vn('2026-11-23T09:00'), cal)).toBe(0);
  });

  it('inverts addWorkingMillis for many starts and amounts', () => {
    const holidays: WorkCalendar = { ...cal, daysOff: ['2026-11-25'], workingDays: ['2026-11-28'] };
    const amounts = [1, 30 * 60_000, 4 * H, 8 * H, 13.25 * H, 40 * H];
    for (let start = vn('2026-11-22T00:00').getTime(); start < vn('2026-11-30T00:00').getTime(); start += 97 * 60_000) {
      for (const ms of amounts) {
        const due = addWorkingMillis(new Date(start), ms, holidays).due;
        expect(workingMillisBetween(new Date(start), due, holidays)).toBe(ms);
        // Nothing past the due instant may be needed: one ms less must be due no later.
        expect(addWorkingMillis(new Date(start), ms - 1, holidays).due.getTime()).toBeLessThan(due.getTime());
      }
    }
  });
});

describe('atRiskInstant', () => {
  it('takes the ratio of working time on office hours', () => {
    expect(atRiskInstant(vn('2026-11-23T07:30'), { workingDays: 1 }, 0.75, cal).toISOString()).toBe('2026-11-23T08:00:00.000Z'); // 15:00
  });

  it('takes the ratio of elapsed time in plain time', () => {
    expect(atRiskInstant(new Date('2026-11-28T00:00:00Z'), { seconds: 100 }, 0.75, cal).toISOString()).toBe('2026-11-28T00:01:15.000Z');
  });

  it('rejects a ratio outside [0, 1]', () => {
    expect(() => atRiskInstant(vn('2026-11-23T07:30'), { workingDays: 1 }, 1.5, cal)).toThrow(/ratio/);
  });
});

describe('classifyFinished', () => {
  const due = vn('2026-11-30T08:30'); // Mon

  it('is early when finished on a local day before the due day', () => {
    expect(classifyFinished(vn('2026-11-27T16:59'), due, cal)).toBe('early');
  });

  it('is on time when finished on the due day up to the due instant', () => {
    expect(classifyFinished(vn('2026-11-30T07:45'), due, cal)).toBe('on_time');
    expect(classifyFinished(due, due, cal)).toBe('on_time');
  });

  it('uses the calendar time zone to decide the day (00:30 Monday in Hà Nội is still Sunday in UTC)', () => {
    expect(classifyFinished(new Date('2026-11-29T17:30:00Z'), due, cal)).toBe('on_time');
    expect(classifyFinished(new Date('2026-11-29T17:30:00Z'), due, { timeZone: 'UTC' })).toBe('early');
  });

  it('is late after the due instant', () => {
    expect(classifyFinished(new Date(due.getTime() + 1000), due, cal)).toBe('late');
  });
});

describe('time zones other than Hà Nội', () => {
  const paris: WorkCalendar = { ...cal, timeZone: 'Europe/Paris' };

  it('keeps office hours on local time across the spring DST change', () => {
    // Fri 27/3/2026 16:00 CET (UTC+1) + 2h → Mon 30/3 08:30 CEST (UTC+2)
    expect(dueIso(new Date('2026-03-27T15:00:00Z'), 2, paris)).toBe('2026-03-30T06:30:00.000Z');
  });

  it('keeps office hours on local time across the autumn DST change', () => {
    // Fri 23/10/2026 16:00 CEST + 2h → Mon 26/10 08:30 CET
    expect(dueIso(new Date('2026-10-23T14:00:00Z'), 2, paris)).toBe('2026-10-26T07:30:00.000Z');
  });

  it('counts the real length of a 23-hour day when office hours span it', () => {
    const allDay: WorkCalendar = { ...paris, weekendDays: [], hoursPerWorkingDay: 24, officeHours: [{ start: '00:00', end: '24:00' }] };
    // Sat 28/3 00:00 CET → Mon 30/3 00:00 CEST: 24h + 23h
    expect(workingMillisBetween(new Date('2026-03-27T23:00:00Z'), new Date('2026-03-29T22:00:00Z'), allDay)).toBe(47 * H);
    const d = addWorkingMillis(new Date('2026-03-28T12:00:00Z'), 11 * H, allDay);
    expect(d.trace[0]).toEqual({ date: '2026-03-28', kind: 'counted', from: '13:00', to: '24:00', minutes: 660 });
  });
});

describe('explainDeadline', () => {
  it('lists counted intervals, skipped days grouped into ranges, and the due time', () => {
    const d = addWorkingMillis(vn('2026-11-27T16:00'), 2 * H, cal);
    expect(explainDeadline(d, cal)).toBe(
      '+1h Fri 27/11 16:00–17:00; skipped Sat 28/11–Sun 29/11 weekend; +1h Mon 30/11 07:30–08:30; due 08:30 30/11/2026',
    );
  });

  it('describes elapsed durations', () => {
    const d = addDuration(vn('2026-11-23T09:00'), { seconds: 90 }, cal);
    expect(explainDeadline(d, cal)).toBe('+1m30s elapsed from Mon 23/11 09:00; due 09:01:30 23/11/2026');
  });
});

describe('on the Vietnamese calendar of 2024–2027 (computed holidays + official overrides)', () => {
  // Built in each test, not when the file loads (see legal-time.spec.ts).
  let vnCal: WorkCalendar;
  beforeEach(() => {
    vnCal = withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2024, 2025, 2026, 2027], VN_CALENDAR_OVERRIDES));
  });

  it('runs 3 working days from Friday 13/2/2026 08:00 across Tết 14–22/2 to Wednesday 25/2 08:00, naming Tết', () => {
    const d = addDuration(vn('2026-02-13T08:00'), { workingDays: 3 }, vnCal);
    expect(d.due).toEqual(vn('2026-02-25T08:00'));
    expect(explainDeadline(d, vnCal)).toBe(
      '+3h30m Fri 13/02 08:00–11:30; +4h Fri 13/02 13:00–17:00; skipped Sat 14/02–Sun 15/02 weekend; ' +
        'skipped Mon 16/02–Fri 20/02 day off: Tết Nguyên đán (Lunar New Year) – nghỉ 14–22/02/2026; skipped Sat 21/02–Sun 22/02 weekend; ' +
        '+4h Mon 23/02 07:30–11:30; +4h Mon 23/02 13:00–17:00; +4h Tue 24/02 07:30–11:30; +4h Tue 24/02 13:00–17:00; ' +
        '+30m Wed 25/02 07:30–08:00; due 08:00 25/02/2026',
    );
  });

  it('skips the swapped Monday 29/4/2024 and counts the make-up Saturday 4/5/2024', () => {
    const d = addDuration(vn('2024-04-26T07:30'), { workingDays: 2 }, vnCal);
    expect(d.due).toEqual(vn('2024-05-02T17:00'));
    expect(d.trace.filter((e) => e.kind === 'skipped').map((e) => `${e.date} ${e.detail ?? e.reason}`)).toEqual([
      '2024-04-27 weekend',
      '2024-04-28 weekend',
      '2024-04-29 Nghỉ hoán đổi (swapped day off) – làm bù thứ Bảy 04/05/2024',
      '2024-04-30 Ngày Chiến thắng (Reunification Day)',
      '2024-05-01 Ngày Quốc tế lao động (International Labour Day)',
    ]);
    const sat = addDuration(vn('2024-05-03T07:30'), { workingDays: 2 }, vnCal);
    expect(sat.due).toEqual(vn('2024-05-04T17:00'));
    expect(explainDeadline(sat, vnCal)).toContain('+4h Sat 04/05 07:30–11:30 (Ngày làm bù (make-up working day) for Mon 29/04/2024)');
  });

  it('skips the carry-over Monday of Hùng Kings day 2026 (Sunday 26/4 → Monday 27/4)', () => {
    const d = addDuration(vn('2026-04-24T13:00'), { workingHours: 8 }, vnCal);
    expect(d.due).toEqual(vn('2026-04-28T11:30'));
    expect(explainDeadline(d, vnCal)).toContain('skipped Mon 27/04 day off: Nghỉ bù – carry-over of Giỗ Tổ Hùng Vương (Hùng Kings day) on Sun 26/04');
  });

  it('skips Tết 2025 (27/1–2/2) and the National Day swap of 2026 (Monday 31/8 off, Saturday 22/8 worked)', () => {
    expect(addDuration(vn('2025-01-24T13:00'), { workingDays: 1 }, vnCal).due).toEqual(vn('2025-02-03T11:30'));
    expect(addDuration(vn('2026-08-21T13:00'), { workingHours: 8 }, vnCal).due).toEqual(vn('2026-08-22T11:30'));
    expect(addDuration(vn('2026-08-28T13:00'), { workingHours: 8 }, vnCal).due).toEqual(vn('2026-09-03T11:30'));
  });

  it('uses the computed default for 2027 (Tết on Saturday 6/2: 5/2 and 8–11/2 off)', () => {
    expect(addDuration(vn('2027-02-04T13:00'), { workingHours: 8 }, vnCal).due).toEqual(vn('2027-02-12T11:30'));
  });

  it('measures the same working time back with workingMillisBetween', () => {
    expect(workingMillisBetween(vn('2026-02-13T08:00'), vn('2026-02-25T08:00'), vnCal)).toBe(24 * H);
  });

  it('leaves traces without detail when the calendar has no reasons', () => {
    const bare: WorkCalendar = { ...vnCal, dayReasons: undefined };
    const d = addDuration(vn('2026-04-24T13:00'), { workingHours: 8 }, bare);
    expect(d.trace.find((e) => e.date === '2026-04-27')).toEqual({ date: '2026-04-27', kind: 'skipped', reason: 'day off' });
  });
});

describe('deadline rules, each message and edge', () => {
  it('names what is wrong with the input exactly', () => {
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), Infinity, cal)).toThrow('working time must be a finite number ≥ 0, got Infinity');
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), NaN, cal)).toThrow('working time must be a finite number ≥ 0, got NaN');
    expect(() => addWorkingMillis(undefined as never, H, cal)).toThrow('start must be a valid Date');
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), H, { ...cal, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone: Mars/Olympus');
    expect(() => addWorkingMillis(vn('2026-11-23T09:00'), H, { ...cal, weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(
      'walked 3660 days from 2026-11-23T02:00:00.000Z without reaching the end: check the calendar (office hours, weekendDays, daysOff) and the duration',
    );
    expect(() => addDuration(vn('2026-11-23T09:00'), { seconds: -90 }, cal)).toThrow('elapsed time must be a finite number ≥ 0, got -90 s');
    expect(() => addDuration(new Date('nope'), { seconds: 90 }, cal)).toThrow('start must be a valid Date');
    expect(() => workingMillisBetween(new Date('nope'), vn('2026-11-23T09:00'), cal)).toThrow('from must be a valid Date');
    expect(() => workingMillisBetween(vn('2026-11-23T09:00'), new Date('nope'), cal)).toThrow('to must be a valid Date');
    expect(() => atRiskInstant(vn('2026-11-23T07:30'), { workingDays: 1 }, -0.1, cal)).toThrow('at-risk ratio must be within [0, 1], got -0.1');
    expect(() => atRiskInstant(vn('2026-11-23T07:30'), { workingDays: 1 }, NaN, cal)).toThrow('at-risk ratio must be within [0, 1], got NaN');
    expect(() => atRiskInstant(new Date('nope'), { seconds: 10 }, 0.5, cal)).toThrow('start must be a valid Date');
    expect(() => classifyFinished(new Date('nope'), vn('2026-11-23T09:00'), cal)).toThrow('completedAt must be a valid Date');
    expect(() => classifyFinished(vn('2026-11-23T09:00'), new Date('nope'), cal)).toThrow('due must be a valid Date');
  });

  it('takes a Date from another realm (the workflow sandbox) by its getTime', () => {
    const foreign = { getTime: () => vn('2026-11-23T09:00').getTime() } as Date;
    expect(addWorkingMillis(foreign, H, cal).due).toEqual(vn('2026-11-23T10:00'));
  });

  it('rounds working time to whole milliseconds and counts sub-minute amounts', () => {
    expect(addWorkingMillis(vn('2026-11-23T09:00'), 0.4, cal)).toEqual({ due: vn('2026-11-23T09:00'), trace: [] });
    const d = addWorkingMillis(vn('2026-11-23T09:00'), 1500.6, cal);
    expect(d.due.getTime()).toBe(vn('2026-11-23T09:00').getTime() + 1501);
    expect(d.trace).toEqual([{ date: '2026-11-23', kind: 'counted', from: '09:00', to: '09:00:01', minutes: 1501 / 60_000 }]);
  });

  it('traces each counted interval, the skipped days and the calendar’s reasons', () => {
    const withReasons: WorkCalendar = { ...cal, daysOff: ['2026-11-30'], workingDays: ['2026-11-28'], dayReasons: { '2026-11-30': 'nghỉ bù', '2026-11-28': 'làm bù' } };
    // A make-up Saturday's hours carry its reason; an ordinary weekday's do not.
    expect(addWorkingMillis(vn('2026-11-27T16:00'), 6 * H, withReasons).trace).toEqual([
      { date: '2026-11-27', kind: 'counted', from: '16:00', to: '17:00', minutes: 60 },
      { date: '2026-11-28', kind: 'counted', from: '07:30', to: '11:30', minutes: 240, detail: 'làm bù' },
      { date: '2026-11-28', kind: 'counted', from: '13:00', to: '14:00', minutes: 60, detail: 'làm bù' },
    ]);
    const over = addWorkingMillis(vn('2026-11-28T13:00'), 5 * H, withReasons);
    expect(over.trace).toEqual([
      { date: '2026-11-28', kind: 'counted', from: '13:00', to: '17:00', minutes: 240, detail: 'làm bù' },
      { date: '2026-11-29', kind: 'skipped', reason: 'weekend' },
      { date: '2026-11-30', kind: 'skipped', reason: 'day off', detail: 'nghỉ bù' },
      { date: '2026-12-01', kind: 'counted', from: '07:30', to: '08:30', minutes: 60 },
    ]);
    expect(explainDeadline(over, cal)).toBe('+4h Sat 28/11 13:00–17:00 (làm bù); skipped Sun 29/11 weekend; skipped Mon 30/11 day off: nghỉ bù; +1h Tue 01/12 07:30–08:30; due 08:30 01/12/2026');
    expect(withDetail({ date: '2026-11-30', kind: 'skipped' }, {})).toEqual({ date: '2026-11-30', kind: 'skipped' });
  });

  it('keeps an interval closing at 24:00 on its own day in the trace', () => {
    const night: WorkCalendar = { ...cal, officeHours: [{ start: '20:00', end: '24:00' }], hoursPerWorkingDay: 4 };
    const d = addWorkingMillis(vn('2026-11-23T20:00'), 4 * H, night);
    expect(d.due).toEqual(vn('2026-11-24T00:00'));
    expect(d.trace).toEqual([{ date: '2026-11-23', kind: 'counted', from: '20:00', to: '24:00', minutes: 240 }]);
  });

  it('measures working time up to an instant inside, before or after office hours', () => {
    const from = vn('2026-11-27T16:00'); // Friday
    expect(workingMillisBetween(from, vn('2026-11-27T16:00:00.001'), cal)).toBe(1);
    expect(workingMillisBetween(from, vn('2026-11-28T10:00'), cal)).toBe(H); // Saturday: only Friday's hour
    expect(workingMillisBetween(from, vn('2026-11-30T07:30'), cal)).toBe(H); // Monday's opening itself adds nothing
    expect(workingMillisBetween(from, vn('2026-11-30T12:00'), cal)).toBe(5 * H); // lunch break not counted
    expect(workingMillisBetween(vn('2026-11-30T12:00'), vn('2026-11-30T12:30'), cal)).toBe(0);
  });

  it('takes 0 and 1 as at-risk ratios: the start and the due instant', () => {
    expect(atRiskInstant(vn('2026-11-27T16:00'), { workingHours: 2 }, 0, cal)).toEqual(vn('2026-11-27T16:00'));
    expect(atRiskInstant(vn('2026-11-27T16:00'), { workingHours: 2 }, 1, cal)).toEqual(vn('2026-11-30T08:30'));
    expect(atRiskInstant(vn('2026-11-27T16:00'), { seconds: 3 }, 1 / 3, cal).getTime()).toBe(vn('2026-11-27T16:00').getTime() + 1000);
  });

  it('writes amounts of time for people', () => {
    const at = vn('2026-11-23T09:00');
    const elapsed = (seconds: number) => explainDeadline(addDuration(at, { seconds }, cal), cal).split(';')[0];
    expect(elapsed(3600)).toBe('+1h elapsed from Mon 23/11 09:00');
    expect(elapsed(3661)).toBe('+1h1m1s elapsed from Mon 23/11 09:00');
    expect(elapsed(7)).toBe('+7s elapsed from Mon 23/11 09:00');
    expect(elapsed(0.2)).toBe('+0s elapsed from Mon 23/11 09:00');
    expect(explainDeadline({ due: at, trace: [{ date: '2026-11-23', kind: 'counted', reason: 'elapsed' }] }, cal)).toBe('+0s elapsed from Mon 23/11; due 09:00 23/11/2026');
    expect(explainDeadline({ due: at, trace: [{ date: '2026-11-23', kind: 'counted' }] }, cal)).toBe('+0s Mon 23/11 –; due 09:00 23/11/2026');
  });

  it('groups only consecutive skipped days with the same reason and detail, and names the rule that placed the due date', () => {
    const skipped = (date: string, reason?: TraceReason, detail?: string) => ({ date, kind: 'skipped' as const, reason, detail });
    const due = vn('2026-12-01T17:00');
    const text = (trace: Deadline['trace'], note?: string) => explainDeadline({ due, trace, note }, cal);
    expect(text([skipped('2026-11-28', 'weekend'), skipped('2026-11-29', 'weekend'), skipped('2026-11-30', 'day off')])).toBe(
      'skipped Sat 28/11–Sun 29/11 weekend; skipped Mon 30/11 day off; due 17:00 01/12/2026',
    );
    expect(text([skipped('2026-11-28', 'weekend'), skipped('2026-11-30', 'weekend')])).toBe('skipped Sat 28/11 weekend; skipped Mon 30/11 weekend; due 17:00 01/12/2026');
    expect(text([skipped('2026-11-28', 'day off', 'a'), skipped('2026-11-29', 'day off', 'b')])).toBe('skipped Sat 28/11 day off: a; skipped Sun 29/11 day off: b; due 17:00 01/12/2026');
    expect(text([skipped('2026-11-28', undefined, 'Tết'), skipped('2026-11-29')])).toBe('skipped Sat 28/11 day off: Tết; skipped Sun 29/11; due 17:00 01/12/2026');
    expect(text([], 'Civil Code')).toBe('due 17:00 01/12/2026 (Civil Code)');
  });

  it('classifies a finish on the due day before the due instant as on time, even in another zone', () => {
    const due = new Date('2026-11-30T01:00:00Z');
    expect(classifyFinished(new Date('2026-11-30T00:59:59Z'), due, { timeZone: 'UTC' })).toBe('on_time');
    expect(classifyFinished(new Date('2026-11-29T23:59:59Z'), due, { timeZone: 'UTC' })).toBe('early');
    expect(classifyFinished(new Date('2026-11-30T01:00:00.001Z'), due, { timeZone: 'UTC' })).toBe('late');
  });
});

describe('deadline walk, boundaries', () => {
  const never: WorkCalendar = { ...cal, weekendDays: [0, 1, 2, 3, 4, 5, 6] };

  it('walks at most 3660 local days', () => {
    expect(addWorkingMillis(vn('2026-01-01T09:00'), H, { ...never, workingDays: ['2036-01-08'] }).due).toEqual(vn('2036-01-08T08:30')); // day 3659
    expect(() => addWorkingMillis(vn('2026-01-01T09:00'), H, { ...never, workingDays: ['2036-01-09'] })).toThrow(/^walked 3660 days/); // day 3660
  });

  it('stops measuring at the last day, even when no working time follows it', () => {
    const once: WorkCalendar = { ...never, workingDays: ['2026-11-23'] };
    expect(workingMillisBetween(vn('2026-11-23T09:00'), vn('2026-11-23T18:00'), once)).toBe(6.5 * H);
  });

  it('records no empty interval when the start is exactly at a closing', () => {
    expect(addWorkingMillis(vn('2026-11-23T11:30'), H, cal).trace).toEqual([{ date: '2026-11-23', kind: 'counted', from: '13:00', to: '14:00', minutes: 60 }]);
  });

  it('adds zero elapsed seconds as the start itself', () => {
    expect(addDuration(vn('2026-11-23T09:00'), { seconds: 0 }, cal).due).toEqual(vn('2026-11-23T09:00'));
  });

  it('does not fold a counted day into a run of skipped ones', () => {
    const trace: Deadline['trace'] = [{ date: '2026-11-28', kind: 'skipped' }, { date: '2026-11-29', kind: 'counted' }];
    expect(explainDeadline({ due: vn('2026-11-29T09:00'), trace }, cal)).toBe('skipped Sat 28/11; +0s Sun 29/11 –; due 09:00 29/11/2026');
  });
});
