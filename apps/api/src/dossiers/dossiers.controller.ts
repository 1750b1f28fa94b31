import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ApiDependencyUnavailable } from '../common/dependency-errors';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { DossierView } from '../../../../workflows/dossier.contract';
import type { Page } from '../common/page.dto';
import { DossierFormsService, type ApologyForm, type ControlSheet, type DeadlineExplanation, type StopNotice } from './dossier-forms.service';
import { DossiersService, type DossierDetail, type DossierSummary } from './dossiers.service';
import { NoteDto, ReasonDto, ReceiveDto, RescheduleDto, SendBackDto, SupplementRequestDto } from './dto/dossier-commands.dto';
import { ListDossiersDto } from './dto/list-dossiers.dto';
import { RegisterDossierDto } from './dto/register-dossier.dto';
import { IntakeService, type Receipt } from './intake.service';

@ApiTags('dossiers')
@ApiBearerAuth()
@ApiDependencyUnavailable()
@Controller('api/dossiers')
export class DossiersController {
  constructor(
    private readonly intake: IntakeService,
    private readonly dossiers: DossiersService,
    private readonly sheets: DossierFormsService,
  ) {}

  @Post()
  @Roles('reception')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the same receipt' })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterDossierDto, @Headers('idempotency-key') key?: string): Promise<Receipt> {
    return this.intake.register(dto, key, actor);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListDossiersDto): Promise<Page<DossierSummary>> {
    return this.dossiers.list(query, actor);
  }

  @Get(':code')
  detail(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<DossierDetail> {
    return this.dossiers.detail(code, actor);
  }

  @Get(':code/control-sheet')
  controlSheet(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<ControlSheet> {
    return this.sheets.controlSheet(code, actor);
  }

  @Get(':code/apology')
  apology(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<ApologyForm> {
    return this.sheets.apology(code, actor);
  }

  @Get(':code/stop-notice')
  stopNotice(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<StopNotice> {
    return this.sheets.stopNotice(code, actor);
  }

  @Get(':code/deadlines')
  deadlines(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<DeadlineExplanation> {
    return this.sheets.deadlines(code, actor);
  }

  @Post(':code/receive')
  @HttpCode(200)
  receive(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReceiveDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'receive', receivedAt: dto.receivedAt }, actor);
  }

  @Post(':code/steps/:stepKey/complete')
  @HttpCode(200)
  complete(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'complete', stepKey, note: dto.note }, actor);
  }

  @Post(':code/steps/:stepKey/return')
  @HttpCode(200)
  sendBack(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: SendBackDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'sendBack', stepKey, toStepKey: dto.toStepKey, reason: dto.reason }, actor);
  }

  @Post(':code/supplement-requests')
  @HttpCode(200)
  requestSupplement(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: SupplementRequestDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'requestSupplement', reason: dto.reason, items: dto.items }, actor);
  }

  @Post(':code/supplements')
  @HttpCode(200)
  supplementReceived(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'supplementReceived', note: dto.note }, actor);
  }

  @Post(':code/reschedule')
  @HttpCode(200)
  reschedule(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: RescheduleDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'reschedule', newDueAt: dto.newDueAt, reason: dto.reason }, actor);
  }

  @Post(':code/refuse')
  @HttpCode(200)
  refuse(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReasonDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'refuse', reason: dto.reason }, actor);
  }

  @Post(':code/withdraw')
  @HttpCode(200)
  withdraw(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReasonDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'withdraw', reason: dto.reason }, actor);
  }

  @Post(':code/return-result')
  @HttpCode(200)
  recordReturn(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'recordReturn', note: dto.note }, actor);
  }
}
