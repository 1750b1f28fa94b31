import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Explicit scopes (issue 17 item 3).
 *
 * - `departments` become data an admin manages: `active` (a deactivated department takes no new
 *   accounts and is hidden from the list), and when and by whom each was created and last changed.
 * - `users.agency_wide`: the account acts across every department of its agency. Until now reach
 *   was inferred from a missing department (a reviewer created without one completed the review
 *   steps of every department); from here on it is explicit: the roles meant for it (admin, a
 *   supervisor not placed in a department; libs/domain/src/reach.ts) or this flag, set by an admin.
 *
 * Backfill, so existing installations keep working as they did: every admin, and every account
 * that had no department (the ones the old rule made agency-wide), gets `agency_wide = true`. A
 * supervisor placed in a department keeps supervising that department only, as before. An admin
 * can take the flag away, or give such an account a department, through PATCH /api/users/:username.
 */
export class ExplicitReach1765411200000 implements MigrationInterface {
  name = 'ExplicitReach1765411200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE departments
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN created_by text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN updated_by text`);
    await q.query(`CREATE INDEX departments_agency ON departments (agency_code, code)`);
    await q.query(`ALTER TABLE users ADD COLUMN agency_wide boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE users SET agency_wide = true WHERE department_code IS NULL OR 'admin' = ANY(roles)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN agency_wide`);
    await q.query(`DROP INDEX departments_agency`);
    for (const c of ['updated_by', 'updated_at', 'created_by', 'created_at', 'active']) await q.query(`ALTER TABLE departments DROP COLUMN ${c}`);
  }
}
