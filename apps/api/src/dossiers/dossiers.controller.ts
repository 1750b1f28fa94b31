import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { DossierView } from '../../../../workflows/dossier.contract';
import type { Page } from '../common/page.dto';
import { DossierFormsService, type ApologyForm, type ControlSheet, type DeadlineExplanation, type StopNotice } from './dossier-forms.service';
import { DossiersService, type DossierDetail, type DossierSummary } from './dossiers.service';
import { NoteDto, ReasonDto, ReceiveDto, RescheduleDto, SendBackDto, SupplementRequestDto } from './dto/dossier-commands.dto';
import { ListDossiersDto } from './dto/list-dossiers.dto';
import { RegisterDossierDto } from './dto/register-dossier.dto';
import { IntakeService, type Receipt } from './intake.service';

@ApiTags('dossiers')
@Controller('api/dossiers')
export class DossiersController {
  constructor(
    private readonly intake: IntakeService,
    private readonly dossiers: DossiersService,
    private readonly sheets: DossierFormsService,
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

  @Get(':code/control-sheet')
  controlSheet(@Param('code') code: string): Promise<ControlSheet> {
    return this.sheets.controlSheet(code);
  }

  @Get(':code/apology')
  apology(@Param('code') code: string): Promise<ApologyForm> {
    return this.sheets.apology(code);
  }

  @Get(':code/stop-notice')
  stopNotice(@Param('code') code: string): Promise<StopNotice> {
    return this.sheets.stopNotice(code);
  }

  @Get(':code/deadlines')
  deadlines(@Param('code') code: string): Promise<DeadlineExplanation> {
    return this.sheets.deadlines(code);
  }

  @Post(':code/receive')
  @HttpCode(200)
  receive(@Param('code') code: string, @Body() dto: ReceiveDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'receive', receivedAt: dto.receivedAt });
  }

  @Post(':code/steps/:stepKey/complete')
  @HttpCode(200)
  complete(@Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'complete', stepKey, note: dto.note });
  }

  @Post(':code/steps/:stepKey/return')
  @HttpCode(200)
  sendBack(@Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: SendBackDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'sendBack', stepKey, toStepKey: dto.toStepKey, reason: dto.reason });
  }

  @Post(':code/supplement-requests')
  @HttpCode(200)
  requestSupplement(@Param('code') code: string, @Body() dto: SupplementRequestDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'requestSupplement', reason: dto.reason, items: dto.items });
  }

  @Post(':code/supplements')
  @HttpCode(200)
  supplementReceived(@Param('code') code: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'supplementReceived', note: dto.note });
  }

  @Post(':code/reschedule')
  @HttpCode(200)
  reschedule(@Param('code') code: string, @Body() dto: RescheduleDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'reschedule', newDueAt: dto.newDueAt, reason: dto.reason });
  }

  @Post(':code/refuse')
  @HttpCode(200)
  refuse(@Param('code') code: string, @Body() dto: ReasonDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'refuse', reason: dto.reason });
  }

  @Post(':code/withdraw')
  @HttpCode(200)
  withdraw(@Param('code') code: string, @Body() dto: ReasonDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'withdraw', reason: dto.reason });
  }

  @Post(':code/return-result')
  @HttpCode(200)
  recordReturn(@Param('code') code: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'recordReturn', note: dto.note });
  }
}
