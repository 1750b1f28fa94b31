import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiDependencyUnavailable } from '../common/dependency-errors';
import { IsString, Length } from 'class-validator';
import type { Actor } from '../../../../libs/domain/src';
import type { DossierView } from '../../../../workflows/dossier.contract';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/page.dto';
import { ListTasksDto } from './list-tasks.dto';
import { TasksService, type TaskView } from './tasks.service';

export class AssignDto {
  @ApiProperty({ example: 'reviewer' }) @IsString() @Length(1, 100) assignee!: string;
}

export class ReassignDto {
  @ApiProperty() @IsString() @Length(1, 100) from!: string;
  @ApiProperty() @IsString() @Length(1, 100) to!: string;
}

@ApiTags('tasks')
@ApiBearerAuth()
@ApiDependencyUnavailable()
@Roles('reception', 'reviewer', 'approver')
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListTasksDto): Promise<Page<TaskView>> {
    return this.tasks.list(query, actor);
  }

  @Post(':id/claim')
  @HttpCode(200)
  claim(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DossierView> {
    return this.tasks.claim(id, actor);
  }

  @Post(':id/assign')
  @Roles('approver')
  @HttpCode(200)
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AssignDto): Promise<DossierView> {
    return this.tasks.assign(id, dto.assignee, actor);
  }

  @Post('reassign')
  @Roles('approver')
  @HttpCode(200)
  reassign(@CurrentActor() actor: Actor, @Body() dto: ReassignDto) {
    return this.tasks.reassignAll(dto.from, dto.to, actor);
  }
}
