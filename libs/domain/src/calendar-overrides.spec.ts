import { DEFAULT_CALENDAR, isWorkingDay, validateCalendar } from './calendar';
import type { WorkCalendar } from './calendar';
import { buildCalendarDays, validateOverrides, VN_CALENDAR_OVERRIDES, withHolidays } from './calendar-overrides';
import type { CalendarDays, CalendarOverride } from './calendar-overrides';

// Built in each test, not when the file loads: mutation testing counts code run at load as covered
// by every test (a 'static' mutant), which then runs the whole suite for each of its mutants.
let days: CalendarDays;
let cal: WorkCalendar;
beforeEach(() => {
  days = buildCalendarDays([2024, 2025, 2026, 2027], VN_CALENDAR_OVERRIDES);
  cal = withHolidays(DEFAULT_CALENDAR, days);
});
const offIn = (prefix: string) => days.daysOff.filter((d) => d.date.startsWith(prefix)).map((d) => d.date);

describe('VN_CALENDAR_OVERRIDES', () => {
  it('is consistent', () => {
    expect(validateOverrides(VN_CALENDAR_OVERRIDES)).toEqual([]);
  });

  it('lists only weekdays as days off and only Saturdays as make-up days', () => {
    for (const o of VN_CALENDAR_OVERRIDES) {
      const dow = new Date(`${o.date}T00:00:00Z`).getUTCDay();
      if (o.kind === 'day_off') expect([o.date, dow >= 1 && dow <= 5]).toEqual([o.date, true]);
      else expect([o.date, dow]).toEqual([o.date, 6]);
    }
  });
});

