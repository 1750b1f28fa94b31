import { formatLocal, localDate, nextWorkingDate, nonWorkingReason, rollPastDaysOff, type WorkCalendar } from '../../../../libs/domain/src';
import { badRequest } from '../common/validation';

/**
 * A new appointment (form 04, POST /api/dossiers/:code/reschedule) never falls on a day off: the
 * applicant is told to come back that day, and the desk is closed. The date is the officer's to
 * choose and is printed on the apology, so it is refused (400 naming newDueAt) rather than moved
 * silently; the answer names the day and offers the end of the next working day, where Civil Code
 * 2015 Art. 148(5) would put a period ending on it.
 */
export function assertAppointmentOnWorkingDay(newDueAt: string, cal: WorkCalendar): void {
  const at = new Date(newDueAt);
  const day = localDate(at, cal.timeZone);
  const why = nonWorkingReason(day, cal);
  if (why === null) return;
  const detail = cal.dayReasons?.[day];
  const next = nextWorkingDate(day, cal).date;
  const suggested = formatLocal(rollPastDaysOff(at, cal).due, cal.timeZone);
  throw badRequest([
    {
      field: 'newDueAt',
      messages: [`${day} is ${why === 'weekend' ? 'a weekend day' : 'a day off'}${detail ? ` (${detail})` : ''}: the new appointment must be on a working day; the next one is ${next} (e.g. ${suggested})`],
    },
  ]);
}
