import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import type { Role } from '../../libs/domain/src';
import { startApi } from './api';
import { as, loginAll, type Tokens } from './auth';
import { openDataSource, startWorker, testConfig, type RunningWorker } from './stack';

export interface E2eStack {
  config: AppConfig;
  app: INestApplication;
  url: string;
  ds: DataSource;
  worker: RunningWorker;
  /** an access token per demo account */
  t: Tokens;
  /** requests as a demo account */
  as(role: Role): ReturnType<typeof as>;
  /** something of the file's own to end before the stack stops (an open SSE stream holds the API's close) */
  onStop(fn: () => unknown): void;
}

/**
 * The whole stack for one test file: its own database and namespace (testConfig), a worker, the
 * API on a free port and every demo account signed in; started before the file's tests, stopped after.
 * Read the fields inside tests and hooks (they are filled in by `beforeAll`).
 */
export function useE2eStack(overrides: Record<string, string> = {}): E2eStack {
  const stops: (() => unknown)[] = [];
  const s = { as: (role: Role) => as(s.url, s.t[role]), onStop: (fn: () => unknown) => void stops.push(fn) } as E2eStack;
  beforeAll(async () => {
    s.config = await testConfig(overrides);
    s.ds = await openDataSource(s.config);
    s.worker = await startWorker(s.config, s.ds);
    ({ app: s.app, url: s.url } = await startApi(s.config));
    s.t = await loginAll(s.url);
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await s.app?.close();
    await s.worker?.stop();
    await s.ds?.destroy();
  });
  return s;
}
