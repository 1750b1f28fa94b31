// Contracts shared by the workflow, the worker's activities and the API. Type-only imports from
// the domain keep this file free of runtime dependencies.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClockStart, Duration, StepPlan, WorkCalendar } from '../libs/domain/src';
import type { AlertKind, Applicant, DossierStatus, DossierView, Role } from '../libs/contracts/src';

// The dossier's projection is what the API returns: declared with the response shapes, which the
// web app shares.
export type { AlertKind, Applicant, DossierAction, DossierStatus, DossierView, Pause, StepStatus, StepView, Timeliness } from '../libs/contracts/src';

export const DOSSIER_WORKFLOW = 'dossierWorkflow';

/** Status codes synced to the national portal (DOMAIN.md, "Dossier lifecycle"). */
export const STATUS_CODES: Record<DossierStatus, number> = {
  submitted: 1,
  received: 2,
  refused_at_reception: 3,
  processing: 4,
  supplement_requested: 5,
  withdrawn: 8,
  awaiting_return: 9,
  returned: 10,
};

export type SupplementPolicy = 'subtract' | 'restart';
export type ReceptionOutcome = 'received' | 'needs_supplement' | 'refused';

export interface DossierInput {
  code: string;
  agencyCode: string;
  procedure: {
    code: string;
    version: number;
    name: string;
    legalTime: Duration;
    steps: StepPlan[];
    /** Decree text restarts the period after a supplement; the 766 index subtracts the wait. */
    supplementPolicy?: SupplementPolicy;
    /** Working days after receipt during which a supplement may still be requested (default 3). */
    supplementWindowDays?: number;
    /**
     * Supplement requests the procedure's specialised law allows (its basis in
     * `supplementRequestsBasis`); absent: Decree 118/2025's one (dossier.machine.ts `supplementCap`).
     */
    maxSupplementRequests?: number;
    supplementRequestsBasis?: string;
    /** When the legal period starts counting; absent: at receipt (legal-time.ts `clockStartAt`). */
    clockStart?: ClockStart;
  };
  calendar: WorkCalendar;
  /** Version of the calendar snapshot; a `calendarChanged` command only applies a newer one. */
  calendarVersion?: number;
  applicant: Applicant;
  channel: 'counter' | 'online' | 'postal';
  /** ISO instant the desk took the dossier; the clock starts at legal receipt. */
  receivedAt: string;
  reception?: { outcome: ReceptionOutcome; reason?: string; items?: string[] };
}

/** Everything that changes an open dossier; one Update carries them all, each with its own check. */
export type DossierCommand =
  | { type: 'receive'; receivedAt?: string }
  | { type: 'complete'; stepKey: string; note?: string }
  | { type: 'sendBack'; stepKey: string; toStepKey: string; reason: string }
  | { type: 'requestSupplement'; reason: string; items: string[] }
  | { type: 'supplementReceived'; note?: string }
  | { type: 'reschedule'; newDueAt: string; reason: string }
  | { type: 'refuse'; reason: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'recordReturn'; note?: string }
  | { type: 'assign'; stepKey: string; assignee: string }
  | { type: 'calendarChanged'; calendar: WorkCalendar; version: number };

/** Who a command acts for, as the workflow judges it: a person's identity and reach (from the access token). */
export interface ActorRef {
  id: string;
  username: string;
  roles: Role[];
  agencyCode: string;
  departmentCode?: string;
  /** Reach across every department of the agency; a missing department never implies it. */
  agencyWide: boolean;
}

/** The engine itself acting (the calendar rollout): it may only do what no person may (`calendarChanged`). */
export interface SystemRef {
  system: 'calendar';
}

/**
 * A command as the `command` Update carries it. `actor` is the username the event records; `by` is
 * who acts, and the lifecycle machine decides with it (dossier.machine.ts `rejection`). Updates sent
 * before `by` existed have none: they replay with the state check only (legacy path).
 */
export type CommandInput = DossierCommand & { actor?: string; by?: ActorRef | SystemRef };

/** The calendar rollout's commands say they are the system's. */
export const CALENDAR_SYSTEM: SystemRef = { system: 'calendar' };

/**
 * `ApplicationFailure.type` of a refused command: not allowed for this actor (the API answers 403)
 * or not allowed in the dossier's state (409).
 */
export const REJECTED_FORBIDDEN = 'CommandForbidden';
export const REJECTED_CONFLICT = 'CommandConflict';

