import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { TemporalClient } from '../../../../libs/temporal/src';
import { Public } from '../auth/auth.decorators';

class Live {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly temporal: TemporalClient,
  ) {}

  /** The process is up (for restarts by an orchestrator). */
  @Get('live')
  @ApiOkResponse({ type: Live })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to take traffic only when PostgreSQL and Temporal both answer. Both checks run at once,
   * each bounded to 2 s, so a dead or frozen dependency answers 503 naming it instead of hanging.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.temporalCheck()]);
  }

  private async temporalCheck(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('temporal');
    try {
      await this.temporal.checkReady();
      return check.up();
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
