import type { INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { freePort } from '../../scripts/lib/ports';
import { startTemporalDevServer, type TemporalHandle } from '../../scripts/lib/temporal-dev-server';
import { startApi } from './api';
import { loginAll, type Tokens } from './auth';
import { openDataSource, startWorker, testConfig, type RunningWorker } from './stack';

/**
 * The stack of a test file that kills or freezes Temporal: a dev server of its own, file-backed so
 * `startTemporal()` again on the same port keeps its state, with the file's own database, a worker
 * and the API on it.
 */
export interface OwnTemporalStack {
  dir: string;
  port: number;
  temporal: TemporalHandle;
  config: AppConfig;
  ds: DataSource;
  worker: RunningWorker;
  app: INestApplication;
  url: string;
  t: Tokens;
  /** (Re)starts the file's Temporal server on its port and data file. */
  startTemporal(): Promise<TemporalHandle>;
}

export interface OwnTemporalOptions {
  /** the file's config on top of testConfig's */
  config?: Record<string, string>;
  /** the server's dynamic config on top of the dev server's */
  dynamicConfig?: Record<string, string>;
}

export async function startOwnTemporalStack(name: string, options: OwnTemporalOptions = {}): Promise<OwnTemporalStack> {
  const dir = await mkdtemp(join(process.env.TEST_TMP_DIR ?? tmpdir(), `${name}-`));
  const port = await freePort();
  const startTemporal = () => startTemporalDevServer({ port, dbFile: join(dir, 'temporal.db'), dynamicConfig: options.dynamicConfig, log: () => undefined });
  const temporal = await startTemporal();
  const config = await testConfig({ TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default', ...options.config });
  const ds = await openDataSource(config);
  const worker = await startWorker(config, ds);
  const { app, url } = await startApi(config);
  return { dir, port, temporal, config, ds, worker, app, url, t: await loginAll(url), startTemporal };
}

/** Stops what is running of it (a frozen Temporal is thawed first) and removes its files. */
export async function stopOwnTemporalStack(s: Partial<Pick<OwnTemporalStack, 'app' | 'worker' | 'ds' | 'temporal' | 'dir'>>): Promise<void> {
  if (s.temporal?.pid) process.kill(s.temporal.pid, 'SIGCONT'); // a failed SIGSTOP test must not leave it frozen
  await s.app?.close();
  await s.worker?.stop();
  await s.ds?.destroy();
  await s.temporal?.stop();
  if (s.dir) await rm(s.dir, { recursive: true, force: true });
}
