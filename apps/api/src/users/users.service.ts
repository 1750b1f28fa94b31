import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import type { Actor, Role } from '../../../../libs/domain/src';
import type { CreateUserDto, UpdateUserDto, UserView } from './users.dto';
import { AuthService } from '../auth/auth.service';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly auth: AuthService,
  ) {}

  async list(actor: Actor): Promise<UserView[]> {
    const rows: UserRow[] = await this.ds.query(
      `SELECT id, username, full_name, department_code, roles, active FROM users WHERE agency_code = $1 ORDER BY username`,
      [actor.agencyCode],
    );
    return rows.map(toView);
  }

  async update(username: string, dto: UpdateUserDto, actor: Actor): Promise<UserView> {
    if (dto.active === false && username === actor.username) throw new ConflictException('you cannot deactivate your own account');
    await this.checkDepartment(dto.departmentCode, actor);
    const { id, view } = await this.ds.transaction(async (m) => {
      const [row]: UserRow[] = await m.query(`SELECT id, username, full_name, department_code, roles, active FROM users WHERE username = $1 AND agency_code = $2 FOR UPDATE`, [username, actor.agencyCode]);
      if (!row) throw new NotFoundException(`user ${username} not found in your agency`);
      const before = toView(row);
      const after: UserView = {
        ...before,
        ...(dto.fullName !== undefined && { fullName: dto.fullName }),
        ...(dto.departmentCode !== undefined && { departmentCode: dto.departmentCode ?? undefined }),
        ...(dto.roles !== undefined && { roles: dto.roles }),
        ...(dto.active !== undefined && { active: dto.active }),
      };
      await m.query(`UPDATE users SET full_name = $2, department_code = $3, roles = $4, active = $5 WHERE id = $1`, [row.id, after.fullName, after.departmentCode ?? null, after.roles, after.active]);
      if (!after.active) await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [row.id]);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: after.active === before.active ? 'user_updated' : after.active ? 'user_activated' : 'user_deactivated', entity: 'user', entityId: username, before, after });
      return { id: String(row.id), view: after };
    });
    this.auth.forget(id);
    return view;
  }

  private async checkDepartment(code: string | null | undefined, actor: Actor): Promise<void> {
    if (!code) return;
    const [dept] = await this.ds.query(`SELECT 1 FROM departments WHERE code = $1 AND agency_code = $2`, [code, actor.agencyCode]);
    if (!dept) throw new ConflictException(`department ${code} does not exist in your agency`);
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserView> {
    await this.checkDepartment(dto.departmentCode, actor);
    const passwordHash = await hash(dto.password);
    const view: UserView = { username: dto.username, fullName: dto.fullName, departmentCode: dto.departmentCode, roles: dto.roles, active: true };
    await this.ds.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [dto.username, dto.fullName, passwordHash, actor.agencyCode, dto.departmentCode ?? null, dto.roles],
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
}

function toView(u: Omit<UserRow, 'id'>): UserView {
  return { username: u.username, fullName: u.full_name, departmentCode: u.department_code ?? undefined, roles: u.roles, active: u.active };
}
