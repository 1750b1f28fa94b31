import type { Actor, Role } from '../../contracts/src';
import { ROLE_FOR_STEP } from '../../contracts/src/domain';

// Declared with the response shapes, which the web app shares (the session's user is an Actor).
export type { Actor, Role } from '../../contracts/src';
export { ROLE_FOR_STEP };

export const ROLES: readonly Role[] = ['admin', 'reception', 'reviewer', 'approver', 'supervisor'];

/**
 * Whether the actor's reach covers a department: every department for agency-wide staff, else their
 * own only. A user without a department who is not agency-wide reaches none; what belongs to no
 * department (a step or an alert without one) is within everyone's reach in the agency.
 * Who may work or assign a step is decided in one place, with this: workflows/dossier.machine.ts `rejection`.
 */
export function reachesDepartment(actor: Pick<Actor, 'agencyWide' | 'departmentCode'>, departmentCode: string | undefined | null): boolean {
  return actor.agencyWide || !departmentCode || (actor.departmentCode !== undefined && actor.departmentCode === departmentCode);
}

/** Department heads (approvers) assign and reschedule in the departments they reach. */
export function mayAssignIn(actor: Pick<Actor, 'roles' | 'agencyWide' | 'departmentCode'>, departmentCode: string | undefined | null): boolean {
  return actor.roles.includes('approver') && reachesDepartment(actor, departmentCode);
}
