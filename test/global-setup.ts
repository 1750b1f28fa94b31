import { bundleWorkflowCode } from '@temporalio/worker';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations, seedDemoData } from '../libs/db/src';
import { startEmbeddedPostgres, type PgHandle } from '../scripts/lib/embedded-pg';
import { startMailpit, type MailpitHandle } from '../scripts/lib/mailpit';
import { freePort, waitFor } from '../scripts/lib/ports';
import { ensureNamespace, freeClusterPorts, startTemporalCluster } from '../scripts/lib/temporal-cluster';
import { startTemporalDevServer, type TemporalHandle } from '../scripts/lib/temporal-dev-server';

/** One Temporal namespace per test file: dossier codes (= workflow ids) restart at 0001 in each file's database. */
export const TEST_NAMESPACES = Array.from({ length: 80 }, (_, i) => `test${i + 1}`);

interface Stack {
  pg?: PgHandle;
  temporal?: TemporalHandle;
  mailpit?: MailpitHandle;
}

declare global {
  var __dossierFlowStack: Stack | undefined;
}

/**
 * Starts one real PostgreSQL and one Temporal dev server for the workflow and e2e projects
 * (unless DATABASE_URL / TEMPORAL_ADDRESS point at running ones), migrates, and bundles the
 * workflow code once. Children inherit the addresses through the environment.
 */
export default async function globalSetup(): Promise<void> {
  if (globalThis.__dossierFlowStack) return;
  const stack: Stack = {};
  globalThis.__dossierFlowStack = stack;
  const dir = await mkdtemp(join(tmpdir(), 'dossier-flow-test-'));
  await chmod(dir, 0o755); // the embedded server runs as user postgres when we are root
  const quiet = () => undefined;
  const buildNotes = (m: string) => void (/^(building|built|another process|warning:)/.test(m) && process.stderr.write(`${m}\n`));
  const onCluster = process.env.TEST_TEMPORAL === 'cluster' && !process.env.TEST_TEMPORAL_ADDRESS;
  const [pg, temporal, mailpit] = await Promise.all([
    process.env.TEST_DATABASE_URL ? undefined : startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort(), log: quiet, serverSettings: { fsync: 'off', synchronous_commit: 'off', max_connections: 300 } }),
    process.env.TEST_TEMPORAL_ADDRESS || onCluster ? undefined : startTemporalDevServer({ port: await freePort(), log: quiet, extraNamespaces: TEST_NAMESPACES }),
    // The mail server the notifications go to; the tests read it through MAILPIT_URL (its HTTP API).
    // Built once (with its web UI) on a fresh machine: the build's progress and a UI-less mailpit on PATH are shown.
    // maxMessages 0: every mail is kept (Mailpit deletes all but the newest 500 otherwise), since each file searches its own mails.
    process.env.TEST_MAILPIT_URL ? undefined : startMailpit({ smtpPort: await freePort(), httpPort: await freePort(), log: buildNotes, maxMessages: 0 }),
  ]);
  stack.mailpit = mailpit;
  process.env.SMTP_URL = process.env.TEST_SMTP_URL ?? mailpit!.smtpUrl;
  process.env.MAILPIT_URL = process.env.TEST_MAILPIT_URL ?? mailpit!.httpUrl;
  stack.pg = pg;
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? pg!.url;
  // TEST_TEMPORAL=cluster: the whole suite on the official multi-service server (as start:cluster runs it).
  stack.temporal = onCluster ? await startTestCluster(dir, process.env.DATABASE_URL) : temporal;
  process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS ?? stack.temporal!.address;
  process.env.TEST_TMP_DIR = dir;
  await runMigrations(process.env.DATABASE_URL);
  // The template every test file copies: schema, catalog and the demo accounts.
  const ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL, 1)).initialize();
  await seedDemoData(ds);
  await ds.destroy();
  // Hands out the namespaces, one per test file, from the maintenance database (not the template).
  const maintenance = new URL(process.env.DATABASE_URL);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.href });
  await admin.connect();
  await admin.query(`DROP SEQUENCE IF EXISTS test_namespace_seq`);
  await admin.query(`CREATE SEQUENCE test_namespace_seq MAXVALUE ${TEST_NAMESPACES.length}`);
  await admin.end();
  const { code } = await bundleWorkflowCode({ workflowsPath: resolve(__dirname, '../workflows'), logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet } });
  const bundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, code);
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
}

/** The official Temporal server on the test PostgreSQL, with every test namespace registered. */
async function startTestCluster(dir: string, databaseUrl: string): Promise<TemporalHandle> {
  const u = new URL(databaseUrl);
  const cluster = await startTemporalCluster({
    dir: join(dir, 'temporal'),
    pg: { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) },
    ports: await freeClusterPorts(),
    historyShards: 8,
    namespace: 'default',
  });
  await Promise.all(TEST_NAMESPACES.map((ns) => waitFor(() => ensureNamespace({ address: cluster.address }, ns, 1).then(() => true), { timeoutMs: 120_000, intervalMs: 500, what: `namespace ${ns}` })));
  return cluster;
}
