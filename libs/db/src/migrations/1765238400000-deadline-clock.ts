import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline clock (see `workflows/deadline-clock.workflow.ts`): each open dossier's pending
 * alarms, written in the same transaction as its projection, and the instant the clock workflow
 * sleeps until. One durable timer — on the earliest pending alarm — stands for all of them, so a
 * storm of deadlines costs one workflow task per wake-up instead of one per deadline.
 */
export class DeadlineClock1765238400000 implements MigrationInterface {
  name = 'DeadlineClock1765238400000';

  async up(q: QueryRunner): Promise<void> {
    // Keyed like `alerts_once`: an alarm becomes at most one alert. fire_at is when it rings
    // (the at-risk instant or the due date); due_at is the deadline the alert reports.
    await q.query(`
      CREATE TABLE deadline_alarms (
        dossier_code text NOT NULL REFERENCES dossiers(code),
        step_key text NOT NULL DEFAULT '',
        kind text NOT NULL,
        level int NOT NULL,
        department_code text,
        due_at timestamptz NOT NULL,
        fire_at timestamptz NOT NULL,
        PRIMARY KEY (dossier_code, step_key, kind, level)
      )`);
    await q.query(`CREATE INDEX deadline_alarms_fire_at ON deadline_alarms (fire_at)`);
    // One row per clock (task queue): wake_at is the instant its timer is set for, NULL when idle.
    await q.query(`CREATE TABLE deadline_clock (clock_id text PRIMARY KEY, wake_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deadline_clock`);
    await q.query(`DROP TABLE deadline_alarms`);
  }
}
