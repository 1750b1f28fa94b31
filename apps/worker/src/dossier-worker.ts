import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { AppConfigService, type AppConfig } from '../../../libs/config/src';
import { temporalConnectionOptions } from '../../../libs/temporal/src';
import { deadlineClocks } from '../../../libs/temporal/src/dossier-workflows';
import { CLOCK_KEEPER_WORKFLOW, clockKeeperId, type KeeperActivities } from '../../../workflows/dossier.contract';
import { createCalendarActivities } from './activities/calendar.activities';
import { createKeeperActivities } from './activities/clock-keeper.activities';
import { createDeadlineClock } from './activities/deadline-clock.activities';
import { createDigestActivities, keepDigestSchedules } from './activities/digest.activities';
import { createNotifierActivities, createNotifierKeeper, listenForNotifications } from './activities/notifier.activities';
import { notificationChannels } from './notification-channels';
import { notifierSignal } from '../../../libs/temporal/src/notifier';
import { createDossierActivities } from './activities/dossier.activities';
import { createPetitionActivities } from './activities/petition.activities';
import { createReassignActivities } from './activities/reassign.activities';
import { createReconcileActivities, currentRunCheck } from './activities/reconcile.activities';
import { citizenNoticeSettings } from '../../../libs/notify/src/citizen/outbox';
import { createWebhookActivities, dispatcherArgs, keepWebhooks, listenForWebhooks, webhookWaker } from './activities/webhook.activities';

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
  const clocks = deadlineClocks(client, config);
  const baseCalendar = new AppConfigService(config).baseCalendar();
  // Notifications (issue 20): the channels this worker delivers through, the notifier's wake-up.
  const notify = notificationChannels(config, dataSource);
  const wakeNotifier = notifierSignal(client, config);
  const clock = createDeadlineClock(dataSource, clocks, config.DEADLINE_CLOCK_BATCH, {
    params: { publicUrl: config.PUBLIC_URL, timeZone: config.AGENCY_TIME_ZONE, channels: ['in_app', ...notify.channels.keys()] },
    baseCalendar,
  }, config.DEADLINE_CLOCK_FOLLOW_MS);
  const clockKeeper = createKeeperActivities(dataSource, client, clocks, config.TEMPORAL_TASK_QUEUE, config.DEADLINE_CLOCK_MAX_LAG_SECONDS * 1000,
    createNotifierKeeper(dataSource, client, config.TEMPORAL_TASK_QUEUE, wakeNotifier, config.DEADLINE_CLOCK_MAX_LAG_SECONDS * 1000));
  const webhookSettings = {
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS, retryBaseMs: config.WEBHOOK_RETRY_BASE_MS, timeoutMs: config.WEBHOOK_TIMEOUT_MS, concurrency: config.WEBHOOK_CONCURRENCY,
    allowPrivateNetworks: config.OUTBOUND_ALLOW_PRIVATE_NETWORKS,
  };
  const webhooks = webhookWaker(client, config.TEMPORAL_TASK_QUEUE, dispatcherArgs(webhookSettings));
  // The keeper's round also wakes the webhook dispatcher when a due delivery waits (a lost wake-up).
  const keeper: KeeperActivities = {
    async keepClocks() {
      const kept = await clockKeeper.keepClocks();
      await keepWebhooks(dataSource, webhooks, config.DEADLINE_CLOCK_MAX_LAG_SECONDS * 1000);
      return kept;
    },
  };
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../../../workflows') }),
    activities: {
      ...createDossierActivities(dataSource, clock, currentRunCheck(client), citizenNoticeSettings(config)),
      ...createReconcileActivities({ ds: dataSource, client, clock, taskQueue: config.TEMPORAL_TASK_QUEUE }),
      ...clock.activities,
      ...keeper,
      ...createCalendarActivities(dataSource, client, new AppConfigService(config).baseCalendar()),
      ...createReassignActivities(dataSource, client),
      ...createWebhookActivities(dataSource, webhookSettings),
      ...createNotifierActivities(dataSource, notify.channels),
      ...createDigestActivities(dataSource, baseCalendar, config.PUBLIC_URL, wakeNotifier),
      ...createPetitionActivities(dataSource, clock),
    },
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskPolls: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS,
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
  });
  // Writers wake a clock only for an alarm earlier than its timer; the keeper makes sure every
  // clock of this shard set runs at all (now, and on its schedule: an operator may terminate one).
  await keeper.keepClocks();
  await keepClocksOnSchedule(client, config);
  await keepDigestSchedules(dataSource, client, baseCalendar, config.TEMPORAL_TASK_QUEUE);
  // Committed notifications are announced by NOTIFY: each wakes the notifier.
  const notifyListener = config.DATABASE_URL ? await listenForNotifications(config.DATABASE_URL, wakeNotifier) : undefined;
  // Committed webhook deliveries are announced by NOTIFY: each wakes the dispatcher.
  const webhookListener = config.DATABASE_URL ? await listenForWebhooks(config.DATABASE_URL, webhooks) : undefined;
  return { worker, connection, close: async () => { await webhookListener?.close(); await notifyListener?.close(); notify.close(); await clientConnection.close(); await connection.close(); } };
}

/**
 * Creates (or brings up to date) the schedule that runs `clockKeeperWorkflow` every
 * DEADLINE_CLOCK_KEEPER_SECONDS on this task queue: every worker calls it at start, idempotently.
 * A round skips while the previous one runs, and gives up after a few rounds' time if no worker
 * takes it.
 */
async function keepClocksOnSchedule(client: Client, config: AppConfig): Promise<void> {
  const every = config.DEADLINE_CLOCK_KEEPER_SECONDS * 1000;
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const scheduleId = clockKeeperId(taskQueue);
  const spec = { intervals: [{ every }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: CLOCK_KEEPER_WORKFLOW,
    workflowId: scheduleId,
    taskQueue,
    args: [],
    workflowExecutionTimeout: Math.max(5 * every, 60_000),
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
