// The domain's vocabulary as it appears in the API's answers. No package imports, so the API, the
// workflows and the web app (which has none of their packages) can all share it.

/** A user's role; a step of role `return` is worked by `reception` (see ROLE_FOR_STEP). */
export type Role = 'admin' | 'reception' | 'reviewer' | 'approver' | 'supervisor';

/** Who works a step of a procedure. */
export type StepRole = 'reception' | 'reviewer' | 'approver' | 'return';

/** The role that works a step of each kind: the one-stop desk both receives and returns. */
export const ROLE_FOR_STEP: Readonly<Record<StepRole, Role>> = { reception: 'reception', reviewer: 'reviewer', approver: 'approver', return: 'reception' };

/** Who acts, as the API knows them from the access token. */
export interface Actor {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  agencyCode: string;
  /** The department the user works in; unset only for agency-wide staff. */
  departmentCode?: string;
  /**
   * Explicit reach: true when the user acts across every department of the agency (roles meant
   * for it, or a flag an admin sets); never inferred from a missing department.
   */
  agencyWide: boolean;
}

/**
 * `calendarDays`: a period in days as the Investment Law and others set them ("15 ngày"), counted
 * by Civil Code 2015 Art. 147–148 (libs/domain legal-time.ts `addCalendarDays`).
 */
export type Duration = { workingDays: number } | { workingHours: number } | { seconds: number } | { calendarDays: number };

/** How a duration is counted: office hours of working days, plain elapsed time, or whole calendar days. */
export type DurationUnit = 'working' | 'elapsed' | 'calendar';
