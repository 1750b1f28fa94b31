import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from './audit';
import { loadAgencySettings } from './calendar-store';

/**
 * Agencies as versioned records (issue 19 item 6, migration AgencySuccession1766016000000): each
 * in force from `effectiveFrom` (inclusive) to `effectiveTo` (exclusive), and, once merged, with
 * its successor. The succession is what statistics roll up through and whose open dossiers the
 * successor's staff work.
 */
export interface AgencyRecord {
  code: string;
  name: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  successorCode: string | null;
  /** Agencies merged into this one (directly). */
  predecessorCodes: string[];
  mergedAt: string | null;
  mergedBy: string | null;
}

type Db = DataSource | EntityManager;

/** Every agency, with its dates, its successor and the agencies merged into it. */
export async function listAgencies(db: Db): Promise<AgencyRecord[]> {
  return db.query(
    `SELECT a.code, a.name, to_char(a.effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(a.effective_to, 'YYYY-MM-DD') AS "effectiveTo",
            a.successor_code AS "successorCode", a.merged_at AS "mergedAt", a.merged_by AS "mergedBy",
            ARRAY(SELECT p.code FROM agencies p WHERE p.successor_code = a.code ORDER BY p.code) AS "predecessorCodes"
       FROM agencies a ORDER BY a.code`,
  );
}

/**
 * `code` and every agency merged into it, directly or through a chain (a department merged into a
 * department later merged into another province's): the agencies whose dossiers its statistics count.
 */
export async function successionOf(db: Db, code: string): Promise<string[]> {
  const rows: { code: string }[] = await db.query(
    `WITH RECURSIVE s(code) AS (SELECT $1::text UNION SELECT a.code FROM agencies a JOIN s ON a.successor_code = s.code) SELECT code FROM s ORDER BY code`,
    [code],
  );
  return rows.length ? rows.map((r) => r.code) : [code];
}

export interface MergeRequest {
  predecessor: string;
  successor: string;
  /** The first day (local date, YYYY-MM-DD) the successor is in charge: the predecessor's `effective_to`. */
  effectiveDate: string;
  actor: string;
}

export interface MergeResult {
  predecessor: string;
  successor: string;
  effectiveDate: string;
  moved: { dossiers: number; departments: number; users: number; procedures: number };
  /** Whether the two agencies' calendar settings differ: then the moved dossiers must be re-planned. */
  calendarDiffers: boolean;
  /** The successor's calendar settings (null: the configured defaults), for the re-plan. */
  successorSettings: unknown;
}

/** Why a merger cannot be carried out: 404 (unknown agency) or 409 (the succession forbids it). */
export class MergeRefused extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

/**
 * Merges `predecessor` into `successor` in the caller's transaction: the predecessor ends on
 * `effectiveDate` with its successor named; its departments, staff and procedures and its open
 * dossiers (with their steps) become the successor's. Dossier codes, events and audit chains are
 * untouched: a dossier keeps the agency of receipt in its code and view; its row's `agency_code`
 * says who handles it now. Finished dossiers stay the predecessor's (statistics reach them through
 * the succession). Audited on the system chain.
 */
export async function mergeAgency(m: EntityManager, r: MergeRequest): Promise<MergeResult> {
  // Both rows locked in code order, so two mergers of the same pair cannot deadlock.
  const rows: { code: string; successor_code: string | null; effective_from: string | null; effective_to: string | null }[] = await m.query(
    `SELECT code, successor_code, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(effective_to, 'YYYY-MM-DD') AS effective_to
       FROM agencies WHERE code = ANY($1) ORDER BY code FOR UPDATE`,
    [[r.predecessor, r.successor]],
  );
  const pred = rows.find((x) => x.code === r.predecessor);
  const succ = rows.find((x) => x.code === r.successor);
  if (!pred) throw new MergeRefused(404, `agency ${r.predecessor} not found`);
  if (!succ) throw new MergeRefused(404, `agency ${r.successor} not found`);
  if (pred.successor_code) throw new MergeRefused(409, `agency ${r.predecessor} was already merged into ${pred.successor_code}`);
  if (succ.successor_code) throw new MergeRefused(409, `agency ${r.successor} was itself merged into ${succ.successor_code}: merge into ${succ.successor_code}`);
  if (succ.effective_to && succ.effective_to <= r.effectiveDate) throw new MergeRefused(409, `agency ${r.successor} is no longer in force on ${r.effectiveDate}`);
  if (pred.effective_from && pred.effective_from >= r.effectiveDate) throw new MergeRefused(409, `agency ${r.predecessor} only comes into force on ${pred.effective_from}`);
  // No cycle: the successor must not already be one of the predecessor's own predecessors.
  if ((await successionOf(m, r.predecessor)).includes(r.successor)) throw new MergeRefused(409, `agency ${r.successor} was merged into ${r.predecessor}`);

  const before = await loadAgencySettings(m, r.predecessor);
  const after = await loadAgencySettings(m, r.successor);
  await m.query(
    `UPDATE agencies SET effective_to = $2, successor_code = $3, merged_at = now(), merged_by = $4 WHERE code = $1`,
    [r.predecessor, r.effectiveDate, r.successor, r.actor],
  );
  const count = async (sql: string, params: unknown[]) => ((await m.query(sql, params)) as [unknown[], number])[1];
  // Department codes are unique across agencies, so the predecessor's move over as they are.
  const departments = await count(`UPDATE departments SET agency_code = $2 WHERE agency_code = $1`, [r.predecessor, r.successor]);
  const users = await count(`UPDATE users SET agency_code = $2 WHERE agency_code = $1`, [r.predecessor, r.successor]);
  const procedures = await count(`UPDATE procedures SET agency_code = $2 WHERE agency_code = $1`, [r.predecessor, r.successor]);
  const moved: { code: string }[] = (await m.query(
    `UPDATE dossiers SET agency_code = $2 WHERE agency_code = $1 AND finished_at IS NULL RETURNING code`,
    [r.predecessor, r.successor],
  ))[0];
  const codes = moved.map((d) => d.code);
  await m.query(`UPDATE dossier_steps SET agency_code = $2 WHERE dossier_code = ANY($1)`, [codes, r.successor]);
  const calendarDiffers = JSON.stringify(before ?? null) !== JSON.stringify(after ?? null);
  const result: MergeResult = {
    predecessor: r.predecessor, successor: r.successor, effectiveDate: r.effectiveDate,
    moved: { dossiers: codes.length, departments, users, procedures }, calendarDiffers, successorSettings: after ?? null,
  };
  await appendAudit(m, {
    chain: SYSTEM_AUDIT_CHAIN, actor: r.actor, action: 'agency_merged', entity: 'agency', entityId: r.predecessor,
    before: { code: r.predecessor, effectiveTo: pred.effective_to, successorCode: null, calendarSettings: before ?? null },
    after: { code: r.predecessor, effectiveTo: r.effectiveDate, successorCode: r.successor, moved: result.moved, dossiers: codes, calendarDiffers },
  });
  return result;
}
