/*
 * Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * Why computed and not a Chinese-calendar table or package: since 1967/1975 Việt Nam reckons the
 * calendar on UTC+7 while China uses UTC+8, so a new moon or a solar term close to midnight falls
 * on different days and Tết differs (2007: 17/2 in Việt Nam, 18/2 in China; 1985: 21/1 against
 * 20/2, a whole month). The rules are the ones Hồ Ngọc Đức describes for the Vietnamese calendar
 * ("Âm lịch Việt Nam", calrules): a month starts on the local day of the new moon; month 11 is
 * the month containing the winter solstice; a year from one month 11 to the next with 13 months
 * has a leap month, the first one without a major solar term (trung khí), which takes the number
 * of the month before it. This is our own implementation of those rules, with the new moons of
 * Meeus, "Astronomical Algorithms" 2nd ed. ch. 49 and the sun's longitude of ch. 25, at UTC+7.
 * Checked day by day for 1900–2199 against Hồ Ngọc Đức's own (lower-precision) formulas: the
 * month starts differ only where a new moon falls within about two minutes of local midnight
 * (1944-06, 1967-07, 2077-11, 2085-10, 2130-05, 2175-01, 2199-01), none in 1968–2076.
 * No Date.now, no I/O: plain arithmetic, so it is deterministic inside Temporal's workflow sandbox.
 */

export interface LunarDate {
  day: number;
  month: number;
  /** The lunar year, named by the Gregorian year in which its month 1 starts. */
  year: number;
  leap: boolean;
}

/** Việt Nam's civil time since 1975 (UTC+7); the Chinese calendar is the same rules at +8. */
export const VIETNAM_UTC_OFFSET_HOURS = 7;
/** Beyond this range ΔT and the truncated series are not trusted to the day. */
export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

const RAD = Math.PI / 180;
const SYNODIC_MONTH = 29.530588861;
/** JDE of the new moon of 6 January 2000 (k = 0), Meeus ch. 49. */
const NEW_MOON_EPOCH = 2451550.09766;

interface LunarMonth {
  /** Julian day number of the month's first day (local). */
  start: number;
  month: number;
  leap: boolean;
  lunarYear: number;
}

/** Julian day number of a Gregorian date (Fliegel & Van Flandern). */
function jdn(y: number, m: number, d: number): number {
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) - 32045;
}

