import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { TemporalClient } from '../../../../libs/temporal/src';
import { Public } from '../auth/auth.decorators';
import { ClocksService } from '../system/clocks.service';

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
    private readonly clocks: ClocksService,
  ) {}

  /** The process is up (for restarts by an orchestrator). */
  @Get('live')
  @ApiOkResponse({ type: Live })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to take traffic only when PostgreSQL and Temporal both answer and no deadline clock lags
   * past DEADLINE_CLOCK_MAX_LAG_SECONDS. The checks run at once, each bounded to 2 s, so a dead or
   * frozen dependency answers 503 naming it instead of hanging. `clocks` reports each shard's lag
   * and last sweep either way.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.temporalCheck(), () => this.clocksCheck()]);
  }

  private async clocksCheck(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('clocks');
    try {
      const report = await withTimeout(this.clocks.report(), 2000);
      const details = {
        shards: report.shards,
        lagMs: report.clocks.map((c) => c.lagMs),
        lastSweepAt: report.clocks.map((c) => c.lastSweepAt),
        setAside: report.setAside.length,
      };
      return report.problems.length ? check.down({ ...details, message: report.problems.join('; ') }) : check.up(details);
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
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

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
