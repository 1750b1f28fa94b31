import { Logger } from '@nestjs/common';
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { loadCalendar } from '../../../../libs/db/src';
import { isWorkingDay, localDate, type WorkCalendar } from '../../../../libs/domain/src';
import { writeDigest } from '../../../../libs/notify/src/digest';
import { DIGEST_WORKFLOW, digestScheduleId, type DigestActivities } from '../../../../workflows/notifier.contract';

/** The digest's activity: nothing on a day off of the agency's calendar (a holiday, a weekend not swapped). */
export function createDigestActivities(ds: DataSource, base: WorkCalendar, publicUrl: string, wake: () => Promise<void>): DigestActivities {
  const logger = new Logger('DailyDigest');
  return {
    async writeDailyDigest(agencyCode) {
      const { calendar } = await loadCalendar(ds, base, agencyCode);
      const today = localDate(new Date(), calendar.timeZone);
      if (!isWorkingDay(today, calendar)) {
        logger.log({ agency: agencyCode, day: today }, 'daily digest: a day off, nothing sent');
        return 0;
      }
      const pending = await writeDigest(ds, agencyCode, today, calendar.timeZone, publicUrl);
      if (pending > 0) await wake();
      logger.log({ agency: agencyCode, day: today, mails: pending }, 'daily digest written');
      return pending;
    },
  };
}

/**
 * One Temporal schedule per agency in force: its digest at the opening of office hours (the first
 * interval's start), every day in the agency's time zone; the run itself skips days off. Every
 * worker calls it at start, idempotently (an agency's new opening hour or time zone takes effect
 * at the next worker start).
 */
export async function keepDigestSchedules(ds: DataSource, client: Client, base: WorkCalendar, taskQueue: string): Promise<void> {
  const agencies: { code: string }[] = await ds.query(`SELECT code FROM agencies WHERE effective_to IS NULL OR effective_to > current_date ORDER BY code`);
  for (const { code } of agencies) {
    const { calendar } = await loadCalendar(ds, base, code);
    const [hour, minute] = (calendar.officeHours[0]?.start ?? '07:30').split(':').map(Number);
    const scheduleId = digestScheduleId(taskQueue, code);
    const spec = { calendars: [{ hour: hour!, minute: minute! }], timezone: calendar.timeZone };
    const action = { type: 'startWorkflow' as const, workflowType: DIGEST_WORKFLOW, workflowId: scheduleId, taskQueue, args: [code], workflowExecutionTimeout: 3_600_000 };
    try {
      await client.schedule.create({ scheduleId, spec, action });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  }
}
