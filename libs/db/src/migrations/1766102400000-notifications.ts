import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 20): the outbox every channel delivers from, the escalation policy as data,
 * each user's channel choices and quiet hours, and the two things a user needs to be told: an
 * e-mail address and a position (`department_head`, `agency_leader`).
 *
 * A `notifications` row is written in the same transaction as the event that causes it (an alert
 * rung by the deadline clock's sweep, a citizen notice, a webhook event) and delivered by a
 * Temporal activity whose idempotency key is the row's id. `idempotency_key` (unique) names the
 * cause (e.g. `alert:<id>:<channel>:<recipient>`), so a retried writer inserts nothing twice.
 * `not_before` defers a delivery (quiet hours); `read_at` is the in-app inbox's read mark.
 */
export class Notifications1766102400000 implements MigrationInterface {
  name = 'Notifications1766102400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN email text,
        ADD COLUMN position text,
        ADD CONSTRAINT users_position CHECK (position IN ('department_head', 'agency_leader'))`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_code text NOT NULL,
        channel text NOT NULL,
        recipient text NOT NULL,
        username text,
        kind text NOT NULL,
        dossier_code text,
        alert_id bigint,
        subject text NOT NULL,
        body text NOT NULL,
        html text,
        url text,
        idempotency_key text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        not_before timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        read_at timestamptz,
        CONSTRAINT notifications_status CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'cancelled'))
      )`);
    // What the notifier picks up: pending (and failed, to retry) rows in due order.
    await q.query(`CREATE INDEX notifications_due ON notifications (not_before) WHERE status IN ('pending', 'failed')`);
    await q.query(`CREATE INDEX notifications_created ON notifications (agency_code, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_dossier ON notifications (dossier_code) WHERE dossier_code IS NOT NULL`);
    await q.query(`CREATE INDEX notifications_inbox ON notifications (username, created_at DESC) WHERE channel = 'in_app'`);
    // The escalation policy: one row per agency ('' procedure) and per procedure override.
    await q.query(`
      CREATE TABLE escalation_policies (
        agency_code text NOT NULL REFERENCES agencies(code),
        procedure_code text NOT NULL DEFAULT '',
        policy jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        PRIMARY KEY (agency_code, procedure_code)
      )`);
    // A user's channels per alert kind ({"step_overdue": ["in_app", "email"], ...}; a kind not
    // named keeps the default) and quiet hours (local times in the agency's time zone; NULL: none).
    await q.query(`
      CREATE TABLE notification_preferences (
        username text PRIMARY KEY REFERENCES users(username),
        channels jsonb NOT NULL DEFAULT '{}',
        quiet_from time,
        quiet_to time,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Whoever writes a pending notification (the clock's sweep, a citizen notice in a projection
    // write, the digest) announces it once per statement; PostgreSQL delivers the NOTIFY on commit,
    // and each worker's listener wakes its notifier (a rolled-back write announces nothing).
    await q.query(`
      CREATE FUNCTION notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'pending') THEN PERFORM pg_notify('notifications', 'pending'); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notifications_announce AFTER INSERT ON notifications
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications_announce()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notifications_announce ON notifications`);
    await q.query(`DROP FUNCTION notifications_announce()`);
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP TABLE escalation_policies`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_position, DROP COLUMN position, DROP COLUMN email`);
  }
}
