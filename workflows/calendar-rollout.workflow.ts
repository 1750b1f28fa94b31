import { proxyActivities } from '@temporalio/workflow';
import type { CalendarActivities } from './dossier.contract';

const { replanOpenDossiers } = proxyActivities<CalendarActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Carries one calendar change to every open dossier. Durable: if the API or a worker dies half-way,
 * the activity resumes from its last heartbeat; dossiers already on this version reject it harmlessly.
 */
export async function calendarRolloutWorkflow(version: number): Promise<{ replanned: number }> {
  return replanOpenDossiers(version);
}
