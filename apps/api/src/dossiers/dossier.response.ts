// OpenAPI bodies of the dossier routes, mirroring libs/contracts (dossier.ts) and the services'
// answers field for field; each `Mirrors` line fails to compile when a class and its contract drift.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import type { Duration } from '../../../../libs/contracts/src';
import { STEP_ROLES, TRACE_REASONS, type TraceEntry as TraceEntryContract, type TraceReason } from '../../../../libs/domain/src';
import { AlertView } from '../alerts/alert.response';
import { allOf, DURATION_SCHEMA, type Mirrors } from '../common/api-responses';
import type * as F from './dossier-forms.service';
import type * as S from './dossiers.service';
import type { Receipt as ReceiptContract } from './intake.service';

export const DOSSIER_STATUSES = allOf<C.DossierStatus>()(['submitted', 'received', 'refused_at_reception', 'processing', 'supplement_requested', 'withdrawn', 'awaiting_return', 'returned']);
export const TIMELINESS = allOf<C.Timeliness>()(['early', 'on_time', 'late']);
/** A list's and a detail's timeliness: finished dossiers keep theirs, open ones are `within` or `overdue` at read time. */
export const READ_TIMELINESS = [...TIMELINESS, 'within', 'overdue'] as const;
export const DOSSIER_ACTIONS = allOf<C.DossierAction>()(['receive', 'complete', 'sendBack', 'requestSupplement', 'supplementReceived', 'reschedule', 'refuse', 'withdraw', 'recordReturn', 'claim', 'assign']);
const DATE_TIME = { format: 'date-time' } as const;

export class StepView {
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STEP_ROLES }) role!: C.StepRole;
  @ApiPropertyOptional() departmentCode?: string;
  @ApiProperty() position!: number;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: allOf<C.DurationUnit>()(['working', 'elapsed', 'calendar']), description: "the agency's working calendar, plain elapsed time, or calendar days (Civil Code Art. 147–148)" }) clock!: C.DurationUnit;
  @ApiProperty({ enum: allOf<C.StepStatus>()(['pending', 'active', 'done']) }) status!: C.StepStatus;
  @ApiPropertyOptional(DATE_TIME) startedAt?: string;
  @ApiProperty(DATE_TIME) dueAt!: string;
  @ApiProperty(DATE_TIME) atRiskAt!: string;
  @ApiPropertyOptional(DATE_TIME) completedAt?: string;
  @ApiPropertyOptional({ enum: TIMELINESS }) timeliness?: C.Timeliness;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ description: 'the officer the step is assigned to; absent: claimable by the department' }) assignee?: string;
}

export class Pause {
  @ApiProperty(DATE_TIME) from!: string;
  @ApiPropertyOptional(DATE_TIME) to?: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String] }) items!: string[];
}

export class Guidance {
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: [String] }) items!: string[];
}

export class Reschedule {
  @ApiProperty(DATE_TIME) at!: string;
  @ApiProperty(DATE_TIME) originalDueAt!: string;
  @ApiProperty(DATE_TIME) newDueAt!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional() actor?: string;
}

export class DossierHalt {
  @ApiProperty({ enum: allOf<C.DossierHalt['status']>()(['terminated', 'timed_out', 'failed', 'canceled']), description: 'how Temporal closed the workflow' }) status!: C.DossierHalt['status'];
  @ApiProperty({ ...DATE_TIME, description: 'when the workflow closed' }) at!: string;
  @ApiPropertyOptional({ description: "the operator's reason, or the failure's message" }) reason?: string;
}