describe('buildCalendarDays', () => {
  it('replaces the computed Tết with the official days: 2024 8–14/2, 2025 27–31/1, 2026 16–20/2', () => {
    expect(offIn('2024-02')).toEqual(['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14']);
    expect(offIn('2025-0').filter((d) => d < '2025-03')).toEqual(['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(offIn('2026-02')).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(days.daysOff.find((d) => d.date === '2026-02-17')).toEqual({
      date: '2026-02-17',
      reason: 'Tết Nguyên đán (Lunar New Year) – nghỉ 14–22/02/2026',
      source: 'Thông báo 9441/TB-BNV (16/10/2025)',
    });
  });

  it('keeps computed Tết days for a year without an official schedule (2027), weekend ones included for the record', () => {
    expect(offIn('2027-02')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
    expect(days.daysOff.find((d) => d.date === '2027-02-10')?.reason).toBe('Nghỉ bù – carry-over of Tết Nguyên đán (Lunar New Year) on Sat 06/02');
  });

  it('applies the swaps: 29/4/2024 off, Saturday 4/5/2024 worked; 2/5/2025 off, 26/4/2025 worked; 2/1/2026 and 31/8/2026', () => {
    expect(offIn('2024-04')).toEqual(['2024-04-18', '2024-04-29', '2024-04-30']);
    expect(days.workingDays.map((d) => d.date)).toEqual(['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22']);
    expect(offIn('2025-05')).toEqual(['2025-05-01', '2025-05-02']);
    expect(offIn('2026-01')).toEqual(['2026-01-01', '2026-01-02']);
    expect(offIn('2026-0').filter((d) => d >= '2026-08-01')).toEqual(['2026-08-31', '2026-09-01', '2026-09-02']);
  });

  it('takes the official National Day 2024 (2–3/9) instead of computing 1/9 + carry-over', () => {
    expect(offIn('2024-09')).toEqual(['2024-09-02', '2024-09-03']);
  });

  it('carries Hùng Kings day 2026 (Sunday 26/4) over to Monday 27/4', () => {
    expect(days.daysOff.find((d) => d.date === '2026-04-27')).toMatchObject({ source: 'Labour Code 2019 Art. 111(3)' });
  });

  it('lets a working_day override cancel a computed holiday, and ignores overrides of other years', () => {
    const extra: CalendarOverride[] = [
      { date: '2027-09-01', kind: 'working_day', reason: 'adjacent day moved', source: 'test' },
      { date: '2027-09-03', kind: 'day_off', reason: 'Quốc khánh – adjacent day after', source: 'test' },
      { date: '2030-01-02', kind: 'day_off', reason: 'not built', source: 'test' },
    ];
    const d = buildCalendarDays([2027], extra);
    expect(d.daysOff.filter((x) => x.date.startsWith('2027-09')).map((x) => x.date)).toEqual(['2027-09-02', '2027-09-03']);
    expect(d.daysOff.some((x) => x.date.startsWith('2030'))).toBe(false);
  });

  it('refuses contradictory overrides', () => {
    const bad: CalendarOverride[] = [
      { date: '2027-05-08', kind: 'working_day', reason: 'a', source: 's' },
      { date: '2027-05-08', kind: 'day_off', reason: 'b', source: 's' },
    ];
    expect(() => buildCalendarDays([2027], bad)).toThrow(/both/);
  });
});

describe('withHolidays', () => {
  it('fills daysOff, workingDays and dayReasons into a valid calendar', () => {
    expect(validateCalendar(cal)).toEqual([]);
    expect(isWorkingDay('2024-04-29', cal)).toBe(false);
    expect(isWorkingDay('2024-05-04', cal)).toBe(true);
    expect(isWorkingDay('2026-04-27', cal)).toBe(false);
    expect(cal.dayReasons?.['2026-04-27']).toBe('Nghỉ bù – carry-over of Giỗ Tổ Hùng Vương (Hùng Kings day) on Sun 26/04');
  });

  it('keeps the calendar’s own days and lets the built days win on a conflict', () => {
    const own: WorkCalendar = { ...DEFAULT_CALENDAR, daysOff: ['2026-03-09', '2026-01-10'], workingDays: [] };
    const merged = withHolidays(own, days);
    expect(merged.daysOff).toContain('2026-03-09');
    expect(merged.daysOff).not.toContain('2026-01-10');
    expect(merged.workingDays).toContain('2026-01-10');
    expect(own.daysOff).toEqual(['2026-03-09', '2026-01-10']);
  });
});

describe('VN_CALENDAR_OVERRIDES, what each entry says', () => {
  const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

  it('cites the act that fixed each entry by its number', () => {
    for (const o of VN_CALENDAR_OVERRIDES) expect([o.date, o.source]).toEqual([o.date, expect.stringMatching(/^(Văn bản|Thông báo) \d+\/\S+-\S+ \(/)]);
    expect(new Set(VN_CALENDAR_OVERRIDES.map((o) => o.source)).size).toBe(5);
  });

  it('pairs each swapped day off with its make-up Saturday, each naming the other, under one act', () => {
    const swaps = VN_CALENDAR_OVERRIDES.filter((o) => o.kind === 'day_off' && !o.holiday);
    const makeUps = VN_CALENDAR_OVERRIDES.filter((o) => o.kind === 'working_day');
    expect(swaps).toHaveLength(makeUps.length);
    for (const off of swaps) {
      const sat = makeUps.find((w) => w.reason === `Ngày làm bù (make-up working day) for ${WEEKDAY[new Date(`${off.date}T00:00:00Z`).getUTCDay()]} ${dmy(off.date)}`);
      expect([off.date, sat?.source]).toEqual([off.date, off.source]);
      expect(off.reason).toBe(`Nghỉ hoán đổi (swapped day off) – làm bù thứ Bảy ${dmy(sat!.date)}`);
    }
  });

  it('names the holiday of each official schedule and a run of days that contains the date', () => {
    const scheduled = VN_CALENDAR_OVERRIDES.filter((o) => o.holiday);
    expect(scheduled.map((o) => `${o.date} ${o.holiday}`)).toEqual([
      ...['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14'].map((d) => `${d} tet`),
      '2024-09-02 national_day', '2024-09-03 national_day',
      ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((d) => `${d} tet`),
      '2025-09-01 national_day', '2025-09-02 national_day',
      ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((d) => `${d} tet`),
      '2026-09-01 national_day', '2026-09-02 national_day',
    ]);
    for (const o of scheduled) {
      const m = /^(.*) – nghỉ (\d{2})(?:\/(\d{2}))?–(\d{2})\/(\d{2})\/(\d{4})$/.exec(o.reason);
      expect([o.date, m?.[1]]).toEqual([o.date, o.holiday === 'tet' ? 'Tết Nguyên đán (Lunar New Year)' : 'Quốc khánh (National Day)']);
      const [, , fromDay, fromMonth, toDay, toMonth, year] = m!;
      const from = `${year}-${fromMonth ?? toMonth}-${fromDay}`;
      const to = `${year}-${toMonth}-${toDay}`;
      expect([o.date, from <= o.date && o.date <= to]).toEqual([o.date, true]);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(VN_CALENDAR_OVERRIDES)).toBe(true);
  });
});

describe('validateOverrides and buildCalendarDays, each message and option', () => {
  it('names every problem of an override by its index', () => {
    expect(
      validateOverrides([
        { date: '2027-02-30', kind: 'day_off', reason: 'x', source: 's' },
        { date: 20270301 as never, kind: 'holiday' as never, reason: '  ', source: 's', holiday: 'christmas' as never },
        { date: '2027-03-02', kind: 'day_off', reason: 3 as never, source: 's', holiday: 'tet' },
      ]),
    ).toEqual([
      '[0].date: expected YYYY-MM-DD, got "2027-02-30"',
      '[1].date: expected YYYY-MM-DD, got 20270301',
      "[1].kind: expected 'day_off' or 'working_day'",
      '[1].reason is required',
      '[1].holiday: unknown holiday "christmas"',
      '[2].reason is required',
    ]);
    expect(validateOverrides([{ date: '2027-05-08', kind: 'day_off', reason: 'a', source: 's' }, { date: '2027-05-08', kind: 'day_off', reason: 'b', source: 's' }])).toEqual([]);
    expect(() =>
      buildCalendarDays([2027], [{ date: '2027-05-08', kind: 'working_day', reason: 'a', source: 's' }, { date: '2027-05-08', kind: 'day_off', reason: 'b', source: 's' }]),
    ).toThrow('invalid calendar overrides: 2027-05-08 is both a day off and a working day');
  });

  it('cites the Labour Code for the computed days, and passes the holiday options on', () => {
    const d = buildCalendarDays([2027], [], { nationalDayExtra: 'after' });
    expect(d.daysOff.find((x) => x.date === '2027-01-01')).toEqual({ date: '2027-01-01', reason: 'Tết Dương lịch (New Year’s Day)', source: 'Labour Code 2019 Art. 112(1)' });
    expect(d.daysOff.filter((x) => x.date.startsWith('2027-09')).map((x) => x.date)).toEqual(['2027-09-02', '2027-09-03']);
    expect(d.workingDays).toEqual([]);
    expect(buildCalendarDays([], VN_CALENDAR_OVERRIDES)).toEqual({ daysOff: [], workingDays: [] });
  });

  it('replaces only the holiday an official schedule names, and sorts the days', () => {
    const official: CalendarOverride[] = [{ date: '2027-09-03', kind: 'day_off', reason: 'official', source: 's', holiday: 'national_day' }];
    const d = buildCalendarDays([2027, 2026], official);
    expect(d.daysOff.filter((x) => x.date.startsWith('2027-09'))).toEqual([{ date: '2027-09-03', reason: 'official', source: 's' }]);
    expect(d.daysOff.some((x) => x.date === '2027-01-01')).toBe(true);
    expect(d.daysOff.map((x) => x.date)).toEqual([...d.daysOff.map((x) => x.date)].sort());
    expect(d.daysOff[0].date).toBe('2026-01-01');
  });
});

describe('withHolidays, merging', () => {
  it('keeps the calendar’s reasons, adds the built ones, and lists each date once in order', () => {
    const own: WorkCalendar = { ...DEFAULT_CALENDAR, daysOff: ['2026-09-02', '2026-03-09'], workingDays: ['2026-01-10', '2026-08-29'], dayReasons: { '2026-03-09': 'local festival' } };
    const built = { daysOff: [{ date: '2026-09-02', reason: 'Quốc khánh' }, { date: '2026-08-29', reason: 'moved' }], workingDays: [{ date: '2026-01-10', reason: 'làm bù' }] };
    expect(withHolidays(own, built)).toEqual({
      ...own,
      daysOff: ['2026-03-09', '2026-08-29', '2026-09-02'],
      workingDays: ['2026-01-10'],
      dayReasons: { '2026-03-09': 'local festival', '2026-09-02': 'Quốc khánh', '2026-08-29': 'moved', '2026-01-10': 'làm bù' },
    });
    expect(withHolidays(DEFAULT_CALENDAR, { daysOff: [], workingDays: [] })).toEqual({ ...DEFAULT_CALENDAR, dayReasons: {} });
  });
});
