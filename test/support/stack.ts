import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDossierWorker } from '../../apps/worker/src/dossier-worker';
import { loadConfig, type AppConfig } from '../../libs/config/src';
import { dataSourceOptions } from '../../libs/db/src';

/** A config for one test file: its own task queue so files never steal each other's tasks. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    ...overrides,
  });
}

export async function openDataSource(config: AppConfig): Promise<DataSource> {
  return new DataSource(dataSourceOptions(config.DATABASE_URL!, 10)).initialize();
}

export async function openClient(config: AppConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS! });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** An in-process worker on the test's task queue, using the bundle built once in global setup. */
export async function startWorker(config: AppConfig, dataSource: DataSource): Promise<RunningWorker> {
  const { worker, close } = await createDossierWorker({
    config,
    dataSource,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await close();
    },
  };
}

/** Waits for a condition, re-checking every 100 ms; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
