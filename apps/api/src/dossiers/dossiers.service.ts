import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { Brackets, type DataSource } from 'typeorm';
import { AlertEntity, DossierEntity, DossierEventEntity, DossierStepEntity } from '../../../../libs/db/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import { completeStepUpdate, type DossierView, type StepView, type Timeliness } from '../../../../workflows/dossier.contract';
import type { Page } from '../common/page.dto';
import { toAlertView, type AlertView } from '../alerts/alert.view';
import type { CompleteStepDto } from './dto/complete-step.dto';
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
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** Open dossiers are `within` or `overdue` at read time; finished ones keep their classification. */
function openTimeliness(d: Pick<DossierEntity, 'finishedAt' | 'timeliness' | 'dueAt'>, now = Date.now()): string {
  if (d.finishedAt) return d.timeliness ?? 'on_time';
  return d.dueAt.getTime() < now ? 'overdue' : 'within';
}

function stepView(s: DossierStepEntity): StepView {
  return {
    key: s.stepKey,
    name: s.name,
    role: s.role as StepView['role'],
    departmentCode: s.departmentCode ?? undefined,
    position: s.position,
    clock: s.clock as StepView['clock'],
    status: s.status as StepView['status'],
    startedAt: iso(s.startedAt),
    dueAt: s.dueAt.toISOString(),
    atRiskAt: s.atRiskAt.toISOString(),
    completedAt: iso(s.completedAt),
    timeliness: (s.timeliness as Timeliness | null) ?? undefined,
    note: s.note ?? undefined,
  };
}

@Injectable()
export class DossiersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClient,
  ) {}

  async findView(code: string): Promise<DossierView | null> {
    const d = await this.ds.getRepository(DossierEntity).findOneBy({ code });
    if (!d) return null;
    const steps = await this.ds.getRepository(DossierStepEntity).find({ where: { dossierCode: code }, order: { position: 'ASC' } });
    return {
      code: d.code,
      agencyCode: d.agencyCode,
      procedureCode: d.procedureCode,
      procedureVersion: d.procedureVersion,
      status: d.status as DossierView['status'],
      statusCode: d.statusCode,
      receivedAt: d.receivedAt.toISOString(),
      dueAt: d.dueAt.toISOString(),
      atRiskAt: d.atRiskAt.toISOString(),
      finishedAt: iso(d.finishedAt),
      timeliness: (d.timeliness as Timeliness | null) ?? undefined,
      currentStepKey: d.currentStepKey ?? undefined,
      steps: steps.map(stepView),
    };
  }

  async detail(code: string): Promise<DossierDetail> {
    const [view, d, alerts, events] = await Promise.all([
      this.findView(code),
      this.ds.getRepository(DossierEntity).findOneBy({ code }),
      this.ds.getRepository(AlertEntity).find({ where: { dossierCode: code }, order: { firedAt: 'ASC' } }),
      this.ds.getRepository(DossierEventEntity).find({ where: { dossierCode: code }, order: { seq: 'ASC' } }),
    ]);
    if (!view || !d) throw new NotFoundException(`dossier ${code} not found`);
    return {
      ...view,
      timeliness: openTimeliness(d) as Timeliness,
      applicant: d.applicant,
      channel: d.channel,
      alerts: alerts.map(toAlertView),
      events: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor ?? undefined, payload: e.payload })),
    };
  }

  async list(q: ListDossiersDto): Promise<Page<DossierSummary>> {
    const qb = this.ds.getRepository(DossierEntity).createQueryBuilder('d');
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
    qb.orderBy('d.due_at', 'ASC').addOrderBy('d.code', 'ASC').skip((q.page - 1) * q.pageSize).take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
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

  /** A Temporal Update: the workflow's validator decides whether the step is current. */
  async completeStep(code: string, stepKey: string, dto: CompleteStepDto, actor?: string): Promise<DossierView> {
    const view = await this.findView(code);
    if (!view) throw new NotFoundException(`dossier ${code} not found`);
    if (!view.steps.some((s) => s.key === stepKey)) throw new NotFoundException(`dossier ${code} has no step ${stepKey}`);
    if (view.finishedAt) throw new ConflictException(`dossier ${code} is finished`);
    try {
      return await this.temporal.workflow.getHandle(code).executeUpdate(completeStepUpdate, { args: [{ stepKey, note: dto.note, actor }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new ConflictException(err.cause?.message ?? err.message);
      if (err instanceof WorkflowNotFoundError) throw new ConflictException(`dossier ${code} is no longer open`);
      throw err;
    }
  }
}
