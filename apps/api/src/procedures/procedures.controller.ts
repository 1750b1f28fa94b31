import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateProcedureDto, UpdateProcedureDto } from './dto/procedure.dto';
import { PlanPreview as PlanPreviewBody, ProcedureView as ProcedureViewBody } from './procedure.response';
import { ProceduresService, type PlanPreview, type ProcedureView } from './procedures.service';

@ApiTags('procedures')
@ApiBearerAuth()
@Controller('api/procedures')
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ProcedureViewBody })
  @ApiErrors([409, 'the code exists: PUT creates a new version'])
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProcedureDto): Promise<ProcedureView> {
    return this.procedures.create(dto, actor);
  }

  /** A dry run of POST or PUT for an editor that checks as the admin types: the same 400s, nothing saved. */
  @Post('validate')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PlanPreviewBody, description: 'valid: the deadline plan of a dossier received now at the counter, on the agency calendar' })
  validate(@Body() dto: CreateProcedureDto): Promise<PlanPreview> {
    return this.procedures.validate(dto);
  }

  @Get()
  @ApiOkResponse({ type: [ProcedureViewBody], description: 'the newest version of each procedure' })
  list(): Promise<ProcedureView[]> {
    return this.procedures.list();
  }

  @Get(':code')
  @ApiOkResponse({ type: ProcedureViewBody })
  @ApiErrors(404)
  get(@Param('code') code: string): Promise<ProcedureView> {
    return this.procedures.get(code);
  }

  @Get(':code/versions')
  @ApiOkResponse({ type: [ProcedureViewBody], description: 'every version, newest first' })
  @ApiErrors(404)
  versions(@Param('code') code: string): Promise<ProcedureView[]> {
    return this.procedures.versions(code);
  }

  @Put(':code')
  @Roles('admin')
  @ApiOkResponse({ type: ProcedureViewBody, description: 'the new version' })
  @ApiErrors(404)
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateProcedureDto): Promise<ProcedureView> {
    return this.procedures.update(code, dto, actor);
  }
}
