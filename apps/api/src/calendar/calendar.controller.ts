import { Body, Controller, Delete, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDependencyUnavailable } from '../common/dependency-errors';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CalendarOverrideDto } from './calendar-override.dto';
import { CalendarSettingsDto } from './calendar-settings.dto';
import { CalendarService, type AgencyCalendarSettings, type CalendarChange, type CalendarYear } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@ApiDependencyUnavailable()
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('changes')
  @Roles('admin')
  changes(@CurrentActor() actor: Actor) {
    return this.calendar.changes(actor.agencyCode);
  }

  /** The caller's agency: time zone, office hours, weekends and the paper cut-off in force. */
  @Get('settings')
  settings(@CurrentActor() actor: Actor): Promise<AgencyCalendarSettings> {
    return this.calendar.settings(actor.agencyCode);
  }

  /** Sets them for the admin's agency (a new calendar version); its open dossiers are re-planned. */
  @Put('settings')
  @Roles('admin')
  putSettings(@CurrentActor() actor: Actor, @Body() dto: CalendarSettingsDto): Promise<CalendarChange> {
    return this.calendar.putSettings(actor.agencyCode, dto, actor.username);
  }

  /** Days off and worked Saturdays of a year at the caller's agency, each with its reason and legal source. */
  @Get(':year')
  year(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number): Promise<CalendarYear> {
    return this.calendar.year(year, actor.agencyCode);
  }

  @Put('overrides/:date')
  @Roles('admin')
  put(@CurrentActor() actor: Actor, @Param('date') date: string, @Body() dto: CalendarOverrideDto): Promise<CalendarChange> {
    return this.calendar.putOverride(date, dto, actor.username);
  }

  @Delete('overrides/:date')
  @Roles('admin')
  remove(@CurrentActor() actor: Actor, @Param('date') date: string): Promise<CalendarChange> {
    return this.calendar.deleteOverride(date, actor.username);
  }
}