function ymdFromJdn(j: number): string {
  // Day 2440588 is 1970-01-01; Date.UTC arithmetic is exact and sandbox-safe.
  const d = new Date((j - 2440588) * 86_400_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** ΔT = TT − UT in days (Espenak & Meeus polynomials); a minute off changes nothing here. */
function deltaTDays(year: number): number {
  let s: number;
  if (year < 1860) {
    const t = year - 1800;
    s = 13.72 - 0.332447 * t + 0.0068612 * t ** 2 + 0.0041116 * t ** 3 - 0.00037436 * t ** 4 + 0.0000121272 * t ** 5 - 0.0000001699 * t ** 6 + 0.000000000875 * t ** 7;
  } else if (year < 1900) {
    const t = year - 1860;
    s = 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  } else if (year < 1920) {
    const t = year - 1900;
    s = -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  } else if (year < 1941) {
    const t = year - 1920;
    s = 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  } else if (year < 1961) {
    const t = year - 1950;
    s = 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  } else if (year < 1986) {
    const t = year - 1975;
    s = 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  } else if (year < 2005) {
    const t = year - 2000;
    s = 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  } else if (year < 2050) {
    const t = year - 2000;
    s = 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  } else {
    const u = (year - 1820) / 100;
    s = -20 + 32 * u * u - (year < 2150 ? 0.5628 * (2150 - year) : 0);
  }
  return s / 86_400;
}

/** Planetary corrections A1–A14: [amplitude, degrees at k = 0, degrees per lunation, degrees × T²]. */
const PLANETARY: ReadonlyArray<readonly [number, number, number, number?]> = [
  [0.000325, 299.77, 0.107408, -0.009173],
  [0.000165, 251.88, 0.016321],
  [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239],
  [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732],
  [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824],
  [0.00004, 291.34, 1.844379],
  [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099],
  [0.000023, 331.55, 3.592518],
];

/** Julian date (UT) of the k-th new moon after 6 January 2000 — Meeus ch. 49, all periodic terms. */
function newMoonJd(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  const jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = (2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3) * RAD;
  const Mp = (201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4) * RAD;
  const F = (160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4) * RAD;
  const Om = (124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3) * RAD;
  const s = Math.sin;
  let c =
    -0.4072 * s(Mp) + 0.17241 * E * s(M) + 0.01608 * s(2 * Mp) + 0.01039 * s(2 * F) + 0.00739 * E * s(Mp - M) -
    0.00514 * E * s(Mp + M) + 0.00208 * E * E * s(2 * M) - 0.00111 * s(Mp - 2 * F) - 0.00057 * s(Mp + 2 * F) +
    0.00056 * E * s(2 * Mp + M) - 0.00042 * s(3 * Mp) + 0.00042 * E * s(M + 2 * F) + 0.00038 * E * s(M - 2 * F) -
    0.00024 * E * s(2 * Mp - M) - 0.00017 * s(Om) - 0.00007 * s(Mp + 2 * M) + 0.00004 * s(2 * Mp - 2 * F) +
    0.00004 * s(3 * M) + 0.00003 * s(Mp + M - 2 * F) + 0.00003 * s(2 * Mp + 2 * F) - 0.00003 * s(Mp + M + 2 * F) +
    0.00003 * s(Mp - M + 2 * F) - 0.00002 * s(Mp - M - 2 * F) - 0.00002 * s(3 * Mp + M) + 0.00002 * s(4 * Mp);
  for (const [amp, a0, a1, a2 = 0] of PLANETARY) c += amp * s((a0 + a1 * k + a2 * T2) * RAD);
  const jd = jde + c;
  return jd - deltaTDays(2000 + (jd - 2451545) / 365.25);
}

/** Local day number of the k-th new moon. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + tz / 24);
}

/** Apparent solar longitude in degrees [0, 360) at a Julian date (UT) — Meeus ch. 25. */
function sunLongitude(jdUt: number): number {
  const T = (jdUt + deltaTDays(2000 + (jdUt - 2451545) / 365.25) - 2451545) / 36525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = (357.52911 + 35999.05029 * T - 0.0001537 * T * T) * RAD;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * Math.sin(M) + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.000289 * Math.sin(3 * M);
  const omega = (125.04 - 1934.136 * T) * RAD;
  const lambda = L0 + C - 0.00569 - 0.00478 * Math.sin(omega);
  return ((lambda % 360) + 360) % 360;
}

/** Which 30° sector (0 = spring equinox … 9 = winter solstice) the sun is in when local day `day` starts. */
function sunSector(day: number, tz: number): number {
  return Math.floor(sunLongitude(day - 0.5 - tz / 24) / 30);
}

/** Index k of the last new moon whose local day is on or before `day`. */
function lastNewMoonIndex(day: number, tz: number): number {
  let k = Math.floor((day - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, tz) <= day) k++;
  while (newMoonDay(k, tz) > day) k--;
  return k;
}

/** k of month 11 of `year`: the lunar month that contains the December solstice. */
function month11Index(year: number, tz: number): number {
  const k = lastNewMoonIndex(jdn(year, 12, 31), tz);
  // A new moon after the solstice (sun already at ≥ 270° when its day starts) opens month 12.
  return sunSector(newMoonDay(k, tz), tz) >= 9 ? k - 1 : k;
}

const cache = new Map<string, LunarMonth[]>();

/**
 * The months from month 11 of `year` up to (not including) month 11 of `year + 1`, plus that next
 * month 11 as a sentinel giving the last month's length.
 */
function monthsFromMonth11(year: number, tz: number): LunarMonth[] {
  const key = `${year}@${tz}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const k0 = month11Index(year, tz);
  const count = month11Index(year + 1, tz) - k0;
  const starts = Array.from({ length: count + 1 }, (_, i) => newMoonDay(k0 + i, tz));
  let leapAt = -1;
  if (count === 13) {
    // The first month (after month 11, which holds the solstice) during which the sun crosses no 30° boundary.
    for (let i = 1; i < count && leapAt < 0; i++) {
      if (sunSector(starts[i], tz) === sunSector(starts[i + 1], tz)) leapAt = i;
    }
  }
  const months: LunarMonth[] = [];
  let number = 10;
  for (let i = 0; i <= count; i++) {
    const leap = i === leapAt;
    if (!leap) number = (number % 12) + 1;
    months.push({ start: starts[i], month: number, leap, lunarYear: number >= 11 && i < count ? year : year + 1 });
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, months);
  return months;
}

function checkYear(year: number, what: string): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new Error(`${what} must be an integer year within ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}, got ${year}`);
  }
}

/**
 * Solar 'YYYY-MM-DD' of a Vietnamese lunar date. `lunarYear` is the year in which that lunar
 * year's Tết falls (month 12 of lunar 2025 is in January 2026). Throws for a leap month the year
 * does not have, or day 30 of a 29-day month.
 */
export function lunarToSolar(day: number, month: number, lunarYear: number, leap = false, utcOffsetHours = VIETNAM_UTC_OFFSET_HOURS): string {
  checkYear(lunarYear, 'lunarYear');
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new Error(`lunar month must be 1–12, got ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > 30) throw new Error(`lunar day must be 1–30, got ${day}`);
  // Months 11 and 12 (and a leap 11/12) come before Tết, in the span that starts in the previous December.
  const months = monthsFromMonth11(month >= 11 ? lunarYear : lunarYear - 1, utcOffsetHours);
  const i = months.findIndex((m, idx) => idx < months.length - 1 && m.month === month && m.leap === leap);
  if (i < 0) throw new Error(`lunar year ${lunarYear} has no ${leap ? 'leap ' : ''}month ${month}`);
  const length = months[i + 1].start - months[i].start;
  if (day > length) throw new Error(`${leap ? 'leap ' : ''}month ${month} of lunar year ${lunarYear} has ${length} days, not ${day}`);
  return ymdFromJdn(months[i].start + day - 1);
}

