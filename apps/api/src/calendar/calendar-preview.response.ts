// OpenAPI bodies of an override's preview and a rollout's progress, mirroring calendar-preview.service.ts.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { type Mirrors } from '../common/api-responses';
import type * as S from './calendar-preview.service';

/** The override a preview is for; without `kind`, its removal. */
export class OverridePreviewDto {
  @ApiPropertyOptional({ enum: ['day_off', 'working_day'], description: 'absent: the preview of removing the override' })
  @IsOptional() @IsIn(['day_off', 'working_day']) kind?: 'day_off' | 'working_day';
}

export class MovedDossier {
  @ApiProperty() code!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty() procedureCode!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) newDueAt!: string;
  @ApiPropertyOptional() stepKey?: string;
  @ApiPropertyOptional({ format: 'date-time' }) stepDueAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) newStepDueAt?: string;
}

export class OverridePreview {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ enum: ['day_off', 'working_day'], nullable: true, type: String, description: 'null: the override removed' }) kind!: 'day_off' | 'working_day' | null;
  @ApiProperty({ description: "open dossiers of the caller's agency the rollout will send the change to" }) openDossiers!: number;
  @ApiProperty({ type: [MovedDossier], description: 'those whose due date or current step due date would move' }) moved!: MovedDossier[];
  @ApiProperty({ type: [String], description: 'dossiers whose workflow did not answer' }) unanswered!: string[];
}

export class RolloutProgress {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['pending', 'running', 'completed', 'failed'] }) state!: 'pending' | 'running' | 'completed' | 'failed';
  @ApiPropertyOptional({ description: 'when completed: the dossiers it re-planned (every agency for a national change)' }) replanned?: number;
  @ApiPropertyOptional({ description: 'when completed: the open petitions it re-planned, counted apart from the dossiers (absent for a rollout that ran before petitions were re-planned)' }) replannedPetitions?: number;
  @ApiProperty({ description: "the open dossiers of the caller's agency now" }) openDossiers!: number;
}

export const _mirrors: [Mirrors<MovedDossier, S.MovedDossier>, Mirrors<OverridePreview, S.OverridePreview>, Mirrors<RolloutProgress, S.RolloutProgress>] = [true, true, true];
