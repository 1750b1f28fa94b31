import { ForbiddenException } from '@nestjs/common';
import { mayAssignIn, mayWorkStep, type Actor } from '../../../../libs/domain/src';
import type { DossierCommand, DossierView } from '../../../../workflows/dossier.contract';

/** Reviewers and approvers read the dossiers that pass through their department; the desk, supervisors and admins read all of the agency's. */
export function mayRead(actor: Actor, view: DossierView): boolean {
  if (actor.agencyCode !== view.agencyCode) return false;
  if (actor.roles.some((r) => r === 'reception' || r === 'supervisor' || r === 'admin') || !actor.departmentCode) return true;
  return view.steps.some((s) => s.departmentCode === actor.departmentCode);
}

export function assertMayRead(actor: Actor, view: DossierView): void {
  if (!mayRead(actor, view)) throw new ForbiddenException(`dossier ${view.code} is outside your department`);
}

/**
 * Object-level check of a process command, in the service (route decorators only check roles):
 * the step's role, department and assignee; the desk for reception-side acts; the department head
 * for reassignment and for the apology with a new date.
 */
export function assertMayCommand(actor: Actor, view: DossierView, command: DossierCommand): void {
  assertMayRead(actor, view);
  const step = view.steps.find((s) => s.key === view.currentStepKey);
  const desk = actor.roles.includes('reception');
  // No open step (not yet received, finished): the workflow answers 409 with the reason, not us.
  const worksStep = !step || mayWorkStep(actor, step);
  const allowed: Record<DossierCommand['type'], () => boolean> = {
    receive: () => desk,
    withdraw: () => desk,
    recordReturn: () => desk,
    supplementReceived: () => desk || worksStep,
    complete: () => worksStep,
    sendBack: () => worksStep,
    refuse: () => worksStep,
    requestSupplement: () => worksStep,
    reschedule: () => mayAssignIn(actor, step?.departmentCode),
    assign: () => (command.type === 'assign' && command.assignee === actor.username && !step?.assignee ? worksStep : mayAssignIn(actor, step?.departmentCode)),
    calendarChanged: () => false,
  };
  if (!allowed[command.type]()) throw new ForbiddenException(`you may not ${command.type} on dossier ${view.code}${step ? ` (current step ${step.key}, ${step.departmentCode ?? 'no department'})` : ''}`);
}
