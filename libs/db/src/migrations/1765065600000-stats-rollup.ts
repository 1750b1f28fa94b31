import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUP_COUNTS, ROLLUP_KEY, rollupUpsert } from '../timeliness-rollup';

/**
 * Pre-computed counts for the timeliness statistics (see ../timeliness-rollup.ts): reading a year
 * of a million-dossier archive row by row took 1.7 s; the rollup holds a row per day, procedure
 * and department instead. Statement-level triggers keep it in step with `dossiers` inside the
 * writing transaction (one aggregated upsert per statement, so a bulk insert is one upsert too);
 * an update that changes nothing counted nets to zero and writes nothing.
 *
 * The trigger and the backfill are generated from the definitions at the time this migration
 * runs; a later change to them needs a migration of its own that replaces the function.
 */
export class StatsRollup1765065600000 implements MigrationInterface {
  name = 'StatsRollup1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timeliness_daily (
        agency_code text NOT NULL,
        day date NOT NULL,
        procedure_code text NOT NULL,
        department_code text NOT NULL,
        ${ROLLUP_COUNTS.map((c) => `${c.name} int NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (${ROLLUP_KEY.join(', ')})
      )`);
    // Transition tables are visible to EXECUTE, so one body serves insert, update and delete.
    await q.query(`
      CREATE FUNCTION dossiers_timeliness_daily() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        EXECUTE format(${quoteLiteral(rollupUpsert('%s'))},
          CASE TG_OP
            WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
            WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
            ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows'
          END);
        RETURN NULL;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER dossiers_timeliness_daily_ins AFTER INSERT ON dossiers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dossiers_timeliness_daily()`);
    await q.query(`CREATE TRIGGER dossiers_timeliness_daily_upd AFTER UPDATE ON dossiers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dossiers_timeliness_daily()`);
    await q.query(`CREATE TRIGGER dossiers_timeliness_daily_del AFTER DELETE ON dossiers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dossiers_timeliness_daily()`);
    await q.query(rollupUpsert('SELECT 1 AS sign, * FROM dossiers'));
    // What the exact count of a partial day reads besides the ReadPaths indexes: dossiers by due
    // date, and the few rescheduled ones (past deadline whatever the date).
    const cols = `finished_at, status, procedure_code, handling_department_code`;
    await q.query(`CREATE INDEX dossiers_stats_due ON dossiers (agency_code, original_due_at) INCLUDE (${cols})`);
    await q.query(`CREATE INDEX dossiers_stats_rescheduled ON dossiers (agency_code, received_at) INCLUDE (original_due_at, ${cols}) WHERE rescheduled`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dossiers_stats_rescheduled`);
    await q.query(`DROP INDEX dossiers_stats_due`);
    for (const t of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER dossiers_timeliness_daily_${t} ON dossiers`);
    await q.query(`DROP FUNCTION dossiers_timeliness_daily()`);
    await q.query(`DROP TABLE timeliness_daily`);
  }
}

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
