import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { clockStatus, setAsideAlarms, type SetAsideAlarm, type ShardStatus } from '../../../../libs/db/src';
import { deadlineClockId } from '../../../../workflows/dossier.contract';

export interface ClocksReport {
  shards: number;
  /** Readiness degrades when a shard lags longer than this (DEADLINE_CLOCK_MAX_LAG_SECONDS). */
  maxLagMs: number;
  clocks: ShardStatus[];
  /** Alarms set aside because their alert could not be written, newest first (at most 100). */
  setAside: SetAsideAlarm[];
  /** Why the clocks are degraded (empty: healthy). */
  problems: string[];
}

/** The deadline clocks as readiness and the admins see them: per shard its lag and last sweep. */
@Injectable()
export class ClocksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
  ) {}

  async report(): Promise<ClocksReport> {
    const { DEADLINE_CLOCK_SHARDS: shards, DEADLINE_CLOCK_MAX_LAG_SECONDS, TEMPORAL_TASK_QUEUE } = this.config.values;
    const maxLagMs = DEADLINE_CLOCK_MAX_LAG_SECONDS * 1000;
    const [clocks, setAside] = await Promise.all([
      clockStatus(this.ds, { shards, clockId: (s) => deadlineClockId(TEMPORAL_TASK_QUEUE, s) }),
      setAsideAlarms(this.ds),
    ]);
    const problems = clocks
      .filter((c) => c.lagMs > maxLagMs)
      .map((c) => `deadline clock ${c.shard} of ${shards} lags ${Math.round(c.lagMs / 1000)} s (oldest due alarm ${c.oldestDueAt}, last sweep ${c.lastSweepAt ?? 'never'})`);
    return { shards, maxLagMs, clocks, setAside, problems };
  }
}
