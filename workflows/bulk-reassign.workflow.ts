import { proxyActivities, setHandler } from '@temporalio/workflow';
import { bulkReassignProgressQuery, type BulkReassignActivities, type BulkReassignInput, type BulkReassignProgress } from './bulk-reassign.contract';

const { countReassignableSteps, listReassignableSteps, auditBulkReassign } = proxyActivities<BulkReassignActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// A batch heartbeats as it goes: a worker that dies mid-batch is noticed in seconds, and the batch
// runs again elsewhere (each step's move is idempotent).
const { reassignSteps } = proxyActivities<BulkReassignActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Steps listed per page; each page is moved in batches of `input.batchSize`. */
const PAGE = 500;

/**
 * Moves every open step of an absent officer to another one (issue 17 item 5), in batches, each an
 * activity that sends one idempotent `assign` command per step to its dossier's workflow with the
 * head who asked: the dossier's own event records the reassignment and its actor, and the dossier's
 * workflow decides whether that head may. A step already moved or closed is skipped and counted. The
 * `progress` query reports where it is; the result is the same summary. Durable: a worker that dies
 * mid-batch leaves the batch to another worker, and the steps it moved are not moved twice.
 */
export async function bulkReassignWorkflow(input: BulkReassignInput): Promise<BulkReassignProgress> {
  const progress: BulkReassignProgress = {
    id: input.id, status: 'running', from: input.from, to: input.to, requestedBy: input.requestedBy, requestedAt: input.requestedAt,
    total: 0, done: 0, moved: 0, skipped: [], failed: [],
  };
  setHandler(bulkReassignProgressQuery, () => progress);

  await auditBulkReassign(input, 'started');
  progress.total = await countReassignableSteps(input);
  // Keyset pages: a moved step leaves the list, one skipped or failed stays behind the cursor.
  let after = '';
  for (;;) {
    const ids = await listReassignableSteps(input, after, PAGE);
    if (ids.length === 0) break;
    for (let i = 0; i < ids.length; i += input.batchSize) {
      for (const r of await reassignSteps(input, ids.slice(i, i + input.batchSize))) {
        progress.done += 1;
        if (r.outcome === 'moved') progress.moved += 1;
        else (r.outcome === 'skipped' ? progress.skipped : progress.failed).push({ id: r.id, reason: r.reason });
      }
      progress.total = Math.max(progress.total, progress.done);
    }
    after = ids[ids.length - 1];
  }
  // Steps that left `from` between the count and their page were never found: not part of the request.
  progress.total = progress.done;
  progress.status = 'completed';
  progress.finishedAt = new Date().toISOString();
  await auditBulkReassign(input, 'finished', progress);
  return progress;
}
