import type { DataSource } from 'typeorm';
import type { ProgressRecord } from '../../../workflows/dossier.contract';
import { writeCitizenNotices } from '../../notify/src/citizen/outbox';
import type { CitizenNoticeSettings } from '../../notify/src/citizen/notices';
import { appendAudit } from './audit';
import type { ClockPlanner } from './deadline-clock';
import { recordReset, RESET_EVENT, type WritingRun } from './dossier-runs';

/**
 * Writes a dossier's projection at `event.seq`: steps, the event, its audit entry, the pending
 * alarms and the dossier's row, in one transaction, then wakes the deadline clock if an alarm is
 * now earlier than its timer. The one writer of the projection: the worker's `recordProgress`
 * activity, and the API registering a dossier in INTAKE_MODE=start (the workflow's first task then
 * repeats that write).
 *
 * Idempotent: the projection only moves forward (guarded by the event sequence), events and alerts
 * are keyed, so a retry, a replay or the workflow repeating the API's registration writes nothing
 * twice. A write whose event the row already holds (or a later one) writes nothing at all: it
 * takes the locks, reads the row and commits, and for the same event only checks whether the
 * clock still needs its signal.
 *
 * Runs (`run`: the workflow run writing, from its activity): a reset starts a new run that re-runs
 * the history after an earlier point, so its events carry numbers the dossier already holds. The
 * row keeps the run that wrote it and an offset from that run's numbers to the dossier's sequence:
 * a write of the workflow's current run over another run's row first records the reset (an event
 * and its audit entry, after every event of the run it replaces: nothing is overwritten), then
 * writes after it; a late write of the replaced run is dropped as stale. Writes without a run (the
 * API's registration) belong to the row's run; a row without one (the API's, until the workflow's
 * next event) takes the run of the next write that moves it forward.
 *
 * `notices` (the process's settings): the event's notice to the citizen is written with it (the
 * `notifications` outbox; libs/notify/src/citizen); without them none is.
 */
