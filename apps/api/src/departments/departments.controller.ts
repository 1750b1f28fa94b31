import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateDepartmentDto, ListDepartmentsDto, UpdateDepartmentDto } from './departments.dto';
import { DepartmentView } from './departments.response';
import { DepartmentsService } from './departments.service';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  /** The caller's agency's departments, active ones (admins: `includeInactive=true` for all). */
  @Get()
  @ApiOkResponse({ type: DepartmentView, isArray: true })
  @ApiForbiddenResponse({ description: 'includeInactive asked by someone who is not an admin' })
  list(@CurrentActor() actor: Actor, @Query() q: ListDepartmentsDto): Promise<DepartmentView[]> {
    return this.departments.list(actor, q.includeInactive === true);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: DepartmentView })
  @ApiBadRequestResponse({ description: 'a field is missing or malformed (named in `fields`)' })
  @ApiConflictResponse({ description: 'the code is taken' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.create(dto, actor);
  }

  /** Rename, deactivate or reactivate a department of the caller's agency. */
  @Patch(':code')
  @Roles('admin')
  @ApiOkResponse({ type: DepartmentView })
  @ApiBadRequestResponse({ description: 'a field is malformed (named in `fields`), or nothing to change' })
  @ApiNotFoundResponse({ description: 'no such department in your agency' })
  @ApiConflictResponse({ description: 'deactivation refused: the department still has active users or open steps (counts in the message)' })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateDepartmentDto): Promise<DepartmentView> {
    return this.departments.update(code, dto, actor);
  }
}
