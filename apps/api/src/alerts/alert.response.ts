// OpenAPI bodies of the alert routes, mirroring libs/contracts (views.ts `AlertView`).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { allOf, type Mirrors } from '../common/api-responses';

export class AlertView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: allOf<C.AlertKind>()(['step_at_risk', 'step_overdue', 'dossier_at_risk', 'dossier_overdue']) }) kind!: C.AlertKind;
  @ApiProperty() dossierCode!: string;
  @ApiPropertyOptional() stepKey?: string;
  @ApiPropertyOptional({ description: "the step's name, for a step alert (absent on a dossier alert)" }) stepName?: string;
  @ApiPropertyOptional() departmentCode?: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) firedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
}


export const _mirrors: [Mirrors<AlertView, C.AlertView>] = [true];
