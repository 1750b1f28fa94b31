import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import { AlertEntity, DossierEntity, DossierEventEntity, DossierStepEntity, ProcedureEntity } from './entities';
import { Init1764201600000 } from './migrations/1764201600000-init';
import { Calendar1764288000000 } from './migrations/1764288000000-calendar';
import { ProcedureCatalog1764374400000 } from './migrations/1764374400000-procedure-catalog';
import { Audit1764460800000 } from './migrations/1764460800000-audit';
import { Accounts1764547200000 } from './migrations/1764547200000-accounts';
import { Stats1764633600000 } from './migrations/1764633600000-stats';
import { ReadPaths1764720000000 } from './migrations/1764720000000-read-paths';
import { Feedback1764806400000 } from './migrations/1764806400000-feedback';
import { AgencySettings1764979200000 } from './migrations/1764979200000-agency-settings';
import { StatsRollup1765065600000 } from './migrations/1765065600000-stats-rollup';
import { StatsRollupMonthly1765152000000 } from './migrations/1765152000000-stats-rollup-monthly';
import { DeadlineClock1765238400000 } from './migrations/1765238400000-deadline-clock';
import { DeferredProjectionKeys1765324800000 } from './migrations/1765324800000-deferred-projection-keys';
import { ExplicitReach1765411200000 } from './migrations/1765411200000-explicit-reach';
import { CalendarRolloutOutbox1765497600000 } from './migrations/1765497600000-calendar-rollout-outbox';
import { AlertStream1765584000000 } from './migrations/1765584000000-alert-stream';
import { ClockShards1765670400000 } from './migrations/1765670400000-clock-shards';
import { DossierRuns1765756800000 } from './migrations/1765756800000-dossier-runs';
import { AgencySuccession1766016000000 } from './migrations/1766016000000-agency-succession';
import { TimeRules1765929600000 } from './migrations/1765929600000-time-rules';
import { DossierRatings1766448000000 } from './migrations/1766448000000-dossier-ratings';
import { Notifications1766102400000 } from './migrations/1766102400000-notifications';
import { Webhooks1766188800000 } from './migrations/1766188800000-webhooks';
import { PushSubscriptions1766275200000 } from './migrations/1766275200000-push-subscriptions';
import { Petitions1766361600000 } from './migrations/1766361600000-petitions';
import { FeedbackIntoPetitions1766534400000 } from './migrations/1766534400000-feedback-into-petitions';
import { AlertIdsBySequence1766620800000 } from './migrations/1766620800000-alert-ids-by-sequence';
import { PushDeliveriesPruned1766707200000 } from './migrations/1766707200000-push-deliveries-pruned';

export const ENTITIES = [ProcedureEntity, DossierEntity, DossierStepEntity, DossierEventEntity, AlertEntity];
export const MIGRATIONS = [
  Init1764201600000, Calendar1764288000000, ProcedureCatalog1764374400000, Audit1764460800000, Accounts1764547200000, Stats1764633600000,
  ReadPaths1764720000000, Feedback1764806400000, AgencySettings1764979200000, StatsRollup1765065600000,
  StatsRollupMonthly1765152000000, DeadlineClock1765238400000, DeferredProjectionKeys1765324800000,
  ExplicitReach1765411200000, CalendarRolloutOutbox1765497600000, AlertStream1765584000000,
  ClockShards1765670400000, DossierRuns1765756800000, TimeRules1765929600000,
  AgencySuccession1766016000000, Notifications1766102400000, Webhooks1766188800000, PushSubscriptions1766275200000, Petitions1766361600000,
  DossierRatings1766448000000, FeedbackIntoPetitions1766534400000, AlertIdsBySequence1766620800000, PushDeliveriesPruned1766707200000,
];

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize },
  };
}

/** Applies pending migrations; used by the launcher, the test setup and `npm run migrate`. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Runs `text` as the prepared statement `name` on the connection of `m`'s transaction: PostgreSQL
 * parses and plans it there once, then takes its generic plan where that is not costlier, instead
 * of planning at every call (the deadline sweep's ring statement: ~8 ms of planning in each of a
 * storm's hundreds of batches). One name, one text.
 */
export async function preparedQuery<T>(m: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  if (!m.queryRunner) throw new Error('preparedQuery must be called inside a transaction');
  const client = (await m.queryRunner.connect()) as { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
  return (await client.query({ name, text, values })).rows;
}
