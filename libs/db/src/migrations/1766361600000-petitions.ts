import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens' feedback and petitions as processes (issue 21): one row per petition, written by its
 * workflow's activity (the projection, like a dossier's), its events, and a daily code sequence.
 *
 * A petition's stages raise alerts through the dossiers' machinery: its pending alarms are rows of
 * `deadline_alarms` and its alerts rows of `alerts`, keyed by the petition's code
 * (`<agency>-PA-<YYMMDD>-<NNNN>`, so the agency-prefix scoping of alerts holds) and the stage as
 * step key. Those two tables' keys to `dossiers` therefore go: an alarm's or alert's code names a
 * dossier or a petition, both written by their own projection writer in the same transaction as
 * the alarms. Metadata-only: dropping a foreign key rewrites no table.
 */
export class Petitions1766361600000 implements MigrationInterface {
  name = 'Petitions1766361600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE petition_sequences (
        agency_code text NOT NULL,
        day date NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (agency_code, day)
      )`);
    await q.query(`
      CREATE TABLE petitions (
        code text PRIMARY KEY,
        agency_code text NOT NULL REFERENCES agencies(code),
        kind text NOT NULL,
        source text NOT NULL,
        subject text NOT NULL,
        message text NOT NULL,
        name text,
        contact text,
        -- As the citizen gave it: a petition about a dossier lists on that dossier's page.
        dossier_code text,
        status text NOT NULL,
        -- The open stage and its due date (NULL once closed): the inbox's order.
        stage text,
        stage_due_at timestamptz,
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        outcome text,
        assignee text,
        answered_at timestamptz,
        answered_on_time boolean,
        published_at timestamptz,
        consent boolean,
        view jsonb NOT NULL,
        version int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX petitions_open ON petitions (agency_code, stage_due_at) WHERE stage IS NOT NULL`);
    await q.query(`CREATE INDEX petitions_received ON petitions (agency_code, received_at DESC)`);
    await q.query(`CREATE INDEX petitions_published ON petitions (published_at DESC, code DESC) WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX petitions_dossier ON petitions (dossier_code) WHERE dossier_code IS NOT NULL`);
    await q.query(`
      CREATE TABLE petition_events (
        petition_code text NOT NULL REFERENCES petitions(code) DEFERRABLE INITIALLY DEFERRED,
        seq int NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor text,
        payload jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (petition_code, seq)
      )`);
    await q.query(`ALTER TABLE alerts DROP CONSTRAINT alerts_dossier_code_fkey`);
    await q.query(`ALTER TABLE deadline_alarms DROP CONSTRAINT deadline_alarms_dossier_code_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM deadline_alarms a WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = a.dossier_code)`);
    await q.query(`DELETE FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = a.dossier_code)`);
    await q.query(`ALTER TABLE deadline_alarms ADD CONSTRAINT deadline_alarms_dossier_code_fkey FOREIGN KEY (dossier_code) REFERENCES dossiers(code) DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`ALTER TABLE alerts ADD CONSTRAINT alerts_dossier_code_fkey FOREIGN KEY (dossier_code) REFERENCES dossiers(code)`);
    await q.query(`DROP TABLE petition_events`);
    await q.query(`DROP TABLE petitions`);
    await q.query(`DROP TABLE petition_sequences`);
  }
}
