import { carryOverReason, computedHolidays, HOLIDAY_NAMES, LABOUR_CODE_HOLIDAY_RULES, validateHolidayRule, type HolidayRule } from './holidays';

const dates = (year: number, opts = {}) => computedHolidays(year, opts).map((h) => h.date);

describe('computedHolidays (Labour Code 2019 Art. 112)', () => {
  it('2026: Tết from 29 Chạp, Hùng Kings on Sunday carried over to Monday 27/4, 1/9 before National Day', () => {
    const h = computedHolidays(2026);
    expect(h.map((d) => `${d.date} ${d.reason}`)).toEqual([
      '2026-01-01 Tết Dương lịch (New Year’s Day)',
      '2026-02-16 Tết Nguyên đán (Lunar New Year)',
      '2026-02-17 Tết Nguyên đán (Lunar New Year)',
      '2026-02-18 Tết Nguyên đán (Lunar New Year)',
      '2026-02-19 Tết Nguyên đán (Lunar New Year)',
      '2026-02-20 Tết Nguyên đán (Lunar New Year)',
      '2026-04-26 Giỗ Tổ Hùng Vương (Hùng Kings day)',
      '2026-04-27 Nghỉ bù – carry-over of Giỗ Tổ Hùng Vương (Hùng Kings day) on Sun 26/04',
      '2026-04-30 Ngày Chiến thắng (Reunification Day)',
      '2026-05-01 Ngày Quốc tế lao động (International Labour Day)',
      '2026-09-01 Quốc khánh (National Day) – ngày liền kề (adjacent day)',
      '2026-09-02 Quốc khánh (National Day)',
    ]);
    expect(h.find((d) => d.date === '2026-04-27')).toMatchObject({ holiday: 'hung_kings', carryOverOf: '2026-04-26' });
  });

  it('2024: the Tết days on the weekend give two compensatory days after the run', () => {
    // 9/2 (30 Chạp) Fri, 10–11/2 Sat–Sun, 12–13/2 → carried over to Wed 14 and Thu 15.
    expect(dates(2024).filter((d) => d.startsWith('2024-02'))).toEqual([
      '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15',
    ]);
    // National Day: 1/9 is a Sunday, carried over past Mon 2/9 to Tue 3/9.
    expect(dates(2024).filter((d) => d.startsWith('2024-09'))).toEqual(['2024-09-01', '2024-09-02', '2024-09-03']);
  });

  it('2025 and 2027 with Tết, Hùng Kings day and 30/4–1/5 where they fall', () => {
    expect(dates(2025)).toEqual([
      '2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-03',
      '2025-04-07', '2025-04-30', '2025-05-01', '2025-09-01', '2025-09-02',
    ]);
    // 2027: Tết on Saturday 6/2; 1/5 on a Saturday → Monday 3/5; 2/9 on a Thursday, so the
    // adjacent day that joins the weekend is Friday 3/9 (as 2021's schedule gave with 2/9 on a Thursday).
    expect(dates(2027)).toEqual([
      '2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
      '2027-04-16', '2027-04-30', '2027-05-01', '2027-05-03', '2027-09-02', '2027-09-03',
    ]);
  });

  it('gives two compensatory days when 30/4 and 1/5 are a Saturday and Sunday (2022)', () => {
    expect(dates(2022).filter((d) => d >= '2022-04-30' && d <= '2022-05-31')).toEqual(['2022-04-30', '2022-05-01', '2022-05-02', '2022-05-03']);
  });

  it('takes the day after 2/9 when so set, and other Tết splits', () => {
    expect(dates(2026, { nationalDayExtra: 'after' }).filter((d) => d.startsWith('2026-09'))).toEqual(['2026-09-02', '2026-09-03']);
    expect(dates(2026, { tetDaysBefore: 2 }).filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
    ]); // Sun 15/2 (28 Chạp) carried over to Fri 20/2
    expect(() => computedHolidays(2026, { tetDaysBefore: 6 })).toThrow(/tetDaysBefore/);
  });

  it('has 11 statutory days every year', () => {
    for (let y = 2024; y <= 2027; y++) expect(computedHolidays(y).filter((h) => !h.carryOverOf)).toHaveLength(11);
  });
});

