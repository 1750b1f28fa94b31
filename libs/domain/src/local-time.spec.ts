import { addLocalDays, dayOfWeek, formatClock, formatDayLabel, formatLocal, isValidTimeZone, localDate, parseHHmm, parseYmd, toLocal, zonedToInstant } from './local-time';

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

describe('parsing local clock times and dates', () => {
  it('reads HH:mm from 00:00 to 24:00 and nothing else', () => {
    expect(parseHHmm('00:00')).toBe(0);
    expect(parseHHmm('07:30')).toBe(450);
    expect(parseHHmm('23:59')).toBe(23 * 60 + 59);
    expect(parseHHmm('24:00')).toBe(1440);
    for (const bad of ['24:01', '25:00', '12:60', '7:30', '07:3', '07:30:00', ' 07:30', '07:30 ', 'ab:cd', '']) expect(parseHHmm(bad)).toBeNull();
  });

  it('reads real YYYY-MM-DD dates only', () => {
    expect(parseYmd('2024-02-29')).toEqual([2024, 2, 29]);
    expect(parseYmd('0099-01-01')).toBeNull(); // Date.UTC maps years 0–99 to 1900–1999
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '2026-04-01T00:00', ' 2026-04-01', '2026-04-01 ']) expect(parseYmd(bad)).toBeNull();
    expect(() => dayOfWeek('2026-02-30')).toThrow('not a YYYY-MM-DD date: 2026-02-30');
  });

  it('knows real time zones from made-up ones', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Hanoi_City')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(7 as unknown as string)).toBe(false);
    expect(() => toLocal(new Date('2026-01-01T00:00:00Z'), 'Asia/Hanoi_City')).toThrow('unknown time zone: Asia/Hanoi_City');
  });
});

describe('wall clock of an instant', () => {
  it('gives the local date, time of day and weekday in the zone', () => {
    expect(toLocal(new Date('2026-11-29T17:30:05.250Z'), 'Asia/Ho_Chi_Minh')).toEqual({ date: '2026-11-30', msOfDay: 30 * 60_000 + 5250, dayOfWeek: 1 });
    expect(toLocal(new Date('2026-11-29T16:59:59.999Z'), 'Asia/Ho_Chi_Minh')).toEqual({ date: '2026-11-29', msOfDay: 86_400_000 - 1, dayOfWeek: 0 });
    expect(toLocal(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toEqual({ date: '2026-07-01', msOfDay: 8 * 3_600_000, dayOfWeek: 3 });
    expect(() => toLocal(new Date('nope'), 'UTC')).toThrow('invalid Date');
  });

  it('names weekdays 0 = Sunday to 6 = Saturday', () => {
    expect(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'].map(dayOfWeek)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('adds and subtracts local days', () => {
    expect(addLocalDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addLocalDays('2026-03-31', 0)).toBe('2026-03-31');
    expect(addLocalDays('2026-01-31', 30)).toBe('2026-03-02');
  });

  it('takes the only instant of a wall time outside any DST change, in zones east and west of UTC', () => {
    expect(zonedToInstant('2026-07-01', 8 * 60, 'America/New_York').toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(zonedToInstant('2026-03-08', 2 * 60 + 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z'); // gap: 03:30 EDT
    expect(zonedToInstant('2026-11-01', 60 + 30, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z'); // overlap: the EDT one
  });
});

describe('formatting', () => {
  it('shows seconds only when there are some', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(7 * 3_600_000 + 5 * 60_000)).toBe('07:05');
    expect(formatClock(17 * 3_600_000 + 59 * 60_000 + 9_000)).toBe('17:59:09');
    expect(formatClock(9 * 3_600_000 + 999)).toBe('09:00');
    expect(formatClock(24 * 3_600_000)).toBe('24:00');
  });

  it('labels days with weekday, day and month', () => {
    expect(formatDayLabel('2026-11-30')).toBe('Mon 30/11');
    expect(formatDayLabel('2026-02-01')).toBe('Sun 01/02');
    expect(formatDayLabel('2026-12-05')).toBe('Sat 05/12');
  });

  it('writes control-sheet times with padded fields and seconds when present', () => {
    expect(formatLocal(new Date('2026-01-04T01:02:03Z'), 'Asia/Ho_Chi_Minh')).toBe('08:02:03 04/01/2026');
    expect(formatLocal(new Date('2026-01-04T01:02:00Z'), 'UTC')).toBe('01:02 04/01/2026');
  });
});

describe('wall time on the day a zone changes its offset', () => {
  it('takes the new offset for a time after the change, the old one before it', () => {
    expect(zonedToInstant('2026-03-29', 12 * 60, 'Europe/Paris').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(zonedToInstant('2026-03-29', 60, 'Europe/Paris').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(zonedToInstant('2026-10-25', 12 * 60, 'Europe/Paris').toISOString()).toBe('2026-10-25T11:00:00.000Z');
    expect(zonedToInstant('2026-03-08', 12 * 60, 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(zonedToInstant('2026-11-01', 12 * 60, 'America/New_York').toISOString()).toBe('2026-11-01T17:00:00.000Z');
  });
});
