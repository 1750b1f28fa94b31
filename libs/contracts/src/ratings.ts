// Citizens' satisfaction with a returned dossier (issue 21, point 4).
// No package imports: the web app compiles this file (its form lists the criteria from here).

/**
 * The criteria a citizen scores 1–5, as a province's public-service portal asks them for a dossier
 * (the survey "Đánh giá mức độ hài lòng" of dichvucong.thuathienhue.gov.vn lists twelve; the
 * national portal's form could not be read; docs/indicators.md says which are kept and why).
 * `overall` decides a low rating.
 */
export const RATING_CRITERIA = [
  'overall',
  'convenience',
  'onTime',
  'staffAttitude',
  'processingTime',
  'contactsToComplete',
  'agenciesContacted',
  'oneStopDesk',
  'publicity',
] as const;

export type RatingCriterion = (typeof RATING_CRITERIA)[number];

/** Each criterion's score: 1 very dissatisfied … 5 very satisfied. */
export type RatingScores = Record<RatingCriterion, number>;

export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** The longest comment, in characters. */
export const RATING_COMMENT_MAX = 1000;

/** A rating as the citizen gave it (the lookup shows it back). */
export interface DossierRating {
  scores: RatingScores;
  comment?: string;
  ratedAt: string;
}

/** The answer to a rating: what was stored, and whether it opened a follow-up for the supervisor. */
export interface RatingReceipt extends DossierRating {
  dossierCode: string;
  /** The code of the follow-up opened for a low overall score (RATING_LOW_THRESHOLD); absent otherwise. */
  followUp?: string;
}

/** The ratings of the dossiers resolved in a period and group, beside its on-time rate. */
export interface SatisfactionSummary {
  /** Dossiers rated. */
  ratings: number;
  /** Of them, rated at or below RATING_LOW_THRESHOLD overall. */
  low: number;
  /** Average score per criterion; null when no rating answers it. */
  averages: Record<RatingCriterion, number | null>;
}
