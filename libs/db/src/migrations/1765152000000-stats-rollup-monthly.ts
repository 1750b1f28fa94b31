import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUP_COUNTS, ROLLUP_DAILY, ROLLUP_MONTHLY, rollupUpsert, type RollupLevel } from '../timeliness-rollup';

/**
 * A monthly level for the timeliness rollup (see ../timeliness-rollup.ts): every statistics request
 * summed all of the agency's daily rows before its last cut, ~29,000 rows for two years of a
 * million-dossier archive (20–40 ms of a 40–50 ms statement). `timeliness_monthly` holds the same
 * counts per UTC month, so the service reads whole months from it and days only for the months a
 * cut falls inside.
 *
 * The trigger function of StatsRollup1765065600000 is replaced by one that upserts both levels from
 * the same transition rows, in the writing transaction, so the two cannot disagree. The backfill
 * sums the daily rows; `dossiers` is locked against writes meanwhile, so no write lands between the
 * backfill and the new function (a writer blocked here then fires the new one). Down restores the
 * daily upsert alone (as static statements, like the new function).
 */
export class StatsRollupMonthly1765152000000 implements MigrationInterface {
  name = 'StatsRollupMonthly1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE dossiers IN SHARE MODE`);
    await q.query(`
      CREATE TABLE timeliness_monthly (
        agency_code text NOT NULL,
        month date NOT NULL,
        procedure_code text NOT NULL,
        department_code text NOT NULL,
        ${ROLLUP_COUNTS.map((c) => `${c.name} int NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (agency_code, month, procedure_code, department_code)
      )`);
    await q.query(triggerFunction([ROLLUP_DAILY, ROLLUP_MONTHLY]));
    const names = ROLLUP_COUNTS.map((c) => c.name);
    await q.query(`
      INSERT INTO timeliness_monthly (agency_code, month, procedure_code, department_code, ${names.join(', ')})
      SELECT agency_code, date_trunc('month', day)::date, procedure_code, department_code, ${names.map((n) => `sum(${n})`).join(', ')}
        FROM timeliness_daily
       GROUP BY 1, 2, 3, 4`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(triggerFunction([ROLLUP_DAILY]));
    await q.query(`DROP TABLE timeliness_monthly`);
  }
}

const SOURCES = {
  INSERT: 'SELECT 1 AS sign, * FROM new_rows',
  DELETE: 'SELECT -1 AS sign, * FROM old_rows',
  UPDATE: 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows',
};

/**
 * The triggers' function: one upsert per level from the statement's transition rows. The upserts
 * are static statements, not EXECUTE: PL/pgSQL plans each once per connection instead of on every
 * write (both levels cost less than the daily one did through EXECUTE), and a branch names only the
 * transition tables its operation has.
 */
function triggerFunction(levels: RollupLevel[]): string {
  const upserts = (source: string) => levels.map((l) => `${rollupUpsert(source, l)};`).join('\n');
  return `
    CREATE OR REPLACE FUNCTION dossiers_timeliness_daily() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'INSERT' THEN ${upserts(SOURCES.INSERT)}
      ELSIF TG_OP = 'DELETE' THEN ${upserts(SOURCES.DELETE)}
      ELSE ${upserts(SOURCES.UPDATE)}
      END IF;
      RETURN NULL;
    END
    $fn$`;
}
