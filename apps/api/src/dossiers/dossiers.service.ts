import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { Brackets, type DataSource } from 'typeorm';
import { AlertEntity, DossierEntity, DossierEventEntity } from '../../../../libs/db/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import { executeDossierCommand } from '../../../../libs/temporal/src/dossier-workflows';
import type { DossierAction, DossierCommand, DossierView, Timeliness } from '../../../../workflows/dossier.contract';
import { allowedActions } from '../../../../workflows/dossier.machine';
import { agencyScope } from '../common/agency-scope';
import type { Page } from '../common/page.dto';
import { toAlertView, type AlertView } from '../alerts/alert.view';
import type { Actor } from '../../../../libs/domain/src';
import { actorRef, assertMayRead, rejectedCommand } from './dossier-access';
import type { ListDossiersDto } from './dto/list-dossiers.dto';

export interface DossierSummary {
  code: string;
  procedureCode: string;
  applicantName: string;
  channel: string;
  status: string;
  statusCode: number;
  receivedAt: string;
  dueAt: string;
  finishedAt?: string;
  timeliness: string;
  currentStepKey?: string;
  currentDepartmentCode?: string;
}

export interface DossierDetail extends DossierView {
  applicant: DossierEntity['applicant'];
  channel: string;
  alerts: AlertView[];
  events: { seq: number; type: string; at: string; actor?: string; payload: Record<string, unknown> }[];
  /** What the caller may do now, as the workflow's rule decides it on this view (dossier.machine.ts `allowedActions`). */
  allowedActions: DossierAction[];
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** Open dossiers are `within` or `overdue` at read time; finished ones keep their classification. */
function openTimeliness(d: Pick<DossierEntity, 'finishedAt' | 'timeliness' | 'dueAt'>, now = Date.now()): string {
  if (d.finishedAt) return d.timeliness ?? 'on_time';
  return d.dueAt.getTime() < now ? 'overdue' : 'within';
}

@Injectable()
export class DossiersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClient,
  ) {}

  async findView(code: string): Promise<DossierView | null> {
    const d = await this.ds.getRepository(DossierEntity).findOne({ where: { code }, select: { code: true, view: true } });
    return d ? (d.view as unknown as DossierView) : null;
  }

  async detail(code: string, actor: Actor): Promise<DossierDetail> {
    // One snapshot: read apart, a change committed between the reads would show its event beside the state before it.
    const [d, alerts, events] = await this.ds.transaction('REPEATABLE READ', async (m) => [
      await m.getRepository(DossierEntity).findOneBy({ code }),
      await m.getRepository(AlertEntity).find({ where: { dossierCode: code }, order: { firedAt: 'ASC' } }),
      await m.getRepository(DossierEventEntity).find({ where: { dossierCode: code }, order: { seq: 'ASC' } }),
    ] as const);
    if (!d) throw new NotFoundException(`dossier ${code} not found`);
    const view = d.view as unknown as DossierView;
    assertMayRead(actor, view);
    return {
      ...view,
      timeliness: openTimeliness(d) as Timeliness,
      applicant: d.applicant,
      channel: d.channel,
      // Named from the steps in hand (withStepNames reads the same names from the step rows).
      alerts: alerts.map(toAlertView).map((a) => {
        const stepName = a.stepKey ? view.steps.find((s) => s.key === a.stepKey)?.name : undefined;
        return stepName ? { ...a, stepName } : a;
      }),
      events: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor ?? undefined, payload: e.payload })),
      allowedActions: allowedActions({ view }, actorRef(actor, view), Date.now()),
    };
  }

  async list(q: ListDossiersDto, actor: Actor): Promise<Page<DossierSummary>> {
    const qb = agencyScope(this.ds, actor).select(DossierEntity, 'd');
    // Same scope as a single read (dossier-access.ts mayRead): department staff see the dossiers
    // passing through their department; without one, and not agency-wide, none.
    if (!actor.agencyWide && !actor.roles.some((r) => ['reception', 'supervisor', 'admin'].includes(r))) {
      qb.andWhere('EXISTS (SELECT 1 FROM dossier_steps s WHERE s.dossier_code = d.code AND s.department_code = :mine)', { mine: actor.departmentCode ?? null });
    }
    if (q.status === 'open') qb.andWhere('d.finished_at IS NULL');
    else if (q.status === 'finished') qb.andWhere('d.finished_at IS NOT NULL');
    else if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.timeliness === 'overdue') qb.andWhere('d.finished_at IS NULL AND d.due_at < now()');
    else if (q.timeliness === 'within') qb.andWhere('d.finished_at IS NULL AND d.due_at >= now()');
    else if (q.timeliness) qb.andWhere('d.timeliness = :t', { t: q.timeliness });
    if (q.procedureCode) qb.andWhere('d.procedure_code = :p', { p: q.procedureCode });
    if (q.departmentCode) qb.andWhere('d.current_department_code = :dep', { dep: q.departmentCode });
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('d.code ILIKE :like', { like }).orWhere('d.applicant_name ILIKE :like', { like })));
    }
    // The total is a plain count(*) (getManyAndCount counts DISTINCT codes, a sort of every match),
    // and the page reads only the listed columns, not the view and applicant JSON.
    const counted = qb.clone().select('count(*)', 'n');
    const columns = ['code', 'procedureCode', 'applicantName', 'channel', 'status', 'statusCode', 'receivedAt', 'dueAt', 'finishedAt', 'timeliness', 'currentStepKey', 'currentDepartmentCode'];
    qb.select(columns.map((c) => `d.${c}`)).orderBy('d.due_at', 'ASC').addOrderBy('d.code', 'ASC').offset((q.page - 1) * q.pageSize).limit(q.pageSize);
    const [rows, count] = await Promise.all([qb.getMany(), counted.getRawOne<{ n: string }>()]);
    const total = Number(count?.n ?? 0);
    return {
      items: rows.map((d) => ({
        code: d.code,
        procedureCode: d.procedureCode,
        applicantName: d.applicantName,
        channel: d.channel,
        status: d.status,
        statusCode: d.statusCode,
        receivedAt: d.receivedAt.toISOString(),
        dueAt: d.dueAt.toISOString(),
        finishedAt: iso(d.finishedAt),
        timeliness: openTimeliness(d),
        currentStepKey: d.currentStepKey ?? undefined,
        currentDepartmentCode: d.currentDepartmentCode ?? undefined,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * Every process change is one Temporal Update carrying who acts; the workflow's validator decides
   * with the lifecycle machine whether this actor may apply it now (403 or 409 with its reason when
   * not), and the handler persists before answering. A dossier registered in INTAKE_MODE=start is
   * readable before its workflow's first task: a command sent then waits for that task
   * (executeDossierCommand) instead of a 409.
   */
  async command(code: string, command: DossierCommand, actor: Actor): Promise<DossierView> {
    const view = await this.findView(code);
    if (!view) throw new NotFoundException(`dossier ${code} not found`);
    assertMayRead(actor, view);
    if ('stepKey' in command && !view.steps.some((s) => s.key === command.stepKey)) throw new NotFoundException(`dossier ${code} has no step ${command.stepKey}`);
    try {
      return await this.temporal.call(() => executeDossierCommand(this.temporal, code, { ...command, actor: actor.username, by: actorRef(actor, view) }));
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw rejectedCommand(err.cause instanceof ApplicationFailure ? err.cause : { message: err.cause?.message ?? err.message });
      if (err instanceof WorkflowNotFoundError) throw new ConflictException(`dossier ${code} is ${view.status}: it can no longer change`);
      throw err;
    }
  }
}
