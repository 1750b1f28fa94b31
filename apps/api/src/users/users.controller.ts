import { Body, ConflictException, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ROLES, type Actor, type Role } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';

export class CreateUserDto {
  @ApiProperty({ example: 'nguyenvana' }) @Matches(/^[a-z][a-z0-9._-]{2,39}$/, { message: 'username must be 3–40 lowercase letters, digits, . _ -' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Văn A' }) @IsString() @Length(1, 200) fullName!: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password!: string;
  @ApiPropertyOptional({ example: 'DKKD' }) @IsOptional() @IsString() @Length(1, 40) departmentCode?: string;
  @ApiProperty({ enum: ROLES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(ROLES, { each: true }) roles!: Role[];
}

export interface UserView {
  username: string;
  fullName: string;
  departmentCode?: string;
  roles: Role[];
  active: boolean;
}

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
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [dto.username, dto.fullName, await hash(dto.password), actor.agencyCode, dto.departmentCode ?? null, dto.roles],
    );
    if (rows.length === 0) throw new ConflictException(`user ${dto.username} exists`);
    return { username: dto.username, fullName: dto.fullName, departmentCode: dto.departmentCode, roles: dto.roles, active: true };
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentActor() actor: Actor): Promise<UserView[]> {
    return this.users.list(actor);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto, actor);
  }
}

@Module({ controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
