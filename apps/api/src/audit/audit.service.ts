import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_AUDIT_CHAIN, verifyAuditChains, type AuditVerifyResult } from '../../../../libs/db/src';
import type { Actor } from '../../../../libs/domain/src';
import { agencyScope } from '../common/agency-scope';
import type { Page } from '../common/page.dto';

export interface AuditEntryView {
  id: string;
  chain: string;
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

interface AuditEntryRow {
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
  hash: string;
}

/** What GET /api/audit narrows by: a chain (a dossier code, or 'system'), who, what and when (`from` inclusive, `to` exclusive), and from a link on (`seqFrom`). */
export interface AuditQuery {
  chain?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  seqFrom?: number;
  page: number;
  pageSize: number;
}

/** Reads only: entries are appended by the writers themselves (see libs/db/src/audit.ts). */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  verify(chain?: string): Promise<AuditVerifyResult> {
    return verifyAuditChains(this.ds, { chain });
  }

  /**
   * One chain in seq order (its history), or every chain newest first; of the caller's agency only:
   * its dossiers' chains (a dossier code starts with the agency) and the system chain's entries
   * written by its own accounts (user, department, procedure and calendar changes).
   */
  async list(q: AuditQuery, actor: Actor): Promise<Page<AuditEntryView>> {
    const params: unknown[] = [];
    const where = [`(chain LIKE :agencyPrefix OR (chain = '${SYSTEM_AUDIT_CHAIN}' AND actor IN (SELECT username FROM users WHERE agency_code = :agency)))`];
    if (q.chain !== undefined) where.push(`chain = $${params.push(q.chain)}`);
    if (q.actor !== undefined) where.push(`actor = $${params.push(q.actor)}`);
    if (q.action !== undefined) where.push(`action = $${params.push(q.action)}`);
    if (q.from !== undefined) where.push(`at >= $${params.push(new Date(q.from))}`);
    if (q.to !== undefined) where.push(`at < $${params.push(new Date(q.to))}`);
    if (q.seqFrom !== undefined) where.push(`seq >= $${params.push(q.seqFrom)}`);
    const filter = `WHERE ${where.join(' AND ')}`;
    const order = q.chain !== undefined ? 'seq' : 'id DESC';
    const scope = agencyScope(this.ds, actor);
    const [rows, [{ total }]]: [AuditEntryRow[], { total: number }[]] = await Promise.all([
      scope.sql<AuditEntryRow[]>(
        `SELECT id, chain, seq, at, actor, action, entity, entity_id, before, after, hash FROM audit_log ${filter}
          ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      ),
      scope.sql<{ total: number }[]>(`SELECT count(*)::int AS total FROM audit_log ${filter}`, params),
    ]);
    return { items: rows.map(toView), total, page: q.page, pageSize: q.pageSize };
  }
}

function toView(r: AuditEntryRow): AuditEntryView {
  return {
    id: String(r.id),
    chain: r.chain,
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    hash: r.hash,
  };
}
