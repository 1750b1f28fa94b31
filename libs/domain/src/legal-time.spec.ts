import { DEFAULT_CALENDAR } from './calendar';
import type { WorkCalendar } from './calendar';
import { buildCalendarDays, VN_CALENDAR_OVERRIDES, withHolidays } from './calendar-overrides';
import { addWorkingMillis, explainDeadline } from './deadline';
import { addCalendarDays, endOfDay, legalReceipt, nextWorkingDate, periodEndingOn, rollPastDaysOff } from './legal-time';

const H = 3_600_000;
const vn = (local: string) => new Date(`${local}+07:00`);
// Built in each test, not when the file loads: mutation testing counts code run at load as covered
// by every test (a 'static' mutant), which then runs the whole suite for each of its mutants.
let cal: WorkCalendar;
beforeEach(() => {
  cal = withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2024, 2025, 2026, 2027], VN_CALENDAR_OVERRIDES));
});

describe('Civil Code 2015 Art. 148(5): a period ending on a day off', () => {
  it('ends a calendar-day period that lands on a Saturday at the end of Monday', () => {
    // Event Wed 11/11/2026; the day itself is not counted (Art. 147(2)); 10 days → Sat 21/11 → Mon 23/11 17:00.
    const d = addCalendarDays(vn('2026-11-11T10:00'), 10, cal);
    expect(d.due).toEqual(vn('2026-11-23T17:00'));
    expect(d.note).toMatch(/Art\. 148\(5\)/);
    expect(explainDeadline(d, cal)).toBe(
      '+10 calendar days Thu 12/11–Sat 21/11; skipped Sat 21/11–Sun 22/11 weekend; due 17:00 23/11/2026 ' +
        '(Civil Code 2015 Art. 148(5): the last day is not a working day, so the period ends at the end of the next working day)',
    );
  });

  it('rolls a calendar-day period ending in Tết 2026 past the whole break, naming it', () => {
    const d = addCalendarDays(vn('2026-02-08T09:00'), 10, cal); // last day Wed 18/2
    expect(d.due).toEqual(vn('2026-02-23T17:00'));
    expect(explainDeadline(d, cal)).toContain('skipped Wed 18/02–Fri 20/02 day off: Tết Nguyên đán (Lunar New Year) – nghỉ 14–22/02/2026; skipped Sat 21/02–Sun 22/02 weekend');
  });

  it('keeps a period whose last day is a working day, ending at closing or at 24:00 (Art. 148(6)) as set', () => {
    expect(addCalendarDays(vn('2026-11-11T10:00'), 9, cal).due).toEqual(vn('2026-11-20T17:00'));
    expect(addCalendarDays(vn('2026-11-11T10:00'), 9, cal, { dayEnd: 'midnight' }).due).toEqual(vn('2026-11-21T00:00'));
    expect(addCalendarDays(vn('2026-11-11T10:00'), 9, cal).note).toBeUndefined();
  });

  it('counts a make-up Saturday as a working day (4/5/2024)', () => {
    expect(periodEndingOn('2024-05-04', cal).due).toEqual(vn('2024-05-04T17:00'));
    expect(periodEndingOn('2024-04-27', cal).due).toEqual(vn('2024-05-02T17:00')); // Sat → Sun, 29/4 swap, 30/4, 1/5
  });

  it('moves a due date set on a day off (a reschedule) to the end of the next working day, and keeps one on a working day', () => {
    expect(rollPastDaysOff(vn('2026-04-27T10:00'), cal).due).toEqual(vn('2026-04-28T17:00'));
    expect(rollPastDaysOff(vn('2026-04-28T10:00'), cal)).toEqual({ due: vn('2026-04-28T10:00'), trace: [] });
  });

  it('does not move working time that runs out at closing before a day off to the next opening', () => {
    // Friday 13/2/2026 is the last working day before Tết; 1 working day from 07:30 ends at 17:00 that Friday.
    expect(addWorkingMillis(vn('2026-02-13T07:30'), 8 * H, cal).due).toEqual(vn('2026-02-13T17:00'));
    expect(addWorkingMillis(vn('2026-02-13T13:00'), 4 * H, cal).due).toEqual(vn('2026-02-13T17:00'));
    // Wed 7/2/2024 before Tết 8–14/2/2024, and Wed 29/4/2026 before 30/4–1/5.
    expect(addWorkingMillis(vn('2024-02-07T07:30'), 8 * H, cal).due).toEqual(vn('2024-02-07T17:00'));
    expect(addWorkingMillis(vn('2026-04-29T07:30'), 8 * H, cal).due).toEqual(vn('2026-04-29T17:00'));
    // One millisecond more goes to the first opening after the break.
    expect(addWorkingMillis(vn('2026-02-13T07:30'), 8 * H + 1, cal).due).toEqual(new Date(vn('2026-02-23T07:30').getTime() + 1));
  });

  it('ends a day at its last closing', () => {
    expect(endOfDay('2026-02-13', cal)).toEqual(vn('2026-02-13T17:00'));
  });
});

