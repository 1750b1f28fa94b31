import { Injectable } from '@nestjs/common';
import { RATING_CRITERIA, RATING_MAX } from '../../../../libs/contracts/src/ratings';
import { PetitionsService } from '../petitions/petitions.service';
import { CRITERION_TITLE } from './rating-criteria';
import type { RatingScores } from './ratings.dto';

export interface LowRating {
  dossierCode: string;
  scores: RatingScores;
  comment?: string;
}

/**
 * A low rating's follow-up for the supervisor: a petition (feedback about how the dossier was
 * handled, source `rating`) linked to the dossier, with its own deadlines, alerts and answer like
 * any other (apps/api/src/petitions). The citizen left no name or contact with the rating.
 */
@Injectable()
export class RatingFollowUp {
  constructor(private readonly petitions: PetitionsService) {}

  /** Opens it and returns its code. */
  async open(r: LowRating): Promise<string> {
    const scores = RATING_CRITERIA.map((k) => `${CRITERION_TITLE[k]}: ${r.scores[k]}/${RATING_MAX}`).join('; ');
    const { code } = await this.petitions.openPetition({
      kind: 'feedback',
      source: 'rating',
      dossierCode: r.dossierCode,
      subject: `Người dân không hài lòng với kết quả giải quyết hồ sơ ${r.dossierCode}`,
      message: `Đánh giá của người dân sau khi nhận kết quả — ${scores}.${r.comment ? `\nÝ kiến: ${r.comment}` : ''}`,
    });
    return code;
  }
}
