import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-agency calendar settings (time zone, office hours, weekends, paper cut-off) and the change log
 * scoped to the agency a change concerns (NULL: national, every agency).
 */
export class AgencySettings1764979200000 implements MigrationInterface {
  name = 'AgencySettings1764979200000';

  async up(q: QueryRunner): Promise<void> {
    // NULL: the configured defaults (AGENCY_TIME_ZONE, OFFICE_HOURS, Saturday and Sunday off, 15:00).
    await q.query(`ALTER TABLE agencies ADD COLUMN calendar_settings jsonb`);
    await q.query(`ALTER TABLE calendar_changes ADD COLUMN agency_code text REFERENCES agencies(code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar_changes DROP COLUMN agency_code`);
    await q.query(`ALTER TABLE agencies DROP COLUMN calendar_settings`);
  }
}