describe('legalReceipt: the 15:00 rule (Decree 61/2018 Art. 19(1), Decree 118/2025)', () => {
  it('cites the decree in force on the receipt day: Decree 61/2018 before 1 July 2025, Decree 118/2025 from it', () => {
    expect(legalReceipt(vn('2025-06-30T15:30'), 'counter', cal).reason).toMatch(/\(Decree 61\/2018\/NĐ-CP Art\. 19\(1\), as amended by Decree 107\/2021\/NĐ-CP\)$/);
    expect(legalReceipt(vn('2025-07-01T15:30'), 'counter', cal).reason).toMatch(/\(Decree 118\/2025\/NĐ-CP\)$/);
  });

  it('forwards a paper dossier received at 14:59 the same day, and one at 15:01 the next working morning', () => {
    expect(legalReceipt(vn('2026-11-25T14:59'), 'counter', cal)).toMatchObject({ forwardAt: vn('2026-11-25T14:59'), rule: 'same_day' });
    expect(legalReceipt(vn('2026-11-25T15:00'), 'counter', cal).rule).toBe('same_day');
    const late = legalReceipt(vn('2026-11-25T15:01'), 'postal', cal);
    expect(late).toMatchObject({ forwardAt: vn('2026-11-26T07:30'), rule: 'next_opening', skipped: [] });
    expect(late.reason).toBe(
      'received at 15:01 Wed 25/11, after the 15:00 cut-off: forwarded at the opening of the next working day, 07:30 26/11/2026 ' +
        '(Decree 118/2025/NĐ-CP)',
    );
  });

  it('forwards a Friday dossier after 15:00 on Monday 07:30', () => {
    const r = legalReceipt(vn('2026-11-27T15:30'), 'counter', cal);
    expect(r.forwardAt).toEqual(vn('2026-11-30T07:30'));
    expect(r.skipped.map((e) => `${e.date} ${e.reason}`)).toEqual(['2026-11-28 weekend', '2026-11-29 weekend']);
  });

  it('forwards a dossier received after 15:00 on the day before Tết after the whole break', () => {
    const r = legalReceipt(vn('2026-02-13T15:30'), 'counter', cal);
    expect(r.forwardAt).toEqual(vn('2026-02-23T07:30'));
    expect(r.skipped).toHaveLength(9);
    expect(r.skipped[2]).toEqual({ date: '2026-02-16', kind: 'skipped', reason: 'day off', detail: 'Tết Nguyên đán (Lunar New Year) – nghỉ 14–22/02/2026' });
    // Before the cut-off on that Friday it goes the same day.
    expect(legalReceipt(vn('2026-02-13T14:00'), 'counter', cal).forwardAt).toEqual(vn('2026-02-13T14:00'));
  });

  it('forwards online dossiers at once, whatever the hour or day', () => {
    expect(legalReceipt(vn('2026-02-17T21:00'), 'online', cal)).toMatchObject({ forwardAt: vn('2026-02-17T21:00'), rule: 'online' });
  });

  it('handles office-hour boundaries: before opening, lunch break, after closing, holiday, make-up Saturday', () => {
    expect(legalReceipt(vn('2026-11-25T06:45'), 'postal', cal).forwardAt).toEqual(vn('2026-11-25T07:30'));
    expect(legalReceipt(vn('2026-11-25T07:30'), 'counter', cal).forwardAt).toEqual(vn('2026-11-25T07:30'));
    expect(legalReceipt(vn('2026-11-25T12:10'), 'counter', cal).forwardAt).toEqual(vn('2026-11-25T13:00'));
    expect(legalReceipt(vn('2026-11-25T17:30'), 'counter', cal).forwardAt).toEqual(vn('2026-11-26T07:30'));
    const holiday = legalReceipt(vn('2026-04-27T09:00'), 'counter', cal);
    expect(holiday.forwardAt).toEqual(vn('2026-04-28T07:30'));
    expect(holiday.reason).toContain('a day off (Nghỉ bù – carry-over of Giỗ Tổ Hùng Vương (Hùng Kings day) on Sun 26/04)');
    expect(legalReceipt(vn('2024-05-04T10:00'), 'counter', cal).forwardAt).toEqual(vn('2024-05-04T10:00'));
    expect(legalReceipt(vn('2024-05-04T16:00'), 'counter', cal).forwardAt).toEqual(vn('2024-05-06T07:30'));
  });

  it('takes another cut-off and rejects bad input', () => {
    expect(legalReceipt(vn('2026-11-25T15:30'), 'counter', cal, '16:00').forwardAt).toEqual(vn('2026-11-25T15:30'));
    // The agency's own cut-off travels in its calendar.
    expect(legalReceipt(vn('2026-11-25T15:30'), 'counter', { ...cal, paperCutoff: '16:00' }).forwardAt).toEqual(vn('2026-11-25T15:30'));
    expect(legalReceipt(vn('2026-11-25T14:30'), 'counter', { ...cal, paperCutoff: '14:00' }).forwardAt).toEqual(vn('2026-11-26T07:30'));
    expect(() => legalReceipt(vn('2026-11-25T15:30'), 'fax' as never, cal)).toThrow(/channel/);
    expect(() => legalReceipt(vn('2026-11-25T15:30'), 'counter', cal, '3pm')).toThrow(/cutoff/);
    expect(() => legalReceipt(new Date('x'), 'counter', cal)).toThrow(/valid Date/);
  });
});

