import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens' feedback becomes a kind of petition (issue 21): the old `feedback` table's rows are
 * carried into `petitions`, then the table is left read-only, kept as the record of what was
 * received (nothing is dropped; a trigger refuses writes — POST /api/public/feedback now opens a
 * petition of kind `feedback`).
 *
 * Each row, in receipt order, becomes a petition of kind `feedback` from the web form: its agency
 * the named dossier's, else the one its dossier code's prefix named (the row's `agency_code`), else
 * the one agency in force; its code the next of that agency's petition sequence for the receipt's
 * day (Vietnam time); its subject the message's first line cut to 120 characters (as
 * `feedbackSubject` does for the alias). It arrives `received` with the classification open and due
 * at this migration (the agency owes it a classification from now), and no alarms: a migration
 * rings no alerts. Its workflow starts with its first command (`PetitionsService.adopt`); its first
 * event says where it came from (`importedFrom`, `feedbackId`). `feedback.petition_code` names the
 * petition a row became. A row no agency can be found for (general feedback while several agencies
 * are in force) stays only in `feedback`, petition_code NULL.
 */
export class FeedbackIntoPetitions1766534400000 implements MigrationInterface {
  name = 'FeedbackIntoPetitions1766534400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feedback ADD COLUMN petition_code text`);
    await q.query(`
      DO $$
      DECLARE
        f record;
        agency text;
        only_agency text;
        local_day date;
        n int;
        new_code text;
        line text;
        subj text;
        received text;
        due text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
      BEGIN
        SELECT CASE WHEN count(*) = 1 THEN min(code) END INTO only_agency FROM agencies WHERE successor_code IS NULL;
        FOR f IN SELECT * FROM feedback ORDER BY received_at, id LOOP
          agency := coalesce((SELECT d.agency_code FROM dossiers d WHERE d.code = f.dossier_code), f.agency_code, only_agency);
          CONTINUE WHEN agency IS NULL;
          local_day := (f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
          INSERT INTO petition_sequences (agency_code, day, last) VALUES (agency, local_day, 1)
            ON CONFLICT (agency_code, day) DO UPDATE SET last = petition_sequences.last + 1 RETURNING last INTO n;
          new_code := agency || '-PA-' || to_char(local_day, 'YYMMDD') || '-' || lpad(n::text, greatest(4, length(n::text)), '0');
          line := btrim(split_part(btrim(f.message, E' \\t\\r\\n'), E'\\n', 1), E' \\t\\r\\n');
          subj := CASE WHEN char_length(line) > 120 THEN left(line, 119) || '…' ELSE line END;
          received := to_char(f.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
          INSERT INTO petitions (code, agency_code, kind, source, subject, message, name, contact, dossier_code, status, stage, stage_due_at,
                                 received_at, due_at, view, version)
          VALUES (new_code, agency, 'feedback', 'web', subj, f.message, f.name, f.contact, f.dossier_code, 'received', 'classify', now(),
                  f.received_at, now(),
                  jsonb_strip_nulls(jsonb_build_object(
                    'code', new_code, 'agencyCode', agency, 'kind', 'feedback', 'source', 'web', 'subject', subj, 'message', f.message,
                    'name', f.name, 'contact', f.contact, 'dossierCode', f.dossier_code, 'status', 'received', 'receivedAt', received, 'dueAt', due,
                    'stage', 'classify',
                    'stages', jsonb_build_array(jsonb_build_object('key', 'classify', 'startedAt', received, 'dueAt', due, 'atRiskAt', due)))),
                  1);
          INSERT INTO petition_events (petition_code, seq, type, at, payload)
          VALUES (new_code, 1, 'received', f.received_at,
                  jsonb_build_object('source', 'web', 'kind', 'feedback', 'importedFrom', 'feedback', 'feedbackId', f.id::text));
          UPDATE feedback SET petition_code = new_code WHERE id = f.id;
        END LOOP;
      END $$`);
    await q.query(`
      CREATE FUNCTION feedback_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'feedback is read-only since migration FeedbackIntoPetitions1766534400000: feedback is a petition of kind feedback';
      END $$`);
    await q.query(`CREATE TRIGGER feedback_read_only BEFORE INSERT OR UPDATE OR DELETE ON feedback FOR EACH STATEMENT EXECUTE FUNCTION feedback_read_only()`);
  }

  /** The carried petitions go (with whatever they became since, their alarms and alerts); `feedback` is writable again. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER feedback_read_only ON feedback`);
    await q.query(`DROP FUNCTION feedback_read_only()`);
    for (const [table, column] of [['deadline_alarms', 'dossier_code'], ['alerts', 'dossier_code'], ['petition_events', 'petition_code'], ['petitions', 'code']]) {
      await q.query(`DELETE FROM ${table} t USING feedback f WHERE t.${column} = f.petition_code`);
    }
    await q.query(`ALTER TABLE feedback DROP COLUMN petition_code`);
  }
}
