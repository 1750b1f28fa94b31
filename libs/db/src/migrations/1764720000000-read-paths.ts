import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes shaped like the hot reads, measured at 1,000,000 dossiers (docs/benchmarks.md):
 * - the inbox reads open steps of one agency (and usually one department) in urgency order. The
 *   agency lived only on `dossiers`, so every candidate step cost a lookup there before it could
 *   be counted or sorted; it is now copied onto the step (written by the projection with the rest
 *   of the row), so the page and its total come from one index with the sort order built in;
 * - the overdue list pages open dossiers of one department by due date, and counts them;
 * - the timeliness statistics scan a period's dossiers of one agency: a covering index lets them
 *   read a narrow index instead of the wide rows (the view JSON).
 */
export class ReadPaths1764720000000 implements MigrationInterface {
  name = 'ReadPaths1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier_steps ADD COLUMN agency_code text`);
    await q.query(`UPDATE dossier_steps s SET agency_code = d.agency_code FROM dossiers d WHERE d.code = s.dossier_code`);
    await q.query(`ALTER TABLE dossier_steps ALTER COLUMN agency_code SET NOT NULL`);
    // Superseded by the inbox indexes below (same leading columns, plus the sort tie-breaker and the filters).
    await q.query(`DROP INDEX dossier_steps_open`);
    await q.query(`
      CREATE INDEX dossier_steps_inbox ON dossier_steps (agency_code, department_code, due_at, dossier_code)
        INCLUDE (step_key, at_risk_at, role, assignee) WHERE status = 'active'`);
    await q.query(`
      CREATE INDEX dossier_steps_inbox_agency ON dossier_steps (agency_code, due_at, dossier_code)
        INCLUDE (step_key, at_risk_at, role, assignee, department_code) WHERE status = 'active'`);
    await q.query(`CREATE INDEX dossiers_open_dept_due ON dossiers (agency_code, current_department_code, due_at, code) WHERE finished_at IS NULL`);
    // Everything the statistics read, by receipt and by end of processing (see StatsService).
    const stats = `status, channel, outcome, timeliness, rescheduled, original_due_at, procedure_code, handling_department_code`;
    await q.query(`CREATE INDEX dossiers_stats_received ON dossiers (agency_code, received_at) INCLUDE (finished_at, ${stats})`);
    await q.query(`CREATE INDEX dossiers_stats_finished ON dossiers (agency_code, finished_at) INCLUDE (received_at, ${stats})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dossiers_stats_finished`);
    await q.query(`DROP INDEX dossiers_stats_received`);
    await q.query(`DROP INDEX dossiers_open_dept_due`);
    await q.query(`DROP INDEX dossier_steps_inbox_agency`);
    await q.query(`DROP INDEX dossier_steps_inbox`);
    await q.query(`CREATE INDEX dossier_steps_open ON dossier_steps (department_code, due_at) WHERE status = 'active'`);
    await q.query(`ALTER TABLE dossier_steps DROP COLUMN agency_code`);
  }
}
