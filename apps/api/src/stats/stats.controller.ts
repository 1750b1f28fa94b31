import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppConfigService } from '../../../../libs/config/src';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { TimelinessQueryDto, type TimelinessRow } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@ApiBearerAuth()
@Roles('supervisor', 'approver', 'admin')
@Controller('api/stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly config: AppConfigService,
  ) {}

  /** Biểu 06 columns for the period, in one row or grouped by procedure, department or month. */
  @Get('timeliness')
  timeliness(@CurrentActor() actor: Actor, @Query() query: TimelinessQueryDto): Promise<TimelinessRow[]> {
    return this.stats.timeliness(query, actor, this.config.values.AGENCY_TIME_ZONE);
  }
}
