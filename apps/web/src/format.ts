import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import { loadSession } from './api';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Used until the API's login tells the agency's zone (and on the public pages, without a session). */
export const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

/** The agency's time zone: every date is shown there, whatever the browser's. */
export function agencyTz(): string {
  return loadSession()?.user.timeZone ?? DEFAULT_TZ;
}

export function fmt(iso: string | undefined | null): string {
  return iso ? dayjs(iso).tz(agencyTz()).format('DD/MM/YYYY HH:mm') : '—';
}

export function fmtSeconds(iso: string | undefined | null): string {
  return iso ? dayjs(iso).tz(agencyTz()).format('DD/MM/YYYY HH:mm:ss') : '—';
}

/** A local date (YYYY-MM-DD, a day of the calendar, no instant) as the pages print it: DD/MM/YYYY. */
export function fmtDate(ymd: string): string {
  return ymd.split('-').reverse().join('/');
}

/** The days something is in force, both ends included: "from – to", an open end as "…". */
export function fmtSpan(from: string | null | undefined, to: string | null | undefined): string {
  return `${from ? fmtDate(from) : '…'} – ${to ? fmtDate(to) : '…'}`;
}

/** The instant a calendar day (as picked, whatever the browser's zone) starts in the agency's zone. */
export function agencyMidnight(day: dayjs.Dayjs): dayjs.Dayjs {
  return dayjs.tz(day.format('YYYY-MM-DD'), agencyTz());
}

/** A rate in [0, 1] as "87.5%"; null (nothing to rate) as a dash. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

export { dayjs };
