import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens' satisfaction ratings (issue 21, point 4): at most one per returned dossier (the primary
 * key), with the dossier's agency, procedure, handling department and end of processing copied in
 * (a returned dossier's never change), so the statistics roll ratings up by one index range of the
 * agency's period without touching `dossiers`. One row per rated dossier is few enough to sum at
 * read time: no trigger-kept rollup as for the timeliness counts.
 */
export class DossierRatings1766448000000 implements MigrationInterface {
  name = 'DossierRatings1766448000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossier_ratings (
        dossier_code text PRIMARY KEY REFERENCES dossiers(code),
        agency_code text NOT NULL,
        procedure_code text NOT NULL,
        -- As the timeliness rollup keys it: '' when no department handled the dossier.
        department_code text NOT NULL,
        finished_at timestamptz NOT NULL,
        -- Criterion → score 1–5 (libs/contracts/src/ratings.ts); the overall one also as a column.
        scores jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
        overall smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
        -- At or below RATING_LOW_THRESHOLD when given (the threshold may change later; the count does not).
        low boolean NOT NULL,
        comment text,
        -- The follow-up opened for the supervisor on a low rating.
        follow_up text,
        rated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dossier_ratings_agency_finished ON dossier_ratings (agency_code, finished_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_ratings`);
  }
}
