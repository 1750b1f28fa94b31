// OpenAPI bodies of the system reads, mirroring the service's answers.
import { ApiProperty } from '@nestjs/swagger';
import type { SetAsideAlarm as SetAsideContract, ShardStatus as ShardContract } from '../../../../libs/db/src';
import { type Mirrors } from '../common/api-responses';
import type { ClocksReport as ReportContract } from './clocks.service';
import type { WorkerPoller as PollerContract, WorkersReport as WorkersContract } from './workers.service';

export class ShardStatus {
  @ApiProperty() shard!: number;
  @ApiProperty({ example: 'deadline-clock:dossiers:0-of-4' }) clockId!: string;
  @ApiProperty({ description: 'now − the oldest due alarm not yet rung, in ms (0: none waits)' }) lagMs!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) oldestDueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "the clock's timer (null: idle)" }) wakeAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: never swept' }) lastSweepAt!: string | null;
}

export class SetAsideAlarm {
  @ApiProperty() dossierCode!: string;
  @ApiProperty() stepKey!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() level!: number;
  @ApiProperty({ format: 'date-time' }) fireAt!: string;
  @ApiProperty({ description: 'why its alert could not be written' }) error!: string;
  @ApiProperty({ format: 'date-time' }) setAsideAt!: string;
}

export class ClocksReport {
  @ApiProperty({ description: 'DEADLINE_CLOCK_SHARDS' }) shards!: number;
  @ApiProperty({ description: 'readiness degrades past this lag (ms)' }) maxLagMs!: number;
  @ApiProperty({ type: [ShardStatus] }) clocks!: ShardStatus[];
  @ApiProperty({ type: [SetAsideAlarm], description: 'alarms whose alert could not be written, newest first (at most 100)' }) setAside!: SetAsideAlarm[];
  @ApiProperty({ type: [String], description: 'why the clocks are degraded (empty: healthy)' }) problems!: string[];
}
export class WorkerPoller {
  @ApiProperty({ example: '4211@worker-1' }) identity!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'its last poll' }) lastAccessAt!: string | null;
}

export class WorkersReport {
  @ApiProperty({ example: 'dossiers', description: 'TEMPORAL_TASK_QUEUE' }) taskQueue!: string;
  @ApiProperty({ type: [WorkerPoller], description: 'workers polling for workflow tasks (Temporal forgets a poller minutes after its last poll)' }) workflowPollers!: WorkerPoller[];
  @ApiProperty({ type: [WorkerPoller], description: 'workers polling for activity tasks' }) activityPollers!: WorkerPoller[];
  @ApiProperty({ type: [String], description: 'why work would wait (empty: each kind of task has a poller)' }) problems!: string[];
}

export const _mirrors: [Mirrors<ShardStatus, ShardContract>, Mirrors<SetAsideAlarm, SetAsideContract>, Mirrors<ClocksReport, ReportContract>] = [true, true, true];
export const _workerMirrors: [Mirrors<WorkerPoller, PollerContract>, Mirrors<WorkersReport, WorkersContract>] = [true, true];
