import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert ids stay in commit order (AlertStream1765584000000) without a row version per alert. The
 * counter row was UPDATEd once per inserted alert: every id left a dead version of the one-row
 * table, which no one could prune while another alert writer's transaction ran. With several
 * deadline clocks sweeping at once (DEADLINE_CLOCK_SHARDS > 1), the table grew to hundreds of pages
 * within seconds and every id taken scanned them all — measured on the storm benchmark: the
 * sweep's statement took 73 ms instead of 8, PostgreSQL's CPU per alert doubled; in a pgbench of
 * 20-alert transactions, 4 writers at once ran at 285 transactions/s against 1,119 for one.
 *
 * Now an alert writer locks the counter row (`FOR UPDATE`: no new version; a transaction that
 * holds it already just goes on) and takes the id from a sequence. The lock is held to commit as
 * before, so the next writer's ids come after this one's commit: once n is visible, every smaller
 * id is visible or never will be. The sequence must not cache (CACHE 1, the default): a session's
 * cached range would hand out ids out of lock order.
 */
export class AlertIdsBySequence1766620800000 implements MigrationInterface {
  name = 'AlertIdsBySequence1766620800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE alert_ids AS bigint CACHE 1`);
    await q.query(`SELECT setval('alert_ids', (SELECT last_id FROM alert_stream) + 1, false)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION alerts_commit_ordered_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM FROM alert_stream WHERE one FOR UPDATE;
        NEW.id := nextval('alert_ids');
        RETURN NEW;
      END $$`);
    await q.query(`ALTER TABLE alert_stream DROP COLUMN last_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_stream ADD COLUMN last_id bigint`);
    await q.query(`UPDATE alert_stream SET last_id = greatest((SELECT last_value - CASE WHEN is_called THEN 0 ELSE 1 END FROM alert_ids), (SELECT coalesce(max(id), 0) FROM alerts))`);
    await q.query(`ALTER TABLE alert_stream ALTER COLUMN last_id SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION alerts_commit_ordered_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE alert_stream SET last_id = last_id + 1 RETURNING last_id INTO NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`DROP SEQUENCE alert_ids`);
  }
}
