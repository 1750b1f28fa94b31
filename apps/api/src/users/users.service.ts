import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import type { Actor, Role } from '../../../../libs/domain/src';
import type { CreateUserDto, UserView } from './users.dto';

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(actor: Actor): Promise<UserView[]> {
    const rows: { username: string; full_name: string; department_code: string | null; roles: Role[]; active: boolean }[] = await this.ds.query(
      `SELECT username, full_name, department_code, roles, active FROM users WHERE agency_code = $1 ORDER BY username`,
      [actor.agencyCode],
    );
    return rows.map((u) => ({ username: u.username, fullName: u.full_name, departmentCode: u.department_code ?? undefined, roles: u.roles, active: u.active }));
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserView> {
    const [dept] = dto.departmentCode ? await this.ds.query(`SELECT 1 FROM departments WHERE code = $1 AND agency_code = $2`, [dto.departmentCode, actor.agencyCode]) : [true];
    if (!dept) throw new ConflictException(`department ${dto.departmentCode} does not exist in your agency`);
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
