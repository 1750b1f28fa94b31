import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { RATING_CRITERIA } from '../../../../libs/contracts/src/ratings';
import { isLowRating } from '../../../../libs/domain/src';
import type { DossierRating, RateDossierDto, RatingReceipt, RatingScores } from './ratings.dto';
import { NOT_FOUND } from '../public/lookup-secret';
import { RatingFollowUp } from './rating-follow-up';

interface RatingRow {
  scores: RatingScores;
  comment: string | null;
  rated_at: Date;
}

/** Only the criteria, in their order: the body was validated, this keeps the stored object to them. */
const scoresOf = (s: RatingScores) => Object.fromEntries(RATING_CRITERIA.map((k) => [k, s[k]])) as RatingScores;
const blankToNull = (s?: string) => (s && s.trim() ? s.trim() : null);

@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
    private readonly followUps: RatingFollowUp,
  ) {}

  /** The rating given for a dossier, if any (the lookup shows it back). */
  async find(code: string): Promise<DossierRating | undefined> {
    const [row]: RatingRow[] = await this.ds.query(`SELECT scores, comment, rated_at FROM dossier_ratings WHERE dossier_code = $1`, [code]);
    return row && toRating(row);
  }

  /**
   * Records the citizen's one rating of a returned dossier (the caller checked the secret). A low
   * overall score opens the supervisor's follow-up in the same transaction, so a rating is never
   * stored without it: if opening it fails, nothing is stored and the citizen may send it again.
   */
  async rate(code: string, dto: RateDossierDto): Promise<RatingReceipt> {
    const scores = scoresOf(dto.scores);
    const comment = blankToNull(dto.comment);
    const low = isLowRating(scores.overall, this.config.values.RATING_LOW_THRESHOLD);
    return this.ds.transaction(async (m) => {
      const [row]: RatingRow[] = await m.query(
        `INSERT INTO dossier_ratings (dossier_code, agency_code, procedure_code, department_code, finished_at, scores, overall, low, comment)
         SELECT d.code, d.agency_code, d.procedure_code, coalesce(d.handling_department_code, ''), coalesce(d.finished_at, now()), $2, $3, $4, $5
           FROM dossiers d
          WHERE d.code = $1 AND d.status = 'returned'
             ON CONFLICT (dossier_code) DO NOTHING
         RETURNING scores, comment, rated_at`,
        [code, scores, scores.overall, low, comment],
      );
      if (!row) throw await this.whyNot(m, code);
      const receipt: RatingReceipt = { dossierCode: code, ...toRating(row) };
      if (!low) return receipt;
      const followUp = await this.followUps.open({ dossierCode: code, scores, comment: comment ?? undefined });
      await m.query(`UPDATE dossier_ratings SET follow_up = $2 WHERE dossier_code = $1`, [code, followUp]);
      return { ...receipt, followUp };
    });
  }

  /** 409 with the reason: rated already, or the result is not returned yet; 404 as the lookup for no such dossier. */
  private async whyNot(m: EntityManager, code: string): Promise<ConflictException | NotFoundException> {
    const [d]: { status: string; rated: boolean }[] = await m.query(
      `SELECT d.status, EXISTS (SELECT 1 FROM dossier_ratings r WHERE r.dossier_code = d.code) AS rated FROM dossiers d WHERE d.code = $1`,
      [code],
    );
    if (!d) return new NotFoundException(NOT_FOUND);
    if (d.rated) return new ConflictException('this dossier has been rated already: one rating per dossier');
    return new ConflictException(`a dossier is rated once its result is returned; this one is ${d.status}`);
  }
}

function toRating(r: RatingRow): DossierRating {
  return { scores: r.scores, ...(r.comment === null ? {} : { comment: r.comment }), ratedAt: r.rated_at.toISOString() };
}
