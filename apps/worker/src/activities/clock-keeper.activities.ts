import { Logger } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { clockStatus } from '../../../../libs/db/src';
import type { deadlineClocks } from '../../../../libs/temporal/src/dossier-workflows';
import { DEADLINE_CLOCK_WORKFLOW, wakeSignal, type KeeperActivities } from '../../../../workflows/dossier.contract';

/**
 * The keeper's round (see `clockKeeperWorkflow`): a clock that is terminated, failed, timed out or
 * was never started is started again — its first sweep rings at once whatever came due meanwhile —
 * and a running clock whose shard lags past `maxLagMs` is woken (a lost signal, a stuck timer), as
 * is a running clock of another shard set, which then retires.
 */
export function createKeeperActivities(
  ds: DataSource, client: Client, clocks: ReturnType<typeof deadlineClocks>, taskQueue: string, maxLagMs: number,
  /** The notifier's safety net (notifier.activities.ts `createNotifierKeeper`): run in the same round. */
  keepNotifier?: () => Promise<unknown>,
): KeeperActivities {
  const logger = new Logger('ClockKeeper');
  return {
    async keepClocks() {
      const lagging = new Set((await clockStatus(ds, clocks)).filter((s) => s.lagMs > maxLagMs).map((s) => s.shard));
      let started = 0;
      let woken = 0;
      for (const s of clocks.all()) {
        const workflowId = clocks.clockId(s);
        // null: it never ran (a first start, a new shard count), which is no incident.
        const status = await client.workflow
          .getHandle(workflowId)
          .describe()
          .then((d) => d.status.name, (err: unknown) => (err instanceof WorkflowNotFoundError ? null : 'UNKNOWN'));
        if (status !== 'RUNNING') {
          try {
            await client.workflow.start(DEADLINE_CLOCK_WORKFLOW, { workflowId, taskQueue, args: [clocks.args(s)] });
            started++;
            if (status === null) logger.log({ clock: workflowId }, 'deadline clock started');
            else logger.warn({ clock: workflowId, was: status }, 'deadline clock was not running: started it again');
          } catch (err) {
            // Started meanwhile by a writer's wake-up: it runs, which is all we wanted.
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
        } else if (lagging.has(s.shard)) {
          await clocks.signal(s);
          woken++;
          logger.warn({ clock: workflowId }, 'deadline clock lags: woke it');
        }
      }
      // A clock of another shard set (DEADLINE_CLOCK_SHARDS changed, or one of before shards) may
      // sleep without a timer; woken, it sweeps, finds its set is not the workers', and retires.
      const current = new Set(clocks.all().map((s) => clocks.clockId(s)));
      for await (const run of client.workflow.list({ query: `WorkflowType = '${DEADLINE_CLOCK_WORKFLOW}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'` })) {
        if (current.has(run.workflowId)) continue;
        await client.workflow.getHandle(run.workflowId).signal(wakeSignal).catch(() => undefined);
        woken++;
        logger.log({ clock: run.workflowId }, 'deadline clock of another shard set: woke it to retire');
      }
      // The notifier (issue 20) rides on the same round: started if it is not running, woken if a
      // due notification waits (a lost wake-up). A failure here does not hide the clocks' result.
      await keepNotifier?.().catch((err: unknown) => logger.error({ err }, 'keeping the notifier failed'));
      return { started, woken };
    },
  };
}
