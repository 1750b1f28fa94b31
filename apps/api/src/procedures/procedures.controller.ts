import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateProcedureDto, UpdateProcedureDto } from './dto/procedure.dto';
import { ProcedureView as ProcedureViewBody } from './procedure.response';
import { ProceduresService, type ProcedureView } from './procedures.service';

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

  @Put(':code')
  @Roles('admin')
  @ApiOkResponse({ type: ProcedureViewBody, description: 'the new version' })
  @ApiErrors(404)
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateProcedureDto): Promise<ProcedureView> {
    return this.procedures.update(code, dto, actor);
  }
}
