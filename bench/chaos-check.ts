import type { Accepted, Attempt, Completion } from './chaos-load';
import { inWindow, type Fault, type FaultKind } from './chaos-faults';
import type { SseEvent } from './sse-client';
import { summarize, type LatencySummary } from './stats';

export type AlarmKind = 'step_at_risk' | 'step_overdue';

/** An alarm the receipts and completions say must ring (or, on a completion racing it, may). */
export interface ExpectedAlarm {
  code: string;
  stepKey: string;
  kind: AlarmKind;
  due: number;
  /** The earliest it could ring: its due instant, or when its dossier was accepted / its step began, if later. */
  from: number;
  /** `may`: the step was completed within the ambiguity margin of this instant (or the completion's outcome is unknown): at most once. */
  ring: 'must' | 'may';
}

export const alarmKey = (code: string, stepKey: string, kind: string) => `${code}|${stepKey}|${kind}`;

/**
 * The alarms that must ring, from what the clients were told, never from our tables: every
 * accepted dossier's first step rings at risk and overdue unless that step was completed before
 * the instant (then it must stay silent); a completed first step starts the second, whose two
 * alarms must ring. A completion within `ambiguityMs` of an instant, or one whose outcome the
 * client never learned (`uncertain`), leaves that alarm free to ring once or not at all.
 */
export function expectedAlarms(accepted: readonly Accepted[], completions: readonly Completion[], stepKeys: readonly [string, string], uncertain: ReadonlySet<string>, ambiguityMs: number): Map<string, ExpectedAlarm> {
  const done = new Map(completions.map((c) => [c.code, c]));
  const out = new Map<string, ExpectedAlarm>();
  const add = (a: Omit<ExpectedAlarm, 'from'>, startedAt: number) => out.set(alarmKey(a.code, a.stepKey, a.kind), { ...a, from: Math.max(a.due, startedAt) });
  for (const d of accepted) {
    const c = done.get(d.code);
    for (const [kind, due] of [['step_at_risk', d.first.atRiskAt], ['step_overdue', d.first.dueAt]] as const) {
      if (uncertain.has(d.code)) add({ code: d.code, stepKey: stepKeys[0], kind, due, ring: 'may' }, d.acceptedAt);
      else if (!c) add({ code: d.code, stepKey: stepKeys[0], kind, due, ring: 'must' }, d.acceptedAt);
      else if (c.completedAt >= due - ambiguityMs) add({ code: d.code, stepKey: stepKeys[0], kind, due, ring: 'may' }, d.acceptedAt);
    }
    if (c) {
      add({ code: d.code, stepKey: stepKeys[1], kind: 'step_at_risk', due: c.second.atRiskAt, ring: 'must' }, c.completedAt);
      add({ code: d.code, stepKey: stepKeys[1], kind: 'step_overdue', due: c.second.dueAt, ring: 'must' }, c.completedAt);
    }
  }
  return out;
}

export interface AlertSeen {
  id?: string;
  code: string;
  stepKey: string;
  kind: string;
  /** When it was seen here (SSE) or recorded (the table). */
  at: number;
}

export interface OnceCheck {
  must: number;
  seen: number;
  missing: number;
  duplicated: number;
  /** Seen although no alarm was due for it (a completed step's, a dossier-level one, an unknown dossier's). */
  unexpected: number;
  /** Examples of each problem, for the report. */
  samples: string[];
}

/** Each expected alarm seen exactly once (a `may` one at most once), and nothing else. */
export function checkOnce(expected: ReadonlyMap<string, ExpectedAlarm>, seen: readonly AlertSeen[]): OnceCheck {
  const counts = new Map<string, number>();
  const ids = new Set<string>();
  const check: OnceCheck = { must: 0, seen: seen.length, missing: 0, duplicated: 0, unexpected: 0, samples: [] };
  const sample = (s: string) => check.samples.length < 6 && check.samples.push(s);
  for (const a of seen) {
    const key = alarmKey(a.code, a.stepKey, a.kind);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    // Counted below with its key; named here because the same id twice is a stream's fault, not the store's.
    if (a.id !== undefined && ids.has(a.id)) sample(`alert id ${a.id} (${key}) twice`);
    if (a.id !== undefined) ids.add(a.id);
  }
  for (const [key, n] of counts) {
    if (!expected.has(key)) {
      check.unexpected += n;
      sample(`${key} ×${n}, not due`);
    } else if (n > 1) {
      check.duplicated += n - 1;
      sample(`${key} ×${n}`);
    }
  }
  for (const [key, e] of expected) {
    if (e.ring !== 'must') continue;
    check.must += 1;
    if (!counts.has(key)) {
      check.missing += 1;
      sample(`${key} (due ${new Date(e.due).toISOString()}) never seen`);
    }
  }
  return check;
}

interface AlertPayload {
  id?: string;
  kind?: string;
  dossierCode?: string;
  stepKey?: string;
  firedAt?: string;
}

