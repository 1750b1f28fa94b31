import { defineQuery } from '@temporalio/workflow';
import type { ProgressRecord } from './dossier.contract';

/**
 * A dossier workflow's state as its projection writes it, with the number of its last event: what
 * the reconciliation writes for a reset run that has written nothing yet (its new run idles until
 * a command, while the projection and the alarms still show the run it replaced).
 */
export type RunProgress = Omit<ProgressRecord, 'event'> & { seq: number };
export const progressQuery = defineQuery<RunProgress>('progress');

/** What one reconciliation of closed dossier workflows did (`reconcileClosedDossiers`). */
export interface ReconcileResult {
  /** Closed runs the visibility query listed (those closed since the watermark, less a margin). */
  listed: number;
  /** Dossiers newly recorded as halted (their alarms removed). */
  halted: number;
  /** Listed runs that a reset replaced: not orphans, the workflow goes on in its new run. */
  replaced: number;
  /** Dossiers whose projection still followed a replaced run, written from their new run's state. */
  resynced: number;
  /** The close time up to which runs have been read (ISO), or null before any. */
  closedUpTo: string | null;
}

export interface ReconcileActivities {
  /**
   * Finds the dossier workflows of this task queue that closed outside the API (terminated, timed
   * out, failed, canceled) since the last run and records each on its dossier, removing its alarms.
   * Idempotent, and one visibility query when nothing closed.
   */
  reconcileClosedDossiers(): Promise<ReconcileResult>;
}