/** The Vietnamese lunar date of a solar 'YYYY-MM-DD'. */
export function solarToLunar(date: string, utcOffsetHours = VIETNAM_UTC_OFFSET_HOURS): LunarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || ymdFromJdn(jdn(Number(m[1]), Number(m[2]), Number(m[3]))) !== date) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  checkYear(y, 'year');
  const day = jdn(y, mo, d);
  let months = monthsFromMonth11(y, utcOffsetHours);
  if (day < months[0].start) months = monthsFromMonth11(y - 1, utcOffsetHours);
  for (let i = months.length - 2; i >= 0; i--) {
    if (months[i].start <= day) {
      return { day: day - months[i].start + 1, month: months[i].month, year: months[i].lunarYear, leap: months[i].leap };
    }
  }
  throw new Error(`unreachable: ${date} precedes its own lunar year`);
}

/** Length (29 or 30) of every month of a lunar year in order, leap month included — for display and tests. */
export function lunarYearMonths(lunarYear: number, utcOffsetHours = VIETNAM_UTC_OFFSET_HOURS): { month: number; leap: boolean; start: string; days: number }[] {
  checkYear(lunarYear, 'lunarYear');
  const all = [...monthsFromMonth11(lunarYear - 1, utcOffsetHours).slice(0, -1), ...monthsFromMonth11(lunarYear, utcOffsetHours)];
  const result: { month: number; leap: boolean; start: string; days: number }[] = [];
  for (let i = 0; i < all.length - 1; i++) {
    if (all[i].lunarYear !== lunarYear) continue;
    result.push({ month: all[i].month, leap: all[i].leap, start: ymdFromJdn(all[i].start), days: all[i + 1].start - all[i].start });
  }
  return result;
}
