import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { WorkCalendar } from '../../../../libs/domain/src';
import { loadCalendar, type CalendarSnapshot } from '../../../../libs/db/src';
import { executeDossierCommand } from '../../../../libs/temporal/src/dossier-workflows';
import { CALENDAR_SYSTEM, type CalendarActivities } from '../../../../workflows/dossier.contract';
import { petitionReplanUpdate } from '../../../../workflows/petition.contract';

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

/** Where an interrupted rollout resumes (its heartbeat): after a dossier code (a plain string, as it always was), or in the petitions. */
type Resume = string | { petitions: string };

export function createCalendarActivities(ds: DataSource, client: Client, base: WorkCalendar): CalendarActivities {
  return {
    /**
     * Re-plans the open dossiers of change `version`'s scope (its agency, or every agency for a
     * national change) with each agency's calendar as it is now, sent with that snapshot's version:
     * a dossier already on it (or on a newer one) refuses harmlessly. A newer change of another
     * scope never makes it skip a dossier, it only makes the snapshot newer. Then the open
     * petitions of that scope the same way (`petitionReplanUpdate`); a petition carried over from
     * the old feedback table has no workflow until its first command (PetitionsService.adopt, which
     * starts it on the calendar in force then) and is skipped.
     */
    async replanOpenDossiers(version: number): Promise<{ replanned: number; replannedPetitions: number }> {
      const ctx = Context.current();
      const [change]: { agency_code: string | null }[] = await ds.query(`SELECT agency_code FROM calendar_changes WHERE version = $1`, [version]);
      if (!change) return { replanned: 0, replannedPetitions: 0 };
      const scope = change.agency_code;
      // A snapshot labelled v holds every change up to v (loadCalendar).
      const snapshots = new Map<string, Promise<CalendarSnapshot>>();
      const snapshotOf = (agency: string) => {
        if (!snapshots.has(agency)) snapshots.set(agency, loadCalendar(ds, base, agency));
        return snapshots.get(agency)!;
      };
      // A workflow that is wedged must not hold up the rollout, and a worker shutdown cancels it.
      const send = (call: () => Promise<unknown>) =>
        client
          .withAbortSignal(AbortSignal.any([ctx.cancellationSignal, AbortSignal.timeout(UPDATE_TIMEOUT_MS)]), call)
          .then(() => 1)
          // Already on this version or a newer one, or closed meanwhile (or, for a carried-over petition, no workflow yet): nothing to re-plan.
          .catch((err: unknown) => {
            if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) return 0;
            throw err;
          });
      /** Pages through the open rows `select` names after `after`, each re-planned by `replan`, heartbeating the last code. */
      const sweep = async (after: string, select: string, replan: (code: string, snapshot: CalendarSnapshot) => Promise<number>, resume: (code: string) => Resume): Promise<{ done: number; covered: boolean }> => {
        let done = 0;
        for (;;) {
          if (await coveredByNewer(ds, version, scope)) return { done, covered: true };
          const rows: { code: string; agency_code: string }[] = await ds.query(`${select} AND code > $1 AND ($2::text IS NULL OR agency_code = $2) ORDER BY code LIMIT ${PAGE}`, [after, scope]);
          if (rows.length === 0) return { done, covered: false };
          for (let i = 0; i < rows.length; i += PARALLEL) {
            const counts = await Promise.all(rows.slice(i, i + PARALLEL).map(async (r) => replan(r.code, await snapshotOf(r.agency_code))));
            done += counts.reduce((a, b) => a + b, 0);
          }
          after = rows[rows.length - 1].code;
          ctx.heartbeat(resume(after));
        }
      };
      const resumed = ctx.info.heartbeatDetails as Resume | undefined;
      let replanned = 0;
      if (typeof resumed !== 'object') {
        const dossiers = await sweep(
          resumed ?? '',
          `SELECT code, agency_code FROM dossiers WHERE status = ANY('{${OPEN.join(',')}}')`,
          // A dossier registered by a plain start has its row before its workflow registered:
          // the command waits for that (executeDossierCommand), or the dossier would miss the change.
          (code, { calendar, version: v }) => send(() => executeDossierCommand(client, code, { type: 'calendarChanged', calendar, version: v, actor: 'calendar', by: CALENDAR_SYSTEM })),
          (code) => code,
        );
        replanned = dossiers.done;
        // A newer change's rollout re-plans the dossiers and petitions from here on.
        if (dossiers.covered) return { replanned, replannedPetitions: 0 };
      }
      const petitions = await sweep(
        typeof resumed === 'object' ? resumed.petitions : '',
        `SELECT code, agency_code FROM petitions WHERE stage IS NOT NULL`,
        (code, { calendar, version: v }) => send(() => client.workflow.getHandle(code).executeUpdate(petitionReplanUpdate, { args: [{ calendar, version: v }] })),
        (code) => ({ petitions: code }),
      );
      return { replanned, replannedPetitions: petitions.done };
    },
  };
}
