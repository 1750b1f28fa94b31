import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { validatePlan, type ProcedurePlan } from '../../../../libs/domain/src';
import { AppConfigService } from '../../../../libs/config/src';
import { appendAudit, insertProcedure, ProcedureEntity, SYSTEM_AUDIT_CHAIN, type ProcedureInput } from '../../../../libs/db/src';
import type { Actor } from '../../../../libs/domain/src';
import { badRequest } from '../common/validation';
import type { CreateProcedureDto, UpdateProcedureDto } from './dto/procedure.dto';

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

@Injectable()
export class ProceduresService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
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
