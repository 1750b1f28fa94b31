import { Client as TemporalClient, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDossierWorker } from '../../apps/worker/src/dossier-worker';
import { loadConfig, type AppConfig } from '../../libs/config/src';
import { CLOCK_LOCK, dataSourceOptions, shardLockKey } from '../../libs/db/src';
import type { ClockShard } from '../../workflows/dossier.contract';

/**
 * A config for one test file: its own task queue and its own database (a copy of the migrated
 * template made in global setup), so files never see each other's tasks or dossiers.
 */
export async function testConfig(overrides: Record<string, string> = {}): Promise<AppConfig> {
  const template = new URL(process.env.DATABASE_URL!);
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const maintenance = new URL(template.href);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.href });
  await admin.connect();
  let namespace: string;
  try {
    const [{ n }] = (await admin.query(`SELECT nextval('test_namespace_seq')::int AS n`)).rows as { n: number }[];
    namespace = `test${n}`;
    // Two files copying the template at the same instant collide; the loser simply tries again.
    await waitFor(
      () => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.pathname.slice(1)}`).then(() => true, (err: Error) => (/being accessed/.test(err.message) ? false : Promise.reject(err))),
      'a copy of the template database',
    );
  } finally {
    await admin.end();
  }
  const url = new URL(template.href);
  url.pathname = `/${name}`;
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATABASE_URL: url.href,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    TEMPORAL_NAMESPACE: namespace,
    // Every receiver of the tests listens on 127.0.0.1 (the guard itself: test/e2e/outbound-guard.e2e-spec.ts).
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
    ...overrides,
  });
}

export async function openDataSource(config: AppConfig): Promise<DataSource> {
  return new DataSource(dataSourceOptions(config.DATABASE_URL!, 10)).initialize();
}

export async function openClient(config: AppConfig): Promise<TemporalClient> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS! });
  return new TemporalClient({ connection, namespace: config.TEMPORAL_NAMESPACE });
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

/**
 * Whether a session of the test's database is queued (not granted) for a deadline clock's advisory
 * lock: `shard`'s (any shard's when not given), in `mode` when given ('ShareLock': a projection
 * writer; a sweep takes it exclusively).
 */
export async function clockLockQueued(ds: DataSource, { shard, mode }: { shard?: ClockShard; mode?: 'ShareLock' | 'ExclusiveLock' } = {}): Promise<boolean> {
  const rows: unknown[] = await ds.query(
    `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND ($2::int IS NULL OR objid = $2) AND ($3::text IS NULL OR mode = $3)
       AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [CLOCK_LOCK, shard ? shardLockKey(shard) : null, mode ?? null],
  );
  return rows.length > 0;
}
