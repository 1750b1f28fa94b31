import { temporal as proto } from '@temporalio/proto';
import { sleep } from '../scripts/lib/ports';
import type { BenchStack } from './stack';

/** The API's default INTAKE_MODE: it answers once the workflow's first task has written the projection. */
export const DEFAULT_INTAKE_MODE = 'update-with-start';

/** A mode other than the default answers before the workflow's first task: its drain belongs to its cost. */
export const answersBeforeFirstTask = (mode: string) => mode !== DEFAULT_INTAKE_MODE;

const BACKLOG_TIMEOUT_MS = 600_000;

/** The queue's approximate backlog of workflow tasks (matching's count: tasks not yet handed to a worker), if the server reports it. */
async function backlog(stack: BenchStack): Promise<number | undefined> {
  const res = await stack.temporal.connection.workflowService.describeTaskQueue({
    namespace: stack.namespace,
    taskQueue: { name: stack.taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    reportStats: true,
  });
  const n = res.stats?.approximateBacklogCount;
  return n === undefined || n === null ? undefined : Number(n);
}

/** True once the workflow has completed a workflow task (≥ 4 history events) and has none pending. */
async function firstTaskDone(stack: BenchStack, workflowId: string): Promise<boolean> {
  const d = await stack.temporal.connection.workflowService.describeWorkflowExecution({ namespace: stack.namespace, execution: { workflowId } });
  return Number(d.workflowExecutionInfo?.historyLength ?? 0) >= 4 && !d.pendingWorkflowTask;
}

/**
 * Waits until every dossier's workflow has run its first workflow task, for an intake mode that
 * answers before it (as bench/bare.ts `drained()` does for the bare starts): a closed loop of such
 * registrations leaves a queue of first tasks behind, and their work is part of a registration.
 * Ground truth is Temporal's own record of each workflow (DescribeWorkflowExecution: a completed
 * task, none pending), whatever the API writes itself. To keep those checks few, it first waits
 * until the queue's approximate backlog reads 0 (one call every 250 ms), then checks every
 * dossier once and again only the ones still running. Resolves with the wait in ms.
 */
export async function drainFirstTasks(stack: BenchStack, workflowIds: readonly string[], log: (msg: string) => void): Promise<number> {
  const started = Date.now();
  const deadline = started + BACKLOG_TIMEOUT_MS;
  const first = await backlog(stack).catch(() => undefined);
  if (first) log(`  drain: ${first} first tasks in the queue's backlog`);
  for (let n = first; n !== undefined && n > 0 && Date.now() < deadline; n = await backlog(stack).catch(() => undefined)) {
    await sleep(250);
  }
  let pending = [...workflowIds];
  while (pending.length) {
    const still: string[] = [];
    // Four at a time: within the 5 idle connections a cluster service keeps per store, so the
    // checks do not make Temporal open and close PostgreSQL connections (which costs more than they do).
    for (let i = 0; i < pending.length; i += 4) {
      const batch = pending.slice(i, i + 4);
      const done = await Promise.all(batch.map((id) => firstTaskDone(stack, id).catch(() => false)));
      still.push(...batch.filter((_, j) => !done[j]));
    }
    pending = still;
    if (!pending.length) break;
    if (Date.now() > deadline) throw new Error(`${pending.length} of ${workflowIds.length} dossier workflows had not run their first task ${BACKLOG_TIMEOUT_MS / 1000} s after the last answer`);
    log(`  drain: ${workflowIds.length - pending.length}/${workflowIds.length} workflows past their first task`);
    await sleep(500);
  }
  return Date.now() - started;
}
