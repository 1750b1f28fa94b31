import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { CalendarService } from '../calendar/calendar.service';
import { ROLE_FOR_STEP, STEP_ROLES, hasAgencyWideReach, mayAssignIn, workingMillisBetween, type Actor, type Role } from '../../../../libs/domain/src';
import type { DossierView } from '../../../../workflows/dossier.contract';
import { BULK_REASSIGN_ID_PREFIX, BULK_REASSIGN_WORKFLOW, bulkReassignProgressQuery, stepId, stepIdParts, type BulkReassignInput, type BulkReassignProgress, type StepKind } from '../../../../workflows/bulk-reassign.contract';
import { reassignView, type BulkReassignView } from './bulk-reassign.response';
import type { bulkReassignWorkflow } from '../../../../workflows/bulk-reassign.workflow';
import { TemporalClient } from '../../../../libs/temporal/src';
import { badRequest } from '../common/validation';
import { actorRef, assertMayRead } from '../dossiers/dossier-access';
import { DossiersService } from '../dossiers/dossiers.service';
import { agencyScope } from '../common/agency-scope';
import type { Page } from '../common/page.dto';
import type { ListTasksDto } from './list-tasks.dto';
import type { TaskView } from '../../../../libs/contracts/src';

export type { TaskView };

interface TaskRow {
  /** Null on the one row that carries only the count, when the page is past the end. */
  dossier_code: string | null;
  step_key: string;
  name: string;
  role: string;
  department_code: string | null;
  assignee: string | null;
  clock: string;
  applicant_name: string;
  procedure_code: string;
  started_at: Date | null;
  due_at: Date;
  at_risk_at: Date;
  total: string;
}

