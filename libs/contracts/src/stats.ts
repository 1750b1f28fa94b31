// Statistics: report form Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP).

/** How the API may split the report (`groupBy`); without one it is a single row for the agency. */
export type TimelinessGroupBy = 'procedure' | 'department' | 'month';

/** One row of report form Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP). */
export interface TimelinessRow {
  group: string;
  received: { total: number; online: number; directOrPostal: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  pending: { total: number; withinDeadline: number; pastDeadline: number };
  /** (early + on time) / resolved; null when nothing was resolved. */
  onTimeRate: number | null;
}
