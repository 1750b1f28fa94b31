import { addLocalDays, formatLocal, localDate, zonedToInstant } from './local-time';

describe('local time helpers', () => {
  it('converts wall-clock times to instants in the given zone', () => {
    expect(zonedToInstant('2026-11-30', 7 * 60 + 30, 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-30T00:30:00.000Z');
    expect(zonedToInstant('2026-11-30', 24 * 60, 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('pushes a time in a DST gap forward and takes the earlier of two repeated times', () => {
    expect(zonedToInstant('2026-03-29', 2 * 60 + 30, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedToInstant('2026-10-25', 2 * 60 + 30, 'Europe/Paris').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads local dates and formats control-sheet times in the zone, not in the host TZ', () => {
    expect(localDate(new Date('2026-11-29T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-11-30');
    expect(formatLocal(new Date('2026-11-29T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('00:30 30/11/2026');
  });

  it('adds local days across month and year ends', () => {
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLocalDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
