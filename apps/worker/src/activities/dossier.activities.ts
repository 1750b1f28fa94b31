import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { AlertRecord, DossierActivities, ProgressRecord } from '../../../../workflows/dossier.contract';

import { ALERT_NOTIFY_PAYLOAD, ALERTS_CHANNEL, writeProgress, type ClockPlanner, type WritingRun } from '../../../../libs/db/src';
import type { CitizenNoticeSettings } from '../../../../libs/notify/src/citizen/notices';

/** Whether `runId` is the current run of workflow `workflowId` (a Temporal describe). */
export type CurrentRunCheck = (workflowId: string, runId: string) => Promise<boolean>;

/**
 * The workflow's only writes. Both are idempotent: the projection only moves forward (guarded by
 * the event sequence), events and alerts are keyed, so a retry or a replay writes nothing twice.
 * `notices`: the citizens' notices are written with the events (libs/notify/src/citizen).
 */
export function createDossierActivities(ds: DataSource, clock: ClockPlanner, isCurrentRun?: CurrentRunCheck, notices?: CitizenNoticeSettings): DossierActivities {
  // The run writing is the activity's own (not a field the workflow sends): so every run, also of
  // dossiers started before, names itself, and no workflow code changed. A reset run cannot tell
  // its age from workflow info either (it replays the old run's first task, start time included);
  // Temporal's current run can.
  const writingRun = (): WritingRun | undefined => {
    const run = isCurrentRun && Context.current().info.workflowExecution;
    return run ? { id: run.runId, isCurrent: () => isCurrentRun(run.workflowId, run.runId) } : undefined;
  };
  return {
    async recordProgress(record: ProgressRecord): Promise<number> {
      // The same writer the API uses when it registers a dossier itself (INTAKE_MODE=start): the
      // first task's 'registered' then finds its event written and only re-checks the clock's wake-up.
      await writeProgress(ds, clock, record, writingRun(), notices);
      return Date.now();
    },

    async recordAlert(a: AlertRecord): Promise<number> {
      // Dossiers started before the deadline clock ring their own alarms here. One statement, one
      // round trip, one commit: every alert is a local activity inside a workflow task. NOTIFY is
      // delivered on commit, and only for the insert that won (no row, no notify): every API
      // instance fans it out to its SSE clients without reading the table.
      await ds.query(
        `WITH ins AS (
           INSERT INTO alerts (kind, dossier_code, step_key, level, department_code, due_at) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT ON CONSTRAINT alerts_once DO NOTHING RETURNING *
         )
         SELECT pg_notify($7, ${ALERT_NOTIFY_PAYLOAD}) FROM ins`,
        [a.kind, a.dossierCode, a.stepKey ?? '', a.level, a.departmentCode ?? null, a.dueAt, ALERTS_CHANNEL],
      );
      return Date.now();
    },
  };
}
