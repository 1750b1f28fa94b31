import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The agency's time zone: every date is shown there, whatever the browser's. */
export const AGENCY_TZ = 'Asia/Ho_Chi_Minh';

export function fmt(iso: string | undefined | null): string {
  return iso ? dayjs(iso).tz(AGENCY_TZ).format('DD/MM/YYYY HH:mm') : '—';
}

export function fmtSeconds(iso: string | undefined | null): string {
  return iso ? dayjs(iso).tz(AGENCY_TZ).format('DD/MM/YYYY HH:mm:ss') : '—';
}

export { dayjs };
