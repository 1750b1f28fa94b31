import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiErrors, PageOf } from '../common/api-responses';
import type { Page } from '../common/page.dto';
import {
  AnswerPetitionDto, AssignPetitionDto, ClassifyPetitionDto, CreatePetitionDto, InboundMailDto, ListPetitionsDto, PublishPetitionDto,
  type PetitionDetail, type PetitionReceipt, type PetitionSummary, type PetitionView,
} from './petitions.dto';
import { PetitionDetail as PetitionDetailBody, PetitionReceipt as PetitionReceiptBody, PetitionSummary as PetitionSummaryBody, PetitionView as PetitionViewBody } from './petitions.response';
import { InboundMailService } from './inbound-mail.service';
import { PetitionsService } from './petitions.service';

/**
 * Staff handle petitions. Who may do what at each stage is the petition workflow's to decide
 * (petition.machine.ts STAGE_ROLES), so every role reads here and the commands answer 403 or 409.
 */
@ApiTags('petitions')
@ApiBearerAuth()
@Controller('api/petitions')
export class PetitionsController {
  constructor(
    private readonly petitions: PetitionsService,
    private readonly mail: InboundMailService,
  ) {}

  /** The agency's petitions, the most urgent open stage first (a reviewer sees those assigned to them). */
  @Get()
  @Roles('admin', 'supervisor', 'reception', 'approver', 'reviewer')
  @ApiOkResponse({ type: PageOf(PetitionSummaryBody) })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListPetitionsDto): Promise<Page<PetitionSummary>> {
    return this.petitions.list(query, actor);
  }

  /** A petition received at the desk (in person, by phone or post), entered by the desk. */
  @Post()
  @Roles('reception', 'supervisor', 'admin')
  @ApiCreatedResponse({ type: PetitionReceiptBody })
  @ApiErrors(400, 503)
  create(@Body() dto: CreatePetitionDto): Promise<PetitionReceipt> {
    return this.petitions.openPetition({ ...dto, source: 'desk' });
  }

  /**
   * A message received at the address the agency publishes (PETITION_MAIL_ADDRESS), posted by the
   * mail system's relay with an account of its own: parsed into a petition (inbound-mail.service.ts).
   */
  @Post('inbound-mail')
  @Roles('admin', 'reception')
  @ApiCreatedResponse({ type: PetitionReceiptBody })
  @ApiErrors(400, 503)
  inbound(@Body() dto: InboundMailDto): Promise<PetitionReceipt> {
    return this.mail.receive(dto.raw);
  }

  @Get(':code')
  @Roles('admin', 'supervisor', 'reception', 'approver', 'reviewer')
  @ApiOkResponse({ type: PetitionDetailBody })
  @ApiErrors(404)
  find(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<PetitionDetail> {
    return this.petitions.find(code, actor);
  }

  @Post(':code/classify')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'reception', 'approver', 'reviewer')
  @ApiOkResponse({ type: PetitionViewBody })
  @ApiErrors(400, 404, 409, 503)
  classify(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: ClassifyPetitionDto): Promise<PetitionView> {
    return this.petitions.command(code, { type: 'classify', ...dto }, actor);
  }

  @Post(':code/assign')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'reception', 'approver', 'reviewer')
  @ApiOkResponse({ type: PetitionViewBody })
  @ApiErrors(400, 404, 409, 503)
  assign(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: AssignPetitionDto): Promise<PetitionView> {
    return this.petitions.command(code, { type: 'assign', ...dto }, actor);
  }

  @Post(':code/answer')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'reception', 'approver', 'reviewer')
  @ApiOkResponse({ type: PetitionViewBody })
  @ApiErrors(400, 404, 409, 503)
  answer(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: AnswerPetitionDto): Promise<PetitionView> {
    return this.petitions.command(code, { type: 'answer', ...dto }, actor);
  }

  @Post(':code/publish')
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'reception', 'approver', 'reviewer')
  @ApiOkResponse({ type: PetitionViewBody })
  @ApiErrors(400, 404, 409, 503)
  publish(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: PublishPetitionDto): Promise<PetitionView> {
    return this.petitions.command(code, { type: 'publish', ...dto }, actor);
  }
}
