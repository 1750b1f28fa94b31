import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type InjectedSinks } from '@temporalio/worker';
import type { AppConfig } from '../libs/config/src';
import { pingUpdate, type AlarmSinks, type BareSinks } from './empty.workflow';

export interface BareEngine {
  taskQueue: string;
  /** One `client.workflow.start` of the empty workflow; resolves with its latency in ms. */
  start(): Promise<number>;
  /**
   * Resolves once the worker has run every empty workflow started so far. A start answers before
   * its workflow runs, so a fast closed loop leaves a backlog of tasks on the queue; whatever is
   * measured next on it would wait behind them.
   */
  drained(): Promise<void>;
  /** One update-with-start of the empty workflow: start + a workflow task + the update's answer. */
  updateWithStart(): Promise<number>;
  /** Starts one alarm workflow with a timer per deadline (epoch ms), ended by the server `runTimeoutMs` after its start; resolves with its latency in ms. */
  alarms(workflowId: string, dues: number[], runTimeoutMs: number): Promise<number>;
  /** Every alarm task run so far: its deadline and when the worker ran it (epoch ms); once per alarm. */
  fired: { due: number; at: number }[];
  /** Alarm tasks run again (a workflow task that timed out on an overloaded machine and was retried): not in `fired`. */
  refired(): number;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/**
 * A worker for the empty workflows inside the bench process, tuned like the dossier worker, so
 * the engine runs each baseline workflow to completion exactly as it runs a dossier's first task.
 */
export async function startBareEngine(client: Client, address: string, config: AppConfig): Promise<BareEngine> {
  if (!runtimeInstalled) {
    // The SDK's default logger prints every worker state change; only problems matter here. The
    // baseline worker has no activities on purpose, so the SDK's warning about that is noise.
    const quiet = new DefaultLogger('WARN', (entry) => {
      if (!entry.message.includes('No activities registered')) process.stderr.write(`[bare worker] ${entry.level} ${entry.message}\n`);
    });
    Runtime.install({ logger: quiet });
    runtimeInstalled = true;
  }
  const taskQueue = `bench-bare-${randomUUID().slice(0, 8)}`;
  const connection = await NativeConnection.connect({ address });
  const fired: BareEngine['fired'] = [];
  const firedKeys = new Set<string>();
  let refired = 0;
  let started = 0;
  let completed = 0;
  // The bench awaits one drain at a time.
  let waiter: { target: number; resolve: () => void } | undefined;
  const onCompleted = () => {
    completed++;
    if (waiter && completed >= waiter.target) waiter.resolve();
  };
  // Sinks run in this process once the task's activation completes, and not again on replay.
  const sinks: InjectedSinks<AlarmSinks & BareSinks> = {
    alarms: {
      fired: {
        fn: (info, due) => {
          const key = `${info.workflowId}@${due}`;
          if (firedKeys.has(key)) {
            refired++;
            return;
          }
          firedKeys.add(key);
          fired.push({ due, at: Date.now() });
        },
      },
    },
    bare: { completed: { fn: onCompleted } },
  };
  const worker = await Worker.create({
    sinks,
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath: require.resolve('./empty.workflow'),
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskPolls: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS,
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
  });
  const running = worker.run();
  return {
    taskQueue,
    async start() {
      const t = performance.now();
      await client.workflow.start('emptyWorkflow', { taskQueue, workflowId: `bare-${randomUUID()}` });
      started++;
      return performance.now() - t;
    },
    drained() {
      if (completed >= started) return Promise.resolve();
      const target = started;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bare worker ran ${completed} of ${target} empty workflows in 5 min`)), 300_000);
        waiter = {
          target,
          resolve: () => {
            waiter = undefined;
            clearTimeout(timer);
            resolve();
          },
        };
      });
    },
    async updateWithStart() {
      const t = performance.now();
      const answer = await client.workflow.executeUpdateWithStart(pingUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation('emptyUpdateWorkflow', {
          taskQueue,
          workflowId: `bare-uws-${randomUUID()}`,
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      if (answer !== 'pong') throw new Error(`unexpected update answer ${String(answer)}`);
      return performance.now() - t;
    },
    async alarms(workflowId, dues, runTimeoutMs) {
      const t = performance.now();
      await client.workflow.start('alarmWorkflow', { taskQueue, workflowId, args: [dues], workflowRunTimeout: runTimeoutMs });
      return performance.now() - t;
    },
    fired,
    refired: () => refired,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