describe('legal time, each message and edge', () => {
  it('names bad input exactly', () => {
    expect(() => addCalendarDays(new Date('x'), 3, cal)).toThrow('start must be a valid Date');
    expect(() => addCalendarDays(undefined as never, 3, cal)).toThrow('start must be a valid Date');
    expect(() => addCalendarDays(vn('2026-11-11T10:00'), 0, cal)).toThrow('days must be a positive integer, got 0');
    expect(() => addCalendarDays(vn('2026-11-11T10:00'), 1.5, cal)).toThrow('days must be a positive integer, got 1.5');
    expect(() => addCalendarDays(vn('2026-11-11T10:00'), 3, { ...cal, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone: Mars/Olympus');
    expect(() => rollPastDaysOff(vn('2026-11-11T10:00'), { ...cal, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone: Mars/Olympus');
    expect(() => endOfDay('2026-11-11', { ...cal, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone: Mars/Olympus');
    expect(() => legalReceipt(vn('2026-11-25T15:30'), 'fax' as never, cal)).toThrow('unknown receipt channel: fax');
    expect(() => legalReceipt(vn('2026-11-25T15:30'), 'counter', cal, '3pm')).toThrow('cutoff must be HH:mm, got "3pm"');
    expect(() => legalReceipt(undefined as never, 'counter', cal)).toThrow('receivedAt must be a valid Date');
    expect(() => legalReceipt(vn('2026-11-25T15:30'), 'counter', { ...cal, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone: Mars/Olympus');
    expect(() => nextWorkingDate('2026-11-28', { ...cal, weekendDays: [0, 1, 2, 3, 4, 5, 6], workingDays: [] })).toThrow('no working day within 3660 days of 2026-11-28: check the calendar');
  });

  it('counts calendar days from the day after the event and traces them', () => {
    const d = addCalendarDays(vn('2026-11-11T23:59'), 1, cal);
    expect(d).toEqual({ due: vn('2026-11-12T17:00'), trace: [{ date: '2026-11-12', kind: 'counted', minutes: 1440, reason: 'calendar days', lastDate: '2026-11-12' }] });
    expect(explainDeadline(d, cal)).toBe('+1 calendar day Thu 12/11–Thu 12/11; due 17:00 12/11/2026');
    const saturday = addCalendarDays(vn('2026-11-11T10:00'), 10, cal);
    expect(saturday.trace.map((e) => `${e.date} ${e.kind} ${e.reason}`)).toEqual(['2026-11-12 counted calendar days', '2026-11-21 skipped weekend', '2026-11-22 skipped weekend']);
    expect(saturday.note).toBe('Civil Code 2015 Art. 148(5): the last day is not a working day, so the period ends at the end of the next working day');
    // The event's day is the local one: 00:30 on the 12th in Hà Nội is the 11th in UTC.
    expect(addCalendarDays(new Date('2026-11-11T17:30:00Z'), 1, cal).due).toEqual(vn('2026-11-13T17:00'));
  });

  it('finds the next working date and what it passed over', () => {
    expect(nextWorkingDate('2026-11-27', cal)).toEqual({ date: '2026-11-27', skipped: [] });
    expect(nextWorkingDate('2026-11-28', cal)).toEqual({
      date: '2026-11-30',
      skipped: [
        { date: '2026-11-28', kind: 'skipped', reason: 'weekend' },
        { date: '2026-11-29', kind: 'skipped', reason: 'weekend' },
      ],
    });
  });

  it('ends a day at its last closing or at midnight, also with one office interval', () => {
    expect(endOfDay('2026-02-13', cal, 'midnight')).toEqual(vn('2026-02-14T00:00'));
    expect(endOfDay('2026-02-13', { ...cal, officeHours: [{ start: '08:00', end: '16:00' }] })).toEqual(vn('2026-02-13T16:00'));
    expect(periodEndingOn('2026-11-28', cal, { dayEnd: 'midnight' }).due).toEqual(vn('2026-12-01T00:00'));
    expect(periodEndingOn('2026-11-27', cal)).toEqual({ due: vn('2026-11-27T17:00'), trace: [] });
  });

  it('rolls a chosen instant on a weekend to the end of the next working day, at midnight when so set', () => {
    expect(rollPastDaysOff(vn('2026-11-28T10:00'), cal, { dayEnd: 'midnight' }).due).toEqual(vn('2026-12-01T00:00'));
    expect(rollPastDaysOff(vn('2026-11-28T10:00'), cal).trace.map((e) => e.date)).toEqual(['2026-11-28', '2026-11-29']);
  });

  it('gives every receipt its rule and its reason in words', () => {
    const DECREE = '(Decree 118/2025/NĐ-CP)';
    expect(legalReceipt(vn('2026-11-28T10:00'), 'online', cal)).toEqual({
      forwardAt: vn('2026-11-28T10:00'), rule: 'online', reason: `received online at 10:00 Sat 28/11: forwarded at once ${DECREE}`, skipped: [],
    });
    expect(legalReceipt(vn('2026-11-25T09:15:30'), 'counter', cal)).toEqual({
      forwardAt: vn('2026-11-25T09:15:30'), rule: 'same_day', reason: `received at 09:15:30 Wed 25/11, by the 15:00 cut-off: forwarded the same day ${DECREE}`, skipped: [],
    });
    expect(legalReceipt(vn('2026-11-25T12:10'), 'counter', cal)).toEqual({
      forwardAt: vn('2026-11-25T13:00'), rule: 'same_day', reason: `received at 12:10 Wed 25/11, outside office hours: forwarded when the office opens, 13:00 25/11/2026 ${DECREE}`, skipped: [],
    });
    expect(legalReceipt(vn('2026-11-28T10:00'), 'postal', cal)).toEqual({
      forwardAt: vn('2026-11-30T07:30'),
      rule: 'next_opening',
      reason: `received at 10:00 Sat 28/11, a weekend day: forwarded at the opening of the next working day, 07:30 30/11/2026 ${DECREE}`,
      skipped: [{ date: '2026-11-29', kind: 'skipped', reason: 'weekend' }],
    });
    expect(legalReceipt(vn('2026-09-02T10:00'), 'counter', { ...cal, dayReasons: undefined }).reason).toBe(
      `received at 10:00 Wed 02/09, a day off: forwarded at the opening of the next working day, 07:30 03/09/2026 ${DECREE}`,
    );
  });

  it('sends a paper dossier taken by the cut-off but after the last opening that day to the next working day', () => {
    // Office 07:30–11:30 and 15:30–19:30 with the 15:00 cut-off: at 12:00 the next opening is after the cut-off.
    const late: WorkCalendar = { ...cal, officeHours: [{ start: '07:30', end: '11:30' }, { start: '15:30', end: '19:30' }] };
    const r = legalReceipt(vn('2026-11-25T12:00'), 'counter', late);
    expect(r).toMatchObject({ forwardAt: vn('2026-11-26T07:30'), rule: 'next_opening' });
    expect(r.reason).toMatch(/^received at 12:00 Wed 25\/11, after office hours: forwarded at the opening of the next working day, 07:30 26\/11\/2026/);
    // An opening exactly at the cut-off still counts as that day.
    const atCutoff: WorkCalendar = { ...cal, officeHours: [{ start: '07:30', end: '11:30' }, { start: '15:00', end: '19:00' }] };
    expect(legalReceipt(vn('2026-11-25T12:00'), 'counter', atCutoff)).toMatchObject({ forwardAt: vn('2026-11-25T15:00'), rule: 'same_day' });
    // By the cut-off but after closing (office hours ending early).
    const short: WorkCalendar = { ...cal, officeHours: [{ start: '07:30', end: '11:30' }] };
    expect(legalReceipt(vn('2026-11-25T14:00'), 'counter', short)).toMatchObject({ forwardAt: vn('2026-11-26T07:30'), rule: 'next_opening' });
    // Open at 11:29:59 but closed at 11:30:00.
    expect(legalReceipt(vn('2026-11-25T11:29:59'), 'counter', cal).rule).toBe('same_day');
    expect(legalReceipt(vn('2026-11-25T11:30'), 'counter', cal).forwardAt).toEqual(vn('2026-11-25T13:00'));
    // 15:00:00.001 is after the cut-off.
    expect(legalReceipt(new Date(vn('2026-11-25T15:00').getTime() + 1), 'counter', cal).rule).toBe('next_opening');
  });
});

describe('legal time, boundaries', () => {
  it('walks at most 3660 days to the next working date', () => {
    const never: WorkCalendar = { ...DEFAULT_CALENDAR, weekendDays: [0, 1, 2, 3, 4, 5, 6] };
    expect(nextWorkingDate('2026-01-01', { ...never, workingDays: ['2036-01-08'] }).date).toBe('2036-01-08'); // day 3659
    expect(() => nextWorkingDate('2026-01-01', { ...never, workingDays: ['2036-01-09'] })).toThrow('no working day within 3660 days of 2026-01-01'); // day 3660
  });

  it('forwards a paper dossier received at the opening instant itself at once', () => {
    expect(legalReceipt(vn('2026-11-25T07:30'), 'counter', cal)).toMatchObject({
      forwardAt: vn('2026-11-25T07:30'), rule: 'same_day', reason: expect.stringMatching(/^received at 07:30 Wed 25\/11, by the 15:00 cut-off: forwarded the same day/),
    });
  });
});
