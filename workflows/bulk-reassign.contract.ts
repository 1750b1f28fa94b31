// Contract of the bulk reassignment workflow (issue 17 item 5), shared by the workflow, the worker's
// activities and the API. Type-only imports keep it free of runtime dependencies.
import { defineQuery } from '@temporalio/workflow';
import type { StepRole } from '../libs/domain/src';
import type { ActorRef } from './dossier.contract';

export const BULK_REASSIGN_WORKFLOW = 'bulkReassignWorkflow';
/** Workflow ids of bulk reassignments: the prefix plus a random id (the API's `id`). */
export const BULK_REASSIGN_ID_PREFIX = 'bulk-reassign-';

/** A kind of step (role and department) the target officer may or may not take, as the API checked it. */
export interface StepKind {
  role: StepRole;
  departmentCode: string | null;
}

export interface BulkReassignInput {
  /** the workflow id; named in the audit trail and as the idempotency key of each step's move */
  id: string;
  agencyCode: string;
  /** the head's department, or null for an agency-wide head: the steps moved lie in it */
  departmentCode: string | null;
  from: string;
  to: string;
  /** who asked: the username each dossier's event records, and the identity the dossier's workflow judges */
  requestedBy: string;
  by: ActorRef;
  /** kinds of step the API found `to` may take; a step of another kind fails with `refused`'s reason */
  allowed: StepKind[];
  refused: (StepKind & { reason: string })[];
  /** steps per batch (one activity each) */
  batchSize: number;
  requestedAt: string;
}

/** One step: `<dossierCode>~<stepKey>`, as the task ids of GET /api/tasks. */
export type StepId = string;

/** The one place a step (task) id is written… */
export const stepId = (dossierCode: string, stepKey: string): StepId => `${dossierCode}~${stepKey}`;

/** …and read, cut at the last `~`; undefined when `id` names no step. */
export function stepIdParts(id: string): { code: string; stepKey: string } | undefined {
  const cut = id.lastIndexOf('~');
  return cut <= 0 ? undefined : { code: id.slice(0, cut), stepKey: id.slice(cut + 1) };
}

export type StepOutcome =
  | { id: StepId; outcome: 'moved' }
  /** already moved, closed or no longer current: nothing to do */
  | { id: StepId; outcome: 'skipped'; reason: string }
  /** not allowed (the target officer's role or department, the head's reach) */
  | { id: StepId; outcome: 'failed'; reason: string };

export interface BulkReassignProgress {
  id: string;
  /** `stopped`: the workflow ended without finishing (terminated by an operator): the counts are where it stopped */
  status: 'running' | 'completed' | 'stopped';
  from: string;
  to: string;
  requestedBy: string;
  requestedAt: string;
  /** steps of `from` found so far (counted at the start, grown if more appear) */
  total: number;
  /** steps handled so far: moved + skipped + failed */
  done: number;
  moved: number;
  skipped: { id: StepId; reason: string }[];
  failed: { id: StepId; reason: string }[];
  finishedAt?: string;
}

export const bulkReassignProgressQuery = defineQuery<BulkReassignProgress>('progress');

export interface BulkReassignActivities {
  /** How many open steps `from` holds in the request's scope now. */
  countReassignableSteps(input: BulkReassignInput): Promise<number>;
  /** The next `limit` of them, in (dossier code, step key) order after `after` ('' first). */
  listReassignableSteps(input: BulkReassignInput, after: StepId, limit: number): Promise<StepId[]>;
  /** Moves each step to `to` with an idempotent `assign` command (safe to retry). */
  reassignSteps(input: BulkReassignInput, ids: StepId[]): Promise<StepOutcome[]>;
  /** Appends the request's entry to the system audit chain (once per id and phase). */
  auditBulkReassign(input: BulkReassignInput, phase: 'started' | 'finished', summary?: BulkReassignProgress): Promise<void>;
}
