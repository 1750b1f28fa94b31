import type { StepRole } from './plan';
import type { Actor, Role } from '../../contracts/src';
import { ROLE_FOR_STEP } from '../../contracts/src/domain';

// Declared with the response shapes, which the web app shares (the session's user is an Actor).
export type { Actor, Role } from '../../contracts/src';
export { ROLE_FOR_STEP };

export const ROLES: readonly Role[] = ['admin', 'reception', 'reviewer', 'approver', 'supervisor'];

export interface StepScope {
  role: StepRole;
  departmentCode?: string;
  assignee?: string;
}

/**
 * Whether `actor` may work this step: the step's role, in the step's department (agency-wide
 * staff of that role reach every department), and assigned to them or to nobody.
 */
export function mayWorkStep(actor: Actor, step: StepScope): boolean {
  if (!actor.roles.includes(ROLE_FOR_STEP[step.role])) return false;
  if (actor.departmentCode && step.departmentCode && actor.departmentCode !== step.departmentCode) return false;
  return !step.assignee || step.assignee === actor.username;
}

/** Department heads (approvers) assign within their department; agency-wide approvers anywhere. */
export function mayAssignIn(actor: Actor, departmentCode: string | undefined): boolean {
  return actor.roles.includes('approver') && (!actor.departmentCode || !departmentCode || actor.departmentCode === departmentCode);
}

/** Supervisors (and department heads) see the alerts of their department, or all when agency-wide. */
export function maySeeDepartment(actor: Actor, departmentCode: string | undefined | null): boolean {
  return !actor.departmentCode || !departmentCode || actor.departmentCode === departmentCode;
}
