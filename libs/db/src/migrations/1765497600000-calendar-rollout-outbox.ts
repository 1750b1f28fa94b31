import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of calendar rollouts (issue 17 item 4): one row per calendar change, inserted in the
 * change's own transaction, so a change and the intent to roll it out commit together. The API
 * starts the rollout workflow (`calendar-rollout-<version>`, an idempotent id) and stamps
 * `relayed_at`; while Temporal is down the row stays pending and a relay in every API process
 * retries it (woken by NOTIFY on insert and at start-up, never by polling an empty table).
 *
 * Changes made before this migration were rolled out (or lost) by the old code: they are recorded
 * as relayed, not rolled out again.
 */
export class CalendarRolloutOutbox1765497600000 implements MigrationInterface {
  name = 'CalendarRolloutOutbox1765497600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_rollouts (
        version integer PRIMARY KEY REFERENCES calendar_changes(version),
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX calendar_rollouts_pending ON calendar_rollouts (version) WHERE relayed_at IS NULL`);
    await q.query(`INSERT INTO calendar_rollouts (version, created_at, relayed_at) SELECT version, at, at FROM calendar_changes`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_rollouts`);
  }
}
