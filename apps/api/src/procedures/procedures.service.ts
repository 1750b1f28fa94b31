import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { addPeriod, validatePlan, type ProcedurePlan, type StepPlan } from '../../../../libs/domain/src';
import { AppConfigService } from '../../../../libs/config/src';
import { appendAudit, insertProcedure, ProcedureEntity, SYSTEM_AUDIT_CHAIN, type ProcedureInput } from '../../../../libs/db/src';
import type { Actor } from '../../../../libs/domain/src';
import { badRequest } from '../common/validation';
import type { CreateProcedureDto, UpdateProcedureDto } from './dto/procedure.dto';
import { initialMachine } from '../../../../workflows/dossier.machine';
import { CalendarService } from '../calendar/calendar.service';

export type ProcedureView = ProcedurePlan &
  Pick<ProcedureEntity, 'version' | 'field' | 'documents' | 'fees' | 'legalBasis' | 'supplementPolicy' | 'supplementWindowDays' | 'supplementRequestsBasis' | 'clockStart'> & {
    createdAt: string;
    /** Absent: Decree 118/2025's one request. */
    maxSupplementRequests?: number;
  };

const toView = (p: ProcedureEntity): ProcedureView => ({
  code: p.code,
  version: p.version,
  name: p.name,
  agencyCode: p.agencyCode,
  legalTime: p.legalTime,
  steps: p.steps,
  field: p.field,
  documents: p.documents,
  fees: p.fees,
  legalBasis: p.legalBasis,
  supplementPolicy: p.supplementPolicy,
  supplementWindowDays: p.supplementWindowDays,
  ...(p.maxSupplementRequests !== null && { maxSupplementRequests: p.maxSupplementRequests }),
  supplementRequestsBasis: p.supplementRequestsBasis,
  clockStart: p.clockStart,
  createdAt: p.createdAt.toISOString(),
});

/** The deadline plan of a dossier received now at the counter, as a dry run answers it. */
export interface PlanPreview {
  receivedAt: string;
  dueAt: string;
  atRiskAt: string;
  /** The agency's time zone, in which the dates are read. */
  timeZone: string;
  steps: (Pick<StepPlan, 'key' | 'name' | 'role' | 'departmentCode'> & { dueAt: string; atRiskAt: string })[];
}

@Injectable()
export class ProceduresService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
    private readonly calendars: CalendarService,
  ) {}

  async create(dto: CreateProcedureDto, actor: Actor): Promise<ProcedureView> {
    this.check(dto);
    const inserted = await this.insertAudited(dto, 'first', actor);
    if (inserted.length === 0) throw new ConflictException(`procedure ${dto.code} exists; PUT /api/procedures/${dto.code} creates a new version`);
    return this.get(dto.code);
  }

  /** A new version; dossiers already running keep the version they started on. */
  async update(code: string, dto: UpdateProcedureDto, actor: Actor): Promise<ProcedureView> {
    this.check({ ...dto, code });
    const [row] = await this.insertAudited({ ...dto, code }, 'next', actor);
    return this.get(code, row.version);
  }

  async list(): Promise<ProcedureView[]> {
    const rows = await this.ds
      .getRepository(ProcedureEntity)
      .createQueryBuilder('p')
      .distinctOn(['p.code'])
      .orderBy('p.code')
      .addOrderBy('p.version', 'DESC')
      .getMany();
    return rows.map(toView);
  }

  /** Every version of a procedure, newest first. */
  async versions(code: string): Promise<ProcedureView[]> {
    const rows = await this.ds.getRepository(ProcedureEntity).find({ where: { code }, order: { version: 'DESC' } });
    if (rows.length === 0) throw new NotFoundException(`procedure ${code} not found`);
    return rows.map(toView);
  }

  /**
   * A dry run of create or update: the same checks (a 400 naming each field), nothing saved, and
   * the plan a counter dossier received now would get on the agency's calendar, computed by the
   * workflow's own `initialMachine`, as the receipt's dates are.
   */
  async validate(dto: CreateProcedureDto): Promise<PlanPreview> {
    this.check(dto);
    const { calendar, version } = await this.calendars.snapshot(dto.agencyCode);
    const receivedAt = new Date().toISOString();
    // A duration the calendar cannot reach within MAX_WALKED_DAYS (a million working days) is the
    // draft's fault: a 400 naming the field, never the 500 the walk's error would be.
    const reachable = <T>(field: string, plan: () => T): T => {
      try {
        return plan();
      } catch (err) {
        throw badRequest([{ field, messages: [`cannot be planned on the agency calendar: ${(err as Error).message}`] }]);
      }
    };
    reachable('legalTime', () => addPeriod(new Date(receivedAt), dto.legalTime, calendar));
    dto.steps.forEach((step, i) => reachable(`steps[${i}].duration`, () => addPeriod(new Date(receivedAt), step.duration, calendar)));
    const m = reachable('steps', () => initialMachine({
      code: 'preview',
      agencyCode: dto.agencyCode,
      procedure: { code: dto.code, version: 0, name: dto.name, legalTime: dto.legalTime, steps: dto.steps, ...(dto.clockStart && dto.clockStart !== 'receipt' && { clockStart: dto.clockStart }) },
      calendar,
      calendarVersion: version,
      applicant: { name: 'preview' },
      channel: 'counter',
      receivedAt,
    }));
    const v = m.view;
    return {
      receivedAt,
      dueAt: v.dueAt,
      atRiskAt: v.atRiskAt,
      timeZone: calendar.timeZone,
      steps: v.steps.map((s) => ({ key: s.key, name: s.name, role: s.role, ...(s.departmentCode !== undefined && { departmentCode: s.departmentCode }), dueAt: s.dueAt, atRiskAt: s.atRiskAt })),
    };
  }

  async find(code: string, version?: number): Promise<ProcedureView | null> {
    const p = await this.ds.getRepository(ProcedureEntity).findOne({ where: version ? { code, version } : { code }, order: { version: 'DESC' } });
    return p ? toView(p) : null;
  }

  async get(code: string, version?: number): Promise<ProcedureView> {
    const p = await this.find(code, version);
    if (!p) throw new NotFoundException(`procedure ${code} not found`);
    return p;
  }

  private insertAudited(p: ProcedureInput, mode: 'first' | 'next', actor: Actor): Promise<{ version: number }[]> {
    return this.ds.transaction(async (m) => {
      const rows = await insertProcedure(m, p, mode);
      if (rows.length) {
        await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: mode === 'first' ? 'procedure_created' : 'procedure_versioned', entity: 'procedure', entityId: `${p.code}@${rows[0].version}`, after: p });
      }
      return rows;
    });
  }

  private check(plan: ProcedurePlan): void {
    const problems = validatePlan(plan, this.config.baseCalendar());
    if (problems.length) throw badRequest(problems.map((p) => ({ field: p.field, messages: [p.message] })));
  }
}
