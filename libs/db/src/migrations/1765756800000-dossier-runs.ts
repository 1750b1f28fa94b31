import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which workflow run a dossier's projection follows, so a reset (a new run re-running part of the
 * history) replaces the projection instead of being dropped as stale (libs/db projection.ts):
 * `run_id` is the run that wrote it last; `seq_offset` maps that run's event numbers onto the
 * dossier's event sequence, which goes on growing across runs (an event is never overwritten).
 * `dossier_reconcile` holds the close time up to which the worker's reconciliation has read the
 * dossier workflows closed outside the API (terminated, timed out) from Temporal's visibility.
 */
export class DossierRuns1765756800000 implements MigrationInterface {
  name = 'DossierRuns1765756800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossiers ADD COLUMN run_id text, ADD COLUMN seq_offset int NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE dossier_reconcile (task_queue text PRIMARY KEY, closed_up_to timestamptz NOT NULL, checked_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_reconcile`);
    await q.query(`ALTER TABLE dossiers DROP COLUMN seq_offset, DROP COLUMN run_id`);
  }
}
