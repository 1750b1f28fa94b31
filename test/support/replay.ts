import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../../libs/config/src';
import { openClient, waitFor } from './stack';

/** The run to record: a workflow's latest run, one run of it, or the latest run a schedule started. */
export type RecordedRun = string | { workflowId: string; runId?: string } | { scheduleId: string };

/**
 * Set RECORD_REPLAY=1 to record the histories that test/workflows/replay.spec.ts guards (every
 * workflow type needs one). Files of released versions stay: record under a new name,
 * `<workflow>-v<N>-<what>.json`. Records the run once it is closed or waits idle (no workflow task
 * or activity pending: a long-running workflow asleep), so that a history never ends mid-task.
 * Given a config rather than a client, it opens a client of its own for the recording.
 */
export async function maybeRecord(temporal: Client | AppConfig, run: RecordedRun, name: string): Promise<void> {
  if (!process.env.RECORD_REPLAY) return;
  const client = 'workflow' in temporal ? temporal : await openClient(temporal);
  try {
    const { workflowId, runId } = typeof run === 'string' ? { workflowId: run, runId: undefined } : 'scheduleId' in run ? await latestOf(client, run.scheduleId) : run;
    const handle = client.workflow.getHandle(workflowId, runId);
    await waitFor(async () => {
      const { status, raw } = await handle.describe();
      return status.name !== 'RUNNING' || (!raw.pendingWorkflowTask && !raw.pendingActivities?.length && !raw.pendingChildren?.length);
    }, `${workflowId} to close or wait idle before recording ${name}`, 60_000);
    await writeFile(join(__dirname, '../replay', `${name}.json`), historyToJSON(await handle.fetchHistory()));
  } finally {
    if (client !== temporal) await client.connection.close();
  }
}

async function latestOf(client: Client, scheduleId: string): Promise<{ workflowId: string; runId: string }> {
  const { recentActions } = (await client.schedule.getHandle(scheduleId).describe()).info;
  const last = recentActions.at(-1);
  if (!last) throw new Error(`schedule ${scheduleId} has started no workflow yet`);
  return { workflowId: last.action.workflow.workflowId, runId: last.action.workflow.firstExecutionRunId };
}
