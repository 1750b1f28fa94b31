import { addLocalDays, isWorkingDay, localDate, zonedToInstant, type WorkCalendar } from '../../../../libs/domain/src';
import { badRequest } from '../common/validation';

/**
 * The legal receipt time a desk gives (POST /api/dossiers `receivedAt`, and POST …/receive for a
 * dossier taken incomplete): now when absent; a paper dossier entered late may be dated back to
 * the previous working day, no further, and never into the future (one minute of clock skew
 * allowed). Refused with a 400 naming receivedAt.
 */
export function checkReceivedAt(value: string | undefined, cal: WorkCalendar, now = new Date()): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + 60_000) throw badRequest([{ field: 'receivedAt', messages: ['receivedAt must not be in the future'] }]);
  let day = addLocalDays(localDate(now, cal.timeZone), -1);
  for (let i = 0; i < 60 && !isWorkingDay(day, cal); i++) day = addLocalDays(day, -1);
  const earliest = zonedToInstant(day, 0, cal.timeZone);
  if (at < earliest) throw badRequest([{ field: 'receivedAt', messages: [`receivedAt must be on or after the previous working day (${day})`] }]);
  return at;
}
