import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (issue 20 item 5): an agency's subscriptions and their deliveries, an outbox.
 *
 * A delivery is written by a trigger in the transaction that writes its event, so no event is
 * sent that did not commit and none that committed is lost:
 * - a dossier event (`dossier_events`): a deferred row trigger, run at commit, when the dossier's
 *   row (written last by the projection writer) names the agency and the state after the event;
 * - an alert (`alerts`): a statement trigger over the inserted rows, one set-based insert per
 *   sweep batch (the storm rings 20,000 alerts a minute).
 * Both return at once when no agency subscribes anything. The body is fixed at insert, so every
 * try and a redelivery sign the same bytes; `event_key` names the event, so a trigger firing for
 * a repeated write inserts nothing twice. A committed delivery is announced on the
 * `webhook_deliveries` channel (one NOTIFY per transaction: PostgreSQL folds equal ones), which
 * wakes the worker's webhook dispatcher. The secret is kept as given: the dispatcher signs with it.
 */
export class Webhooks1766188800000 implements MigrationInterface {
  name = 'Webhooks1766188800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_code text NOT NULL REFERENCES agencies(code),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhooks_agency ON webhooks (agency_code) WHERE active`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        agency_code text NOT NULL,
        event text NOT NULL,
        event_key text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_status int,
        last_error text,
        redeliveries int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_once UNIQUE (webhook_id, event_key),
        CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'dead'))
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, created_at DESC)`);
    await q.query(`
      CREATE FUNCTION webhook_dossier_event() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhooks WHERE active) THEN RETURN NULL; END IF;
        INSERT INTO webhook_deliveries (webhook_id, agency_code, event, event_key, body)
        SELECT w.id, d.agency_code, 'dossier.' || NEW.type, 'dossier:' || NEW.dossier_code || ':' || NEW.seq,
          jsonb_build_object(
            'id', 'dossier:' || NEW.dossier_code || ':' || NEW.seq,
            'event', 'dossier.' || NEW.type,
            'occurredAt', to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'agencyCode', d.agency_code,
            'actor', NEW.actor,
            'dossier', jsonb_strip_nulls(jsonb_build_object(
              'code', d.code, 'procedureCode', d.procedure_code, 'status', d.status,
              'dueAt', to_char(d.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
            'data', NEW.payload)::text
          FROM dossiers d JOIN webhooks w ON w.agency_code = d.agency_code AND w.active AND 'dossier.' || NEW.type = ANY (w.events)
         WHERE d.code = NEW.dossier_code
        ON CONFLICT ON CONSTRAINT webhook_deliveries_once DO NOTHING;
        IF FOUND THEN PERFORM pg_notify('webhook_deliveries', 'new'); END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER webhook_dossier_event AFTER INSERT ON dossier_events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION webhook_dossier_event()`);
    await q.query(`
      CREATE FUNCTION webhook_alerts() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM webhooks WHERE active) THEN RETURN NULL; END IF;
        INSERT INTO webhook_deliveries (webhook_id, agency_code, event, event_key, body)
        SELECT w.id, d.agency_code, 'alert.' || a.kind, 'alert:' || a.id,
          jsonb_build_object(
            'id', 'alert:' || a.id,
            'event', 'alert.' || a.kind,
            'occurredAt', to_char(a.fired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'agencyCode', d.agency_code,
            'alert', jsonb_strip_nulls(jsonb_build_object(
              'id', a.id::text, 'kind', a.kind, 'level', a.level, 'dossierCode', a.dossier_code, 'stepKey', nullif(a.step_key, ''),
              'departmentCode', a.department_code, 'dueAt', to_char(a.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))))::text
          FROM new_rows a
          JOIN dossiers d ON d.code = a.dossier_code
          JOIN webhooks w ON w.agency_code = d.agency_code AND w.active AND 'alert.' || a.kind = ANY (w.events)
        ON CONFLICT ON CONSTRAINT webhook_deliveries_once DO NOTHING;
        IF FOUND THEN PERFORM pg_notify('webhook_deliveries', 'new'); END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE TRIGGER webhook_alerts AFTER INSERT ON alerts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_alerts()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_alerts ON alerts`);
    await q.query(`DROP FUNCTION webhook_alerts()`);
    await q.query(`DROP TRIGGER webhook_dossier_event ON dossier_events`);
    await q.query(`DROP FUNCTION webhook_dossier_event()`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
  }
}
