import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { validatePlan, type ProcedurePlan } from '../../../../libs/domain/src';
import { AppConfigService } from '../../../../libs/config/src';
import { ProcedureEntity } from '../../../../libs/db/src';
import { badRequest } from '../common/validation';
import type { CreateProcedureDto, UpdateProcedureDto } from './dto/procedure.dto';

export type ProcedureView = ProcedurePlan & { version: number; createdAt: string };

const toView = (p: ProcedureEntity): ProcedureView => ({
  code: p.code,
  version: p.version,
  name: p.name,
  agencyCode: p.agencyCode,
  legalTime: p.legalTime,
  steps: p.steps,
  createdAt: p.createdAt.toISOString(),
});

@Injectable()
export class ProceduresService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
  ) {}

  async create(dto: CreateProcedureDto): Promise<ProcedureView> {
    this.check(dto);
    const inserted: ProcedureEntity[] = await this.ds.query(
      `INSERT INTO procedures (code, version, name, agency_code, legal_time, steps) VALUES ($1, 1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING code`,
      [dto.code, dto.name, dto.agencyCode, JSON.stringify(dto.legalTime), JSON.stringify(dto.steps)],
    );
    if (inserted.length === 0) throw new ConflictException(`procedure ${dto.code} exists; PUT /api/procedures/${dto.code} creates a new version`);
    return this.get(dto.code);
  }

  /** A new version; dossiers already running keep the version they started on. */
  async update(code: string, dto: UpdateProcedureDto): Promise<ProcedureView> {
    this.check({ ...dto, code });
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO procedures (code, version, name, agency_code, legal_time, steps)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5 FROM procedures WHERE code = $1
       RETURNING version`,
      [code, dto.name, dto.agencyCode, JSON.stringify(dto.legalTime), JSON.stringify(dto.steps)],
    );
    return this.get(code, (rows[0] as { version: number }).version);
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

  private check(plan: ProcedurePlan): void {
    const problems = validatePlan(plan, this.config.baseCalendar());
    if (problems.length) throw badRequest(problems.map((p) => ({ field: p.field, messages: [p.message] })));
  }
}
