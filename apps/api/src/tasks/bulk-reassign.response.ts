// OpenAPI bodies of the bulk reassignment routes, mirroring workflows/bulk-reassign.contract.ts.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { stepIdParts, type BulkReassignProgress } from '../../../../workflows/bulk-reassign.contract';

export class BulkReassignStep {
  @ApiProperty({ description: 'the task id `<dossier code>~<step key>`' }) id!: string;
  @ApiProperty({ description: 'the dossier the step belongs to' }) dossierCode!: string;
  @ApiProperty({ description: "the step's key in that dossier" }) stepKey!: string;
  @ApiProperty() reason!: string;
}

/** The workflow's progress as the API answers it: each step not moved also names its dossier and step, so no client reads ids. */
export type BulkReassignView = Omit<BulkReassignProgress, 'skipped' | 'failed'> & { skipped: BulkReassignStep[]; failed: BulkReassignStep[] };

export function reassignView(p: BulkReassignProgress): BulkReassignView {
  const named = (s: { id: string; reason: string }): BulkReassignStep => {
    const { code, stepKey } = stepIdParts(s.id) ?? { code: s.id, stepKey: '' };
    return { ...s, dossierCode: code, stepKey };
  };
  return { ...p, skipped: p.skipped.map(named), failed: p.failed.map(named) };
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

/** Compile-time: the body is the view's shape, both ways. */
export const _mirrors: [BulkReassignResponse] extends [BulkReassignView] ? ([BulkReassignView] extends [BulkReassignResponse] ? true : never) : never = true;
