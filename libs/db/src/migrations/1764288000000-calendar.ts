import type { MigrationInterface, QueryRunner } from 'typeorm';
import { VN_CALENDAR_OVERRIDES } from '../../../domain/src';

/** Official calendar overrides (days off, make-up working Saturdays) and their versioned change log. */
export class Calendar1764288000000 implements MigrationInterface {
  name = 'Calendar1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_overrides (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
        reason text NOT NULL,
        source text NOT NULL DEFAULT '',
        holiday text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_changes (
        version serial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        change jsonb NOT NULL
      )`);
    for (const o of VN_CALENDAR_OVERRIDES) {
      await q.query(`INSERT INTO calendar_overrides (date, kind, reason, source, holiday) VALUES ($1, $2, $3, $4, $5)`, [o.date, o.kind, o.reason, o.source, o.holiday ?? null]);
    }
    await q.query(`INSERT INTO calendar_changes (actor, change) VALUES ('migration', $1)`, [JSON.stringify({ seeded: VN_CALENDAR_OVERRIDES.length })]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_changes`);
    await q.query(`DROP TABLE calendar_overrides`);
  }
}
