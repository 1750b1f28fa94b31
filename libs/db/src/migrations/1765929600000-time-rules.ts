import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LABOUR_CODE_HOLIDAY_RULES } from '../../../domain/src';

/**
 * Issue 19, items 3, 4 and 7. Per procedure: how many supplement requests its specialised law
 * allows (absent: Decree 118/2025's one) with that law cited, and when its period starts counting.
 * The statutory holidays as versioned rules (Labour Code 2012 Art. 115, 2019 Art. 112) with their
 * effective dates: a new statutory day is a row, added through the API, not a code change.
 */
export class TimeRules1765929600000 implements MigrationInterface {
  name = 'TimeRules1765929600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE procedures
        ADD COLUMN max_supplement_requests integer CHECK (max_supplement_requests BETWEEN 1 AND 10),
        ADD COLUMN supplement_requests_basis text NOT NULL DEFAULT '',
        ADD COLUMN clock_start text NOT NULL DEFAULT 'receipt' CHECK (clock_start IN ('receipt', 'next_working_day_after_cutoff'))`);
    await q.query(`
      CREATE TABLE holiday_rules (
        id serial PRIMARY KEY,
        key text NOT NULL,
        effective_from date NOT NULL,
        rule jsonb NOT NULL,
        actor text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (key, effective_from)
      )`);
    for (const r of LABOUR_CODE_HOLIDAY_RULES) {
      await q.query(`INSERT INTO holiday_rules (key, effective_from, rule, actor) VALUES ($1, $2, $3, 'migration')`, [r.key, r.effectiveFrom, JSON.stringify(r)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE holiday_rules`);
    await q.query(`ALTER TABLE procedures DROP COLUMN clock_start, DROP COLUMN supplement_requests_basis, DROP COLUMN max_supplement_requests`);
  }
}
