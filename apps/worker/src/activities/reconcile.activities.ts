import { Logger } from '@nestjs/common';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { recordHalt, RESET_EVENT, writeProgress, type ClockPlanner } from '../../../../libs/db/src';
import type { DossierHalt } from '../../../../libs/contracts/src';
import { DOSSIER_WORKFLOW } from '../../../../workflows/dossier.contract';
import { progressQuery, type ReconcileActivities, type ReconcileResult, type RunProgress } from '../../../../workflows/reconcile.contract';

/** Visibility's status names of the closes that are not a dossier's own end, and how a dossier shows each. */
const HALTS: Partial<Record<WorkflowExecutionInfo['status']['name'], { query: string; status: DossierHalt['status'] }>> = {
  TERMINATED: { query: 'Terminated', status: 'terminated' },
  TIMED_OUT: { query: 'TimedOut', status: 'timed_out' },
  FAILED: { query: 'Failed', status: 'failed' },
  CANCELLED: { query: 'Canceled', status: 'canceled' },
};

/**
 * Visibility is eventually consistent: a run that closed just before the watermark may be listed
 * only after a later one. Each reconciliation reads this far back before its watermark again; a
 * run already recorded costs one indexed read.
 */
export const RECONCILE_MARGIN_MS = 60_000;

export interface ReconcileDeps {
  ds: DataSource;
  client: Client;
  clock: ClockPlanner;
  taskQueue: string;
}

const logger = new Logger('Reconcile');

/**
 * Reconciles the projection with Temporal for the dossier workflows of `taskQueue` that closed
 * outside the API since the last call (the watermark `dossier_reconcile.closed_up_to`, per task
 * queue): each one's dossier records how it ended and loses its pending alarms (`recordHalt`). A
 * run that is not its workflow's current run was replaced by a reset (Temporal terminates the old
 * run): the workflow goes on, so it is no orphan. The new run's first write records the reset; if
 * the projection still follows the replaced run, its new run's state is written here (`resync`).
 *
 * What the keeper calls, and the activity below. Idempotent: a second call records nothing.
 */
export async function reconcileClosedDossiers({ ds, client, clock, taskQueue }: ReconcileDeps): Promise<ReconcileResult> {
  const [mark]: { closed_up_to: Date }[] = await ds.query(`SELECT closed_up_to FROM dossier_reconcile WHERE task_queue = $1`, [taskQueue]);
  const statuses = Object.values(HALTS).map((h) => `ExecutionStatus = '${h.query}'`);
  const query = [
    `WorkflowType = '${DOSSIER_WORKFLOW}'`,
    `TaskQueue = '${taskQueue.replace(/'/g, "''")}'`,
    `(${statuses.join(' OR ')})`,
    ...(mark ? [`CloseTime > '${new Date(mark.closed_up_to.getTime() - RECONCILE_MARGIN_MS).toISOString()}'`] : []),
  ].join(' AND ');
  const result: ReconcileResult = { listed: 0, halted: 0, replaced: 0, resynced: 0, closedUpTo: mark ? mark.closed_up_to.toISOString() : null };
  let upTo = mark?.closed_up_to.getTime() ?? 0;
  for await (const run of client.workflow.list({ query })) {
    result.listed += 1;
    if (run.closeTime) upTo = Math.max(upTo, run.closeTime.getTime());
    const outcome = await reconcileRun(ds, client, clock, run);
    if (outcome === 'halted') result.halted += 1;
    if (outcome === 'replaced' || outcome === 'resynced') result.replaced += 1;
    if (outcome === 'resynced') result.resynced += 1;
  }
  if (upTo > (mark?.closed_up_to.getTime() ?? 0)) {
    result.closedUpTo = new Date(upTo).toISOString();
    await ds.query(
      `INSERT INTO dossier_reconcile (task_queue, closed_up_to) VALUES ($1, $2)
       ON CONFLICT (task_queue) DO UPDATE SET closed_up_to = greatest(dossier_reconcile.closed_up_to, EXCLUDED.closed_up_to), checked_at = now()`,
      [taskQueue, result.closedUpTo],
    );
  }
  if (result.halted > 0 || result.replaced > 0) logger.log({ taskQueue, ...result }, 'closed dossier workflows reconciled');
  return result;
}

async function reconcileRun(ds: DataSource, client: Client, clock: ClockPlanner, run: WorkflowExecutionInfo): Promise<'halted' | 'replaced' | 'resynced' | 'known'> {
  const kind = HALTS[run.status.name];
  const at = run.closeTime?.toISOString();
  if (!kind || !at) return 'known';
  // Recorded already (a second call, or the margin's re-read): no Temporal call.
  const [row]: { halted: DossierHalt | null; run_id: string | null }[] = await ds.query(`SELECT view->'halted' AS halted, run_id FROM dossiers WHERE code = $1`, [run.workflowId]);
  if (!row || (row.halted?.at === at && row.halted.status === kind.status)) return 'known';
  const current = await currentRunId(client, run.workflowId);
  if (current !== run.runId) {
    if (!current || row.run_id !== run.runId) return 'replaced';
    return (await resync(ds, client, clock, run, current)) ? 'resynced' : 'replaced';
  }
  const halt: DossierHalt = { status: kind.status, at, ...(await closeReason(client, run)) };
  return (await recordHalt(ds, clock, { code: run.workflowId, runId: run.runId, halt })) ? 'halted' : 'known';
}

/**
 * The projection still follows a run a reset replaced: the new run has written nothing yet (it
 * re-ran no write, and idles until a command). Its state, read with a query, is written as the
 * reset (libs/db writeProgress), with its alarms; its own next write follows. A run that cannot
 * answer now (no worker) is left for the next call, or for its own first write.
 */
async function resync(ds: DataSource, client: Client, clock: ClockPlanner, replaced: WorkflowExecutionInfo, runId: string): Promise<boolean> {
  let progress: RunProgress;
  try {
    progress = await client.workflow.getHandle(replaced.workflowId, runId).query(progressQuery);
  } catch (err) {
    logger.warn({ dossierCode: replaced.workflowId, runId, err: (err as Error).message }, 'reset run did not answer its progress query');
    return false;
  }
  const { seq, ...state } = progress;
  await writeProgress(ds, clock, { ...state, event: { seq, type: RESET_EVENT, at: replaced.closeTime!.toISOString(), payload: {} } }, {
    id: runId,
    isCurrent: currentRunCheck(client).bind(null, replaced.workflowId, runId),
  });
  return true;
}

/** The recordProgress activities' check that their run is the current one (libs/db `WritingRun`). */
export const currentRunCheck = (client: Client) => async (workflowId: string, runId: string) => (await currentRunId(client, workflowId)) === runId;

async function currentRunId(client: Client, workflowId: string): Promise<string | undefined> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).runId;
  } catch (err) {
    // Gone from Temporal since the listing (retention): nothing tells a reset apart any more.
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** The operator's reason or the failure's message, from the run's close event. */
async function closeReason(client: Client, run: WorkflowExecutionInfo): Promise<{ reason?: string }> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId: run.workflowId, runId: run.runId },
    historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  const close = history?.events?.[0];
  const reason =
    close?.workflowExecutionTerminatedEventAttributes?.reason ||
    close?.workflowExecutionFailedEventAttributes?.failure?.message ||
    undefined;
  return reason ? { reason } : {};
}

export function createReconcileActivities(deps: ReconcileDeps): ReconcileActivities {
  return { reconcileClosedDossiers: () => reconcileClosedDossiers(deps) };
}
