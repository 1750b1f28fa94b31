// Contracts of the petition workflow (one per petition), shared by the worker's activity and the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Duration, WorkCalendar } from '../libs/domain/src';
import type { PetitionOutcome, PetitionStage, PetitionView } from '../libs/contracts/src';
import type { ActorRef, DossierEvent, PlannedAlarm } from './dossier.contract';

export type { PetitionKind, PetitionOutcome, PetitionSource, PetitionStage, PetitionStatus, PetitionView } from '../libs/contracts/src';

export const PETITION_WORKFLOW = 'petitionWorkflow';

/** Each stage's legal time (PETITION_*_WORKING_DAYS, or the elapsed-second overrides of tests). */
export type PetitionPlan = Record<PetitionStage, Duration>;

/** The petition as received (its view's first fields), with the calendar and the stage times it is timed by. */
export type PetitionInput = Pick<PetitionView, 'code' | 'agencyCode' | 'kind' | 'source' | 'subject' | 'message' | 'name' | 'contact' | 'dossierCode' | 'receivedAt'> & {
  calendar: WorkCalendar;
  plan: PetitionPlan;
  /** Version of the calendar snapshot (loadCalendar); absent (petitions started before it): 0. */
  calendarVersion?: number;
};

export type PetitionCommand =
  | { type: 'classify'; outcome: PetitionOutcome; reason: string; forwardTo?: string }
  | { type: 'assign'; assignee: string }
  | { type: 'answer'; answer: string }
  | { type: 'publish'; consent: boolean };

/** A command as the Update carries it: `by` is who acts, judged by the machine (petition.machine.ts `petitionRejection`). */
export type PetitionCommandInput = PetitionCommand & { actor: string; by: ActorRef };

export const petitionCommandUpdate = defineUpdate<PetitionView, [PetitionCommandInput]>('petitionCommand');
export const petitionStateQuery = defineQuery<PetitionView>('petitionState');

/** A calendar change reaching the petition: its agency's calendar now, labelled with that snapshot's version. */
export interface PetitionReplan {
  calendar: WorkCalendar;
  version: number;
}

/** `moved`: a date moved (and an event 'replanned' was written); the petition as it is now. */
export interface PetitionReplanResult {
  moved: boolean;
  petition: PetitionView;
}

/**
 * Re-plans the open petition on `calendar` (petition.machine.ts `replanPetition`), which it keeps
 * for its later stages. Refused (an update failure) when the petition is closed or already carries
 * this version or a newer one, so the same change sent twice writes nothing the second time.
 */
export const petitionReplanUpdate = defineUpdate<PetitionReplanResult, [PetitionReplan]>('petitionReplan');

/** One idempotent write: the petition at `event.seq`, the event, and its pending alarms (replacing the earlier ones). */
export interface PetitionRecord {
  petition: PetitionView;
  event: DossierEvent;
  alarms: PlannedAlarm[];
}

export interface PetitionActivities {
  /** Returns the wall-clock instant (ms) it finished, as recordProgress does. */
  recordPetition(record: PetitionRecord): Promise<number>;
}