/** The alerts of the run's agency among a subscriber's events, stamped with their arrival. */
export function alertsOnStream(events: readonly SseEvent[], agency: string): AlertSeen[] {
  return events
    .filter((e) => e.type === 'alert' && ((e.data as AlertPayload).dossierCode ?? '').startsWith(`${agency}-`))
    .map((e) => {
      const a = e.data as AlertPayload;
      return { id: e.id ?? a.id, code: a.dossierCode!, stepKey: a.stepKey ?? '', kind: a.kind ?? '', at: e.receivedAt };
    });
}

export type Phase = 'during' | 'between' | 'after';
export const PHASES: readonly Phase[] = ['during', 'between', 'after'];

/** During a fault window, between windows (or before the first), or after the last one closed. */
export function phaseOf(faults: readonly Fault[], at: number): Phase {
  if (inWindow(faults, at)) return 'during';
  return faults.length && at > Math.max(...faults.map((f) => f.windowEnd)) ? 'after' : 'between';
}

/**
 * Lateness of each expected alarm (the first time any subscriber saw it, minus the earliest it
 * could ring), grouped by when that earliest instant fell: during a fault window, between, after.
 */
export function latenessByPhase(expected: ReadonlyMap<string, ExpectedAlarm>, seen: readonly AlertSeen[], faults: readonly Fault[]): Record<Phase, LatencySummary> {
  const first = new Map<string, number>();
  for (const a of seen) {
    const key = alarmKey(a.code, a.stepKey, a.kind);
    first.set(key, Math.min(first.get(key) ?? Infinity, a.at));
  }
  const samples: Record<Phase, number[]> = { during: [], between: [], after: [] };
  for (const [key, e] of expected) {
    const at = first.get(key);
    if (at !== undefined && e.ring === 'must') samples[phaseOf(faults, e.from)].push(at - e.from);
  }
  return { during: summarize(samples.during), between: summarize(samples.between), after: summarize(samples.after) };
}

export interface WindowedErrors {
  attempts: number;
  /** Attempts answered 5xx / not answered at all, overlapping a fault window or not. */
  http5xx: { inWindow: number; outside: number };
  noAnswer: { inWindow: number; outside: number };
  /** The same per fault, in the order of `faults`: what each outage cost the clients. */
  perFault: { http5xx: number; noAnswer: number; statuses: Record<string, number> }[];
  outsideSamples: string[];
  /** How long answered attempts took, inside the fault windows and outside them (ms). */
  latency: { inWindow: LatencySummary; outside: LatencySummary };
}

export function errorsByWindow(attempts: readonly Attempt[], faults: readonly Fault[]): WindowedErrors {
  const r: WindowedErrors = { attempts: attempts.length, http5xx: { inWindow: 0, outside: 0 }, noAnswer: { inWindow: 0, outside: 0 }, perFault: faults.map(() => ({ http5xx: 0, noAnswer: 0, statuses: {} })), outsideSamples: [], latency: { inWindow: summarize([]), outside: summarize([]) } };
  const took: { inWindow: number[]; outside: number[] } = { inWindow: [], outside: [] };
  for (const a of attempts) {
    if (a.status) took[inWindow(faults, a.start, a.end) ? 'inWindow' : 'outside'].push(a.end - a.start);
    const bucket = a.status >= 500 ? r.http5xx : a.status === 0 ? r.noAnswer : undefined;
    if (!bucket) continue;
    faults.forEach((f, i) => {
      if (!inWindow([f], a.start, a.end)) return;
      const e = r.perFault[i]!;
      e[a.status ? 'http5xx' : 'noAnswer'] += 1;
      const what = a.status ? `${a.route} ${a.status}` : `${a.route} no answer`;
      e.statuses[what] = (e.statuses[what] ?? 0) + 1;
    });
    const inside = inWindow(faults, a.start, a.end);
    bucket[inside ? 'inWindow' : 'outside'] += 1;
    if (!inside && r.outsideSamples.length < 6) r.outsideSamples.push(`${a.route} at ${new Date(a.start).toISOString()}, answered after ${a.end - a.start} ms: ${a.status || a.error}`);
  }
  r.latency = { inWindow: summarize(took.inWindow), outside: summarize(took.outside) };
  return r;
}

/** Per fault kind: seconds from the kill until a replacement ran, and until the stack served again. */
export function recoveryByKind(faults: readonly Fault[]): Partial<Record<FaultKind, { n: number; backSec: number[]; healthySec: number[] }>> {
  const out: Partial<Record<FaultKind, { n: number; backSec: number[]; healthySec: number[] }>> = {};
  const sec = (ms: number) => Math.round(ms / 100) / 10;
  for (const f of faults) {
    const k = (out[f.kind] ??= { n: 0, backSec: [], healthySec: [] });
    k.n += 1;
    if (f.backAt !== undefined) k.backSec.push(sec(f.backAt - f.at));
    if (f.healthyAt !== undefined) k.healthySec.push(sec(f.healthyAt - f.at));
  }
  return out;
}