export class DossierView {
  @ApiProperty() code!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty() procedureCode!: string;
  @ApiProperty() procedureVersion!: number;
  @ApiProperty({ enum: DOSSIER_STATUSES }) status!: C.DossierStatus;
  @ApiProperty({ description: 'the status code synced to the national portal' }) statusCode!: number;
  @ApiProperty(DATE_TIME) receivedAt!: string;
  @ApiProperty(DATE_TIME) dueAt!: string;
  @ApiProperty(DATE_TIME) atRiskAt!: string;
  @ApiProperty({ ...DATE_TIME, description: 'due date before any reschedule' }) originalDueAt!: string;
  @ApiPropertyOptional(DATE_TIME) finishedAt?: string;
  @ApiPropertyOptional(DATE_TIME) returnedAt?: string;
  @ApiPropertyOptional({ enum: TIMELINESS }) timeliness?: C.Timeliness;
  @ApiPropertyOptional({ enum: TIMELINESS, description: 'Decision 766 score' }) nationalTimeliness?: C.Timeliness;
  @ApiPropertyOptional() currentStepKey?: string;
  @ApiPropertyOptional({ enum: ['approved', 'refused'] }) outcome?: 'approved' | 'refused';
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ type: Guidance }) guidance?: Guidance;
  @ApiProperty({ type: [Pause] }) pauses!: Pause[];
  @ApiProperty() supplementRequests!: number;
  @ApiPropertyOptional({ type: Reschedule }) reschedule?: Reschedule;
  @ApiProperty({ type: [StepView] }) steps!: StepView[];
  @ApiPropertyOptional({ type: DossierHalt, description: 'its workflow ended outside the API (reconciled from Temporal): nothing more happens to it' }) halted?: DossierHalt;
}

/** A registration's answer: the dossier and the secret of the citizen's lookup. */
export class Receipt extends DossierView {
  @ApiProperty({ description: "the receipt's lookup secret (GET /api/public/dossiers/:code?secret=)" }) lookupSecret!: string;
}

export class Applicant {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() idNumber?: string;
  @ApiPropertyOptional() address?: string;
}

export class DossierEvent {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty(DATE_TIME) at!: string;
  @ApiPropertyOptional() actor?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the event's data, by type" }) payload!: Record<string, unknown>;
}

/** The dossier, who applied, its alerts and events, and what the caller may do to it now. */
export class DossierDetail extends DossierView {
  @ApiPropertyOptional({ enum: READ_TIMELINESS, description: 'finished: early, on_time or late; open: within or overdue at read time' })
  override timeliness?: C.Timeliness = undefined; // (an initializer: a redeclared field may carry its own decorator)
  @ApiProperty({ type: Applicant }) applicant!: Applicant;
  @ApiProperty() channel!: string;
  @ApiProperty({ type: [AlertView] }) alerts!: AlertView[];
  @ApiProperty({ type: [DossierEvent] }) events!: DossierEvent[];
  @ApiProperty({ enum: DOSSIER_ACTIONS, isArray: true, description: 'what the caller may do now, decided by the workflow’s own rule (dossier.machine.ts): each names a command route (claim, assign: the task routes); 403 / 409 otherwise' }) allowedActions!: C.DossierAction[];
}

export class DossierSummary {
  @ApiProperty() code!: string;
  @ApiProperty() procedureCode!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ enum: DOSSIER_STATUSES }) status!: string;
  @ApiProperty() statusCode!: number;
  @ApiProperty(DATE_TIME) receivedAt!: string;
  @ApiProperty(DATE_TIME) dueAt!: string;
  @ApiPropertyOptional(DATE_TIME) finishedAt?: string;
  @ApiProperty({ enum: READ_TIMELINESS }) timeliness!: string;
  @ApiPropertyOptional() currentStepKey?: string;
  @ApiPropertyOptional() currentDepartmentCode?: string;
}

export class ControlSheetRow {
  @ApiPropertyOptional() unit?: string;
  @ApiProperty(DATE_TIME) handoverAt!: string;
  @ApiProperty({ description: '"hh:mm dd/mm/yyyy" in the agency\'s time zone' }) handoverAtText!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiPropertyOptional() stepKey?: string;
  @ApiPropertyOptional({ enum: TIMELINESS }) result?: C.Timeliness;
  @ApiPropertyOptional() note?: string;
}

/** Form 05: the handovers of a dossier. */
export class ControlSheet {
  @ApiProperty() code!: string;
  @ApiProperty() applicantName!: string;
  @ApiProperty() procedureCode!: string;
  @ApiProperty(DATE_TIME) receivedAt!: string;
  @ApiProperty(DATE_TIME) dueAt!: string;
  @ApiProperty({ type: [ControlSheetRow] }) rows!: ControlSheetRow[];
}

