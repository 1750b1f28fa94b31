import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { DossierView } from '../../../../workflows/dossier.contract';
import type { Page } from '../common/page.dto';
import { DossiersService, type DossierDetail, type DossierSummary } from './dossiers.service';
import { CompleteStepDto } from './dto/complete-step.dto';
import { ListDossiersDto } from './dto/list-dossiers.dto';
import { RegisterDossierDto } from './dto/register-dossier.dto';
import { IntakeService, type Receipt } from './intake.service';

@ApiTags('dossiers')
@Controller('api/dossiers')
export class DossiersController {
  constructor(
    private readonly intake: IntakeService,
    private readonly dossiers: DossiersService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the same receipt' })
  register(@Body() dto: RegisterDossierDto, @Headers('idempotency-key') key?: string): Promise<Receipt> {
    return this.intake.register(dto, key);
  }

  @Get()
  list(@Query() query: ListDossiersDto): Promise<Page<DossierSummary>> {
    return this.dossiers.list(query);
  }

  @Get(':code')
  detail(@Param('code') code: string): Promise<DossierDetail> {
    return this.dossiers.detail(code);
  }

  @Post(':code/steps/:stepKey/complete')
  @HttpCode(200)
  complete(@Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: CompleteStepDto): Promise<DossierView> {
    return this.dossiers.completeStep(code, stepKey, dto);
  }
}
