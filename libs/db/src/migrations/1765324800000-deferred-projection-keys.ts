import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection's child rows (steps, events, pending alarms) may be written before their
 * dossier's row within one transaction: their foreign keys are checked at commit.
 *
 * Why: the timeliness rollup's triggers (StatsRollup1765065600000) add every registration to the
 * counter row of its agency, day, procedure and department, and hold that row's lock until the
 * transaction ends. Written first, the dossier row made every concurrent registration of the same
 * procedure wait for the rest of the transaction (steps, events, audit, alarms, commit); written
 * last, the lock is held for the upsert and the commit only. Metadata-only: no table is rewritten.
 */
const KEYS = [
  ['dossier_steps', 'dossier_steps_dossier_code_fkey'],
  ['dossier_events', 'dossier_events_dossier_code_fkey'],
  ['deadline_alarms', 'deadline_alarms_dossier_code_fkey'],
] as const;

export class DeferredProjectionKeys1765324800000 implements MigrationInterface {
  name = 'DeferredProjectionKeys1765324800000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, key] of KEYS) await q.query(`ALTER TABLE ${table} ALTER CONSTRAINT ${key} DEFERRABLE INITIALLY DEFERRED`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, key] of KEYS) await q.query(`ALTER TABLE ${table} ALTER CONSTRAINT ${key} NOT DEFERRABLE`);
  }
}
