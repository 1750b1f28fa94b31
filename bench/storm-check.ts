import type { Pool } from 'pg';
import type { SseEvent } from './sse-client';
import { summarize, type LatencySummary } from './stats';

export const STORM_KINDS = ['step_at_risk', 'step_overdue'] as const;

/** What each storm dossier must produce: one alert per kind, at a known instant (from its receipt). */
export interface Expected {
  code: string;
  atRiskAt: number;
  dueAt: number;
}

export interface AlertCheck {
  expected: number;
  recorded: number;
  delivered: number;
  missingRecorded: number;
  duplicateRecorded: number;
  unexpectedRecorded: number;
  missingDelivered: number;
  duplicateDelivered: number;
  /** firedAt − the instant it was due (at-risk instant for at-risk alerts, due date for overdue). */
  firedLateness: LatencySummary;
  /** SSE arrival at the client − the instant it was due. */
  deliveredLateness: LatencySummary;
  /**
   * The worst recorded lateness (ms) of the alerts due in each second of the window, from the
   * first: a steady backlog shows as a plateau, a stalled clock as a spike.
   */
  worstBySecond: number[];
  problems: string[];
}

interface AlertRow {
  kind: string;
  dossier_code: string;
  fired_at: Date;
}

interface AlertPayload {
  id?: string;
  kind?: string;
  dossierCode?: string;
}

export async function recordedCount(db: Pool, agency: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM alerts WHERE dossier_code LIKE $1`, [`${agency}-%`]);
  return Number(rows[0].n);
}

export function deliveredOf(events: readonly SseEvent[], agency: string): SseEvent[] {
  return events.filter((e) => e.type === 'alert' && ((e.data as AlertPayload).dossierCode ?? '').startsWith(`${agency}-`));
}

/** Counts every alert of the storm's agency in the table and on the SSE stream against the receipts. */
export async function checkAlerts(db: Pool, agency: string, expected: readonly Expected[], events: readonly SseEvent[]): Promise<AlertCheck> {
  const target = new Map<string, number>();
  for (const e of expected) {
    target.set(`${e.code}|step_at_risk`, e.atRiskAt);
    target.set(`${e.code}|step_overdue`, e.dueAt);
  }
  const { rows } = await db.query<AlertRow>(`SELECT kind, dossier_code, fired_at FROM alerts WHERE dossier_code LIKE $1`, [`${agency}-%`]);
  const recorded = new Map<string, number>();
  const fired: number[] = [];
  const dueFired: [number, number][] = [];
  let unexpected = 0;
  for (const r of rows) {
    const key = `${r.dossier_code}|${r.kind}`;
    const due = target.get(key);
    if (due === undefined) {
      unexpected += 1;
      continue;
    }
    recorded.set(key, (recorded.get(key) ?? 0) + 1);
    fired.push(r.fired_at.getTime() - due);
    dueFired.push([due, r.fired_at.getTime() - due]);
  }
  const firstDue = dueFired.reduce((min, [due]) => Math.min(min, due), Infinity);
  const worstBySecond: number[] = [];
  for (const [due, late] of dueFired) {
    const i = Math.floor((due - firstDue) / 1000);
    worstBySecond[i] = Math.max(worstBySecond[i] ?? 0, Math.round(late));
  }
  const delivered = new Map<string, number>();
  const ids = new Set<string>();
  const arrival: number[] = [];
  let duplicateIds = 0;
  for (const e of deliveredOf(events, agency)) {
    const a = e.data as AlertPayload;
    if (a.id && ids.has(a.id)) duplicateIds += 1;
    if (a.id) ids.add(a.id);
    const key = `${a.dossierCode}|${a.kind}`;
    const due = target.get(key);
    delivered.set(key, (delivered.get(key) ?? 0) + 1);
    // Only the first arrival counts for lateness; a duplicate is reported as such.
    if (due !== undefined && delivered.get(key) === 1) arrival.push(e.receivedAt - due);
  }
  const count = (m: Map<string, number>, pred: (n: number) => boolean) => [...target.keys()].filter((k) => pred(m.get(k) ?? 0)).length;
  const check: AlertCheck = {
    expected: target.size,
    recorded: rows.length,
    delivered: [...delivered.values()].reduce((a, b) => a + b, 0),
    missingRecorded: count(recorded, (n) => n === 0),
    duplicateRecorded: count(recorded, (n) => n > 1),
    unexpectedRecorded: unexpected,
    missingDelivered: count(delivered, (n) => n === 0),
    duplicateDelivered: count(delivered, (n) => n > 1) + duplicateIds,
    firedLateness: summarize(fired),
    deliveredLateness: summarize(arrival),
    worstBySecond: Array.from(worstBySecond, (v) => v ?? 0),
    problems: [],
  };
  const say = (n: number, what: string) => n > 0 && check.problems.push(`${n} ${what}`);
  say(check.missingRecorded, 'alerts never recorded');
  say(check.duplicateRecorded, 'alerts recorded more than once');
  say(check.unexpectedRecorded, 'unexpected alerts recorded (kinds the storm does not schedule)');
  say(check.missingDelivered, 'alerts never delivered over SSE');
  say(check.duplicateDelivered, 'alerts delivered more than once over SSE');
  return check;
}
