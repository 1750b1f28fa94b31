import type { RatingCriterion, SatisfactionSummary } from '../../contracts/src';
import { RATING_CRITERIA } from '../../contracts/src/ratings';

/**
 * The sums a roll-up of ratings reads per group (one SQL aggregate, StatsService): how many
 * ratings, how many low, and per criterion the number of scores and their total.
 */
export interface RatingSums {
  ratings: number;
  low: number;
  answered: Partial<Record<RatingCriterion, number>>;
  total: Partial<Record<RatingCriterion, number>>;
}

export const NO_RATINGS: RatingSums = { ratings: 0, low: 0, answered: {}, total: {} };

/** Averages per criterion from the sums (null where nobody answered it). */
export function satisfactionSummary(s: RatingSums): SatisfactionSummary {
  const averages = Object.fromEntries(
    RATING_CRITERIA.map((k) => {
      const n = s.answered[k] ?? 0;
      return [k, n === 0 ? null : (s.total[k] ?? 0) / n];
    }),
  ) as Record<RatingCriterion, number | null>;
  return { ratings: s.ratings, low: s.low, averages };
}

/** A rating is low when its overall score is at or below the threshold (RATING_LOW_THRESHOLD). */
export function isLowRating(overall: number, threshold: number): boolean {
  return overall <= threshold;
}

/**
 * Decision 766/QĐ-TTg's "satisfaction in receiving and resolving dossiers" rate, as its summaries
 * give it: (dossiers − those rated unsatisfied) / dossiers, over the dossiers resolved in the
 * month (docs/indicators.md). Null when none was resolved.
 */
export function satisfactionRate(dossiers: number, unsatisfied: number): number | null {
  if (unsatisfied < 0 || unsatisfied > dossiers) throw new Error('satisfactionRate: more unsatisfied dossiers than dossiers');
  return dossiers === 0 ? null : (dossiers - unsatisfied) / dossiers;
}
