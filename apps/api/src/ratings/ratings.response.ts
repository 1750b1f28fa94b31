// OpenAPI bodies of a citizen's rating and of its roll-up, mirroring libs/contracts (ratings.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';
import { RatingScoresDto } from './ratings.dto';

export class DossierRating {
  @ApiProperty({ type: RatingScoresDto }) scores!: RatingScoresDto;
  @ApiPropertyOptional({ description: 'as the citizen wrote it (plain text)' }) comment?: string;
  @ApiProperty({ format: 'date-time' }) ratedAt!: string;
}

export class RatingReceipt extends DossierRating {
  @ApiProperty() dossierCode!: string;
  @ApiPropertyOptional({ description: 'the follow-up opened for the supervisor when the overall score is at or below RATING_LOW_THRESHOLD' }) followUp?: string;
}

const Average = () => ApiProperty({ type: Number, nullable: true, description: 'average score 1–5; null when no rating' });

export class RatingAverages {
  @Average() overall!: number | null;
  @Average() convenience!: number | null;
  @Average() onTime!: number | null;
  @Average() staffAttitude!: number | null;
  @Average() processingTime!: number | null;
  @Average() contactsToComplete!: number | null;
  @Average() agenciesContacted!: number | null;
  @Average() oneStopDesk!: number | null;
  @Average() publicity!: number | null;
}

/** The ratings of the dossiers resolved in the row's period and group. */
export class SatisfactionSummary {
  @ApiProperty({ description: 'dossiers rated' }) ratings!: number;
  @ApiProperty({ description: 'of them, rated at or below RATING_LOW_THRESHOLD overall' }) low!: number;
  @ApiProperty({ type: RatingAverages }) averages!: RatingAverages;
}

export const _mirrors: [
  Mirrors<RatingScoresDto, C.RatingScores>,
  Mirrors<DossierRating, C.DossierRating>,
  Mirrors<RatingReceipt, C.RatingReceipt>,
  Mirrors<SatisfactionSummary, C.SatisfactionSummary>,
] = [true, true, true, true];
