import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppConfigService } from '../../../../libs/config/src';
import { CalendarService } from '../calendar/calendar.service';
import { ServiceIndexQueryDto, TimelinessQueryDto, type ServiceIndex, type TimelinessRow } from './stats.dto';
import { ServiceIndex as ServiceIndexBody, TimelinessRow as TimelinessRowBody } from './stats.response';
import { StatsService } from './stats.service';
import { timelinessWorkbook, workbookName, XLSX_TYPE } from './stats-workbook';

@ApiTags('stats')
@ApiBearerAuth()
@Roles('supervisor', 'approver', 'admin')
@Controller('api/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly calendars: CalendarService,
    private readonly config: AppConfigService,
  ) {}

  /** Biểu 06 columns for the period, in one row or grouped by procedure, department or month. */
  @Get('timeliness')
  @ApiOkResponse({ type: [TimelinessRowBody], description: 'one row, or one per group' })
  async timeliness(@CurrentActor() actor: Actor, @Query() query: TimelinessQueryDto): Promise<TimelinessRow[]> {
    return this.stats.timeliness(query, actor, await this.timeZone(actor));
  }

  /** The same rows as an Excel workbook laid out as Biểu 06 (same query, same roles). */
  @Get('timeliness.xlsx')
  @Header('cache-control', 'no-store')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'Biểu 06 as .xlsx', schema: { type: 'string', format: 'binary' } })
  async timelinessXlsx(@CurrentActor() actor: Actor, @Query() query: TimelinessQueryDto): Promise<StreamableFile> {
    const timeZone = await this.timeZone(actor);
    const rows = await this.stats.timeliness(query, actor, timeZone);
    return new StreamableFile(await timelinessWorkbook(rows, query, timeZone), { type: XLSX_TYPE, disposition: `attachment; filename="${workbookName(query, timeZone)}"` });
  }

  /**
   * The timeliness component of Decision 766/QĐ-TTg's index (20 points), per month of the period,
   * counted from the agency's dossiers and those of the agencies merged into it (docs/indicators.md).
   */
  @Get('service-index')
  @ApiOkResponse({ type: ServiceIndexBody })
  async serviceIndex(@CurrentActor() actor: Actor, @Query() query: ServiceIndexQueryDto): Promise<ServiceIndex> {
    return this.stats.serviceIndex(query, actor, await this.timeZone(actor), this.config.values.SERVICE_INDEX_MULTI_SUPPLEMENT_LATE);
  }

  /** Months are the agency's own. */
  private async timeZone(actor: Actor): Promise<string> {
    return (await this.calendars.snapshot(actor.agencyCode)).calendar.timeZone;
  }
}
