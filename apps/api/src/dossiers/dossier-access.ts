import { ConflictException, ForbiddenException } from '@nestjs/common';
import { reachesDepartment, type Actor } from '../../../../libs/domain/src';
import { REJECTED_FORBIDDEN, type ActorRef, type DossierView } from '../../../../workflows/dossier.contract';

/**
 * Reviewers and approvers read the dossiers that pass through a department they reach; the desk,
 * supervisors, admins and agency-wide staff read all of the agency's.
 */
export function mayRead(actor: Actor, view: DossierView): boolean {
  if (actor.agencyCode !== view.agencyCode) return false;
  if (actor.agencyWide || actor.roles.some((r) => r === 'reception' || r === 'supervisor' || r === 'admin')) return true;
  return view.steps.some((s) => s.departmentCode && reachesDepartment(actor, s.departmentCode));
}

export function assertMayRead(actor: Actor, view: DossierView): void {
  if (!mayRead(actor, view)) throw new ForbiddenException(`dossier ${view.code} is outside your department`);
}

/** Who acts, as a command carries it to the workflow (which decides with it). */
export function actorRef(actor: Actor): ActorRef {
  return { id: actor.id, username: actor.username, roles: actor.roles, agencyCode: actor.agencyCode, departmentCode: actor.departmentCode, agencyWide: actor.agencyWide };
}

/**
 * Before any Update: only whether the caller may see this dossier at all (its agency, and the
 * departments its steps pass through — facts fixed when it was registered). Who may act and
 * whether the state allows it is the workflow's to say, on its state at that instant, with
 * dossier.machine.ts `rejection`: judged here on the projected row, a claim or a step change a
 * moment old could answer 403 where the workflow would accept (or the reverse), so it is not.
 */
export function assertMayCommand(actor: Actor, view: DossierView): void {
  assertMayRead(actor, view);
}

/** The workflow's refusal of an Update as an HTTP answer: 403 for this actor, 409 for the state. */
export function rejectedCommand(failure: { message: string; type?: string | null }): ForbiddenException | ConflictException {
  return failure.type === REJECTED_FORBIDDEN ? new ForbiddenException(failure.message) : new ConflictException(failure.message);
}