/** Steps per batch of a bulk reassignment unless the request says otherwise. */
const REASSIGN_BATCH_SIZE = 25;

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendars: CalendarService,
    private readonly dossiers: DossiersService,
    private readonly config: AppConfigService,
    private readonly temporal: TemporalClient,
  ) {}

  /**
   * The caller's inbox, most urgent first (overdue, then at risk, then soonest due): steps assigned
   * to them plus the unassigned ones of their department they may claim. A department head asks
   * for `scope=department` to see every open step of the department, to assign them.
   */
  async list(q: ListTasksDto, actor: Actor): Promise<Page<TaskView>> {
    const params: unknown[] = [];
    // The agency is on the step itself (copied by the projection): candidates are filtered, sorted
    // and counted on one partial index without a lookup in `dossiers` per open step.
    const where = [`s.status = 'active'`, `s.agency_code = :agency`];
    if (q.scope === 'department') {
      if (!actor.roles.includes('approver')) throw new ForbiddenException('scope=department is for department heads (approver)');
    } else {
      const stepRoles = STEP_ROLES.filter((r) => actor.roles.includes(ROLE_FOR_STEP[r]));
      where.push(`s.role = ANY($${params.push(stepRoles)})`, `(s.assignee IS NULL OR s.assignee = $${params.push(actor.username)})`);
    }
    // Reach (libs/domain/src/reach.ts): agency-wide staff see every department (or the one asked
    // for), others their own; an account with neither reaches none.
    if (actor.agencyWide) {
      if (q.departmentCode) where.push(`s.department_code = $${params.push(q.departmentCode)}`);
    } else where.push(actor.departmentCode ? `s.department_code = $${params.push(actor.departmentCode)}` : 'false');
    if (q.role) where.push(`s.role = $${params.push(q.role)}`);
    const filter = where.join(' AND ');
    // Most urgent first = overdue, then at risk, then within, each by due date. Every urgency class
    // is a range of the index on (agency, department, due_at, dossier_code), read in order and cut
    // at the page's end in its own branch; only those few rows are merged, joined and returned.
    const pageEnd = (q.page - 1) * q.pageSize + q.pageSize;
    const upTo = `$${params.push(pageEnd)}`;
    const branch = (urgency: number, cond: string) =>
      `(SELECT s.dossier_code, s.step_key, ${urgency} AS urgency, s.due_at FROM dossier_steps s
         WHERE ${filter} AND ${cond} ORDER BY s.due_at, s.dossier_code LIMIT ${upTo})`;
    // The count stops past INBOX_COUNT_LIMIT, or past one beyond the page's end when that is
    // further, so a desk with tens of thousands of open steps costs a bounded scan and a client
    // still sees whether a next page exists. `totalCapped`: there are more than `total`.
    const countLimit = Math.max(this.config.values.INBOX_COUNT_LIMIT, pageEnd + 1);
    const rows: TaskRow[] = await agencyScope(this.ds, actor).sql(
      `WITH candidates AS (
         ${branch(0, 's.due_at <= now()')}
         UNION ALL ${branch(1, 's.due_at > now() AND s.at_risk_at <= now()')}
         UNION ALL ${branch(2, 's.due_at > now() AND s.at_risk_at > now()')}
       ), page AS (
         SELECT * FROM candidates ORDER BY urgency, due_at, dossier_code LIMIT $${params.push(q.pageSize)} OFFSET $${params.push((q.page - 1) * q.pageSize)}
       ), counted AS (
         SELECT count(*) AS total FROM (SELECT FROM dossier_steps s WHERE ${filter} LIMIT $${params.push(countLimit + 1)}) c
       )
       SELECT c.total, s.dossier_code, s.step_key, s.name, s.role, s.department_code, s.assignee, s.clock, d.applicant_name, d.procedure_code,
              s.started_at, s.due_at, s.at_risk_at
         FROM counted c
         LEFT JOIN (page p JOIN dossier_steps s ON s.dossier_code = p.dossier_code AND s.step_key = p.step_key
                    JOIN dossiers d ON d.code = s.dossier_code) ON true
        ORDER BY p.urgency, p.due_at, p.dossier_code`,
      params,
    );
    const counted = Number(rows[0].total);
    const now = new Date();
    const cal = (await this.calendars.snapshot(actor.agencyCode)).calendar;
    return {
      items: rows.filter((r): r is TaskRow & { dossier_code: string } => r.dossier_code !== null).map((r) => {
        const overdue = r.due_at <= now;
        const span = (a: Date, b: Date) => (r.clock === 'elapsed' ? b.getTime() - a.getTime() : workingMillisBetween(a, b, cal));
        const remaining = overdue ? -span(r.due_at, now) : span(now, r.due_at);
        return {
          id: stepId(r.dossier_code, r.step_key),
          assignee: r.assignee ?? undefined,
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
      total: Math.min(counted, countLimit),
      ...(counted > countLimit && { totalCapped: true }),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Takes an unassigned step of one's own department. */
  async claim(id: string, actor: Actor): Promise<DossierView> {
    const { code, stepKey } = parseTaskId(id);
    return this.dossiers.command(code, { type: 'assign', stepKey, assignee: actor.username }, actor);
  }

  /** A department head gives a step to an officer of the department who holds the step's role. */
  async assign(id: string, assignee: string, actor: Actor): Promise<DossierView> {
    const { code, stepKey } = parseTaskId(id);
    const view = await this.dossiers.findView(code);
    const step = view?.steps.find((s) => s.key === stepKey);
    if (!view || !step) throw new NotFoundException(`task ${id} not found`);
    assertMayRead(actor, view);
    await this.checkAssignee(assignee, ROLE_FOR_STEP[step.role], step.departmentCode, actor);
    return this.dossiers.command(code, { type: 'assign', stepKey, assignee }, actor);
  }

  /**
   * Bulk reassignment (issue 17 item 5): every open step of an absent officer, in the head's reach,
   * goes to another officer through a durable workflow (workflows/bulk-reassign.workflow.ts) that
   * moves them in batches with the head as the actor of each dossier's change. Answered at once
   * (202) with the workflow's id; `reassignment(id)` reports its progress. The target is checked
   * (checkAssignee) for each kind of step (role, department) the absent officer holds: kinds they
   * may not take are reported as failed steps, and when they may take none nothing starts (400).
   */
  async reassignAll(dto: { from: string; to: string; batchSize?: number }, actor: Actor): Promise<BulkReassignView> {
    if (!mayAssignIn(actor, actor.departmentCode)) throw new ForbiddenException('reassignment is for department heads (approver)');
    const departmentCode = actor.agencyWide ? null : actor.departmentCode;
    if (departmentCode === undefined) throw new ForbiddenException('reassignment is for the head of a department, or an agency-wide head');
    if (dto.to === dto.from) throw badRequest([{ field: 'to', messages: ['must be another officer than `from`'] }]);
    const kinds = await agencyScope(this.ds, actor).sql<{ role: StepKind['role']; department_code: string | null; n: number }[]>(
      `SELECT role, department_code, count(*)::int AS n FROM dossier_steps
        WHERE status = 'active' AND assignee = $1 AND agency_code = :agency AND ($2::text IS NULL OR department_code = $2)
        GROUP BY role, department_code ORDER BY role, department_code`,
      [dto.from, departmentCode],
    );
    const allowed: StepKind[] = [];
    const refused: (StepKind & { reason: string })[] = [];
    for (const k of kinds) {
      const kind = { role: k.role, departmentCode: k.department_code };
      try {
        await this.checkAssignee(dto.to, ROLE_FOR_STEP[k.role], k.department_code ?? undefined, actor);
        allowed.push(kind);
      } catch (err) {
        if (!(err instanceof BadRequestException)) throw err;
        const body = err.getResponse() as { fields?: { messages: string[] }[] };
        refused.push({ ...kind, reason: `${dto.to} ${body.fields?.[0]?.messages[0] ?? err.message}` });
      }
    }
    if (refused.length && !allowed.length) throw badRequest([{ field: 'to', messages: refused.map((r) => r.reason) }]);
    const id = `${BULK_REASSIGN_ID_PREFIX}${randomUUID()}`;
    const input: BulkReassignInput = {
      id, agencyCode: actor.agencyCode, departmentCode, from: dto.from, to: dto.to, requestedBy: actor.username, by: actorRef(actor),
      allowed, refused, batchSize: dto.batchSize ?? REASSIGN_BATCH_SIZE, requestedAt: new Date().toISOString(),
    };
    await this.temporal.call(() =>
      this.temporal.workflow.start<typeof bulkReassignWorkflow>(BULK_REASSIGN_WORKFLOW, {
        workflowId: id,
        taskQueue: this.config.values.TEMPORAL_TASK_QUEUE,
        args: [input],
        // Who may read its progress: the requester's agency.
        memo: { agencyCode: actor.agencyCode },
      }),
    );
    return reassignView({
      id, status: 'running', from: dto.from, to: dto.to, requestedBy: actor.username, requestedAt: input.requestedAt,
      total: kinds.reduce((a, k) => a + k.n, 0), done: 0, moved: 0, skipped: [], failed: [],
    });
  }

  /** A bulk reassignment's progress (its workflow's `progress` query), or its summary once finished; 404 outside the caller's agency. */
  async reassignment(id: string, actor: Actor): Promise<BulkReassignView> {
    const notFound = new NotFoundException(`reassignment ${id} not found`);
    if (!id.startsWith(BULK_REASSIGN_ID_PREFIX)) throw notFound;
    const handle = this.temporal.workflow.getHandle<typeof bulkReassignWorkflow>(id);
    const described = await this.temporal.call(() => handle.describe()).catch((err: unknown) => {
      throw err instanceof WorkflowNotFoundError ? notFound : err;
    });
    if (described.type !== BULK_REASSIGN_WORKFLOW || described.memo?.agencyCode !== actor.agencyCode) throw notFound;
    if (described.status.name === 'COMPLETED') return reassignView(await this.temporal.call(() => handle.result()));
    const progress: BulkReassignProgress = await this.temporal.query(() => handle.query(bulkReassignProgressQuery));
    return reassignView(described.status.name === 'RUNNING' ? progress : { ...progress, status: 'stopped' });
  }

  /**
   * The assignee is an active account of the caller's agency (one of another agency is unknown
   * here: 400), holds the step's role and reaches the step's department: works in it, or is
   * agency-wide by role or flag (a missing department reaches nothing).
   */
  private async checkAssignee(username: string, role: string, departmentCode: string | undefined, actor: Actor): Promise<void> {
    const [user]: { roles: Role[]; department_code: string | null; agency_wide: boolean }[] = await agencyScope(this.ds, actor).sql(
      `SELECT roles, department_code, agency_wide FROM users WHERE username = $1 AND active AND agency_code = :agency`,
      [username],
    );
    const reaches = (u: NonNullable<typeof user>) => !departmentCode || u.department_code === departmentCode || hasAgencyWideReach(u.roles, u.agency_wide, u.department_code);
    const problem = !user
      ? 'no active user of that name in your agency'
      : !user.roles.includes(role as Role)
        ? `does not hold the role ${role}`
        : !reaches(user)
          ? `works in ${user.department_code ?? 'no department'}, not ${departmentCode}`
          : undefined;
    if (problem) throw new BadRequestException({ statusCode: 400, message: [`assignee: ${problem}`], fields: [{ field: 'assignee', messages: [problem] }] });
  }
}

function parseTaskId(id: string): { code: string; stepKey: string } {
  const parts = stepIdParts(id);
  if (!parts) throw new NotFoundException(`task ${id} not found`);
  return parts;
}
