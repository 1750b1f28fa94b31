import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert ids in commit order, so an SSE client that reconnects with `Last-Event-ID: n` can be sent
 * exactly the alerts after n. A bigserial id is taken at insert: two transactions can commit 11
 * before 10, and a client that saw 11 would never get 10. Here the id is taken from a one-row
 * counter whose row lock the inserting transaction holds until it commits, so a later commit
 * always gets a larger id: once n is visible, every smaller id is visible too (or never will be —
 * an insert skipped by `ON CONFLICT DO NOTHING` or rolled back leaves a gap, never a late arrival).
 * Alert inserts serialize on the counter for the rest of their transaction; alert writers (the
 * deadline clock's sweep, a legacy dossier's own timer) write few rows and commit right after.
 */
export class AlertStream1765584000000 implements MigrationInterface {
  name = 'AlertStream1765584000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE alert_stream (one boolean PRIMARY KEY DEFAULT true CHECK (one), last_id bigint NOT NULL)`);
    await q.query(`INSERT INTO alert_stream (last_id) SELECT coalesce(max(id), 0) FROM alerts`);
    await q.query(`ALTER TABLE alerts ALTER COLUMN id DROP DEFAULT`);
    await q.query(`DROP SEQUENCE alerts_id_seq`);
    await q.query(`
      CREATE FUNCTION alerts_commit_ordered_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE alert_stream SET last_id = last_id + 1 RETURNING last_id INTO NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER alerts_commit_ordered_id BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION alerts_commit_ordered_id()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER alerts_commit_ordered_id ON alerts`);
    await q.query(`DROP FUNCTION alerts_commit_ordered_id()`);
    await q.query(`CREATE SEQUENCE alerts_id_seq OWNED BY alerts.id`);
    await q.query(`SELECT setval('alerts_id_seq', (SELECT last_id FROM alert_stream) + 1, false)`);
    await q.query(`ALTER TABLE alerts ALTER COLUMN id SET DEFAULT nextval('alerts_id_seq')`);
    await q.query(`DROP TABLE alert_stream`);
  }
}
