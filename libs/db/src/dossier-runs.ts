import type { DataSource, EntityManager } from 'typeorm';
import type { DossierHalt } from '../../contracts/src';
import { appendAudit } from './audit';
import type { ClockPlanner } from './deadline-clock';

/**
 * How a dossier's projection follows its workflow's runs (columns `run_id`, `seq_offset`, migration
 * DossierRuns1765756800000). Temporal changes a dossier's run outside the API in two ways: a reset
 * (a new run re-runs the history after an earlier point and replaces the old one) and a close that
 * is not the workflow's own end (terminated, timed out, failed, canceled). Both are recorded as
 * events of the dossier, with their audit entries, after every event already written: the event
 * sequence and the audit chain only grow.
 */

/** The workflow run behind a projection write (the worker's `recordProgress` knows it from its activity). */
export interface WritingRun {
  id: string;
  /** Whether this run is its workflow's current run; asked only when the row follows another run. */
  isCurrent(): Promise<boolean>;
}

export const RESET_EVENT = 'workflow_reset';
export const HALTED_EVENT = 'workflow_halted';

/**
 * Inside the projection write, under the row lock, when the workflow's current run writes over
 * another run's row: the reset is the event after the row's last one. Returns the new run's offset
 * (its event `lastShared`, the last one both runs hold, maps onto the reset) and the reset's
 * payload; `apart`: insert the reset event and its audit entry here (the write that follows is the
 * new run's next event), else the caller writes the reset as its own event with the new run's state.
 * The events the replaced run wrote after `lastShared` stay as they were (they happened).
 */
export async function recordReset(
  m: EntityManager,
  { code, previous, runId, at, lastShared, apart }: {
    code: string; previous: { version: number; run_id: string | null; seq_offset: number }; runId: string; at: string; lastShared: number; apart: boolean;
  },
): Promise<{ offset: number; payload: Record<string, unknown> }> {
  const seq = previous.version + 1;
  const resumedAfter = lastShared + previous.seq_offset;
  const payload = { fromRunId: previous.run_id, runId, resumedAfter, undone: previous.version - resumedAfter };
  if (apart) {
    await m.query(`INSERT INTO dossier_events (dossier_code, seq, type, at, actor, payload) VALUES ($1,$2,$3,$4,NULL,$5)`, [code, seq, RESET_EVENT, at, JSON.stringify(payload)]);
    await appendAudit(m, {
      chain: code, actor: 'system', action: RESET_EVENT, entity: 'dossier', entityId: String(seq),
      before: { runId: previous.run_id, version: previous.version }, after: payload, at, once: true,
    });
  }
  return { offset: seq - lastShared, payload };
}

/** A dossier workflow's run that closed outside the API, as the visibility store lists it. */
export interface HaltedRun {
  code: string;
  runId: string;
  halt: DossierHalt;
}

/**
 * Records that the dossier's workflow ended outside the API: its pending alarms go (nothing is left
 * to ring them for), its view says how and when it ended, and the halt is an event with its audit
 * entry. Idempotent: a dossier whose view already records this halt is left alone (false). A
 * dossier without a row (its workflow ended before the first write) has nothing to record.
 */
export async function recordHalt(ds: DataSource, clock: ClockPlanner, { code, runId, halt }: HaltedRun): Promise<boolean> {
  return ds.transaction(async (m) => {
    // The clock's lock before the row's, as every projection writer takes them.
    await clock.share(m, code);
    const [row]: { view: { halted?: DossierHalt }; version: number }[] = await m.query(
      `SELECT view, version FROM dossiers WHERE code = $1 FOR UPDATE`,
      [code],
    );
    if (!row) return false;
    if (row.view.halted?.at === halt.at && row.view.halted.status === halt.status) return false;
    const seq = row.version + 1;
    await clock.plan(m, code, []);
    await m.query(`INSERT INTO dossier_events (dossier_code, seq, type, at, actor, payload) VALUES ($1,$2,$3,$4,NULL,$5)`, [
      code, seq, HALTED_EVENT, halt.at, JSON.stringify({ ...halt, runId }),
    ]);
    const after = { ...row.view, halted: halt };
    await appendAudit(m, { chain: code, actor: 'system', action: HALTED_EVENT, entity: 'dossier', entityId: String(seq), before: row.view, after, at: halt.at, once: true });
    await m.query(`UPDATE dossiers SET view = $2, version = $3, updated_at = now() WHERE code = $1`, [code, JSON.stringify(after), seq]);
    return true;
  });
}
