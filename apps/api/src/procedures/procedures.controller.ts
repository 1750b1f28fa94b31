import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateProcedureDto, UpdateProcedureDto } from './dto/procedure.dto';
import { ProceduresService, type ProcedureView } from './procedures.service';

@ApiTags('procedures')
@ApiBearerAuth()
@Controller('api/procedures')
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProcedureDto): Promise<ProcedureView> {
    return this.procedures.create(dto, actor);
  }

  @Get()
  list(): Promise<ProcedureView[]> {
    return this.procedures.list();
  }

  @Get(':code')
  get(@Param('code') code: string): Promise<ProcedureView> {
    return this.procedures.get(code);
  }

  @Put(':code')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateProcedureDto): Promise<ProcedureView> {
    return this.procedures.update(code, dto, actor);
  }
}