export class TraceEntry {
  @ApiProperty({ description: "local 'YYYY-MM-DD'" }) date!: string;
  @ApiProperty({ enum: ['counted', 'skipped'] }) kind!: 'counted' | 'skipped';
  @ApiPropertyOptional({ description: "local 'HH:mm'" }) from?: string;
  @ApiPropertyOptional({ description: "local 'HH:mm'" }) to?: string;
  @ApiPropertyOptional({ description: 'the time counted: working minutes, elapsed minutes (fractions for seconds), or days × 1440 for calendar days' }) minutes?: number;
  @ApiPropertyOptional({ enum: TRACE_REASONS, description: 'skipped: weekend or day off; counted: elapsed (a `seconds` duration), calendar days; absent: working time' }) reason?: TraceReason;
  @ApiPropertyOptional({ description: "the calendar's own words for the day (a holiday's name, a make-up day), as its data holds them" }) detail?: string;
  @ApiPropertyOptional({ description: "for calendar days: the period's last local date 'YYYY-MM-DD'" }) lastDate?: string;
}

export class ExplainedDeadline {
  @ApiProperty() key!: string;
  @ApiProperty(DATE_TIME) startAt!: string;
  @ApiProperty(DURATION_SCHEMA) duration!: Duration;
  @ApiProperty(DATE_TIME) dueAt!: string;
  @ApiProperty({ description: 'the trace as one English line (logs, API clients); readers render `trace` and `dueAt` in their own language' }) text!: string;
  @ApiProperty({ type: [TraceEntry], description: 'which hours were counted and which days skipped, in order: what `text` says, as data' }) trace!: TraceEntry[];
}

export class PausedInterval {
  @ApiProperty(DATE_TIME) from!: string;
  @ApiPropertyOptional(DATE_TIME) to?: string;
  @ApiProperty() reason!: string;
}

export class ExplainedDossierDeadline extends ExplainedDeadline {
  @ApiProperty({ type: [PausedInterval] }) pausedIntervals!: PausedInterval[];
  @ApiPropertyOptional(DATE_TIME) rescheduledTo?: string;
}

/** Which hours were counted and which days skipped, for the dossier and every started step. */
export class DeadlineExplanation {
  @ApiProperty() code!: string;
  @ApiProperty({ type: ExplainedDossierDeadline }) dossier!: ExplainedDossierDeadline;
  @ApiProperty({ type: [ExplainedDeadline] }) steps!: ExplainedDeadline[];
}

/** Form 04: apology and new appointment date. */
export class ApologyForm {
  @ApiProperty({ enum: ['04'] }) form!: '04';
  @ApiProperty() addressee!: string;
  @ApiProperty() code!: string;
  @ApiProperty() procedureName!: string;
  @ApiProperty(DATE_TIME) receivedAt!: string;
  @ApiProperty(DATE_TIME) originalDueAt!: string;
  @ApiProperty(DATE_TIME) newDueAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty(DATE_TIME) issuedAt!: string;
  @ApiPropertyOptional() issuedBy?: string;
  @ApiProperty() text!: string;
}

/** The notice that processing stopped at the applicant's request. */
export class StopNotice {
  @ApiProperty({ enum: ['stop-notice'] }) form!: 'stop-notice';
  @ApiProperty() addressee!: string;
  @ApiProperty() code!: string;
  @ApiProperty() procedureName!: string;
  @ApiProperty(DATE_TIME) receivedAt!: string;
  @ApiProperty(DATE_TIME) stoppedAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() text!: string;
}

/** The detail's `timeliness` is read-time (within/overdue for open dossiers) though the service types it as the view's. */
type DetailContract = Omit<S.DossierDetail, 'timeliness'> & { timeliness?: C.Timeliness };

export const _mirrors: [
  Mirrors<StepView, C.StepView>,
  Mirrors<Pause, C.Pause>,
  Mirrors<DossierView, C.DossierView>,
  Mirrors<Receipt, ReceiptContract>,
  Mirrors<Applicant, C.Applicant>,
  Mirrors<DossierDetail, DetailContract>,
  Mirrors<DossierSummary, S.DossierSummary>,
  Mirrors<ControlSheetRow, F.ControlSheetRow>,
  Mirrors<ControlSheet, F.ControlSheet>,
  Mirrors<TraceEntry, TraceEntryContract>,
  Mirrors<ExplainedDeadline, F.ExplainedDeadline>,
  Mirrors<DeadlineExplanation, F.DeadlineExplanation>,
  Mirrors<ApologyForm, F.ApologyForm>,
  Mirrors<StopNotice, F.StopNotice>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
