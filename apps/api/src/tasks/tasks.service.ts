import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { workingMillisBetween } from '../../../../libs/domain/src';
import type { Page } from '../common/page.dto';
import type { ListTasksDto } from './list-tasks.dto';

export interface TaskView {
  dossierCode: string;
  stepKey: string;
  stepName: string;
  role: string;
  departmentCode?: string;
  applicantName: string;
  procedureCode: string;
  startedAt?: string;
  dueAt: string;
  atRiskAt: string;
  atRisk: boolean;
  overdue: boolean;
  /** Working (or, for elapsed plans, plain) milliseconds left; negative when overdue. */
  remainingMs: number;
}

interface TaskRow {
  dossier_code: string;
  step_key: string;
  name: string;
  role: string;
  department_code: string | null;
  clock: string;
  applicant_name: string;
  procedure_code: string;
  started_at: Date | null;
  due_at: Date;
  at_risk_at: Date;
  total: string;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  /** Open steps, most urgent first: overdue, then at risk, then soonest due. */
  async list(q: ListTasksDto): Promise<Page<TaskView>> {
    const params: unknown[] = [];
    const where = [`s.status = 'active'`];
    if (q.departmentCode) where.push(`s.department_code = $${params.push(q.departmentCode)}`);
    if (q.role) where.push(`s.role = $${params.push(q.role)}`);
    const rows: TaskRow[] = await this.ds.query(
      `SELECT s.dossier_code, s.step_key, s.name, s.role, s.department_code, s.clock, d.applicant_name, d.procedure_code,
              s.started_at, s.due_at, s.at_risk_at, count(*) OVER () AS total
         FROM dossier_steps s JOIN dossiers d ON d.code = s.dossier_code
        WHERE ${where.join(' AND ')}
        ORDER BY CASE WHEN s.due_at <= now() THEN 0 WHEN s.at_risk_at <= now() THEN 1 ELSE 2 END, s.due_at, s.dossier_code
        LIMIT $${params.push(q.pageSize)} OFFSET $${params.push((q.page - 1) * q.pageSize)}`,
      params,
    );
    const now = new Date();
    const cal = (await this.calendars.snapshot()).calendar;
    return {
      items: rows.map((r) => {
        const overdue = r.due_at <= now;
        const span = (a: Date, b: Date) => (r.clock === 'elapsed' ? b.getTime() - a.getTime() : workingMillisBetween(a, b, cal));
        const remaining = overdue ? -span(r.due_at, now) : span(now, r.due_at);
        return {
          dossierCode: r.dossier_code,
          stepKey: r.step_key,
          stepName: r.name,
          role: r.role,
          departmentCode: r.department_code ?? undefined,
          applicantName: r.applicant_name,
          procedureCode: r.procedure_code,
          startedAt: r.started_at?.toISOString(),
          dueAt: r.due_at.toISOString(),
          atRiskAt: r.at_risk_at.toISOString(),
          atRisk: !overdue && r.at_risk_at <= now,
          overdue,
          remainingMs: remaining,
        };
      }),
      total: rows.length ? Number(rows[0].total) : 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
