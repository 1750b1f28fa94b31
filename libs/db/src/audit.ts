import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Tamper-evident audit trail (table `audit_log`, migration 1764460800000-audit).
 *
 * Rows form one hash chain per `chain` (a dossier code, or 'system' for changes outside any
 * dossier). Each row stores `prev_hash` (the previous row's `hash`, or 64 zeros for the first row)
 * and `hash = sha256(prev_hash + canonicalJson({chain, seq, at, actor, action, entity, entityId,
 * before, after}))`, where `at` is the ISO-8601 UTC instant with milliseconds and canonical JSON
 * sorts object keys recursively. Changing, removing or reordering any row breaks the chain at that
 * row (or, when the attacker also rewrites the hash, at the next one): `verifyAuditChains` finds it.
 * Dropping the newest rows of a chain is not detectable from the chain alone.
 */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
export const SYSTEM_AUDIT_CHAIN = 'system';

export interface AuditInput {
  chain: string;
  actor?: string | null;
  action: string;
  entity?: string | null;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** When the change happened (default: now); stored and hashed with millisecond precision. */
  at?: string | Date;
  /**
   * Idempotency: when true, nothing is appended if the chain already holds an entry with the same
   * (action, entity, entityId). Dossier entries use it with entityId = the event's seq, so a
   * retried `recordProgress` appends nothing the second time.
   */
  once?: boolean;
}

export interface AuditBrokenLink {
  chain: string;
  seq: number;
  id: string;
  reason: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** Chains checked. */
  chains: number;
  /** The first broken link, chains taken in text order, rows in seq order. */
  firstBroken?: AuditBrokenLink;
}

/** JSON with object keys sorted at every depth; `undefined` and functions dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(toPlainJson(value)));
}

function toPlainJson(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) sorted[key] = sortKeys(obj[key]);
    return sorted;
  }
  return value;
}

export interface AuditHashedContent {
  chain: string;
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export function auditHash(prevHash: string, content: AuditHashedContent): string {
  return createHash('sha256').update(prevHash + canonicalJson(content), 'utf8').digest('hex');
}

function toIso(at: string | Date | undefined): string {
  const date = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(date.getTime())) throw new Error(`audit: invalid instant ${String(at)}`);
  return date.toISOString();
}

/**
 * Appends one entry to its chain. Must run inside the caller's transaction, so the entry commits or
 * rolls back with the change it records; a per-chain advisory transaction lock serialises writers
 * of one chain (different chains do not wait for each other, barring a hashtext collision).
 */
export async function appendAudit(manager: EntityManager, input: AuditInput): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('appendAudit must be called inside a transaction');
  if (!input.chain) throw new Error('audit: chain is required');
  if (!input.action) throw new Error('audit: action is required');
  const content: AuditHashedContent = {
    chain: input.chain,
    seq: 0,
    at: toIso(input.at),
    actor: input.actor ?? null,
    action: input.action,
    entity: input.entity ?? null,
    entityId: input.entityId ?? null,
    before: toPlainJson(input.before),
    after: toPlainJson(input.after),
  };

  // A statement of its own: the next statement's snapshot then sees what the previous holder committed.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [content.chain]);
  const [tail]: { seq: number | null; hash: string | null; done: boolean }[] = await manager.query(
    `SELECT last.seq, last.hash,
            $2::boolean AND EXISTS (SELECT 1 FROM audit_log a WHERE a.chain = $1 AND a.action = $3
              AND a.entity IS NOT DISTINCT FROM $4 AND a.entity_id IS NOT DISTINCT FROM $5) AS done
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1) last ON true`,
    [content.chain, Boolean(input.once), content.action, content.entity, content.entityId],
  );
  if (tail.done) return;

  const prevHash = tail.hash ?? AUDIT_GENESIS_HASH;
  content.seq = (tail.seq ?? 0) + 1;
  const hash = auditHash(prevHash, content);
  await manager.query(
    `INSERT INTO audit_log (chain, seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      content.chain, content.seq, content.at, content.actor, content.action, content.entity, content.entityId,
      content.before === null ? null : JSON.stringify(content.before),
      content.after === null ? null : JSON.stringify(content.after),
      prevHash, hash,
    ],
  );
}

interface AuditRow {
  id: string;
  chain: string;
  seq: number;
  at: Date;
  actor: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const VERIFY_BATCH = 1000;

/**
 * Recomputes every hash, chain by chain in seq order, and reports the first broken link: a seq
 * that does not follow the previous one (gap, or a first row other than 1), a `prev_hash` other
 * than the previous row's `hash` (genesis for the first row), or a `hash` that does not match the
 * row's content. Given a DataSource, it reads one REPEATABLE READ snapshot, so concurrent appends
 * cannot make it report a false break.
 */
export async function verifyAuditChains(db: DataSource | EntityManager, opts: { chain?: string } = {}): Promise<AuditVerifyResult> {
  if (db instanceof DataSource) return db.transaction('REPEATABLE READ', (m) => verifyWith(m, opts.chain));
  return verifyWith(db, opts.chain);
}

async function verifyWith(db: EntityManager, onlyChain: string | undefined): Promise<AuditVerifyResult> {
  const result: AuditVerifyResult = { ok: true, checked: 0, chains: 0 };
  let chain: string | undefined;
  let prev: { seq: number; hash: string } | undefined;
  // Keyset pages over (chain, seq): the table may be large, memory stays flat.
  let after: [string, number] | undefined;
  for (;;) {
    const params: unknown[] = [VERIFY_BATCH];
    const where: string[] = [];
    if (onlyChain !== undefined) {
      params.push(onlyChain);
      where.push(`chain = $${params.length}`);
    }
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(chain, seq) > ($${params.length - 1}::text, $${params.length}::int)`);
    }
    const rows: AuditRow[] = await db.query(
      `SELECT id, chain, seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY chain, seq LIMIT $1`,
      params,
    );
    for (const row of rows) {
      if (row.chain !== chain) {
        chain = row.chain;
        prev = undefined;
        result.chains++;
      }
      result.checked++;
      const reason = brokenReason(row, prev);
      if (reason && !result.firstBroken) {
        result.ok = false;
        result.firstBroken = { chain: row.chain, seq: row.seq, id: String(row.id), reason };
      }
      prev = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < VERIFY_BATCH) return result;
    const last = rows[rows.length - 1];
    after = [last.chain, last.seq];
  }
}

function brokenReason(row: AuditRow, prev: { seq: number; hash: string } | undefined): string | undefined {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  if (row.seq !== expectedSeq) return `seq gap: expected ${expectedSeq}, found ${row.seq}`;
  const expectedPrev = prev ? prev.hash : AUDIT_GENESIS_HASH;
  if (row.prev_hash !== expectedPrev) return prev ? `prev_hash does not match the hash of seq ${prev.seq}` : 'prev_hash of the first entry is not the genesis hash';
  const hash = auditHash(row.prev_hash, {
    chain: row.chain,
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  });
  if (hash !== row.hash) return 'hash mismatch: the entry was altered';
  return undefined;
}
