import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agencies as versioned records (issue 19 item 6): each has the dates it is in force
 * (`effective_from` inclusive, `effective_to` exclusive, local dates; NULL = open) and, once merged,
 * its successor. In 2025 the provincial Departments of Planning and Investment merged into the
 * Departments of Finance, and provinces merged (Resolution 202/2025/QH15). A merger moves the open
 * dossiers (their row's `agency_code`: the agency that handles them now) to the successor; the
 * dossier code and its history keep the agency of receipt. `merged_at`/`merged_by` record when and by
 * whom the merger was carried out (the audit chain has the details).
 */
export class AgencySuccession1766016000000 implements MigrationInterface {
  name = 'AgencySuccession1766016000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agencies
        ADD COLUMN effective_from date,
        ADD COLUMN effective_to date,
        ADD COLUMN successor_code text REFERENCES agencies(code),
        ADD COLUMN merged_at timestamptz,
        ADD COLUMN merged_by text,
        ADD CONSTRAINT agencies_successor_not_self CHECK (successor_code IS NULL OR successor_code <> code),
        ADD CONSTRAINT agencies_effective_order CHECK (effective_from IS NULL OR effective_to IS NULL OR effective_from < effective_to),
        ADD CONSTRAINT agencies_successor_ends CHECK (successor_code IS NULL OR effective_to IS NOT NULL)`);
    await q.query(`CREATE INDEX agencies_successor ON agencies (successor_code) WHERE successor_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agencies_successor`);
    await q.query(`
      ALTER TABLE agencies DROP CONSTRAINT agencies_successor_ends, DROP CONSTRAINT agencies_effective_order, DROP CONSTRAINT agencies_successor_not_self,
        DROP COLUMN merged_by, DROP COLUMN merged_at, DROP COLUMN successor_code, DROP COLUMN effective_to, DROP COLUMN effective_from`);
  }
}
