import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../libs/config/src';
import { temporalConnectionOptions } from '../../../libs/temporal/src';
import { createDossierActivities } from './activities/dossier.activities';

export interface DossierWorkerOptions {
  config: AppConfig;
  dataSource: DataSource;
  /** Prebuilt bundle (tests bundle once); default: bundle `workflows/` at start. */
  workflowBundle?: WorkflowBundleOption;
}

/** Builds the worker for the dossier task queue; shared by the worker app and the tests. */
export async function createDossierWorker({ config, dataSource, workflowBundle }: DossierWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../../../workflows') }),
    activities: createDossierActivities(dataSource),
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  return { worker, connection };
}
