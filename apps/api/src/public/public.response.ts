// OpenAPI body of the citizen's lookup, mirroring libs/contracts (views.ts `PublicDossier`).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';
import { DOSSIER_STATUSES } from '../dossiers/dossier.response';
import { DossierRating } from '../ratings/ratings.response';

export class StepDone {
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
}

export class PublicDossier {
  @ApiProperty() code!: string;
  @ApiProperty() procedureCode!: string;
  @ApiProperty({ enum: DOSSIER_STATUSES }) status!: string;
  @ApiProperty() statusCode!: number;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: [StepDone] }) stepsDone!: StepDone[];
  @ApiPropertyOptional({ description: 'name of the step in progress' }) currentStep?: string;
  @ApiPropertyOptional({ description: 'why the dossier waits (a supplement request)' }) pausedFor?: string;
  @ApiPropertyOptional({ format: 'date-time' }) returnedAt?: string;
  @ApiPropertyOptional({ type: DossierRating, description: "the citizen's rating, once given (POST /api/public/dossiers/:code/rating)" }) rating?: DossierRating;
}

export const _mirrors: [Mirrors<PublicDossier, C.PublicDossier>] = [true];
