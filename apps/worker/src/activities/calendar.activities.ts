import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { WorkCalendar } from '../../../../libs/domain/src';
import { loadCalendar, type CalendarSnapshot } from '../../../../libs/db/src';
import { executeDossierCommand } from '../../../../libs/temporal/src/dossier-workflows';
import { CALENDAR_SYSTEM, type CalendarActivities } from '../../../../workflows/dossier.contract';

const OPEN = ['submitted', 'received', 'processing', 'supplement_requested', 'awaiting_return'];
const PAGE = 200;
const PARALLEL = 16;
const UPDATE_TIMEOUT_MS = 30_000;

/**
 * Whether a newer change's own rollout re-plans every dossier this one concerns: a newer national
 * change covers all; a newer change of the same agency covers that agency. A newer change of another
 * agency covers nothing here. Every change has its rollout (the outbox), so stopping is then safe.
 */
async function coveredByNewer(ds: DataSource, version: number, scope: string | null): Promise<boolean> {
  const rows: unknown[] = await ds.query(`SELECT 1 FROM calendar_changes WHERE version > $1 AND (agency_code IS NULL OR agency_code = $2) LIMIT 1`, [version, scope]);
  return rows.length > 0;
}

export function createCalendarActivities(ds: DataSource, client: Client, base: WorkCalendar): CalendarActivities {
  return {
    /**
     * Re-plans the open dossiers of change `version`'s scope (its agency, or every agency for a
     * national change) with each agency's calendar as it is now, sent with that snapshot's version:
     * a dossier already on it (or on a newer one) refuses harmlessly. A newer change of another
     * scope never makes it skip a dossier, it only makes the snapshot newer.
     */
    async replanOpenDossiers(version: number): Promise<{ replanned: number }> {
      const ctx = Context.current();
      const [change]: { agency_code: string | null }[] = await ds.query(`SELECT agency_code FROM calendar_changes WHERE version = $1`, [version]);
      if (!change) return { replanned: 0 };
      const scope = change.agency_code;
      // A snapshot labelled v holds every change up to v (loadCalendar).
      const snapshots = new Map<string, Promise<CalendarSnapshot>>();
      const snapshotOf = (agency: string) => {
        if (!snapshots.has(agency)) snapshots.set(agency, loadCalendar(ds, base, agency));
        return snapshots.get(agency)!;
      };
      let after = (ctx.info.heartbeatDetails as string | undefined) ?? '';
      let replanned = 0;
      for (;;) {
        if (await coveredByNewer(ds, version, scope)) return { replanned };
        const rows: { code: string; agency_code: string }[] = await ds.query(
          `SELECT code, agency_code FROM dossiers WHERE status = ANY($1) AND code > $2 AND ($3::text IS NULL OR agency_code = $3) ORDER BY code LIMIT ${PAGE}`,
          [OPEN, after, scope],
        );
        if (rows.length === 0) return { replanned };
        for (let i = 0; i < rows.length; i += PARALLEL) {
          const batch = rows.slice(i, i + PARALLEL);
          const done = await Promise.all(
            batch.map(async (r) => {
              const { calendar, version: snapshotVersion } = await snapshotOf(r.agency_code);
              // A dossier whose worker is wedged must not hold up the rollout, and a worker shutdown cancels it.
              // A dossier registered by a plain start has its row before its workflow registered:
              // the command waits for that (executeDossierCommand), or the dossier would miss the change.
              return client
                .withAbortSignal(AbortSignal.any([ctx.cancellationSignal, AbortSignal.timeout(UPDATE_TIMEOUT_MS)]), () =>
                  executeDossierCommand(client, r.code, { type: 'calendarChanged', calendar, version: snapshotVersion, actor: 'calendar', by: CALENDAR_SYSTEM }),
                )
                .then(() => 1)
                // Already on this version or a newer one, or closed meanwhile: nothing to re-plan.
                .catch((err: unknown) => {
                  if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) return 0;
                  throw err;
                });
            }),
          );
          replanned += done.reduce<number>((a, b) => a + b, 0);
        }
        after = rows[rows.length - 1].code;
        ctx.heartbeat(after);
      }
    },
  };
}