export async function writeProgress(
  ds: DataSource, clock: ClockPlanner, { dossier: d, event: raw, applicant, channel, alarms }: ProgressRecord, run?: WritingRun, notices?: CitizenNoticeSettings,
): Promise<void> {
  const current = d.steps.find((s) => s.key === d.currentStepKey);
  const mustWake = await ds.transaction(async (m) => {
    // The clock's lock before any row lock: see ClockPlanner.share.
    if (alarms) await clock.share(m, d.code);
    // The audit entry's "before"; FOR UPDATE takes now the row lock the upsert takes anyway. The
    // row is the transaction's last write, so a concurrent writer of the same first event (the
    // API and the workflow's first task) finds no row here until the other committed; it then
    // waits on the event's key below.
    const [previous]: { view: unknown; version: number; run_id: string | null; seq_offset: number }[] = await m.query(
      `SELECT view, version, run_id, seq_offset FROM dossiers WHERE code = $1 FOR UPDATE`,
      [d.code],
    );
    let offset = previous?.seq_offset ?? 0;
    let event = { ...raw, seq: raw.seq + offset };
    if (previous?.run_id && run && previous.run_id !== run.id) {
      // Another run wrote the row. The current run is the reset's (newer); any other one was
      // replaced by a reset and its write is stale, like a write older than the row.
      if (!(await run.isCurrent())) return false;
      // A RESET_EVENT record (the reconciliation's, for a reset run that wrote nothing yet: its
      // state at its last event, which the runs share) is the reset itself.
      const resync = raw.type === RESET_EVENT;
      const reset = await recordReset(m, { code: d.code, previous, runId: run.id, at: raw.at, lastShared: resync ? raw.seq : raw.seq - 1, apart: !resync });
      offset = reset.offset;
      event = { ...raw, seq: raw.seq + offset, ...(resync ? { payload: reset.payload } : {}) };
    }
    if (previous && previous.version >= event.seq) {
      // Already written (a retried activity, or the first task after the API's registration).
      // Its alarms were planned with it; the writer that planned them may have died before its
      // signal, so the same event re-checks the wake-up. A stale one (older than the row) leaves
      // them alone, like the row.
      return previous.version === event.seq && alarms ? clock.mustWake(m, d.code) : false;
    }
    const inserted: unknown[] = await m.query(
      `INSERT INTO dossier_events (dossier_code, seq, type, at, actor, payload) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (dossier_code, seq) DO NOTHING RETURNING seq`,
      [d.code, event.seq, event.type, event.at, event.actor ?? null, JSON.stringify(event.payload)],
    );
    // The event first: a concurrent writer of the same event (the API and the workflow's first
    // task, both finding no row above) waits here for the other's commit and then inserts nothing;
    // it leaves the projection and the alarms to the one that wrote them, like a committed repeat.
    if (inserted.length === 0) return alarms ? clock.mustWake(m, d.code) : false;
    const cols = 18;
    const values: unknown[] = [];
    const rows = d.steps.map((s, i) => {
      values.push(
        d.code, s.key, s.position, s.attempt, s.name, s.role, s.departmentCode ?? null, s.clock, s.status, s.startedAt ?? null,
        s.dueAt, s.atRiskAt, s.completedAt ?? null, s.timeliness ?? null, s.note ?? null, s.assignee ?? null, event.seq, d.agencyCode,
      );
      return `(${Array.from({ length: cols }, (_, c) => `$${i * cols + c + 1}`).join(',')})`;
    });
    await m.query(
      `INSERT INTO dossier_steps (dossier_code, step_key, position, attempt, name, role, department_code, clock, status, started_at,
         due_at, at_risk_at, completed_at, timeliness, note, assignee, version, agency_code)
       VALUES ${rows.join(',')}
       ON CONFLICT (dossier_code, step_key) DO UPDATE SET status = EXCLUDED.status, started_at = EXCLUDED.started_at,
         due_at = EXCLUDED.due_at, at_risk_at = EXCLUDED.at_risk_at, completed_at = EXCLUDED.completed_at,
         timeliness = EXCLUDED.timeliness, note = EXCLUDED.note, assignee = EXCLUDED.assignee, attempt = EXCLUDED.attempt, version = EXCLUDED.version
       WHERE dossier_steps.version < EXCLUDED.version`,
      values,
    );
    // One audit entry per event, in the same transaction, by the write that inserted the event;
    // `once` keys it by (chain, action, 'dossier', seq) as well, so a retry appends nothing.
    await appendAudit(m, {
      chain: d.code, actor: event.actor ?? 'system', action: event.type, entity: 'dossier', entityId: String(event.seq),
      before: previous?.view ?? null, after: d, at: event.at, once: true,
    });
    // The citizen's notice of the event (received, supplement, apology, result), in the outbox.
    if (notices) await writeCitizenNotices(m, { dossier: d, event, applicant }, notices);
    // The pending alarms move with the projection, in the same transaction.
    const wake = alarms ? await clock.plan(m, d.code, alarms) : false;
    // The dossier's row last (the child rows' keys are checked at commit, migration
    // DeferredProjectionKeys1765324800000): its rollup trigger locks the counter row every
    // registration of this procedure today adds to, and holds it until commit.
    await m.query(
      `INSERT INTO dossiers (code, agency_code, procedure_code, procedure_version, applicant, applicant_name, channel,
         status, status_code, received_at, due_at, at_risk_at, finished_at, timeliness, current_step_key,
         current_department_code, version, original_due_at, returned_at, outcome, supplement_requests, rescheduled, view,
         handling_department_code, run_id, seq_offset)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26)
       ON CONFLICT (code) DO UPDATE SET status = EXCLUDED.status, status_code = EXCLUDED.status_code,
         received_at = EXCLUDED.received_at, due_at = EXCLUDED.due_at, at_risk_at = EXCLUDED.at_risk_at,
         finished_at = EXCLUDED.finished_at, timeliness = EXCLUDED.timeliness, current_step_key = EXCLUDED.current_step_key,
         current_department_code = EXCLUDED.current_department_code, version = EXCLUDED.version,
         original_due_at = EXCLUDED.original_due_at, returned_at = EXCLUDED.returned_at, outcome = EXCLUDED.outcome,
         supplement_requests = EXCLUDED.supplement_requests, rescheduled = EXCLUDED.rescheduled, view = EXCLUDED.view,
         run_id = coalesce(EXCLUDED.run_id, dossiers.run_id), seq_offset = EXCLUDED.seq_offset, updated_at = now()
       WHERE dossiers.version < EXCLUDED.version`,
      [
        d.code, d.agencyCode, d.procedureCode, d.procedureVersion, JSON.stringify(applicant), applicant.name, channel,
        d.status, d.statusCode, d.receivedAt, d.dueAt, d.atRiskAt, d.finishedAt ?? null, d.timeliness ?? null,
        d.currentStepKey ?? null, current?.departmentCode ?? null, event.seq, d.originalDueAt, d.returnedAt ?? null,
        d.outcome ?? null, d.supplementRequests, Boolean(d.reschedule), JSON.stringify(d),
        (d.steps.find((s) => s.role === 'reviewer') ?? current)?.departmentCode ?? null, run?.id ?? null, offset,
      ],
    );
    return wake;
  });
  if (mustWake) await clock.wake(d.code);
}
