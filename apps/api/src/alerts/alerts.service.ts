import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { reachesDepartment, type Actor } from '../../../../libs/domain/src';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../../../libs/db/src';
import { AlertEntity } from '../../../../libs/db/src';
import { agencyScope } from '../common/agency-scope';
import type { Page } from '../common/page.dto';
import { withStepNames } from './alert-step-names';
import { toAlertView, type AlertView } from './alert.view';
import type { ListAlertsDto } from './list-alerts.dto';

@Injectable()
export class AlertsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The alerts `actor` may see: their agency's, and their department's unless agency-wide. */
  private visibleTo(actor: Actor) {
    // Alerts carry no agency column: their dossier code starts with it.
    const qb = agencyScope(this.ds, actor).select(AlertEntity, 'a', 'dossier_code');
    // By reach, as visibleAlert: agency-wide staff see every department's; a department-less account that is not, none but the department-less alerts.
    if (!actor.agencyWide) qb.andWhere('(a.department_code = :dept OR a.department_code IS NULL)', { dept: actor.departmentCode ?? null });
    return qb;
  }

  /** The same rule for one alert in hand (the live stream): its agency's dossier, a department the actor reaches. */
  visibleAlert(actor: Actor, alert: Pick<AlertView, 'dossierCode' | 'departmentCode'>): boolean {
    return alert.dossierCode.startsWith(`${actor.agencyCode}-`) && reachesDepartment(actor, alert.departmentCode);
  }

  async list(q: ListAlertsDto, actor: Actor): Promise<Page<AlertView>> {
    const qb = this.visibleTo(actor);
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    if (q.acknowledged !== undefined) qb.andWhere(q.acknowledged ? 'a.acknowledged_at IS NOT NULL' : 'a.acknowledged_at IS NULL');
    if (q.dossierCode) qb.andWhere('a.dossier_code = :code', { code: q.dossierCode });
    qb.orderBy('a.fired_at', 'DESC').addOrderBy('a.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.named(rows.map(toAlertView)), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * The alerts `actor` may see fired after alert `afterId`, oldest first, at most `limit`: what an
   * SSE client that reconnects with `Last-Event-ID` missed. Ids follow commit order
   * (AlertStream1765584000000), so nothing committed later can carry a smaller id.
   */
  async firedAfter(afterId: string, actor: Actor, limit: number): Promise<AlertView[]> {
    const rows = await this.visibleTo(actor).andWhere('a.id > :after', { after: afterId }).orderBy('a.id', 'ASC').take(limit).getMany();
    return this.named(rows.map(toAlertView));
  }

  /** Idempotent: acknowledging twice keeps the first acknowledgement. */
  async acknowledge(id: string, actor: Actor): Promise<AlertView> {
    if (!/^\d{1,18}$/.test(id)) throw new NotFoundException(`alert ${id} not found`);
    const scope = agencyScope(this.ds, actor);
    const found = await scope.select(AlertEntity, 'a', 'dossier_code').andWhere('a.id = :id', { id }).getOne();
    if (!found) throw new NotFoundException(`alert ${id} not found`);
    if (!reachesDepartment(actor, found.departmentCode)) throw new ForbiddenException(`alert ${id} is outside your department`);
    await this.ds.transaction(async (m) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
      const [done]: [unknown[], number] = await scope.in(m).sql(`UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL AND dossier_code LIKE :agencyPrefix RETURNING id`, [id, actor.username]);
      if (done.length) await appendAudit(m, { chain: found.dossierCode, actor: actor.username, action: 'alert_acknowledged', entity: 'alert', entityId: id, before: { acknowledgedAt: null }, after: { acknowledgedBy: actor.username } });
    });
    const [acknowledged] = await this.named([toAlertView((await scope.select(AlertEntity, 'a', 'dossier_code').andWhere('a.id = :id', { id }).getOne())!)]);
    return acknowledged;
  }

  /** The alerts with their step names (withStepNames). */
  named(alerts: AlertView[]): Promise<AlertView[]> {
    return withStepNames(alerts, (sql, params) => this.ds.query(sql, params));
  }
}
