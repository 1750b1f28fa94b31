import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one append-only, hash-chained log. A chain is a dossier code (one chain per
 * dossier) or 'system' for changes that belong to no dossier; `seq` counts from 1 within a chain and
 * each row's `hash` covers its content and the previous row's hash (see libs/db/src/audit.ts).
 * Triggers refuse UPDATE, DELETE and TRUNCATE, so rows can only be added; whoever can disable the
 * triggers (the table owner, a superuser) is still caught by the hash chain.
 */
export class Audit1764460800000 implements MigrationInterface {
  name = 'Audit1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        chain text NOT NULL,
        seq int NOT NULL CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor text,
        action text NOT NULL,
        entity text,
        entity_id text,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_log_chain_seq UNIQUE (chain, seq)
      )`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'audit entries can only be inserted';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
