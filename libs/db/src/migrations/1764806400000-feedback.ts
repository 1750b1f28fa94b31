import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Feedback sent by citizens from the public pages (Decree 20/2008: logged, then classified and handled). */
export class Feedback1764806400000 implements MigrationInterface {
  name = 'Feedback1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback (
        id bigserial PRIMARY KEY,
        -- The agency named by the dossier code's prefix, when it names one; NULL for general feedback.
        agency_code text REFERENCES agencies(code),
        name text,
        contact text,
        dossier_code text,
        message text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feedback_agency_received ON feedback (agency_code, received_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback`);
  }
}
