import { DEFAULT_CALENDAR } from './calendar';
import type { WorkCalendar } from './calendar';
import { buildCalendarDays, VN_CALENDAR_OVERRIDES, withHolidays } from './calendar-overrides';
import { addWorkingMillis, explainDeadline } from './deadline';
import { addCalendarDays, endOfDay, legalReceipt, periodEndingOn, rollPastDaysOff } from './legal-time';

const H = 3_600_000;
const vn = (local: string) => new Date(`${local}+07:00`);
const cal: WorkCalendar = withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2024, 2025, 2026, 2027], VN_CALENDAR_OVERRIDES));

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

describe('legalReceipt: the 15:00 rule (Decree 61/2018 Art. 19(1))', () => {
  it('forwards a paper dossier received at 14:59 the same day, and one at 15:01 the next working morning', () => {
    expect(legalReceipt(vn('2026-11-25T14:59'), 'counter', cal)).toMatchObject({ forwardAt: vn('2026-11-25T14:59'), rule: 'same_day' });
    expect(legalReceipt(vn('2026-11-25T15:00'), 'counter', cal).rule).toBe('same_day');
    const late = legalReceipt(vn('2026-11-25T15:01'), 'postal', cal);
    expect(late).toMatchObject({ forwardAt: vn('2026-11-26T07:30'), rule: 'next_opening', skipped: [] });
    expect(late.reason).toBe(
      'received at 15:01 Wed 25/11, after the 15:00 cut-off: forwarded at the opening of the next working day, 07:30 26/11/2026 ' +
        '(Decree 61/2018/NĐ-CP Art. 19(1), kept by Decree 118/2025/NĐ-CP)',
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
