import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import { privateHostAsWritten } from '../../../../libs/notify/src/outbound-guard';
import type { Actor } from '../../../../libs/domain/src';
import { agencyScope } from '../common/agency-scope';
import { badRequest } from '../common/validation';
import type { Page } from '../common/page.dto';
import { WEBHOOK_DELIVERIES_CHANNEL } from '../../../../workflows/webhook.contract';
import type { DeliveryStatus, WebhookEvent } from './webhook-events';
import type { CreateWebhookDto, ListDeliveriesDto } from './webhooks.dto';
import type { WebhookDeliveryView, WebhookView } from './webhooks.response';

interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  created_by: string | null;
  created_at: Date;
  pending: number;
  dead: number;
}

interface DeliveryRow {
  id: string;
  event: WebhookEvent;
  event_key: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  redeliveries: number;
  created_at: Date;
  delivered_at: Date | null;
}

const WEBHOOK_COLUMNS = `w.id, w.url, w.events, w.active, w.created_by, w.created_at,
  (SELECT count(*)::int FROM webhook_deliveries x WHERE x.webhook_id = w.id AND x.status = 'pending') AS pending,
  (SELECT count(*)::int FROM webhook_deliveries x WHERE x.webhook_id = w.id AND x.status = 'dead') AS dead`;
const DELIVERY_COLUMNS = `id, event, event_key, status, attempts, next_attempt_at, last_status, last_error, redeliveries, created_at, delivered_at`;

const webhookView = (r: WebhookRow): WebhookView => ({
  id: r.id, url: r.url, events: r.events, active: r.active, createdBy: r.created_by ?? undefined,
  createdAt: r.created_at.toISOString(), pending: r.pending, dead: r.dead,
});

const deliveryView = (r: DeliveryRow): WebhookDeliveryView => ({
  id: r.id, event: r.event, eventId: r.event_key, status: r.status, attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : undefined,
  lastStatus: r.last_status ?? undefined, lastError: r.last_error ?? undefined, redeliveries: r.redeliveries,
  createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString(),
});

/**
 * An agency's webhook subscriptions and their deliveries. Deliveries are written by triggers in
 * the transaction of their event (migration Webhooks1766188800000) and sent by the worker's
 * webhook dispatcher; here they are listed and, from the dead-letter list, sent again.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
  ) {}

  async create(dto: CreateWebhookDto, actor: Actor): Promise<WebhookView> {
    // The worker would refuse every delivery to it (libs/notify/src/outbound-guard): say so now.
    const refused = this.config.values.OUTBOUND_ALLOW_PRIVATE_NETWORKS ? undefined : privateHostAsWritten(dto.url);
    if (refused) throw badRequest([{ field: 'url', messages: [`no delivery would be sent: ${refused}`] }]);
    return this.ds.transaction(async (m) => {
      const [row] = await agencyScope(m, actor).sql<WebhookRow[]>(
        `INSERT INTO webhooks AS w (agency_code, url, events, secret, created_by) VALUES (:agency, $1, $2, $3, $4)
         RETURNING ${WEBHOOK_COLUMNS}`,
        [dto.url, dto.events, dto.secret, actor.username],
      );
      const view = webhookView(row);
      // The secret stays out of the audit trail as out of every answer.
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'webhook_created', entity: 'webhook', entityId: row.id, after: { ...view, agencyCode: actor.agencyCode } });
      return view;
    });
  }

  async list(actor: Actor): Promise<WebhookView[]> {
    const rows = await agencyScope(this.ds, actor).sql<WebhookRow[]>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks w WHERE w.agency_code = :agency ORDER BY w.created_at, w.id`);
    return rows.map(webhookView);
  }

  /** A webhook's deliveries, newest first; `status: 'dead'` is its dead-letter list. */
  async deliveries(webhookId: string, q: ListDeliveriesDto, actor: Actor): Promise<Page<WebhookDeliveryView>> {
    const scope = agencyScope(this.ds, actor);
    await this.mustExist(webhookId, actor);
    const where = `FROM webhook_deliveries WHERE webhook_id = $1 AND agency_code = :agency AND ($2::text IS NULL OR status = $2)`;
    const [rows, [{ n }]] = await Promise.all([
      scope.sql<DeliveryRow[]>(`SELECT ${DELIVERY_COLUMNS} ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [webhookId, q.status ?? null, q.pageSize, (q.page - 1) * q.pageSize]),
      scope.sql<{ n: number }[]>(`SELECT count(*)::int AS n ${where}`, [webhookId, q.status ?? null]),
    ]);
    return { items: rows.map(deliveryView), total: n, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Sends a delivered or dead delivery again: the same body and id (the receiver's idempotency
   * key), its tries counted from zero. The dispatcher is woken on commit.
   */
  async redeliver(webhookId: string, deliveryId: string, actor: Actor): Promise<WebhookDeliveryView> {
    await this.mustExist(webhookId, actor);
    return this.ds.transaction(async (m) => {
      const scope = agencyScope(m, actor);
      const [found] = await scope.sql<{ status: DeliveryStatus }[]>(
        `SELECT status FROM webhook_deliveries WHERE id = $1 AND webhook_id = $2 AND agency_code = :agency FOR UPDATE`,
        [deliveryId, webhookId],
      );
      if (!found) throw new NotFoundException(`webhook ${webhookId} has no delivery ${deliveryId}`);
      if (found.status === 'pending') throw new ConflictException(`delivery ${deliveryId} is pending: it is tried again on its own`);
      const [row] = await scope.sql<DeliveryRow[]>(
        `WITH again AS (
           UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), redeliveries = redeliveries + 1,
             last_error = NULL, delivered_at = NULL
           WHERE id = $1 AND agency_code = :agency RETURNING ${DELIVERY_COLUMNS})
         SELECT * FROM again`,
        [deliveryId],
      );
      await m.query(`SELECT pg_notify($1, 'redeliver')`, [WEBHOOK_DELIVERIES_CHANNEL]);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'webhook_redelivered', entity: 'webhook_delivery', entityId: deliveryId, before: { status: found.status } });
      return deliveryView(row);
    });
  }

  private async mustExist(webhookId: string, actor: Actor): Promise<void> {
    const [w] = await agencyScope(this.ds, actor).sql<unknown[]>(`SELECT 1 FROM webhooks WHERE id = $1 AND agency_code = :agency`, [webhookId]);
    if (!w) throw new NotFoundException(`no webhook ${webhookId} at your agency`);
  }
}
