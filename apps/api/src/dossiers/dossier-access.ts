import { ConflictException, ForbiddenException } from '@nestjs/common';
import { reachesDepartment, type Actor } from '../../../../libs/domain/src';
import { REJECTED_FORBIDDEN, type ActorRef, type DossierCommand, type DossierView } from '../../../../workflows/dossier.contract';
import { rejection } from '../../../../workflows/dossier.machine';

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
 * The early answer, before any Update: the workflow's own rule (dossier.machine.ts `rejection`) on
 * the projected view. Only a refusal for this actor (403) is answered here; whether the state allows
 * the command is the workflow's to say (409), on its state now rather than on a row that may be a
 * moment old. The workflow judges the actor again either way.
 */
export function assertMayCommand(actor: Actor, view: DossierView, command: DossierCommand): void {
  assertMayRead(actor, view);
  const no = rejection({ view }, { ...command, by: actorRef(actor) }, Date.now());
  if (no?.kind === 'forbidden') throw new ForbiddenException(no.reason);
}

/** The workflow's refusal of an Update as an HTTP answer: 403 for this actor, 409 for the state. */
export function rejectedCommand(failure: { message: string; type?: string | null }): ForbiddenException | ConflictException {
  return failure.type === REJECTED_FORBIDDEN ? new ForbiddenException(failure.message) : new ConflictException(failure.message);
}
