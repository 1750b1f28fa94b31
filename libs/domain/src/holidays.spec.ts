import { computedHolidays } from './holidays';

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
    // 2027: Tết on Saturday 6/2; 1/5 on a Saturday → Monday 3/5.
    expect(dates(2027)).toEqual([
      '2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
      '2027-04-16', '2027-04-30', '2027-05-01', '2027-05-03', '2027-09-01', '2027-09-02',
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
