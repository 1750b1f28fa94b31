import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the timeliness statistics (Biểu 06) group and range on. */
export class Stats1764633600000 implements MigrationInterface {
  name = 'Stats1764633600000';

  async up(q: QueryRunner): Promise<void> {
    // The department that handles the dossier (its first review step): stable, unlike the current step's.
    await q.query(`ALTER TABLE dossiers ADD COLUMN handling_department_code text`);
    await q.query(`CREATE INDEX dossiers_finished ON dossiers (finished_at)`);
    await q.query(`CREATE INDEX dossiers_handling_dept ON dossiers (handling_department_code, received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dossiers_handling_dept`);
    await q.query(`DROP INDEX dossiers_finished`);
    await q.query(`ALTER TABLE dossiers DROP COLUMN handling_department_code`);
  }
}
