import { ConflictException, ForbiddenException } from '@nestjs/common';
import { actsFor, reachesDepartment, type Actor, type Succession } from '../../../../libs/domain/src';
import { REJECTED_FORBIDDEN, type ActorRef, type DossierView } from '../../../../workflows/dossier.contract';

/**
 * Reviewers and approvers read the dossiers that pass through a department they reach; the desk,
 * supervisors, admins and agency-wide staff read all of the agency's.
 */
export function mayRead(actor: Actor & Succession, view: DossierView): boolean {
  // A dossier received by an agency since merged into the caller's is the caller's agency's to work.
  if (!actsFor(actor, view.agencyCode)) return false;
  if (actor.agencyWide || actor.roles.some((r) => r === 'reception' || r === 'supervisor' || r === 'admin')) return true;
  return view.steps.some((s) => s.departmentCode && reachesDepartment(actor, s.departmentCode));
}

/**
 * Also all the API checks before sending a command: who may act and whether the state allows it is
 * the workflow's to say (dossier.machine.ts `rejection`) on its state at that instant — judged here on
 * the projected row, a claim or a step change a moment old could answer otherwise.
 */
export function assertMayRead(actor: Actor, view: DossierView): void {
  if (!mayRead(actor, view)) throw new ForbiddenException(`dossier ${view.code} is outside your department`);
}

/**
 * Who acts, as a command carries it to the workflow (which decides with it). On a dossier received
 * by an agency since merged into the caller's, the caller acts as that agency's successor: the
 * workflow knows the dossier by its agency of receipt, which its code and history keep.
 */
export function actorRef(actor: Actor & Succession, view?: Pick<DossierView, 'agencyCode'>): ActorRef {
  const agencyCode = view && view.agencyCode !== actor.agencyCode && actsFor(actor, view.agencyCode) ? view.agencyCode : actor.agencyCode;
  return { id: actor.id, username: actor.username, roles: actor.roles, agencyCode, departmentCode: actor.departmentCode, agencyWide: actor.agencyWide };
}

/** The workflow's refusal of an Update as an HTTP answer: 403 for this actor, 409 for the state. */
export function rejectedCommand(failure: { message: string; type?: string | null }): ForbiddenException | ConflictException {
  return failure.type === REJECTED_FORBIDDEN ? new ForbiddenException(failure.message) : new ConflictException(failure.message);
}
