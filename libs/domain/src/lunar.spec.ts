import { lunarToSolar, lunarYearMonths, solarToLunar } from './lunar';

describe('lunarToSolar (Vietnamese calendar, UTC+7)', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('puts Tết (1/1 lunar) %i on %s', (year, date) => {
    expect(lunarToSolar(1, 1, year)).toBe(date);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('puts Hùng Kings day (10/3 lunar) %i on %s', (year, date) => {
    expect(lunarToSolar(10, 3, year)).toBe(date);
  });

  it('differs from the Chinese calendar (same rules at UTC+8) where a new moon falls between 16:00 and 17:00 UT', () => {
    // 2007: Tết Đinh Hợi on 17/2 in Việt Nam, Chinese New Year on 18/2.
    expect(lunarToSolar(1, 1, 2007)).toBe('2007-02-17');
    expect(lunarToSolar(1, 1, 2007, false, 8)).toBe('2007-02-18');
    // 1985: a whole month apart (the month-11 / leap-month placement differs), Việt Nam 21/1, China 20/2.
    expect(lunarToSolar(1, 1, 1985)).toBe('1985-01-21');
    expect(lunarToSolar(1, 1, 1985, false, 8)).toBe('1985-02-20');
    // 1968: the North (already on UTC+7) celebrated Tết Mậu Thân on 29/1, a day before the South.
    expect(lunarToSolar(1, 1, 1968)).toBe('1968-01-29');
    expect(lunarToSolar(1, 1, 1968, false, 8)).toBe('1968-01-30');
  });

  it('matches the Government notices that name lunar days (29 Chạp)', () => {
    // Thông báo 9441/TB-BNV: 16/2/2026 is 29 tháng Chạp Ất Tỵ; 5015/TB-LĐTBXH: 8/2/2024 is 29 tháng Chạp Quý Mão.
    expect(lunarToSolar(29, 12, 2025)).toBe('2026-02-16');
    expect(lunarToSolar(29, 12, 2023)).toBe('2024-02-08');
    expect(lunarToSolar(30, 12, 2023)).toBe('2024-02-09');
  });

  it('knows the leap months: 2/2023 (Quý Mão) and 6/2025 (Ất Tỵ)', () => {
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(lunarToSolar(1, 6, 2025, true)).toBe('2025-07-25');
    expect(lunarYearMonths(2025).filter((m) => m.leap)).toEqual([{ month: 6, leap: true, start: '2025-07-25', days: 29 }]);
    expect(lunarYearMonths(2024).filter((m) => m.leap)).toEqual([]);
    expect(lunarYearMonths(2025)).toHaveLength(13);
  });

  it('rejects a leap month the year lacks, day 30 of a short month and bad input', () => {
    expect(() => lunarToSolar(1, 3, 2024, true)).toThrow(/no leap month 3/);
    expect(() => lunarToSolar(30, 12, 2024)).toThrow(/29 days/); // Chạp Giáp Thìn is short: Tết Ất Tỵ follows 29 Chạp
    expect(() => lunarToSolar(0, 1, 2024)).toThrow(/day/);
    expect(() => lunarToSolar(1, 13, 2024)).toThrow(/month/);
    expect(() => lunarToSolar(1, 1, 1500)).toThrow(/1800/);
  });
});

describe('solarToLunar', () => {
  it('converts back, including month 12 belonging to the previous lunar year', () => {
    expect(solarToLunar('2026-02-17')).toEqual({ day: 1, month: 1, year: 2026, leap: false });
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false });
    expect(solarToLunar('2025-12-31')).toEqual({ day: 12, month: 11, year: 2025, leap: false });
    expect(solarToLunar('2025-08-01')).toEqual({ day: 8, month: 6, year: 2025, leap: true });
  });

  it('is the inverse of lunarToSolar on every day of 2023–2027', () => {
    for (let t = Date.UTC(2023, 0, 1); t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const l = solarToLunar(date);
      expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toBe(date);
    }
  });

  it('rejects a date that does not exist', () => {
    expect(() => solarToLunar('2026-02-30')).toThrow(/YYYY-MM-DD/);
  });
});