describe('computedHolidays, options and refusals', () => {
  it('refuses a fractional or negative Tết split, an unknown National Day side and a fractional year', () => {
    expect(() => computedHolidays(2026, { tetDaysBefore: 1.5 })).toThrow('tetDaysBefore must be an integer 0–5, got 1.5');
    expect(() => computedHolidays(2026, { tetDaysBefore: -1 })).toThrow('tetDaysBefore must be an integer 0–5, got -1');
    expect(() => computedHolidays(2026, { nationalDayExtra: 'both' as never })).toThrow("nationalDayExtra must be 'before', 'after' or 'joins_weekend', got both");
    expect(() => computedHolidays(2026.5)).toThrow('year must be an integer, got 2026.5');
  });

  it('takes all five Tết days before or after the lunar new year at the extremes', () => {
    expect(dates(2026, { tetDaysBefore: 0 }).filter((d) => d.startsWith('2026-02'))).toEqual(['2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-23']);
    expect(dates(2026, { tetDaysBefore: 5 }).filter((d) => d.startsWith('2026-02'))).toEqual(['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18']);
  });

  it('marks the adjacent National Day with its own reason, after 2/9 when so set', () => {
    const after = computedHolidays(2026, { nationalDayExtra: 'after' }).filter((h) => h.holiday === 'national_day');
    expect(after).toEqual([
      { date: '2026-09-02', reason: 'Quốc khánh (National Day)', holiday: 'national_day' },
      { date: '2026-09-03', reason: 'Quốc khánh (National Day) – ngày liền kề (adjacent day)', holiday: 'national_day' },
    ]);
    expect(computedHolidays(2026).filter((h) => h.holiday === 'national_day').map((h) => h.date)).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('gives each day its Art. 112 holiday and carries over only from the weekly days off given', () => {
    expect(computedHolidays(2026).map((h) => h.holiday)).toEqual([
      'new_year', 'tet', 'tet', 'tet', 'tet', 'tet', 'hung_kings', 'hung_kings', 'reunification', 'labour_day', 'national_day', 'national_day',
    ]);
    // With Sunday as the only weekly day off, Sun 26/4/2026 is still carried over; with none, nothing is.
    expect(dates(2026, { weekendDays: [0] })).toContain('2026-04-27');
    expect(computedHolidays(2026, { weekendDays: [] }).filter((h) => h.carryOverOf)).toEqual([]);
    // With Monday off too, the carry-over of Sun 26/4 skips Monday to Tuesday.
    expect(computedHolidays(2026, { weekendDays: [0, 1, 6] }).find((h) => h.carryOverOf === '2026-04-26')?.date).toBe('2026-04-28');
  });

  it('writes the carry-over reason with the holiday and its day', () => {
    expect(carryOverReason({ date: '2024-09-01', reason: 'Quốc khánh (National Day)', holiday: 'national_day' })).toBe(
      'Nghỉ bù – carry-over of Quốc khánh (National Day) on Sun 01/09',
    );
  });

  it('keeps the holiday names frozen (the 2026 test above pins their text)', () => {
    expect(Object.isFrozen(HOLIDAY_NAMES)).toBe(true);
  });
});

describe('the National Day adjacent day with no published schedule (joins the weekend)', () => {
  // Each year's published schedule for civil servants, with 2/9's weekday (Labour Code 2019 years):
  // 2021 Thu → 2–3/9; 2022 Fri → 1–2/9; 2023 Sat → 1–2/9 (+ Mon 4/9 carried over); 2025 Tue → 1–2/9;
  // 2026 Wed → 1–2/9 (+ 31/8 swapped). 2024 Mon → 2–3/9, the same days the rule gives through
  // the carry-over of Sunday 1/9.
  const nationalDays = (year: number) => computedHolidays(year).filter((h) => h.holiday === 'national_day').map((h) => h.date);

  it('gives the days the Government published in 2021–2026', () => {
    expect(nationalDays(2021)).toEqual(['2021-09-02', '2021-09-03']);
    expect(nationalDays(2022)).toEqual(['2022-09-01', '2022-09-02']);
    expect(nationalDays(2023)).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']);
    expect(nationalDays(2024)).toEqual(['2024-09-01', '2024-09-02', '2024-09-03']);
    expect(nationalDays(2025)).toEqual(['2025-09-01', '2025-09-02']);
    expect(nationalDays(2026)).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('is a setting: the day before or after when so set', () => {
    expect(computedHolidays(2027, { nationalDayExtra: 'before' }).filter((h) => h.holiday === 'national_day').map((h) => h.date)).toEqual(['2027-09-01', '2027-09-02']);
    expect(computedHolidays(2021, { nationalDayExtra: 'before' }).filter((h) => h.holiday === 'national_day').map((h) => h.date)).toEqual(['2021-09-01', '2021-09-02']);
  });
});

describe('holiday rules as versioned law', () => {
  const culture: HolidayRule = { key: 'culture_day', name: 'Ngày Văn hóa Việt Nam (Vietnamese Culture Day)', calendar: 'solar', month: 11, day: 24, effectiveFrom: '2027-01-01', source: 'hypothetical amendment of Art. 112(1)' };

  it('gives National Day one day under the Labour Code 2012 (to 2020) and two under the 2019 code', () => {
    // 2/9/2020 was a Wednesday: one day, no adjacent one (Labour Code 2012 Art. 115(1)(đ)).
    expect(computedHolidays(2020).filter((h) => h.holiday === 'national_day').map((h) => h.date)).toEqual(['2020-09-02']);
    expect(computedHolidays(2020).filter((h) => !h.carryOverOf)).toHaveLength(10);
    expect(computedHolidays(2021).filter((h) => !h.carryOverOf)).toHaveLength(11);
  });

  it('adds a new statutory day from its effective date only, with its carry-over', () => {
    const rules = [...LABOUR_CODE_HOLIDAY_RULES, culture];
    expect(computedHolidays(2026, { rules }).some((h) => h.date === '2026-11-24')).toBe(false);
    // 24/11/2027 is a Wednesday; 24/11/2029 a Saturday, carried over to Monday 26/11.
    expect(computedHolidays(2027, { rules }).find((h) => h.date === '2027-11-24')).toEqual({ date: '2027-11-24', reason: culture.name, holiday: 'culture_day' });
    expect(computedHolidays(2029, { rules }).filter((h) => h.holiday === 'culture_day').map((h) => h.date)).toEqual(['2029-11-24', '2029-11-26']);
  });

  it('lets a later rule of the same key replace an earlier one from its date, and a repeal end one', () => {
    const oneDay: HolidayRule = { ...LABOUR_CODE_HOLIDAY_RULES.find((r) => r.key === 'national_day' && !r.effectiveTo)!, adjacentDay: undefined, effectiveFrom: '2030-01-01', source: 'test' };
    const rules = [...LABOUR_CODE_HOLIDAY_RULES, oneDay];
    expect(computedHolidays(2029, { rules }).filter((h) => h.holiday === 'national_day' && !h.carryOverOf)).toHaveLength(2);
    expect(computedHolidays(2030, { rules }).filter((h) => h.holiday === 'national_day').map((h) => h.date)).toEqual(['2030-09-02']);
    const repealed = [...LABOUR_CODE_HOLIDAY_RULES, { ...culture, effectiveTo: '2027-12-31' }];
    expect(computedHolidays(2028, { rules: repealed }).some((h) => h.holiday === 'culture_day')).toBe(false);
  });

  it('names each field that is wrong', () => {
    expect(validateHolidayRule(culture)).toEqual([]);
    for (const r of LABOUR_CODE_HOLIDAY_RULES) expect(validateHolidayRule(r)).toEqual([]);
    const fields = (r: Partial<HolidayRule>) => validateHolidayRule({ ...culture, ...r } as HolidayRule).map((e) => e.field);
    expect(fields({ key: 'Culture Day' })).toEqual(['key']);
    expect(fields({ month: 13 })).toEqual(['month']);
    expect(fields({ month: 2, day: 30 })).toEqual(['day']);
    expect(fields({ calendar: 'lunar', month: 2, day: 30 })).toEqual([]);
    expect(fields({ days: 2, daysBefore: 2 })).toEqual(['daysBefore']);
    expect(fields({ effectiveFrom: '2027-02-30' })).toEqual(['effectiveFrom']);
    expect(fields({ effectiveTo: '2026-12-31' })).toEqual(['effectiveTo']);
    expect(fields({ source: ' ' })).toEqual(['source']);
    expect(fields({ adjacentDay: 'both' as never })).toEqual(['adjacentDay']);
  });
});
