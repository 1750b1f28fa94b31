import Holidays from 'date-holidays';
import { lunarToSolar } from './lunar';

/**
 * Our lunar calendar (Hồ Ngọc Đức's method at UTC+7, `lunar.ts`) against a maintained library
 * computed independently: `date-holidays` (VSOP87 moon phases via `astronomia`) for Vietnam.
 * Compared for every year the Labour Code 2019 can apply to, up to 2049: Tết (1/1 lunar) and
 * Hùng Kings day (10/3 lunar), the two lunar public holidays of Art. 112. (From 2050 the two differ
 * by a day in a few years whose new moon falls within minutes of local midnight; an official
 * calendar settles those, and the overrides in the database take precedence over both.)
 * The library is a dev dependency only: it takes ~0.4 s a year, too slow to plan deadlines with.
 */
describe('lunar holidays cross-checked with date-holidays (VN)', () => {
  const vn = new Holidays('VN');
  const YEARS = Array.from({ length: 2049 - 2019 + 1 }, (_, i) => 2019 + i);

  it('agrees on Tết and Hùng Kings day for every year 2019–2049', () => {
    const mismatches = YEARS.flatMap((year) => {
      const days = vn.getHolidays(year);
      const lib = (name: string) => days.find((h) => h.name === name)?.date.slice(0, 10);
      const ours = { tet: lunarToSolar(1, 1, year), hung: lunarToSolar(10, 3, year) };
      const theirs = { tet: lib('Tết Nguyên Đán'), hung: lib('Giỗ tổ Hùng Vương') };
      return ours.tet === theirs.tet && ours.hung === theirs.hung ? [] : [{ year, ours, theirs }];
    });
    expect(mismatches).toEqual([]);
  });

  it('pins the library\'s own output for the years seeded in the database', () => {
    const pick = (year: number) => vn.getHolidays(year).filter((h) => ['Tết Nguyên Đán', 'Giỗ tổ Hùng Vương'].includes(h.name)).map((h) => h.date.slice(0, 10));
    expect([2024, 2025, 2026, 2027].map(pick)).toEqual([
      ['2024-02-10', '2024-04-18'],
      ['2025-01-29', '2025-04-07'],
      ['2026-02-17', '2026-04-26'],
      ['2027-02-06', '2027-04-16'],
    ]);
  });
});
