import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { startEmbeddedPostgres, type PgHandle } from './lib/embedded-pg';
import { freePort } from './lib/ports';
import { startTemporalDevServer, type TemporalHandle } from './lib/temporal-dev-server';
import { launchFailureLine } from './lib/launch-error';

// Manual check of the dev-stack launchers: start, use, stop, then restart on the same data.
const ROOT = '/tmp/smoke-stack';
const verbose = process.env.SMOKE_VERBOSE === '1';

function logger(prefix: string): (msg: string) => void {
  return (msg) => {
    if (verbose) console.log(`  [${prefix}] ${msg}`);
  };
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  console.log(`${label}: ${Date.now() - started} ms`);
  return result;
}

async function round(n: number, pgPort: number, temporalPort: number): Promise<void> {
  console.log(`--- round ${n} ---`);
  let pg: PgHandle | undefined;
  let temporal: TemporalHandle | undefined;
  try {
    // allSettled, not all: if one fails the other must still be captured so finally can stop it.
    const [pgResult, temporalResult] = await Promise.allSettled([
      timed('postgres start', () =>
        startEmbeddedPostgres({ dataDir: join(ROOT, 'pg'), port: pgPort, log: logger('pg') })),
      timed('temporal start', () =>
        startTemporalDevServer({ dbFile: join(ROOT, 'temporal.db'), port: temporalPort, log: logger('temporal') })),
    ]);
    pg = pgResult.status === 'fulfilled' ? pgResult.value : undefined;
    temporal = temporalResult.status === 'fulfilled' ? temporalResult.value : undefined;
    if (pgResult.status === 'rejected') throw pgResult.reason;
    if (temporalResult.status === 'rejected') throw temporalResult.reason;
    if (!pg || !temporal) throw new Error('unreachable');
    console.log(`postgres url: ${pg.url}`);
    console.log(`temporal address: ${temporal.address} (pid ${temporal.pid}, namespace ${temporal.namespace})`);

    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    const { rows } = await db.query<{ one: number; db: string; enc: string }>(
      "select 1 as one, current_database() as db, pg_encoding_to_char(encoding) as enc from pg_database where datname = current_database()",
    );
    await db.query('create table if not exists smoke_runs (n int, at timestamptz default now())');
    await db.query('insert into smoke_runs (n) values ($1)', [n]);
    const runs = await db.query<{ count: string }>('select count(*) from smoke_runs');
    await db.end();
    console.log(`select 1 -> ${rows[0]?.one} (db ${rows[0]?.db}, ${rows[0]?.enc}); smoke_runs rows: ${runs.rows[0]?.count}`);
    if (Number(runs.rows[0]?.count) !== n) throw new Error('postgres data did not persist across restarts');

    const connection = await Connection.connect({ address: temporal.address });
    const { namespaces } = await connection.workflowService.listNamespaces({});
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    // No worker polls this queue, so the workflow stays open: round 2 finding it proves the SQLite file persisted.
    const workflows = new TemporalClient({ connection }).workflow;
    if (n === 1) await workflows.start('smokeWorkflow', { taskQueue: 'smoke-stack', workflowId: 'smoke-stack-1' });
    const described = await workflows.getHandle('smoke-stack-1').describe();
    await connection.close();
    console.log(`workflow smoke-stack-1: ${described.status.name} (started ${described.startTime.toISOString()})`);
    console.log(`namespaces: ${namespaces.map((ns) => ns.namespaceInfo?.name).join(', ')}`);
    console.log(`custom search attributes: ${Object.keys(customAttributes ?? {}).sort().join(', ')}`);
  } finally {
    await timed('stop both', () => Promise.all([pg?.stop(), temporal?.stop()]));
    // Idempotency check: a second stop must be a no-op rather than hang or throw.
    await Promise.all([pg?.stop(), temporal?.stop()]);
  }
}

async function main(): Promise<void> {
  await fs.rm(ROOT, { recursive: true, force: true });
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  await round(1, pgPort, temporalPort);
  // With journal_mode=WAL most state sits in temporal.db-wal until a checkpoint, so count both.
  const sizes = await Promise.all(['temporal.db', 'temporal.db-wal'].map((f) => fs.stat(join(ROOT, f)).then((st) => st.size, () => 0)));
  console.log(`temporal.db persisted: ${sizes[0]} bytes + ${sizes[1]} bytes WAL`);
  await round(2, pgPort, temporalPort);
  console.log('smoke-stack OK');
}

main().catch((err: unknown) => {
  console.error(launchFailureLine('smoke-stack', err));
  process.exit(1);
});
