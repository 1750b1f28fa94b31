import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import type { Actor } from '../../../../libs/domain/src';
import { ALERT_KINDS, DEFAULT_CHANNELS, DEFAULT_POLICY, validatePolicy, validatePreferences, type EscalationPolicy, type FieldError, type UserChannel } from '../../../../libs/notify/src/policy';
import type { EscalationPolicyView, InboxView, NotificationPreferencesView, NotificationView } from '../../../../libs/notify/src/views';
import { agencyScope } from '../common/agency-scope';
import type { Page } from '../common/page.dto';
import { badRequest } from '../common/validation';
import type { ListNotificationsDto } from './notifications.dto';

interface NotificationRow {
  id: string; channel: string; recipient: string; username: string | null; kind: string; dossier_code: string | null; subject: string; body: string;
  url: string | null; status: NotificationView['status']; attempts: number; last_error: string | null; created_at: Date; not_before: Date; sent_at: Date | null; read_at: Date | null;
}

const COLUMNS = 'id, channel, recipient, username, kind, dossier_code, subject, body, url, status, attempts, last_error, created_at, not_before, sent_at, read_at';

const view = (r: NotificationRow): NotificationView => ({
  id: r.id, channel: r.channel, recipient: r.recipient, ...(r.username ? { username: r.username } : {}), kind: r.kind,
  ...(r.dossier_code ? { dossierCode: r.dossier_code } : {}), subject: r.subject, body: r.body, ...(r.url ? { url: r.url } : {}),
  status: r.status, attempts: r.attempts, ...(r.last_error ? { lastError: r.last_error } : {}), createdAt: r.created_at.toISOString(),
  notBefore: r.not_before.toISOString(), ...(r.sent_at ? { sentAt: r.sent_at.toISOString() } : {}), ...(r.read_at ? { readAt: r.read_at.toISOString() } : {}),
});

const fail = (errors: FieldError[]) => badRequest(errors.map((e) => ({ field: e.field, messages: [e.message] })));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hhmm = (t: string | null) => (t ? t.slice(0, 5) : null);

@Injectable()
export class NotificationsService {
  constructor(private readonly ds: DataSource) {}

  async policy(actor: Actor): Promise<EscalationPolicyView> {
    const rows: { procedure_code: string; policy: Partial<EscalationPolicy>; updated_at: Date; updated_by: string | null }[] = await agencyScope(this.ds, actor).sql(
      `SELECT procedure_code, policy, updated_at, updated_by FROM escalation_policies WHERE agency_code = :agency ORDER BY procedure_code`,
    );
    const own = rows.find((r) => r.procedure_code === '');
    return {
      agencyCode: actor.agencyCode,
      policy: (own?.policy as EscalationPolicy | undefined) ?? DEFAULT_POLICY,
      procedures: Object.fromEntries(rows.filter((r) => r.procedure_code !== '').map((r) => [r.procedure_code, r.policy])),
      defaults: DEFAULT_POLICY,
      ...(own ? { updatedAt: own.updated_at.toISOString(), ...(own.updated_by ? { updatedBy: own.updated_by } : {}) } : {}),
    };
  }

  /** Replaces the agency's policy and its per-procedure overrides (a procedure not named loses its override). */
  async savePolicy(body: unknown, actor: Actor): Promise<EscalationPolicyView> {
    if (!isObject(body)) throw fail([{ field: 'body', message: 'must be an object {policy, procedures}' }]);
    const errors: FieldError[] = Object.keys(body).filter((k) => k !== 'policy' && k !== 'procedures').map((k) => ({ field: k === '' ? '[""]' : k, message: 'is not a known field (policy, procedures)' }));
    errors.push(...validatePolicy(body.policy, 'policy', false));
    const procedures = body.procedures ?? {};
    if (!isObject(procedures)) errors.push({ field: 'procedures', message: 'must be an object keyed by procedure code' });
    else {
      const codes = Object.keys(procedures);
      const known: { code: string }[] = codes.length
        ? await this.ds.query(`SELECT DISTINCT code FROM procedures WHERE code = ANY($1::text[]) AND (agency_code = $2 OR agency_code IS NULL)`, [codes, actor.agencyCode])
        : [];
      const knownCodes = new Set(known.map((k) => k.code));
      for (const code of codes) {
        if (!knownCodes.has(code)) errors.push({ field: `procedures.${code}`, message: "is not a procedure of the caller's agency" });
        errors.push(...validatePolicy(procedures[code], `procedures.${code}`, true));
      }
    }
    if (errors.length) throw fail(errors);
    await this.ds.transaction(async (m) => {
      const scope = agencyScope(m, actor);
      await scope.sql(`DELETE FROM escalation_policies WHERE agency_code = :agency`);
      const rows = [{ procedure: '', policy: body.policy }, ...Object.entries(procedures as Record<string, unknown>).map(([procedure, policy]) => ({ procedure, policy }))];
      await scope.sql(
        `INSERT INTO escalation_policies (agency_code, procedure_code, policy, updated_by)
         SELECT :agency, r.procedure, r.policy, $2 FROM jsonb_to_recordset($1::jsonb) AS r(procedure text, policy jsonb)`,
        [JSON.stringify(rows), actor.username],
      );
    });
    return this.policy(actor);
  }

