import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ClocksService, type ClocksReport } from './clocks.service';
import { ClocksReport as ClocksReportBody } from './system.response';

@ApiTags('system')
@ApiBearerAuth()
@Controller('api/system')
export class SystemController {
  constructor(private readonly clocks: ClocksService) {}

  /** The deadline clocks per shard: lag, timer and last sweep, the alarms set aside, and why readiness would degrade. */
  @Get('clocks')
  @Roles('admin')
  @ApiOkResponse({ type: ClocksReportBody })
  @ApiForbiddenResponse()
  report(): Promise<ClocksReport> {
    return this.clocks.report();
  }
}
