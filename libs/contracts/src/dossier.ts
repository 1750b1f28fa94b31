// A dossier as the workflow projects it and the API returns it.
import type { DurationUnit, StepRole } from './domain';

export type Timeliness = 'early' | 'on_time' | 'late';
export type StepStatus = 'pending' | 'active' | 'done';
export type DossierStatus =
  | 'submitted'
  | 'received'
  | 'refused_at_reception'
  | 'processing'
  | 'supplement_requested'
  | 'withdrawn'
  | 'awaiting_return'
  | 'returned';
export type AlertKind = 'step_at_risk' | 'step_overdue' | 'dossier_at_risk' | 'dossier_overdue';

export interface Applicant {
  name: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  address?: string;
}

export interface StepView {
  key: string;
  name: string;
  role: StepRole;
  departmentCode?: string;
  position: number;
  attempt: number;
  /** How the step's time is counted: on the agency's working calendar or in plain elapsed time. */
  clock: DurationUnit;
  status: StepStatus;
  startedAt?: string;
  dueAt: string;
  atRiskAt: string;
  completedAt?: string;
  timeliness?: Timeliness;
  note?: string;
  /** Username of the officer the step is assigned to; unset = claimable by the department. */
  assignee?: string;
}

export interface DossierView {
  code: string;
  agencyCode: string;
  procedureCode: string;
  procedureVersion: number;
  status: DossierStatus;
  statusCode: number;
  receivedAt: string;
  dueAt: string;
  atRiskAt: string;
  /** Due date before any reschedule: statistics judge against it. */
  originalDueAt: string;
  /** End of processing (status 9, refusal, withdrawal): timeliness is judged at this instant. */
  finishedAt?: string;
  returnedAt?: string;
  timeliness?: Timeliness;
  /** Decision 766 score: the supplement wait is already subtracted; more than one request counts as late. */
  nationalTimeliness?: Timeliness;
  currentStepKey?: string;
  outcome?: 'approved' | 'refused';
  reason?: string;
  guidance?: { reason?: string; items: string[] };
  pauses: Pause[];
  supplementRequests: number;
  reschedule?: { at: string; originalDueAt: string; newDueAt: string; reason: string; actor?: string };
  steps: StepView[];
  /** Its workflow ended outside the API (an operator terminated it, a timeout): nothing more happens to it. */
  halted?: DossierHalt;
}

/** How a dossier's workflow ended outside the API, as Temporal recorded it (reconciled by the worker). */
export interface DossierHalt {
  status: 'terminated' | 'timed_out' | 'failed' | 'canceled';
  /** When the workflow closed. */
  at: string;
  /** The operator's reason (terminate), the failure's message; none for a timeout. */
  reason?: string;
}

export interface Pause {
  from: string;
  to?: string;
  reason: string;
  items: string[];
}

/**
 * What a caller may do to a dossier now (`allowedActions` of `GET /api/dossiers/:code`), one per
 * command route; `claim` is taking the current step for oneself, `assign` giving it to another.
 */
export type DossierAction =
  | 'receive'
  | 'complete'
  | 'sendBack'
  | 'requestSupplement'
  | 'supplementReceived'
  | 'reschedule'
  | 'refuse'
  | 'withdraw'
  | 'recordReturn'
  | 'claim'
  | 'assign';
