import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { AppConfigService, type AppConfig } from '../../../libs/config/src';
import { temporalConnectionOptions } from '../../../libs/temporal/src';
import { deadlineClockSignal } from '../../../libs/temporal/src/dossier-workflows';
import { createCalendarActivities } from './activities/calendar.activities';
import { deadlineClockId } from '../../../workflows/dossier.contract';
import { createDeadlineClock } from './activities/deadline-clock.activities';
import { createDossierActivities } from './activities/dossier.activities';
import { createReassignActivities } from './activities/reassign.activities';

export interface DossierWorkerOptions {
  config: AppConfig;
  dataSource: DataSource;
  /** Prebuilt bundle (tests bundle once); default: bundle `workflows/` at start. */
  workflowBundle?: WorkflowBundleOption;
}

/** Builds the worker for the dossier task queue; shared by the worker app and the tests. */
export async function createDossierWorker({ config, dataSource, workflowBundle }: DossierWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection; close(): Promise<void> }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  // The calendar rollout and the bulk reassignment send Updates to dossier workflows and the
  // deadline clock is woken by a signal, so the worker needs a client too.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config));
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const clockId = deadlineClockId(config.TEMPORAL_TASK_QUEUE);
  const wakeClock = deadlineClockSignal(client, config.TEMPORAL_TASK_QUEUE);
  const clock = createDeadlineClock(dataSource, clockId, wakeClock);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../../../workflows') }),
    activities: {
      ...createDossierActivities(dataSource, clock),
      ...clock.activities,
      ...createCalendarActivities(dataSource, client, new AppConfigService(config).baseCalendar()),
      ...createReassignActivities(dataSource, client),
    },
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskPolls: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS,
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
  });
  // Writers wake the clock only for an alarm earlier than its timer; this (idempotent) start makes
  // sure a clock runs at all, e.g. after an operator terminated it with alarms pending.
  await wakeClock();
  return { worker, connection, close: async () => { await clientConnection.close(); await connection.close(); } };
}
