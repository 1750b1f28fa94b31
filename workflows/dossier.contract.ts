// Contracts shared by the workflow, the worker's activities and the API. Type-only imports from
// the domain keep this file free of runtime dependencies.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Duration, DurationUnit, StepPlan, StepRole, WorkCalendar } from '../libs/domain/src';

export const DOSSIER_WORKFLOW = 'dossierWorkflow';

export type Timeliness = 'early' | 'on_time' | 'late';
export type StepStatus = 'pending' | 'active' | 'done';
export type DossierStatus = 'received' | 'processing' | 'awaiting_return' | 'returned';
export type AlertKind = 'step_at_risk' | 'step_overdue' | 'dossier_at_risk' | 'dossier_overdue';

/** Status codes synced to the national portal (DOMAIN.md, "Dossier lifecycle"). */
export const STATUS_CODES: Record<DossierStatus, number> = {
  received: 2,
  processing: 4,
  awaiting_return: 9,
  returned: 10,
};

export interface Applicant {
  name: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  address?: string;
}

export interface DossierInput {
  code: string;
  agencyCode: string;
  procedure: { code: string; version: number; name: string; legalTime: Duration; steps: StepPlan[] };
  calendar: WorkCalendar;
  applicant: Applicant;
  channel: 'counter' | 'online' | 'postal';
  /** ISO instant of legal receipt: the clock starts here. */
  receivedAt: string;
}

export interface StepView {
  key: string;
  name: string;
  role: StepRole;
  departmentCode?: string;
  position: number;
  /** How the step's time is counted: on the agency's working calendar or in plain elapsed time. */
  clock: DurationUnit;
  status: StepStatus;
  startedAt?: string;
  dueAt: string;
  atRiskAt: string;
  completedAt?: string;
  timeliness?: Timeliness;
  note?: string;
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
  finishedAt?: string;
  timeliness?: Timeliness;
  currentStepKey?: string;
  steps: StepView[];
}

export interface CompleteStepInput {
  stepKey: string;
  note?: string;
  actor?: string;
}

/** Registration: returns the receipt once the dossier is persisted (read-your-write). */
export const registerUpdate = defineUpdate<DossierView>('register');
export const completeStepUpdate = defineUpdate<DossierView, [CompleteStepInput]>('completeStep');
export const dossierStateQuery = defineQuery<DossierView>('state');

export interface DossierEvent {
  seq: number;
  type: string;
  at: string;
  actor?: string;
  payload: Record<string, unknown>;
}

/** One idempotent write: the projection at `event.seq` plus the event that produced it. */
export interface ProgressRecord {
  applicant: Applicant;
  channel: string;
  dossier: DossierView;
  event: DossierEvent;
}

export interface AlertRecord {
  kind: AlertKind;
  dossierCode: string;
  stepKey?: string;
  departmentCode?: string;
  dueAt: string;
}

export interface DossierActivities {
  recordProgress(record: ProgressRecord): Promise<void>;
  recordAlert(alert: AlertRecord): Promise<void>;
}
