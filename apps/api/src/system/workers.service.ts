import { Injectable } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { AppConfigService } from '../../../../libs/config/src';
import { TemporalClient } from '../../../../libs/temporal/src';

export interface WorkerPoller {
  /** The worker's identity (`pid@host` unless configured). */
  identity: string;
  /** When it last asked Temporal for a task (ISO). */
  lastAccessAt: string | null;
}

export interface WorkersReport {
  taskQueue: string;
  /** Workers polling for workflow tasks (the dossier workflows and the deadline clocks). */
  workflowPollers: WorkerPoller[];
  /** Workers polling for activity tasks (the database writes, the sweeps). */
  activityPollers: WorkerPoller[];
  /** Why work would wait (empty: some worker polls each kind). */
  problems: string[];
}

const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

/**
 * The workers as Temporal sees them: who polled the task queue lately. Temporal forgets a poller a
 * few minutes after its last poll, so a worker that died shows here until then; none polling at
 * all means dossiers wait (their registrations still answer: the API does not need a worker).
 */
@Injectable()
export class WorkersService {
  constructor(
    private readonly temporal: TemporalClient,
    private readonly config: AppConfigService,
  ) {}

  async report(): Promise<WorkersReport> {
    const { TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: namespace } = this.config.values;
    const pollers = async (taskQueueType: temporal.api.enums.v1.TaskQueueType): Promise<WorkerPoller[]> => {
      const res = await this.temporal.call(() => this.temporal.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType }));
      return (res.pollers ?? [])
        .map((p) => ({ identity: p.identity ?? '', lastAccessAt: toIso(optionalTsToMs(p.lastAccessTime)) }))
        .sort((a, b) => a.identity.localeCompare(b.identity));
    };
    const [workflowPollers, activityPollers] = await Promise.all([pollers(TASK_QUEUE_TYPE_WORKFLOW), pollers(TASK_QUEUE_TYPE_ACTIVITY)]);
    const problems = [
      ...(workflowPollers.length === 0 ? [`no worker polls task queue ${taskQueue} for workflow tasks`] : []),
      ...(activityPollers.length === 0 ? [`no worker polls task queue ${taskQueue} for activity tasks`] : []),
    ];
    return { taskQueue, workflowPollers, activityPollers, problems };
  }
}

const toIso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
