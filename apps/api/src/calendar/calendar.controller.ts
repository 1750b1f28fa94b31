import { Body, Controller, Delete, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CalendarOverrideDto } from './calendar-override.dto';
import { CalendarService, type CalendarChange, type CalendarYear } from './calendar.service';

@ApiTags('calendar')
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('changes')
  changes() {
    return this.calendar.changes();
  }

  /** Days off and worked Saturdays of a year, each with its reason and legal source. */
  @Get(':year')
  year(@Param('year', ParseIntPipe) year: number): Promise<CalendarYear> {
    return this.calendar.year(year);
  }

  @Put('overrides/:date')
  put(@Param('date') date: string, @Body() dto: CalendarOverrideDto): Promise<CalendarChange> {
    return this.calendar.putOverride(date, dto);
  }

  @Delete('overrides/:date')
  remove(@Param('date') date: string): Promise<CalendarChange> {
    return this.calendar.deleteOverride(date);
  }
}
