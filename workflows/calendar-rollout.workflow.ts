import { proxyActivities } from '@temporalio/workflow';
import type { CalendarActivities } from './dossier.contract';

const { replanOpenDossiers } = proxyActivities<CalendarActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Carries one calendar change to every open dossier and petition it concerns (its agency's, or
 * every agency's for a national change), with the calendar as it is when the dossier is reached. One per change:
 * the workflow id is `calendar-rollout-<version>`, started from the change's outbox row (so a
 * Temporal outage delays it, never loses it). Durable: if the API or a worker dies half-way, the
 * activity resumes from its last heartbeat; dossiers already on that calendar reject it harmlessly.
 */
export async function calendarRolloutWorkflow(version: number): Promise<{ replanned: number; replannedPetitions?: number }> {
  return replanOpenDossiers(version);
}
