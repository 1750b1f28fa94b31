import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../libs/config/src';
import { dataSourceOptions, DEMO_PASSWORD, DEMO_USERS, runMigrations, seedDemoData } from '../libs/db/src';
import { spawnChild, stopAll } from './lib/children';
import { startEmbeddedPostgres, type PgHandle } from './lib/embedded-pg';
import { waitFor } from './lib/ports';
import { startTemporalDevServer, type TemporalHandle } from './lib/temporal-dev-server';

const root = resolve(__dirname, '../..');
const log = (msg: string) => process.stdout.write(`${msg}\n`);

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL), Temporal (dev server unless
 * TEMPORAL_ADDRESS), migrations, demo data, then the API and the worker as child processes.
 * Data lives under .data/, so a second start finds the earlier dossiers and their timers.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = resolve(root, process.env.DATA_DIR ?? '.data');
  let pg: PgHandle | undefined;
  let temporal: TemporalHandle | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await stopAll();
    await Promise.all([temporal?.stop(), pg?.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const [pgHandle, temporalHandle] = await Promise.all([
      config.DATABASE_URL
        ? undefined
        : startEmbeddedPostgres({ dataDir: resolve(dataDir, 'pg'), port: Number(process.env.PG_PORT ?? 54329), detached: true, log: (m) => log(`[postgres] ${m}`) }),
      config.TEMPORAL_ADDRESS
        ? undefined
        : startTemporalDevServer({
            dbFile: resolve(dataDir, 'temporal.db'),
            port: Number(process.env.TEMPORAL_PORT ?? 7233),
            uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
            namespace: config.TEMPORAL_NAMESPACE,
            // Detached: Ctrl-C reaches only this launcher, which stops the API and worker first.
            detached: true,
            log: (m) => log(`[temporal] ${m}`),
          }),
    ]);
    pg = pgHandle;
    temporal = temporalHandle;
    const env = {
      DATABASE_URL: config.DATABASE_URL ?? pg!.url,
      TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS ?? temporal!.address,
    };
    const applied = await runMigrations(env.DATABASE_URL);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    if (config.NODE_ENV !== 'production') {
      const ds = await new DataSource(dataSourceOptions(env.DATABASE_URL, 1)).initialize();
      await seedDemoData(ds);
      await ds.destroy();
    }

    const children = [
      spawnChild('worker', process.execPath, [resolve(root, 'dist/apps/worker/src/main.js')], env, log),
      spawnChild('api', process.execPath, [resolve(root, 'dist/apps/api/src/main.js')], env, log),
    ];
    for (const child of children) {
      void child.exited.then((exit) => {
        if (!stopping) {
          log(`${child.name} stopped unexpectedly (${exit.code ?? exit.signal}); shutting down`);
          void shutdown(1);
        }
      });
    }
    const api = `http://${config.HOST}:${config.PORT}`;
    await waitFor(async () => (await fetch(`${api}/health/ready`).catch(() => undefined))?.ok ?? false, { timeoutMs: 120_000, intervalMs: 500, what: 'the API to become ready' });
    log('');
    log('dossier-flow is running');
    log(`  Web app        ${api}/`);
    log(`  API            ${api}/api`);
    log(`  OpenAPI docs   ${api}/api/docs`);
    log(`  Health         ${api}/health/ready`);
    log(`  Temporal       ${env.TEMPORAL_ADDRESS}${temporal?.uiUrl ? `   Web UI ${temporal.uiUrl}` : ''}`);
    log(`  PostgreSQL     ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')}`);
    log(`  Data folder    ${config.DATABASE_URL && config.TEMPORAL_ADDRESS ? '(external services)' : dataDir}`);
    if (config.NODE_ENV !== 'production') {
      log(`  Demo accounts  ${DEMO_USERS.map((u) => u.username).join(', ')} — password "${DEMO_PASSWORD}"`);
    }
    log('Ctrl-C stops everything.');
  } catch (err) {
    log(`start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
  }
}

void main();
