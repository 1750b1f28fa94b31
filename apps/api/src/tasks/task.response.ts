// OpenAPI body of an inbox row, mirroring libs/contracts (views.ts `TaskView`).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';
import { STEP_ROLES } from '../../../../libs/domain/src';

export class TaskView {
  @ApiProperty({ description: '`<dossier code>~<step key>`, the id for claim and assign' }) id!: string;
  @ApiPropertyOptional() assignee?: string;
  @ApiProperty() dossierCode!: string;
  @ApiProperty() stepKey!: string;
  @ApiProperty() stepName!: string;
  @ApiProperty({ enum: STEP_ROLES }) role!: string;
  @ApiPropertyOptional() departmentCode?: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty() procedureCode!: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) atRiskAt!: string;
  @ApiProperty() atRisk!: boolean;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: 'working (or, for elapsed plans, plain) milliseconds left; negative when overdue' }) remainingMs!: number;
}


export const _mirrors: [Mirrors<TaskView, C.TaskView>] = [true];
