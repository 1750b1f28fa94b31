import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the public catalog shows (documents, fees, field, legal basis) and the supplement rules. */
export class ProcedureCatalog1764374400000 implements MigrationInterface {
  name = 'ProcedureCatalog1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE procedures
        ADD COLUMN field text NOT NULL DEFAULT '',
        ADD COLUMN documents jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN fees text NOT NULL DEFAULT '',
        ADD COLUMN legal_basis text NOT NULL DEFAULT '',
        ADD COLUMN supplement_policy text NOT NULL DEFAULT 'subtract' CHECK (supplement_policy IN ('subtract', 'restart')),
        ADD COLUMN supplement_window_days int NOT NULL DEFAULT 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE procedures DROP COLUMN field, DROP COLUMN documents, DROP COLUMN fees, DROP COLUMN legal_basis, DROP COLUMN supplement_policy, DROP COLUMN supplement_window_days`);
  }
}
