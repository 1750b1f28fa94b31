// OpenAPI bodies of the bulk reassignment routes, mirroring workflows/bulk-reassign.contract.ts.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BulkReassignProgress } from '../../../../workflows/bulk-reassign.contract';

export class BulkReassignStep {
  @ApiProperty({ description: 'the task id `<dossier code>~<step key>`' }) id!: string;
  @ApiProperty() reason!: string;
}

export class BulkReassignResponse {
  @ApiProperty({ example: 'bulk-reassign-3f0c…', description: 'GET /api/tasks/reassign/{id} reports its progress' }) id!: string;
  @ApiProperty({ enum: ['running', 'completed', 'stopped'], description: '`stopped`: ended unfinished (terminated by an operator)' }) status!: 'running' | 'completed' | 'stopped';
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'the head who asked; each dossier records the move with this actor' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ description: 'open steps of `from` found' }) total!: number;
  @ApiProperty({ description: 'steps handled so far (moved + skipped + failed)' }) done!: number;
  @ApiProperty() moved!: number;
  @ApiProperty({ type: [BulkReassignStep], description: 'already moved, closed or no longer current meanwhile' }) skipped!: BulkReassignStep[];
  @ApiProperty({ type: [BulkReassignStep], description: 'not moved: the target may not take the step, or the head may not assign it' }) failed!: BulkReassignStep[];
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
}

/** Compile-time: the body is the contract's shape, both ways. */
export const _mirrors: [BulkReassignResponse] extends [BulkReassignProgress] ? ([BulkReassignProgress] extends [BulkReassignResponse] ? true : never) : never = true;
