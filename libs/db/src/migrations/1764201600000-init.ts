import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764201600000 implements MigrationInterface {
  name = 'Init1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE procedures (
        code text NOT NULL,
        version int NOT NULL,
        name text NOT NULL,
        agency_code text NOT NULL,
        legal_time jsonb NOT NULL,
        steps jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        key text PRIMARY KEY,
        request_hash text NOT NULL,
        dossier_code text,
        received_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per agency and receipt day: the sequence in the dossier code resets daily per agency.
    await q.query(`
      CREATE TABLE dossier_sequences (
        agency_code text NOT NULL,
        day date NOT NULL,
        last_value int NOT NULL,
        PRIMARY KEY (agency_code, day)
      )`);
    await q.query(`
      CREATE TABLE dossiers (
        code text PRIMARY KEY,
        agency_code text NOT NULL,
        procedure_code text NOT NULL,
        procedure_version int NOT NULL,
        applicant jsonb NOT NULL,
        applicant_name text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        status_code int NOT NULL,
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        at_risk_at timestamptz NOT NULL,
        original_due_at timestamptz NOT NULL,
        finished_at timestamptz,
        returned_at timestamptz,
        timeliness text,
        outcome text,
        supplement_requests int NOT NULL DEFAULT 0,
        rescheduled boolean NOT NULL DEFAULT false,
        current_step_key text,
        current_department_code text,
        version int NOT NULL,
        -- The workflow's full view at \`version\` (pauses, reschedule, guidance): what reads return.
        view jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dossiers_open_due ON dossiers (due_at) WHERE finished_at IS NULL`);
    await q.query(`CREATE INDEX dossiers_dept_due ON dossiers (current_department_code, due_at)`);
    await q.query(`CREATE INDEX dossiers_procedure_received ON dossiers (procedure_code, received_at)`);
    await q.query(`CREATE INDEX dossiers_received ON dossiers (received_at)`);
    await q.query(`CREATE INDEX dossiers_status ON dossiers (status, received_at)`);
    await q.query(`
      CREATE TABLE dossier_steps (
        dossier_code text NOT NULL REFERENCES dossiers(code),
        step_key text NOT NULL,
        position int NOT NULL,
        attempt int NOT NULL,
        name text NOT NULL,
        role text NOT NULL,
        department_code text,
        clock text NOT NULL,
        status text NOT NULL,
        started_at timestamptz,
        due_at timestamptz NOT NULL,
        at_risk_at timestamptz NOT NULL,
        completed_at timestamptz,
        timeliness text,
        note text,
        version int NOT NULL,
        PRIMARY KEY (dossier_code, step_key)
      )`);
    await q.query(`CREATE INDEX dossier_steps_open ON dossier_steps (department_code, due_at) WHERE status = 'active'`);
    await q.query(`CREATE INDEX dossier_steps_open_due ON dossier_steps (due_at) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE dossier_events (
        dossier_code text NOT NULL REFERENCES dossiers(code),
        seq int NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor text,
        payload jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (dossier_code, seq)
      )`);
    // The unique key is what makes an alert "exactly once": a retried activity or a replayed
    // workflow inserts nothing the second time. step_key is '' for dossier-level alerts.
    await q.query(`
      CREATE TABLE alerts (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        dossier_code text NOT NULL REFERENCES dossiers(code),
        step_key text NOT NULL DEFAULT '',
        level int NOT NULL DEFAULT 1,
        department_code text,
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text,
        CONSTRAINT alerts_once UNIQUE (dossier_code, step_key, kind, level)
      )`);
    await q.query(`CREATE INDEX alerts_fired ON alerts (fired_at DESC)`);
    await q.query(`CREATE INDEX alerts_open ON alerts (fired_at DESC) WHERE acknowledged_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alerts', 'dossier_events', 'dossier_steps', 'dossiers', 'dossier_sequences', 'idempotency_keys', 'procedures']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
