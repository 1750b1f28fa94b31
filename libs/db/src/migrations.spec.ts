import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from './data-source';

/**
 * A migration that has run somewhere must never change: a database that applied it keeps the old
 * SQL. Some migrations build their SQL from shared code (the timeliness rollup's counts in
 * ../timeliness-rollup.ts), so an edit there would silently rewrite them. This pins the SQL each
 * migration sends, up and down. A change belongs in a new migration; only a migration that no
 * release contains yet may have its line below updated.
 */
const PINNED: Record<string, string> = {
  Init1764201600000: 'ab14d870f6d68706',
  Calendar1764288000000: '900206e9235094e4',
  ProcedureCatalog1764374400000: '9f546def0830dfbb',
  Audit1764460800000: 'f6947116293f1ff8',
  Accounts1764547200000: '421fd7759c175a1d',
  Stats1764633600000: '4021d794218e04ff',
  ReadPaths1764720000000: '63f0f69931f88beb',
  Feedback1764806400000: 'cdb30631367fe144',
  AgencySettings1764979200000: 'e8884c7b238cb6ca',
  StatsRollup1765065600000: 'd984984f3f27b2ac',
  StatsRollupMonthly1765152000000: 'd46dca1daef1cfc4',
  DeadlineClock1765238400000: '0e2202d200c20798',
  DeferredProjectionKeys1765324800000: '49f2a674e31ee85f',
  ExplicitReach1765411200000: '904d490b1287a906',
  CalendarRolloutOutbox1765497600000: 'cc39288418cf7dca',
  AlertStream1765584000000: 'b69e7134dd0b0643',
  ClockShards1765670400000: '8f78aa24cd01994c',
  DossierRuns1765756800000: '2496a12584d2dfcb',
  TimeRules1765929600000: '2c1054afc3cdce9d',
  AgencySuccession1766016000000: '7f061992fb1b523e',
  Notifications1766102400000: '94656916c7e27012',
  Webhooks1766188800000: '80f30ae8afdc409f',
  PushSubscriptions1766275200000: '18f83f283059493a',
  Petitions1766361600000: 'd06a2b8f707703d3',
  DossierRatings1766448000000: 'c1c8bd16d0f0366b',
  FeedbackIntoPetitions1766534400000: '7babbd83cdcf6091',
  AlertIdsBySequence1766620800000: 'f668c43456bb27ca',
  PushDeliveriesPruned1766707200000: '419607fdf5780fd4',
};

async function sqlOf(direction: 'up' | 'down', migration: (typeof MIGRATIONS)[number]): Promise<string[]> {
  const sent: string[] = [];
  // A migration that reads before it writes (ClockShards1765670400000) reads nothing here.
  const runner = {
    query: async (sql: string, params?: unknown[]) => {
      sent.push(params?.length ? `${sql} -- ${JSON.stringify(params)}` : sql);
      return [];
    },
  } as unknown as QueryRunner;
  await new migration()[direction](runner);
  return sent;
}

describe('migrations', () => {
  it.each(MIGRATIONS.map((m) => [m.name, m] as const))('%s sends the SQL it was released with', async (name, migration) => {
    const sql = [...(await sqlOf('up', migration)), '-- down', ...(await sqlOf('down', migration))];
    expect(sql.length).toBeGreaterThan(1);
    expect(createHash('sha256').update(sql.join('\n;\n')).digest('hex').slice(0, 16)).toBe(PINNED[name]);
  });

  it('pins every migration', () => {
    expect(Object.keys(PINNED)).toEqual(MIGRATIONS.map((m) => m.name));
  });
});
