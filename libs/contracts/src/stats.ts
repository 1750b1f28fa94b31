// Statistics: report form Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP).
import type { SatisfactionSummary } from './ratings';

/** How the API may split the report (`groupBy`); without one it is a single row for the agency. */
export type TimelinessGroupBy = 'procedure' | 'department' | 'month';

/** One row of report form Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP). */
export interface TimelinessRow {
  group: string;
  received: { total: number; online: number; directOrPostal: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  pending: { total: number; withinDeadline: number; pastDeadline: number };
  /** Withdrawn (stopped at the applicant's request) in the period: carried over + received = resolved + withdrawn + pending. */
  withdrawn: number;
  /** (early + on time) / resolved; null when nothing was resolved. */
  onTimeRate: number | null;
  /** Citizens' ratings of the dossiers resolved in the period and group. */
  satisfaction: SatisfactionSummary;
}

/**
 * The timeliness component ("Tiến độ, kết quả giải quyết", 20 of 100 points) of the index of
 * Decision 766/QĐ-TTg, for one month of the agency (docs/indicators.md).
 */
export interface ServiceIndexTimeliness {
  /** max × (resolved early or on time + pending within deadline − those with more than one supplement request) / dossiers; null when no dossier counts. */
  score: number | null;
  max: number;
  /** Dossiers counted: resolved in the month + pending at its end (withdrawn ones count nowhere). */
  dossiers: number;
  counted: {
    resolvedEarlyOrOnTime: number;
    resolvedLate: number;
    pendingWithinDeadline: number;
    pendingPastDeadline: number;
    /** Early, on time or within deadline, but with more than one supplement request: counted late. */
    multipleSupplements: number;
  };
}

/**
 * Decision 766/QĐ-TTg's "satisfaction in receiving and resolving dossiers" rate for one month
 * (docs/indicators.md): (dossiers − unsatisfied) / dossiers, over the dossiers resolved in it.
 */
export interface ServiceIndexSatisfaction {
  /** Null when no dossier was resolved. */
  rate: number | null;
  /** Dossiers resolved in the month. */
  dossiers: number;
  /** Of them, rated by the citizen. */
  rated: number;
  /** Of them, rated at or below RATING_LOW_THRESHOLD overall. */
  unsatisfied: number;
}

export interface ServiceIndexMonth {
  /** YYYY-MM in the agency's time zone. */
  month: string;
  from: string;
  to: string;
  timeliness: ServiceIndexTimeliness;
  satisfaction: ServiceIndexSatisfaction;
}

export interface ServiceIndex {
  agencyCode: string;
  /** The agency and every agency merged into it, whose dossiers are counted. */
  agencies: string[];
  months: ServiceIndexMonth[];
}