/** Registration: returns the receipt once the dossier is persisted (read-your-write). */
export const registerUpdate = defineUpdate<DossierView>('register');
export const commandUpdate = defineUpdate<DossierView, [CommandInput]>('command');
export const dossierStateQuery = defineQuery<DossierView>('state');
/** The dossier's due dates under a candidate calendar, nothing changed (dossier.machine.ts `previewReplan`). */
export const replanPreviewQuery = defineQuery<ReplanPreview, [WorkCalendar]>('replanPreview');

export interface ReplanPreview {
  dueAt: string;
  newDueAt: string;
  /** The current step and its due date before and after, when a step is active. */
  stepKey?: string;
  stepDueAt?: string;
  newStepDueAt?: string;
}

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
  /**
   * The dossier's pending alarms after this event, for the deadline clock; they replace the ones
   * written before. Absent from workflows started before the clock (they keep a timer each).
   */
  alarms?: PlannedAlarm[];
}

export interface AlertRecord {
  kind: AlertKind;
  /** Step attempt (after a send-back) or dossier due-date generation (after a reschedule). */
  level: number;
  dossierCode: string;
  stepKey?: string;
  departmentCode?: string;
  dueAt: string;
}

/** An alarm the deadline clock will turn into its alert at `fireAt` (ISO), unless re-planned first. */
export type PlannedAlarm = Omit<AlertRecord, 'dossierCode'> & { fireAt: string };

export const DEADLINE_CLOCK_WORKFLOW = 'deadlineClockWorkflow';
export const CLOCK_KEEPER_WORKFLOW = 'clockKeeperWorkflow';
/**
 * Which clock a run is: shard `shard` of `shards`. An alarm belongs to the shard `bucket % shards`
 * (its dossier's bucket: `alarmBucket` in libs/db), so every set of shards covers every alarm.
 */
export interface ClockShard {
  shard: number;
  shards: number;
}
export interface ClockArgs extends ClockShard {
  /** The run continues as new after this many sweeps, or this many wake-up signals, whichever first. */
  sweepsPerRun: number;
  signalsPerRun: number;
}
/** One clock per task queue and shard: its workflow id. */
export const deadlineClockId = (taskQueue: string, { shard, shards }: ClockShard) => `deadline-clock:${taskQueue}:${shard}-of-${shards}`;
/** The id of the schedule that keeps a task queue's clocks running (`clockKeeperWorkflow`). */
export const clockKeeperId = (taskQueue: string) => `deadline-clock-keeper:${taskQueue}`;
/** Sent when an alarm is planned earlier than the clock's timer: re-read the next instant. */
export const wakeSignal = defineSignal('wake');

export interface SweepResult {
  fired: number;
  next: number | null;
  finishedAt: number;
  /** The clock's shard set is not the workers' (`DEADLINE_CLOCK_SHARDS` changed, or a clock of before shards): stop. */
  retire?: boolean;
}

/** How early a deadline clock's timer fires before its next alarm; the sweep waits for the instant itself (workflows/deadline-clock.workflow.ts). */
export const TIMER_LEAD_MS = 1_500;

export interface ClockActivities {
  /**
   * Turns every alarm of `shard` due by `upTo` (ms; or by now, if later) into its alert, exactly
   * once, and returns the next pending alarm's instant (null: none) and when it finished (ms). An
   * `upTo` still ahead (the clock's timer fires early: TIMER_LEAD_MS) is waited for first, a few
   * seconds at most: nothing rings before its instant.
   * While the next alarm is due within DEADLINE_CLOCK_FOLLOW_MS it waits and rings that too (for
   * a few seconds at most), so a storm does not cost a workflow task and a timer per gap.
   * Without a shard (a clock started before shards) it rings nothing and says retire.
   */
  sweepDeadlines(upTo: number, shard?: ClockShard): Promise<SweepResult>;
}

export interface KeeperActivities {
  /**
   * Starts every clock of the workers' shard set that does not run (terminated, failed, never
   * started) and wakes those whose oldest due alarm waits longer than the lag threshold.
   */
  keepClocks(): Promise<{ started: number; woken: number }>;
}

export interface DossierActivities {
  /** Both return the wall-clock instant (ms) they finished: see `now()` in the workflow. */
  recordProgress(record: ProgressRecord): Promise<number>;
  recordAlert(alert: AlertRecord): Promise<number>;
}

export interface CalendarActivities {
  /**
   * Sends the calendar at `version` to every open dossier, then to every open petition; returns how
   * many dossiers took it (`replanned`) and how many petitions (`replannedPetitions`: absent from
   * the results of rollouts that ran before petitions were re-planned).
   */
  replanOpenDossiers(version: number): Promise<{ replanned: number; replannedPetitions?: number }>;
}
