import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import { stepId, stepIdParts, type BulkReassignActivities, type BulkReassignInput, type StepId, type StepKind, type StepOutcome } from '../../../../workflows/bulk-reassign.contract';
import { commandUpdate, REJECTED_FORBIDDEN } from '../../../../workflows/dossier.contract';

const PARALLEL = 8;
const UPDATE_TIMEOUT_MS = 30_000;
const HEARTBEAT_MS = 3_000;

/** The open steps of `from` in the request's scope (the head's agency, and department unless agency-wide). */
const SCOPE = `s.status = 'active' AND s.assignee = $1 AND s.agency_code = $2 AND ($3::text IS NULL OR s.department_code = $3)`;
const scopeParams = (i: BulkReassignInput) => [i.from, i.agencyCode, i.departmentCode];

const sameKind = (a: StepKind, role: string, departmentCode: string | null) => a.role === role && (a.departmentCode ?? null) === departmentCode;

export function createReassignActivities(ds: DataSource, client: Client): BulkReassignActivities {
  /** One step: checked on the projection, then moved by the dossier's workflow (which has the last word). */
  async function reassignOne(input: BulkReassignInput, id: StepId, signal: AbortSignal): Promise<StepOutcome> {
    const { code, stepKey } = stepIdParts(id)!;
    const [row]: { status: string; assignee: string | null; role: string; department_code: string | null }[] = await ds.query(
      `SELECT status, assignee, role, department_code FROM dossier_steps WHERE dossier_code = $1 AND step_key = $2`,
      [code, stepKey],
    );
    if (!row || row.status !== 'active') return { id, outcome: 'skipped', reason: 'the step is no longer open' };
    // `to` already: moved by an earlier attempt of this batch (its Update id answers it again below) or by someone else.
    if (row.assignee !== input.from && row.assignee !== input.to) return { id, outcome: 'skipped', reason: `already reassigned to ${row.assignee ?? 'nobody'}` };
    const refused = input.refused.find((k) => sameKind(k, row.role, row.department_code));
    if (refused) return { id, outcome: 'failed', reason: refused.reason };
    if (!input.allowed.some((k) => sameKind(k, row.role, row.department_code))) {
      return { id, outcome: 'failed', reason: `${input.to} was not checked for a ${row.role} step${row.department_code ? ` of ${row.department_code}` : ''}` };
    }
    try {
      // The Update id makes the move idempotent: sent again (a retried batch), it answers the first result.
      await client.withAbortSignal(AbortSignal.any([signal, AbortSignal.timeout(UPDATE_TIMEOUT_MS)]), () =>
        client.workflow.getHandle(code).executeUpdate(commandUpdate, {
          updateId: `${input.id}:${stepKey}`,
          args: [{ type: 'assign', stepKey, assignee: input.to, actor: input.requestedBy, by: input.by }],
        }),
      );
      return { id, outcome: 'moved' };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { id, outcome: 'skipped', reason: 'the dossier is closed' };
      if (err instanceof WorkflowUpdateFailedError) {
        const failure = err.cause as (Error & { type?: string | null }) | undefined;
        const reason = failure?.message ?? err.message;
        // Not this head's to do: a failure to report. Otherwise the step moved on meanwhile (closed, not current, already `to`'s).
        return failure?.type === REJECTED_FORBIDDEN ? { id, outcome: 'failed', reason } : { id, outcome: 'skipped', reason };
      }
      throw err;
    }
  }

  return {
    async countReassignableSteps(input) {
      const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM dossier_steps s WHERE ${SCOPE}`, scopeParams(input));
      return n;
    },

    async listReassignableSteps(input, after, limit) {
      const { code, stepKey } = stepIdParts(after) ?? { code: '', stepKey: '' };
      const rows: { dossier_code: string; step_key: string }[] = await ds.query(
        `SELECT s.dossier_code, s.step_key FROM dossier_steps s WHERE ${SCOPE} AND (s.dossier_code, s.step_key) > ($4, $5)
          ORDER BY s.dossier_code, s.step_key LIMIT $6`,
        [...scopeParams(input), code, stepKey, limit],
      );
      return rows.map((r) => stepId(r.dossier_code, r.step_key));
    },

    async reassignSteps(input, ids) {
      const ctx = Context.current();
      // A step's Update may wait on its dossier's worker: the heartbeat says this worker is alive meanwhile.
      const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_MS);
      try {
        const out: StepOutcome[] = [];
        for (let i = 0; i < ids.length; i += PARALLEL) {
          out.push(...(await Promise.all(ids.slice(i, i + PARALLEL).map((id) => reassignOne(input, id, ctx.cancellationSignal)))));
          ctx.heartbeat();
        }
        return out;
      } finally {
        clearInterval(beat);
      }
    },

    async auditBulkReassign(input, phase, summary) {
      const { from, to, departmentCode, agencyCode } = input;
      await ds.transaction((m) =>
        appendAudit(m, {
          chain: SYSTEM_AUDIT_CHAIN,
          actor: input.requestedBy,
          action: phase === 'started' ? 'tasks_bulk_reassign_started' : 'tasks_bulk_reassign_finished',
          entity: 'bulk_reassignment',
          entityId: input.id,
          after: phase === 'started'
            ? { from, to, agencyCode, departmentCode }
            : { from, to, total: summary?.total, moved: summary?.moved, skipped: summary?.skipped.length, failed: summary?.failed },
          once: true,
        }),
      );
    },
  };
}
