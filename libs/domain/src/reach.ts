import type { Role } from '../../contracts/src';

/**
 * A user's reach is explicit (issue 17 item 3). Department staff act in their department; reach
 * over every department of the agency comes only from a role meant for it or from a flag an admin
 * sets (`users.agency_wide`), never from a missing department: a reviewer or approver must name
 * one, and one without (a legacy account) reaches no department at all.
 *
 * - admin: agency-wide by role.
 * - supervisor: agency-wide by role, unless an admin placed them in a department: then they
 *   supervise that department (a department supervisor, as the DESIGN's alert rules describe).
 * - reception, reviewer, approver: their department; agency-wide only by the admin-set flag.
 */

/** Roles whose work spans the agency (a supervisor's only while not placed in a department). */
export const AGENCY_WIDE_ROLES: readonly Role[] = ['supervisor', 'admin'];

/** Roles that work the steps of one department: an account holding one must name its department. */
export const DEPARTMENT_ROLES: readonly Role[] = ['reviewer', 'approver'];

/** Whether an account with these roles, department and admin-set flag acts across its whole agency. */
export function hasAgencyWideReach(roles: readonly Role[], agencyWideFlag: boolean, departmentCode?: string | null): boolean {
  return agencyWideFlag || roles.includes('admin') || (roles.includes('supervisor') && !departmentCode);
}

/** Whether these roles need a department (reviewers and approvers always do, even when agency-wide). */
export function needsDepartment(roles: readonly Role[]): boolean {
  return roles.some((r) => DEPARTMENT_ROLES.includes(r));
}

/**
 * The agencies merged into the user's agency (directly or through a chain), read with the account
 * (issue 19 item 6): its staff work the open dossiers those agencies received before the merger.
 */
export interface Succession {
  predecessorCodes?: readonly string[];
}

/** The agency a dossier received by `agencyCode` is worked under by this actor: its own, or one merged into it. */
export function actsFor(actor: { agencyCode: string } & Succession, agencyCode: string): boolean {
  return actor.agencyCode === agencyCode || (actor.predecessorCodes ?? []).includes(agencyCode);
}
