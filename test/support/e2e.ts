import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import type { Role } from '../../libs/domain/src';
import { startApi } from './api';
import { as, loginAll, type Tokens } from './auth';
import { openClient, openDataSource, startWorker, testConfig, type RunningWorker } from './stack';

/** A worker for one test file: its own database and namespace (testConfig), a Temporal client. */
export interface WorkerStack {
  config: AppConfig;
  ds: DataSource;
  client: Client;
  worker: RunningWorker;
  /** something of the file's own to end before the stack stops (an open SSE stream holds the API's close) */
  onStop(fn: () => unknown): void;
}

/** The same with the API on a free port and every demo account signed in. */
export interface E2eStack extends WorkerStack {
  app: INestApplication;
  url: string;
  /** an access token per demo account */
  t: Tokens;
  /** requests as a demo account */
  as(role: Role): ReturnType<typeof as>;
}

/**
 * Starts the stack before the file's tests and stops it after. Read the fields inside tests and
 * hooks: `beforeAll` fills them in.
 */
function useStack(withApi: boolean, overrides: Record<string, string>): E2eStack {
  const stops: (() => unknown)[] = [];
  const s = { as: (role: Role) => as(s.url, s.t[role]), onStop: (fn: () => unknown) => void stops.push(fn) } as E2eStack;
  beforeAll(async () => {
    s.config = await testConfig(overrides);
    s.ds = await openDataSource(s.config);
    s.client = await openClient(s.config);
    s.worker = await startWorker(s.config, s.ds);
    if (!withApi) return;
    ({ app: s.app, url: s.url } = await startApi(s.config));
    s.t = await loginAll(s.url);
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await s.app?.close();
    await s.worker?.stop();
    await s.client?.connection.close();
    await s.ds?.destroy();
  });
  return s;
}

export const useWorkerStack = (overrides: Record<string, string> = {}): WorkerStack => useStack(false, overrides);
export const useE2eStack = (overrides: Record<string, string> = {}): E2eStack => useStack(true, overrides);
