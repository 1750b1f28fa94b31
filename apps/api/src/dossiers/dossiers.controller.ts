import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, PageOf } from '../common/api-responses';
import { ApiDependencyUnavailable } from '../common/dependency-errors';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { DossierView } from '../../../../workflows/dossier.contract';
import type { Page } from '../common/page.dto';
import { DossierFormsService, type ApologyForm, type ControlSheet, type DeadlineExplanation, type StopNotice } from './dossier-forms.service';
import { DossiersService, type DossierDetail, type DossierSummary } from './dossiers.service';
import { NoteDto, ReasonDto, ReceiveDto, RescheduleDto, SendBackDto, SupplementRequestDto } from './dto/dossier-commands.dto';
import { ApologyForm as ApologyFormBody, ControlSheet as ControlSheetBody, DeadlineExplanation as DeadlineExplanationBody, DossierDetail as DossierDetailBody, DossierSummary as DossierSummaryBody, DossierView as DossierViewBody, Receipt as ReceiptBody, StopNotice as StopNoticeBody } from './dossier.response';
import { ListDossiersDto } from './dto/list-dossiers.dto';
import { RegisterDossierDto } from './dto/register-dossier.dto';
import { IntakeService, type Receipt } from './intake.service';
import { CalendarService } from '../calendar/calendar.service';
import { assertAppointmentOnWorkingDay } from './appointment-day';
import { checkReceivedAt } from './receipt-time';

@ApiTags('dossiers')
@ApiBearerAuth()
@ApiDependencyUnavailable()
@Controller('api/dossiers')
export class DossiersController {
  constructor(
    private readonly intake: IntakeService,
    private readonly dossiers: DossiersService,
    private readonly sheets: DossierFormsService,
    private readonly calendars: CalendarService,
  ) {}

  @Post()
  @Roles('reception')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the same receipt' })
  @ApiCreatedResponse({ type: ReceiptBody, description: 'registered (or, retried with the same Idempotency-Key, the same receipt again)' })
  @ApiErrors([422, 'the Idempotency-Key was already used with a different request body'])
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterDossierDto, @Headers('idempotency-key') key?: string): Promise<Receipt> {
    return this.intake.register(dto, key, actor);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(DossierSummaryBody) })
  list(@CurrentActor() actor: Actor, @Query() query: ListDossiersDto): Promise<Page<DossierSummary>> {
    return this.dossiers.list(query, actor);
  }

  @Get(':code')
  @ApiOkResponse({ type: DossierDetailBody })
  @ApiErrors(403, 404)
  detail(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<DossierDetail> {
    return this.dossiers.detail(code, actor);
  }

  @Get(':code/control-sheet')
  @ApiOkResponse({ type: ControlSheetBody })
  @ApiErrors(403, 404)
  controlSheet(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<ControlSheet> {
    return this.sheets.controlSheet(code, actor);
  }

  @Get(':code/apology')
  @ApiOkResponse({ type: ApologyFormBody })
  @ApiErrors(403, [404, 'no such dossier, or it was not rescheduled'])
  apology(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<ApologyForm> {
    return this.sheets.apology(code, actor);
  }

  @Get(':code/stop-notice')
  @ApiOkResponse({ type: StopNoticeBody })
  @ApiErrors(403, [404, 'no such dossier, or it was not withdrawn'])
  stopNotice(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<StopNotice> {
    return this.sheets.stopNotice(code, actor);
  }

  @Get(':code/deadlines')
  @ApiOkResponse({ type: DeadlineExplanationBody })
  @ApiErrors(403, 404)
  deadlines(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<DeadlineExplanation> {
    return this.sheets.deadlines(code, actor);
  }

  @Post(':code/receive')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  async receive(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReceiveDto): Promise<DossierView> {
    // The bounds of a receipt time given at registration hold for one given at the later receipt.
    if (dto.receivedAt !== undefined) checkReceivedAt(dto.receivedAt, (await this.calendars.snapshot(actor.agencyCode)).calendar);
    return this.dossiers.command(code, { type: 'receive', receivedAt: dto.receivedAt }, actor);
  }

  @Post(':code/steps/:stepKey/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  complete(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'complete', stepKey, note: dto.note }, actor);
  }

  @Post(':code/steps/:stepKey/return')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  sendBack(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('stepKey') stepKey: string, @Body() dto: SendBackDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'sendBack', stepKey, toStepKey: dto.toStepKey, reason: dto.reason }, actor);
  }

  @Post(':code/supplement-requests')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  requestSupplement(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: SupplementRequestDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'requestSupplement', reason: dto.reason, items: dto.items }, actor);
  }

  @Post(':code/supplements')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  supplementReceived(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'supplementReceived', note: dto.note }, actor);
  }

  @Post(':code/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  async reschedule(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: RescheduleDto): Promise<DossierView> {
    assertAppointmentOnWorkingDay(dto.newDueAt, (await this.calendars.snapshot(actor.agencyCode)).calendar);
    return this.dossiers.command(code, { type: 'reschedule', newDueAt: dto.newDueAt, reason: dto.reason }, actor);
  }

  @Post(':code/refuse')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  refuse(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReasonDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'refuse', reason: dto.reason }, actor);
  }

  @Post(':code/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  withdraw(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ReasonDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'withdraw', reason: dto.reason }, actor);
  }

  @Post(':code/return-result')
  @HttpCode(200)
  @ApiOkResponse({ type: DossierViewBody, description: 'applied: the dossier as it is now' })
  @ApiErrors(403, [404, 'no such dossier (or step)'], 409)
  recordReturn(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: NoteDto): Promise<DossierView> {
    return this.dossiers.command(code, { type: 'recordReturn', note: dto.note }, actor);
  }
}
