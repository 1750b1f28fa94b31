import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agencies, departments, users with roles, refresh tokens; step assignment for the inbox. */
export class Accounts1764547200000 implements MigrationInterface {
  name = 'Accounts1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE agencies (code text PRIMARY KEY, name text NOT NULL)`);
    await q.query(`CREATE TABLE departments (code text PRIMARY KEY, agency_code text NOT NULL REFERENCES agencies(code), name text NOT NULL)`);
    await q.query(`
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        full_name text NOT NULL,
        password_hash text NOT NULL,
        agency_code text NOT NULL REFERENCES agencies(code),
        department_code text REFERENCES departments(code),
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        -- Seeded demo accounts: production mode refuses to start while one exists.
        demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE dossier_steps ADD COLUMN assignee text`);
    await q.query(`CREATE INDEX dossier_steps_assignee ON dossier_steps (assignee) WHERE status = 'active'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier_steps DROP COLUMN assignee`);
    for (const t of ['refresh_tokens', 'users', 'departments', 'agencies']) await q.query(`DROP TABLE ${t}`);
  }
}
