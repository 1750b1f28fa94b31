import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { startApi } from './api';
import { openDataSource, testConfig, waitFor } from './stack';

/** The built worker's entry point: tests that SIGKILL a worker run it as its own process. */
export const WORKER_MAIN = resolve(__dirname, '../../dist/apps/worker/src/main.js');

export function assertWorkerBuilt(): void {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first (npm test does)`);
}

/**
 * The built worker as its own process on the test's database and task queue, so a test can
 * SIGKILL it like a crashed machine; resolves once it says it runs. `spawned` collects every
 * process, for the file's afterAll to kill what is left.
 */
export async function spawnWorker(config: AppConfig, spawned: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, DATABASE_URL: config.DATABASE_URL, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE, TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  await waitFor(async () => output.includes('worker running') || child.exitCode !== null, 'the worker process to start', 60_000);
  if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
  return child;
}

/** A file's stack whose workers are processes it may SIGKILL: the API in-process, no worker until `spawnWorker()`. */
export interface SpawnedWorkerStack {
  config: AppConfig;
  ds: DataSource;
  app: INestApplication;
  url: string;
  /** Starts one more worker process (collected for stop()). */
  spawnWorker(): Promise<ChildProcess>;
  /** Kills the worker processes left and stops the rest. */
  stop(): Promise<void>;
}

export async function startSpawnedWorkerStack(): Promise<SpawnedWorkerStack> {
  assertWorkerBuilt();
  const config = await testConfig();
  const ds = await openDataSource(config);
  const { app, url } = await startApi(config);
  const workers: ChildProcess[] = [];
  return {
    config, ds, app, url,
    spawnWorker: () => spawnWorker(config, workers),
    async stop() {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      await app.close();
      await ds.destroy();
    },
  };
}
