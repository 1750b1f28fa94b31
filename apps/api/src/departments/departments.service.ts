import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import type { Actor } from '../../../../libs/domain/src';
import { agencyScope } from '../common/agency-scope';
import { badRequest } from '../common/validation';
import type { CreateDepartmentDto, UpdateDepartmentDto } from './departments.dto';
import type { DepartmentView } from './departments.response';

interface DepartmentRow {
  code: string;
  name: string;
  active: boolean;
}

const toView = (r: DepartmentRow): DepartmentView => ({ code: r.code, name: r.name, active: r.active });

/**
 * Departments are data an admin manages (issue 17 item 3), each of one agency. A department is
 * deactivated, never deleted (steps, alerts and statistics keep naming it), and only once nothing
 * depends on it: no active account works in it and no open dossier has a step still to be worked
 * there (409 naming how many of each). Procedures that still route steps to it are the admin's to
 * change (PUT /api/procedures/:code); an account cannot be put in an inactive department.
 */
@Injectable()
export class DepartmentsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(actor: Actor, includeInactive = false): Promise<DepartmentView[]> {
    if (includeInactive && !actor.roles.includes('admin')) throw new ForbiddenException('includeInactive is for admins');
    const rows: DepartmentRow[] = await agencyScope(this.ds, actor).sql(
      `SELECT code, name, active FROM departments WHERE agency_code = :agency AND (active OR $1) ORDER BY code`,
      [includeInactive],
    );
    return rows.map(toView);
  }

  async create(dto: CreateDepartmentDto, actor: Actor): Promise<DepartmentView> {
    return this.ds.transaction(async (m) => {
      // Codes are unique across agencies (users and steps name a department by its code alone).
      const rows: DepartmentRow[] = await agencyScope(m, actor).sql(
        `INSERT INTO departments (code, agency_code, name, created_by, updated_by) VALUES ($1, :agency, $2, $3, $3)
         ON CONFLICT (code) DO NOTHING RETURNING code, name, active`,
        [dto.code, dto.name, actor.username],
      );
      if (rows.length === 0) throw new ConflictException(`department code ${dto.code} is taken`);
      const view = toView(rows[0]);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'department_created', entity: 'department', entityId: dto.code, after: { ...view, agencyCode: actor.agencyCode } });
      return view;
    });
  }

  async update(code: string, dto: UpdateDepartmentDto, actor: Actor): Promise<DepartmentView> {
    if (dto.name === undefined && dto.active === undefined) throw badRequest([{ field: 'body', messages: ['give name or active'] }]);
    return this.ds.transaction(async (m) => {
      const scope = agencyScope(m, actor);
      const [row]: DepartmentRow[] = await scope.sql(`SELECT code, name, active FROM departments WHERE code = $1 AND agency_code = :agency FOR UPDATE`, [code]);
      if (!row) throw new NotFoundException(`department ${code} not found in your agency`);
      const before = toView(row);
      const after: DepartmentView = { ...before, ...(dto.name !== undefined && { name: dto.name }), ...(dto.active !== undefined && { active: dto.active }) };
      if (before.active && !after.active) await this.assertUnused(scope, code);
      await scope.sql(`UPDATE departments SET name = $2, active = $3, updated_at = now(), updated_by = $4 WHERE code = $1 AND agency_code = :agency`, [code, after.name, after.active, actor.username]);
      const action = after.active === before.active ? 'department_renamed' : after.active ? 'department_activated' : 'department_deactivated';
      if (after.name !== before.name || after.active !== before.active) {
        await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action, entity: 'department', entityId: code, before, after });
      }
      return after;
    });
  }

  /** Deactivating a department someone still works in, or that open dossiers still pass through, strands them: 409 naming how many. */
  private async assertUnused(scope: ReturnType<typeof agencyScope>, code: string): Promise<void> {
    const [{ users, steps }]: { users: number; steps: number }[] = await scope.sql(
      `SELECT (SELECT count(*)::int FROM users WHERE agency_code = :agency AND department_code = $1 AND active) AS users,
              (SELECT count(*)::int FROM dossier_steps s JOIN dossiers d ON d.code = s.dossier_code
                WHERE s.agency_code = :agency AND s.department_code = $1 AND s.status <> 'done' AND d.finished_at IS NULL) AS steps`,
      [code],
    );
    if (users > 0 || steps > 0) {
      throw new ConflictException(`department ${code} still has ${users} active user(s) and ${steps} open step(s): move them to another department, or deactivate the users, first`);
    }
  }
}
