import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** An agency as a versioned record: the dates it is in force and its succession. */
export class AgencyView {
  @ApiProperty({ example: '000.00.10.H62' }) code!: string;
  @ApiProperty({ example: 'Sở Kế hoạch và Đầu tư tỉnh Vĩnh Phúc' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '2019-01-01', description: 'first day in force (inclusive); null: not recorded' }) effectiveFrom!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2025-03-01', description: 'first day no longer in force (exclusive); null: in force' }) effectiveTo!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the agency it was merged into' }) successorCode!: string | null;
  @ApiProperty({ type: [String], description: 'agencies merged into this one' }) predecessorCodes!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'when the merger was carried out in the system' }) mergedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) mergedBy!: string | null;
}

export class MergeMoved {
  @ApiProperty({ description: 'open dossiers now handled by the successor (codes and history unchanged)' }) dossiers!: number;
  @ApiProperty() departments!: number;
  @ApiProperty() users!: number;
  @ApiProperty({ description: 'procedure versions now the successor\'s' }) procedures!: number;
}

export class MergeReplan {
  @ApiProperty() version!: number;
  @ApiProperty() rolloutWorkflowId!: string;
  @ApiProperty({ enum: ['started', 'pending'] }) rollout!: 'started' | 'pending';
}

export class MergeResultView {
  @ApiProperty() predecessor!: string;
  @ApiProperty() successor!: string;
  @ApiProperty() effectiveDate!: string;
  @ApiProperty({ type: MergeMoved }) moved!: MergeMoved;
  @ApiProperty({ description: "whether the successor's calendar settings differ from the predecessor's (then the moved dossiers are re-planned)" }) calendarDiffers!: boolean;
  @ApiPropertyOptional({ type: MergeReplan, description: 'the calendar rollout that re-plans the moved dossiers; absent when the calendars are the same or no dossier moved' }) replan?: MergeReplan;
}
