import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import { hasAgencyWideReach, needsDepartment, type Actor, type Role } from '../../../../libs/domain/src';
import { agencyScope } from '../common/agency-scope';
import { badRequest } from '../common/validation';
import type { CreateUserDto, Position, UpdateUserDto } from './users.dto';
import type { UserView } from './users.response';
import { AuthService } from '../auth/auth.service';

const USER_COLUMNS = 'id, username, full_name, department_code, roles, active, agency_wide, email, "position"';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly auth: AuthService,
  ) {}

  async list(actor: Actor): Promise<UserView[]> {
    const rows: UserRow[] = await agencyScope(this.ds, actor).sql(`SELECT ${USER_COLUMNS} FROM users WHERE agency_code = :agency ORDER BY username`);
    return rows.map(toView);
  }

  async update(username: string, dto: UpdateUserDto, actor: Actor): Promise<UserView> {
    if (dto.active === false && username === actor.username) throw new ConflictException('you cannot deactivate your own account');
    const { id, view } = await this.ds.transaction(async (m) => {
      const scope = agencyScope(m, actor);
      const [row]: UserRow[] = await scope.sql(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1 AND agency_code = :agency FOR UPDATE`, [username]);
      if (!row) throw new NotFoundException(`user ${username} not found in your agency`);
      const before = toView(row);
      const roles = dto.roles ?? before.roles;
      const departmentCode = dto.departmentCode !== undefined ? (dto.departmentCode ?? undefined) : before.departmentCode;
      const flag = dto.agencyWide ?? before.agencyWideFlag;
      // Checked when roles or department change (a legacy account without one can still be renamed
      // or deactivated); only a department named now must be active.
      if (dto.roles !== undefined || dto.departmentCode !== undefined) {
        await this.checkReach(m, actor, roles, departmentCode, departmentCode !== before.departmentCode);
      }
      const position = dto.position !== undefined ? dto.position : before.position;
      // A head named now, or a head's department taken away: the field the admin just set is named.
      if (dto.position !== undefined || dto.departmentCode !== undefined) checkPosition(position, departmentCode, dto.position !== undefined ? 'position' : 'departmentCode');
      const after: UserView = {
        ...before,
        ...(dto.fullName !== undefined && { fullName: dto.fullName }),
        departmentCode,
        roles,
        ...(dto.active !== undefined && { active: dto.active }),
        agencyWide: hasAgencyWideReach(roles, flag, departmentCode),
        agencyWideFlag: flag,
        ...(dto.email !== undefined && { email: dto.email }),
        position,
      };
      await scope.sql(
        `UPDATE users SET full_name = $2, department_code = $3, roles = $4, active = $5, agency_wide = $6, email = $7, "position" = $8 WHERE id = $1 AND agency_code = :agency`,
        [row.id, after.fullName, after.departmentCode ?? null, after.roles, after.active, after.agencyWideFlag, after.email, after.position],
      );
      if (!after.active) await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [row.id]);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: after.active === before.active ? 'user_updated' : after.active ? 'user_activated' : 'user_deactivated', entity: 'user', entityId: username, before, after });
      return { id: String(row.id), view: after };
    });
    this.auth.forget(id);
    return view;
  }

  /**
   * Reach is explicit: reviewers and approvers name their department (400 naming `departmentCode`
   * without one); a department named must be one of the caller's agency and active (400 naming it).
   */
  private async checkReach(m: EntityManager, actor: Actor, roles: Role[], departmentCode: string | undefined, named: boolean): Promise<void> {
    if (!departmentCode) {
      if (needsDepartment(roles)) throw badRequest([{ field: 'departmentCode', messages: [`a ${roles.filter((r) => r === 'reviewer' || r === 'approver').join(' and ')} works in a department: name it`] }]);
      return;
    }
    if (!named) return;
    const [dept]: { active: boolean }[] = await agencyScope(m, actor).sql(`SELECT active FROM departments WHERE code = $1 AND agency_code = :agency`, [departmentCode]);
    if (!dept) throw badRequest([{ field: 'departmentCode', messages: [`department ${departmentCode} does not exist in your agency`] }]);
    if (!dept.active) throw badRequest([{ field: 'departmentCode', messages: [`department ${departmentCode} is deactivated`] }]);
  }

  /** A new password set by an admin: the old one and every session of the account end (as with a change by its owner). */
  async resetPassword(username: string, password: string, actor: Actor): Promise<void> {
    const passwordHash = await hash(password);
    const id = await this.ds.transaction(async (m) => {
      // TypeORM answers an UPDATE with [rows, affected count].
      const [[row]]: [{ id: string }[], number] = await agencyScope(m, actor).sql(
        `UPDATE users SET password_hash = $2, password_changed_at = now(), demo = false WHERE username = $1 AND agency_code = :agency RETURNING id`,
        [username, passwordHash],
      );
      if (!row) throw new NotFoundException(`user ${username} not found in your agency`);
      await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [row.id]);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'password_reset', entity: 'user', entityId: username });
      return String(row.id);
    });
    this.auth.forget(id);
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserView> {
    await this.checkReach(this.ds.manager, actor, dto.roles, dto.departmentCode, true);
    checkPosition(dto.position ?? null, dto.departmentCode, 'position');
    const passwordHash = await hash(dto.password);
    const flag = dto.agencyWide ?? false;
    const view: UserView = {
      username: dto.username, fullName: dto.fullName, departmentCode: dto.departmentCode, roles: dto.roles, active: true,
      agencyWide: hasAgencyWideReach(dto.roles, flag, dto.departmentCode), agencyWideFlag: flag, email: dto.email ?? null, position: dto.position ?? null,
    };
    await this.ds.transaction(async (m) => {
      const rows: unknown[] = await agencyScope(m, actor).sql(
        `INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles, agency_wide, email, "position") VALUES ($1, $2, $3, :agency, $4, $5, $6, $7, $8)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [dto.username, dto.fullName, passwordHash, dto.departmentCode ?? null, dto.roles, flag, view.email, view.position],
      );
      if (rows.length === 0) throw new ConflictException(`user ${dto.username} exists`);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'user_created', entity: 'user', entityId: dto.username, after: view });
    });
    return view;
  }
}

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  department_code: string | null;
  roles: Role[];
  active: boolean;
  agency_wide: boolean;
  email: string | null;
  position: Position | null;
}

/** The escalation chain tells a department's head by its department (libs/notify alert-notifications.ts): a head without one is told nothing. */
function checkPosition(position: Position | null, departmentCode: string | undefined, field: 'position' | 'departmentCode'): void {
  if (position === 'department_head' && !departmentCode) throw badRequest([{ field, messages: ['a department_head heads a department: name departmentCode'] }]);
}

function toView(u: Omit<UserRow, 'id'>): UserView {
  return {
    username: u.username, fullName: u.full_name, departmentCode: u.department_code ?? undefined, roles: u.roles, active: u.active,
    agencyWide: hasAgencyWideReach(u.roles, u.agency_wide, u.department_code), agencyWideFlag: u.agency_wide, email: u.email, position: u.position,
  };
}
