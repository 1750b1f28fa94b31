import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alarmBucket } from '../deadline-clock';

/**
 * Sharded, watched deadline clocks (see `workflows/deadline-clock.workflow.ts`): each alarm
 * carries its dossier's bucket (a shard is `bucket % DEADLINE_CLOCK_SHARDS`); each clock's row
 * names its shard and when it last swept; an alarm whose alert cannot be written is set aside with
 * its error instead of stopping its shard.
 */
export class ClockShards1765670400000 implements MigrationInterface {
  name = 'ClockShards1765670400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_alarms ADD COLUMN bucket int NOT NULL DEFAULT 0`);
    // The pending alarms get their dossier's bucket, computed where writers compute it.
    const codes: { dossier_code: string }[] = await q.query(`SELECT DISTINCT dossier_code FROM deadline_alarms`);
    if (codes.length > 0) {
      await q.query(
        `UPDATE deadline_alarms a SET bucket = b.bucket FROM jsonb_to_recordset($1::jsonb) AS b(code text, bucket int) WHERE a.dossier_code = b.code`,
        [JSON.stringify(codes.map(({ dossier_code }) => ({ code: dossier_code, bucket: alarmBucket(dossier_code) })))],
      );
    }
    await q.query(`ALTER TABLE deadline_alarms ALTER COLUMN bucket DROP DEFAULT`);
    // The clock of before shards (one per task queue) retires at its next sweep; its row goes.
    await q.query(`DELETE FROM deadline_clock`);
    await q.query(`ALTER TABLE deadline_clock ADD COLUMN shard int NOT NULL, ADD COLUMN shards int NOT NULL, ADD COLUMN swept_at timestamptz`);
    await q.query(`
      CREATE TABLE deadline_alarms_set_aside (
        dossier_code text NOT NULL,
        step_key text NOT NULL,
        kind text NOT NULL,
        level int NOT NULL,
        department_code text,
        due_at timestamptz NOT NULL,
        fire_at timestamptz NOT NULL,
        bucket int NOT NULL,
        error text NOT NULL,
        set_aside_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dossier_code, step_key, kind, level)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE deadline_alarms_set_aside`);
    await q.query(`DELETE FROM deadline_clock`);
    await q.query(`ALTER TABLE deadline_clock DROP COLUMN shard, DROP COLUMN shards, DROP COLUMN swept_at`);
    await q.query(`ALTER TABLE deadline_alarms DROP COLUMN bucket`);
  }
}
