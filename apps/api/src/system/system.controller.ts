import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ClocksService, type ClocksReport } from './clocks.service';
import { ClocksReport as ClocksReportBody, WorkersReport as WorkersReportBody } from './system.response';
import { WorkersService, type WorkersReport } from './workers.service';

@ApiTags('system')
@ApiBearerAuth()
@Controller('api/system')
export class SystemController {
  constructor(
    private readonly clocks: ClocksService,
    private readonly workers: WorkersService,
  ) {}

  /** The deadline clocks per shard: lag, timer and last sweep, the alarms set aside, and why readiness would degrade. */
  @Get('clocks')
  @Roles('admin')
  @ApiOkResponse({ type: ClocksReportBody })
  @ApiForbiddenResponse()
  report(): Promise<ClocksReport> {
    return this.clocks.report();
  }

  /** The workers polling the task queue, as Temporal reports them, and why work would wait. */
  @Get('workers')
  @Roles('admin')
  @ApiOkResponse({ type: WorkersReportBody })
  @ApiForbiddenResponse()
  @ApiServiceUnavailableResponse({ description: 'Temporal did not answer' })
  workersReport(): Promise<WorkersReport> {
    return this.workers.report();
  }
}
