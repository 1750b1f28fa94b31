import { applyDecorators, Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Put, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDependencyUnavailable } from '../common/dependency-errors';
import type { Actor, HolidayRule } from '../../../../libs/domain/src';
import { ApiErrors } from '../common/api-responses';
import { HolidayRuleDto } from './holiday-rule.dto';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CalendarChangeResponse } from './calendar-change.response';
import { AgencyCalendarSettings as AgencyCalendarSettingsBody, CalendarChangeEntry, CalendarYear as CalendarYearBody } from './calendar.response';
import { CalendarOverrideDto } from './calendar-override.dto';
import { CalendarSettingsDto } from './calendar-settings.dto';
import { OverridePreview, OverridePreviewDto, RolloutProgress } from './calendar-preview.response';
import { CalendarPreviewService } from './calendar-preview.service';
import { CalendarService, type AgencyCalendarSettings, type CalendarChange, type CalendarYear } from './calendar.service';

/**
 * A saved change answers 200 with its rollout started, or 202 with `rollout: 'pending'` when
 * Temporal could not be reached: the rollout waits in the outbox and starts once Temporal is back.
 */
const ChangeResponses = () =>
  applyDecorators(
    ApiOkResponse({ type: CalendarChangeResponse, description: 'saved; the open dossiers it concerns are being re-planned' }),
    ApiAcceptedResponse({ type: CalendarChangeResponse, description: 'saved; Temporal is unreachable: the rollout is pending and starts once it is back' }),
  );

function answer(res: Response, change: CalendarChange): CalendarChange {
  res.status(change.rollout === 'pending' ? HttpStatus.ACCEPTED : HttpStatus.OK);
  return change;
}

@ApiTags('calendar')
@ApiBearerAuth()
@ApiDependencyUnavailable()
@Controller('api/calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly previews: CalendarPreviewService,
  ) {}

  @Get('changes')
  @Roles('admin')
  @ApiOkResponse({ type: [CalendarChangeEntry], description: 'the newest 200 changes that concern the agency, newest first' })
  changes(@CurrentActor() actor: Actor) {
    return this.calendar.changes(actor.agencyCode);
  }

  /** The caller's agency: time zone, office hours, weekends and the paper cut-off in force. */
  @Get('settings')
  @ApiOkResponse({ type: AgencyCalendarSettingsBody })
  settings(@CurrentActor() actor: Actor): Promise<AgencyCalendarSettings> {
    return this.calendar.settings(actor.agencyCode);
  }

  /** Sets them for the admin's agency (a new calendar version); its open dossiers are re-planned. */
  @Put('settings')
  @Roles('admin')
  @ChangeResponses()
  async putSettings(@CurrentActor() actor: Actor, @Body() dto: CalendarSettingsDto, @Res({ passthrough: true }) res: Response): Promise<CalendarChange> {
    return answer(res, await this.calendar.putSettings(actor.agencyCode, dto, actor.username));
  }

  /** The statutory holidays as versioned law: each rule with its effective dates and its act. Declared before ':year'. */
  @Get('holiday-rules')
  @ApiOkResponse({ type: [HolidayRuleDto] })
  holidayRules(): Promise<HolidayRule[]> {
    return this.calendar.holidayRules();
  }

  /** Adds a statutory holiday (or a new version of one from its date); the open dossiers it moves are re-planned. */
  @Post('holiday-rules')
  @Roles('admin')
  @ChangeResponses()
  @ApiErrors([409, 'a rule with this key and effectiveFrom exists'])
  async addHolidayRule(@CurrentActor() actor: Actor, @Body() dto: HolidayRuleDto, @Res({ passthrough: true }) res: Response): Promise<CalendarChange> {
    return answer(res, await this.calendar.addHolidayRule(dto, actor));
  }

  /** Days off and worked Saturdays of a year at the caller's agency, each with its reason and legal source. */
  @Get(':year')
  @ApiOkResponse({ type: CalendarYearBody })
  year(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number): Promise<CalendarYear> {
    return this.calendar.year(year, actor.agencyCode);
  }

  /** What saving (kind) or removing (no kind) the date's override would re-plan, before it is saved. */
  @Post('overrides/:date/preview')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: OverridePreview, description: "the open dossiers of the caller's agency whose due dates would move, computed by the rollout's own re-plan; nothing is saved" })
  preview(@CurrentActor() actor: Actor, @Param('date') date: string, @Body() dto: OverridePreviewDto) {
    return this.previews.overridePreview(date, dto.kind, actor);
  }

  /** How far the rollout of a change (a version a change answered) has got. */
  @Get('rollouts/:version')
  @Roles('admin')
  @ApiOkResponse({ type: RolloutProgress })
  @ApiErrors(404)
  rollout(@CurrentActor() actor: Actor, @Param('version', ParseIntPipe) version: number) {
    return this.previews.rolloutProgress(version, actor);
  }

  @Put('overrides/:date')
  @Roles('admin')
  @ChangeResponses()
  async put(@CurrentActor() actor: Actor, @Param('date') date: string, @Body() dto: CalendarOverrideDto, @Res({ passthrough: true }) res: Response): Promise<CalendarChange> {
    return answer(res, await this.calendar.putOverride(date, dto, actor.username));
  }

  @Delete('overrides/:date')
  @Roles('admin')
  @ChangeResponses()
  async remove(@CurrentActor() actor: Actor, @Param('date') date: string, @Res({ passthrough: true }) res: Response): Promise<CalendarChange> {
    return answer(res, await this.calendar.deleteOverride(date, actor.username));
  }
}
