// OpenAPI body of a procedure, mirroring the service's `ProcedureView`.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Duration } from '../../../../libs/contracts/src';
import type { StepPlan as StepPlanContract } from '../../../../libs/domain/src';
import type { ProcedureDocument as ProcedureDocumentContract } from '../../../../libs/db/src/entities/procedure.entity';
import { DURATION_SCHEMA, type Mirrors } from '../common/api-responses';
import { CLOCK_STARTS, STEP_ROLES, type ClockStart } from '../../../../libs/domain/src';
import type { PlanPreview as PlanPreviewContract, ProcedureView as ProcedureViewContract } from './procedures.service';

export class StepPlan {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STEP_ROLES }) role!: StepPlanContract['role'];
  @ApiPropertyOptional() departmentCode?: string;
  @ApiProperty(DURATION_SCHEMA) duration!: Duration;
  @ApiPropertyOptional({ description: 'share of the step time after which it is at risk' }) atRiskRatio?: number;
}

export class ProcedureDocument {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() copies?: number;
  @ApiPropertyOptional({ description: 'original (true) or copy' }) original?: boolean;
}

export class ProcedureView {
  @ApiProperty() code!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty(DURATION_SCHEMA) legalTime!: Duration;
  @ApiProperty({ type: [StepPlan] }) steps!: StepPlan[];
  @ApiProperty() field!: string;
  @ApiProperty({ type: [ProcedureDocument] }) documents!: ProcedureDocument[];
  @ApiProperty() fees!: string;
  @ApiProperty() legalBasis!: string;
  @ApiProperty({ enum: ['subtract', 'restart'] }) supplementPolicy!: 'subtract' | 'restart';
  @ApiProperty() supplementWindowDays!: number;
  @ApiPropertyOptional({ description: "supplement requests the procedure's specialised law allows; absent: one (Decree 118/2025/NĐ-CP)" }) maxSupplementRequests?: number;
  @ApiProperty({ description: 'the specialised law that allows more than one supplement request; empty when none' }) supplementRequestsBasis!: string;
  @ApiProperty({ enum: CLOCK_STARTS, description: "when the legal period starts: at receipt, or the next working day's opening after the cut-off" }) clockStart!: ClockStart;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PlannedStepPreview {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STEP_ROLES }) role!: StepPlanContract['role'];
  @ApiPropertyOptional() departmentCode?: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) atRiskAt!: string;
}

/** A dry run's answer: the plan of a dossier received now at the counter. */
export class PlanPreview {
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) atRiskAt!: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timeZone!: string;
  @ApiProperty({ type: [PlannedStepPreview] }) steps!: PlannedStepPreview[];
}

export const _mirrors: [
  Mirrors<StepPlan, StepPlanContract>,
  Mirrors<ProcedureDocument, ProcedureDocumentContract>,
  Mirrors<ProcedureView, ProcedureViewContract>,
  Mirrors<PlanPreview, PlanPreviewContract>,
  Mirrors<PlannedStepPreview, PlanPreviewContract['steps'][number]>,
] = [true, true, true, true, true];
