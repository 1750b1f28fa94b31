import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDependencyUnavailable } from '../common/dependency-errors';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Actor } from '../../../../libs/domain/src';
import type { DossierView } from '../../../../workflows/dossier.contract';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/page.dto';
import { BulkReassignResponse } from './bulk-reassign.response';
import { ApiErrors, PageOf } from '../common/api-responses';
import { DossierView as DossierViewBody } from '../dossiers/dossier.response';
import { ListTasksDto } from './list-tasks.dto';
import { TaskView as TaskViewBody } from './task.response';
import { TasksService, type TaskView } from './tasks.service';

export class AssignDto {
  @ApiProperty({ example: 'reviewer' }) @IsString() @Length(1, 100) assignee!: string;
}

export class ReassignDto {
  @ApiProperty({ description: 'the absent officer' }) @IsString() @Length(1, 100) from!: string;
  @ApiProperty({ description: 'the officer who takes their open steps' }) @IsString() @Length(1, 100) to!: string;
  @ApiPropertyOptional({ default: 25, minimum: 1, maximum: 100, description: 'steps moved per batch' }) @IsOptional() @IsInt() @Min(1) @Max(100) batchSize?: number;
}

@ApiTags('tasks')
@ApiBearerAuth()
@ApiDependencyUnavailable()
@Roles('reception', 'reviewer', 'approver')
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOkResponse({ type: PageOf(TaskViewBody) })
  list(@CurrentActor() actor: Actor, @Query() query: ListTasksDto): Promise<Page<TaskView>> {
    return this.tasks.list(query, actor);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'claimed: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such task'], [409, 'the step is no longer open, or already taken'])
  claim(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DossierView> {
    return this.tasks.claim(id, actor);
  }

  @Post(':id/assign')
  @Roles('approver')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'assigned: the dossier as it is now' })
  @ApiErrors([404, 'no such task'], [409, 'the step is no longer open'])
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AssignDto): Promise<DossierView> {
    return this.tasks.assign(id, dto.assignee, actor);
  }

  /**
   * Bulk reassignment: starts a durable workflow that moves every open step of `from` (in the
   * head's reach) to `to` in batches, and answers 202 at once with its id (Location: its progress).
   */
  @Post('reassign')
  @Roles('approver')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: BulkReassignResponse, description: 'started; `Location` is GET /api/tasks/reassign/{id}' })
  async reassign(@CurrentActor() actor: Actor, @Body() dto: ReassignDto, @Res({ passthrough: true }) res: Response): Promise<BulkReassignResponse> {
    const started = await this.tasks.reassignAll(dto, actor);
    res.location(`/api/tasks/reassign/${started.id}`);
    return started;
  }

  /** A bulk reassignment's progress (total, done, moved, skipped and failed with reasons), its summary once completed. */
  @Get('reassign/:id')
  @Roles('approver')
  @ApiOkResponse({ type: BulkReassignResponse })
  @ApiErrors([404, 'no such reassignment in your agency'])
  reassignment(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<BulkReassignResponse> {
    return this.tasks.reassignment(id, actor);
  }
}