  async preferences(actor: Actor): Promise<NotificationPreferencesView> {
    const [row]: { channels: Record<string, UserChannel[]> | null; quiet_from: string | null; quiet_to: string | null; email: string | null }[] = await agencyScope(this.ds, actor).sql(
      `SELECT p.channels, p.quiet_from::text AS quiet_from, p.quiet_to::text AS quiet_to, u.email
         FROM users u LEFT JOIN notification_preferences p ON p.username = u.username
        WHERE u.username = $1 AND u.agency_code = :agency`,
      [actor.username],
    );
    const chosen = row?.channels ?? {};
    const from = hhmm(row?.quiet_from ?? null);
    const to = hhmm(row?.quiet_to ?? null);
    return {
      channels: Object.fromEntries(ALERT_KINDS.map((k) => [k, chosen[k] ?? DEFAULT_CHANNELS])) as NotificationPreferencesView['channels'],
      quietHours: from && to ? { from, to } : null,
      ...(row?.email ? { email: row.email } : {}),
    };
  }

  async savePreferences(body: unknown, actor: Actor): Promise<NotificationPreferencesView> {
    const errors = validatePreferences(body);
    if (errors.length) throw fail(errors);
    const b = body as { channels?: Record<string, UserChannel[]>; quietHours?: { from: string; to: string } | null };
    const keepQuiet = b.quietHours === undefined;
    await this.ds.query(
      `INSERT INTO notification_preferences (username, channels, quiet_from, quiet_to)
       VALUES ($1, $2::jsonb, $3::time, $4::time)
       ON CONFLICT (username) DO UPDATE SET channels = notification_preferences.channels || EXCLUDED.channels,
         quiet_from = CASE WHEN $5 THEN notification_preferences.quiet_from ELSE EXCLUDED.quiet_from END,
         quiet_to = CASE WHEN $5 THEN notification_preferences.quiet_to ELSE EXCLUDED.quiet_to END,
         updated_at = now()`,
      [actor.username, JSON.stringify(b.channels ?? {}), b.quietHours?.from ?? null, b.quietHours?.to ?? null, keepQuiet],
    );
    return this.preferences(actor);
  }

  async list(q: ListNotificationsDto, actor: Actor): Promise<Page<NotificationView>> {
    const where = ['agency_code = :agency'];
    const params: unknown[] = [];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.channel) where.push(`channel = $${params.push(q.channel)}`);
    if (q.dossierCode) where.push(`dossier_code = $${params.push(q.dossierCode)}`);
    const scope = agencyScope(this.ds, actor);
    const [{ total }]: { total: number }[] = await scope.sql(`SELECT count(*)::int AS total FROM notifications WHERE ${where.join(' AND ')}`, params);
    const rows: NotificationRow[] = await scope.sql(
      `SELECT ${COLUMNS} FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Sends a failed or dead notification again (issue 22 item 4): back to `pending`, its tries
   * counted from zero, the same id — the mail's Message-ID, so a mail that did reach the server is
   * not doubled at a receiver that deduplicates. The trigger announces inserts only: the notifier
   * is woken here, on commit.
   */
  async redeliver(id: string, actor: Actor): Promise<NotificationView> {
    return this.ds.transaction(async (m) => {
      const scope = agencyScope(m, actor);
      const [found]: { status: NotificationView['status'] }[] = await scope.sql(`SELECT status FROM notifications WHERE id = $1 AND agency_code = :agency FOR UPDATE`, [id]);
      if (!found) throw new NotFoundException(`no notification ${id} at your agency`);
      if (found.status !== 'failed' && found.status !== 'dead') throw new ConflictException(`notification ${id} is ${found.status}: only a failed or dead one is sent again`);
      const [row]: NotificationRow[] = await scope.sql(
        `WITH again AS (
           UPDATE notifications SET status = 'pending', attempts = 0, last_error = NULL
            WHERE id = $1 AND agency_code = :agency RETURNING ${COLUMNS})
         SELECT * FROM again`,
        [id],
      );
      await m.query(`SELECT pg_notify('notifications', 'redeliver')`);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'notification_redelivered', entity: 'notification', entityId: id, before: { status: found.status } });
      return view(row!);
    });
  }

  async inbox(actor: Actor): Promise<InboxView> {
    const scope = agencyScope(this.ds, actor);
    const [{ unread }]: { unread: number }[] = await scope.sql(
      `SELECT count(*)::int AS unread FROM notifications WHERE agency_code = :agency AND channel = 'in_app' AND username = $1 AND read_at IS NULL`,
      [actor.username],
    );
    const rows: NotificationRow[] = await scope.sql(
      `SELECT ${COLUMNS} FROM notifications WHERE agency_code = :agency AND channel = 'in_app' AND username = $1 ORDER BY created_at DESC LIMIT 20`,
      [actor.username],
    );
    return { unread, items: rows.map(view) };
  }

  async markRead(actor: Actor): Promise<InboxView> {
    await agencyScope(this.ds, actor).sql(
      `UPDATE notifications SET read_at = now() WHERE agency_code = :agency AND channel = 'in_app' AND username = $1 AND read_at IS NULL`,
      [actor.username],
    );
    return this.inbox(actor);
  }
}
