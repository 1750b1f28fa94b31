/**
 * The timeliness component of the index of Decision 766/QĐ-TTg (23/6/2022), group "Tiến độ, kết
 * quả giải quyết" (20 of its 100 points), as docs/indicators.md writes it out with its sources:
 *
 *   score = max × (resolved early or on time + pending within deadline − multiple supplements) / dossiers
 *   dossiers = resolved in the period + pending at its end
 *
 * Supplement waiting time is already out of the deadlines the counts are judged against (the
 * clock stops while the applicant is away: the due date moves by the wait). A dossier that was
 * asked to supplement more than once counts late even when it met its deadline (a setting,
 * SERVICE_INDEX_MULTI_SUPPLEMENT_LATE, default on). Withdrawn dossiers count nowhere.
 */
export const SERVICE_INDEX_TIMELINESS_MAX = 20;

export interface TimelinessCounts {
  resolvedEarlyOrOnTime: number;
  resolvedLate: number;
  pendingWithinDeadline: number;
  pendingPastDeadline: number;
  /** Of the early, on-time and within-deadline ones: those asked to supplement more than once. */
  multipleSupplements: number;
}

export interface TimelinessScore {
  score: number | null;
  max: number;
  dossiers: number;
  counted: TimelinessCounts;
}

export function timelinessScore(c: TimelinessCounts, opts: { max?: number; multipleSupplementsLate?: boolean } = {}): TimelinessScore {
  const max = opts.max ?? SERVICE_INDEX_TIMELINESS_MAX;
  const multiple = opts.multipleSupplementsLate === false ? 0 : c.multipleSupplements;
  const dossiers = c.resolvedEarlyOrOnTime + c.resolvedLate + c.pendingWithinDeadline + c.pendingPastDeadline;
  const good = c.resolvedEarlyOrOnTime + c.pendingWithinDeadline - multiple;
  if (good < 0 || multiple > c.resolvedEarlyOrOnTime + c.pendingWithinDeadline) throw new Error('timelinessScore: more multiple-supplement dossiers than timely ones');
  return { score: dossiers === 0 ? null : (max * good) / dossiers, max, dossiers, counted: { ...c, multipleSupplements: multiple } };
}
