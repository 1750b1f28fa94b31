import type { Pool } from 'pg';
import { median, medianSummary, summarize, type LatencySummary } from './stats';

/**
 * What a database poller would have achieved on the very same deadlines: a poll every
 * `intervalMs` finds a deadline at the first poll at or after it, and its answer is ready one
 * query later. Polls are not aligned with deadlines, so the figure is the median over evenly
 * spread phases. It is a lower bound: recording and pushing a whole batch of alerts found by one
 * poll takes extra time that this model leaves out.
 */
export function simulatePoller(targets: readonly number[], intervalMs: number, queryMs: number, phases = 50): LatencySummary {
  const runs: LatencySummary[] = [];
  for (let k = 0; k < phases; k++) {
    const phase = (k * intervalMs) / phases;
    runs.push(summarize(targets.map((t) => ((((phase - t) % intervalMs) + intervalMs) % intervalMs) + queryMs)));
  }
  return medianSummary(runs);
}

/**
 * Times the query such a poller would run for step deadlines (open steps past their at-risk or due
 * instant that have no alert yet), on the database as it stands after the storm.
 */
export async function measurePollQuery(db: Pool, repeats = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await db.query(
      `SELECT s.dossier_code, s.step_key FROM dossier_steps s
        WHERE s.status = 'active' AND s.at_risk_at <= now()
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dossier_code = s.dossier_code AND a.step_key = s.step_key
                            AND a.kind = CASE WHEN s.due_at <= now() THEN 'step_overdue' ELSE 'step_at_risk' END)`,
    );
    times.push(performance.now() - t);
  }
  return Math.round(median(times) * 10) / 10;
}