describe('lunar calendar across the supported years 1800–2199', () => {
  it.each([
    [1800, '1800-01-25'], [1850, '1850-02-12'], [1900, '1900-01-31'], [1950, '1950-02-17'], [2000, '2000-02-05'],
    [2050, '2050-01-23'], [2100, '2100-02-09'], [2150, '2150-01-29'], [2199, '2199-01-26'],
  ])('puts Tết %i on %s', (year, date) => {
    expect(lunarToSolar(1, 1, year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it('lists the months of a leap year with their lengths', () => {
    expect(lunarYearMonths(2025).map((m) => `${m.month}${m.leap ? 'L' : ''} ${m.start} ${m.days}`)).toEqual([
      '1 2025-01-29 30', '2 2025-02-28 29', '3 2025-03-29 30', '4 2025-04-28 29', '5 2025-05-27 29', '6 2025-06-25 30', '6L 2025-07-25 29',
      '7 2025-08-23 30', '8 2025-09-22 29', '9 2025-10-21 30', '10 2025-11-20 30', '11 2025-12-20 30', '12 2026-01-19 29',
    ]);
  });

  it('places the leap month 11 of 2033 (the "2033 problem") before Tết', () => {
    expect(lunarToSolar(1, 11, 2033, true)).toBe('2033-12-22');
    expect(solarToLunar('2033-12-22')).toEqual({ day: 1, month: 11, year: 2033, leap: true });
    expect(lunarYearMonths(2033).filter((m) => m.leap)).toEqual([{ month: 11, leap: true, start: '2033-12-22', days: 29 }]);
    expect(lunarToSolar(1, 1, 2034)).toBe('2034-02-19');
  });

  it('reads early January as the previous lunar year', () => {
    expect(solarToLunar('2000-01-01')).toEqual({ day: 25, month: 11, year: 1999, leap: false });
    expect(solarToLunar('2026-01-05')).toEqual({ day: 17, month: 11, year: 2025, leap: false });
    expect(solarToLunar('1900-01-01')).toEqual({ day: 1, month: 12, year: 1899, leap: false });
  });

  it('takes the time zone for the Chinese calendar in both directions', () => {
    expect(solarToLunar('2007-02-17', 8)).toEqual({ day: 30, month: 12, year: 2006, leap: false });
    expect(solarToLunar('2007-02-17')).toEqual({ day: 1, month: 1, year: 2007, leap: false });
    expect(lunarYearMonths(2023, 8).filter((m) => m.leap)).toEqual([{ month: 2, leap: true, start: '2023-03-22', days: 29 }]);
  });

  it('names what it refuses exactly, at the edges of the range', () => {
    expect(() => lunarToSolar(1, 1, 1799)).toThrow('lunarYear must be an integer year within 1800–2199, got 1799');
    expect(() => lunarToSolar(1, 1, 2200)).toThrow('lunarYear must be an integer year within 1800–2199, got 2200');
    expect(() => lunarToSolar(1, 1, 2024.5)).toThrow('lunarYear must be an integer year within 1800–2199, got 2024.5');
    expect(() => lunarYearMonths(2200)).toThrow('lunarYear must be an integer year within 1800–2199, got 2200');
    expect(() => solarToLunar('1799-12-31')).toThrow('year must be an integer year within 1800–2199, got 1799');
    expect(() => solarToLunar('2026-2-3')).toThrow('not a YYYY-MM-DD date: 2026-2-3');
    expect(() => lunarToSolar(1, 0, 2024)).toThrow('lunar month must be 1–12, got 0');
    expect(() => lunarToSolar(1, 1.5, 2024)).toThrow('lunar month must be 1–12, got 1.5');
    expect(() => lunarToSolar(31, 1, 2024)).toThrow('lunar day must be 1–30, got 31');
    expect(() => lunarToSolar(2.5, 1, 2024)).toThrow('lunar day must be 1–30, got 2.5');
    expect(() => lunarToSolar(1, 3, 2024, true)).toThrow('lunar year 2024 has no leap month 3');
    expect(() => lunarToSolar(1, 3, 2024)).not.toThrow();
    expect(() => lunarToSolar(30, 12, 2024)).toThrow('month 12 of lunar year 2024 has 29 days, not 30');
    expect(() => lunarToSolar(30, 6, 2025, true)).toThrow('leap month 6 of lunar year 2025 has 29 days, not 30');
    expect(lunarToSolar(30, 6, 2025)).toBe('2025-07-24');
    expect(lunarToSolar(1, 1, 2199)).toBe('2199-01-26');
  });
});
