import { Body, Controller, Delete, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CalendarOverrideDto } from './calendar-override.dto';
import { CalendarService, type CalendarChange, type CalendarYear } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('changes')
  @Roles('admin')
  changes() {
    return this.calendar.changes();
  }

  /** Days off and worked Saturdays of a year, each with its reason and legal source. */
  @Get(':year')
  year(@Param('year', ParseIntPipe) year: number): Promise<CalendarYear> {
    return this.calendar.year(year);
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
