import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { WorkCalendar } from '../../../../libs/domain/src';
import { currentCalendarVersion, loadCalendar, type CalendarSnapshot } from '../../../../libs/db/src';
import { executeDossierCommand } from '../../../../libs/temporal/src/dossier-workflows';
import type { CalendarActivities } from '../../../../workflows/dossier.contract';

const OPEN = ['submitted', 'received', 'processing', 'supplement_requested', 'awaiting_return'];
const PAGE = 200;
const PARALLEL = 16;
const UPDATE_TIMEOUT_MS = 30_000;

export function createCalendarActivities(ds: DataSource, client: Client, base: WorkCalendar): CalendarActivities {
  return {
    async replanOpenDossiers(version: number): Promise<{ replanned: number }> {
      const ctx = Context.current();
      // A newer change has its own rollout, which carries this one too.
      if ((await currentCalendarVersion(ds)) !== version) return { replanned: 0 };
      // A change of one agency's settings concerns its dossiers only; a national one, every agency's.
      const [{ agency_code: scope }]: { agency_code: string | null }[] = await ds.query(`SELECT agency_code FROM calendar_changes WHERE version = $1`, [version]);
      const snapshots = new Map<string, Promise<CalendarSnapshot>>();
      const calendarOf = async (agency: string) => {
        if (!snapshots.has(agency)) snapshots.set(agency, loadCalendar(ds, base, agency));
        return (await snapshots.get(agency)!).calendar;
      };
      let after = (ctx.info.heartbeatDetails as string | undefined) ?? '';
      let replanned = 0;
      for (;;) {
        const rows: { code: string; agency_code: string }[] = await ds.query(
          `SELECT code, agency_code FROM dossiers WHERE status = ANY($1) AND code > $2 AND ($3::text IS NULL OR agency_code = $3) ORDER BY code LIMIT ${PAGE}`,
          [OPEN, after, scope],
        );
        if (rows.length === 0) return { replanned };
        for (let i = 0; i < rows.length; i += PARALLEL) {
          const batch = rows.slice(i, i + PARALLEL);
          const done = await Promise.all(
            batch.map(async (r) => {
              const calendar = await calendarOf(r.agency_code);
              // A dossier whose worker is wedged must not hold up the rollout, and a worker shutdown cancels it.
              // A dossier registered by a plain start has its row before its workflow registered:
              // the command waits for that (executeDossierCommand), or the dossier would miss the change.
              return client
                .withAbortSignal(AbortSignal.any([ctx.cancellationSignal, AbortSignal.timeout(UPDATE_TIMEOUT_MS)]), () =>
                  executeDossierCommand(client, r.code, { type: 'calendarChanged', calendar, version, actor: 'calendar' }),
                )
                .then(() => 1)
                // Already on this version, or closed meanwhile: nothing to re-plan.
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
