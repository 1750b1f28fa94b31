// A petition's lifecycle as pure functions of (view, command, now): received → classified → assigned
// → answered → published, each stage with its legal time. The workflow calls them; the unit tests
// call them without Temporal. No I/O and no clock of its own: `now` is always passed in.
import { addDuration, atRiskInstant, classifyFinished, DEFAULT_AT_RISK_RATIO, type WorkCalendar } from '../libs/domain/src';
import type { ActorRef, PlannedAlarm } from './dossier.contract';
import type { PetitionCommandInput, PetitionInput, PetitionPlan, PetitionStage, PetitionStatus, PetitionView } from './petition.contract';

export const PETITION_STAGES: readonly PetitionStage[] = ['classify', 'assign', 'answer', 'publish'];

/** The stage that is open in each status; none once closed (published, out of scope, forwarded). */
export const OPEN_STAGE: Readonly<Record<PetitionStatus, PetitionStage | undefined>> = {
  received: 'classify',
  classified: 'assign',
  assigned: 'answer',
  answered: 'publish',
  published: undefined,
  out_of_scope: undefined,
  forwarded: undefined,
};

/** Who may act at each stage (the assignee may also answer): one home for the rule, the Update's validator. */
export const STAGE_ROLES: Readonly<Record<PetitionStage, readonly string[]>> = {
  classify: ['supervisor', 'reception', 'admin'],
  assign: ['supervisor', 'approver', 'admin'],
  answer: ['supervisor', 'admin'],
  publish: ['supervisor', 'admin'],
};

const COMMAND_STAGE: Readonly<Record<PetitionCommandInput['type'], PetitionStage>> = { classify: 'classify', assign: 'assign', answer: 'answer', publish: 'publish' };

export interface Rejection {
  kind: 'forbidden' | 'conflict';
  reason: string;
}

export interface PetitionApplied {
  type: string;
  payload: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function openStage(key: PetitionStage, startMs: number, plan: PetitionPlan, cal: WorkCalendar) {
  const start = new Date(startMs);
  return { key, startedAt: iso(startMs), dueAt: addDuration(start, plan[key], cal).due.toISOString(), atRiskAt: atRiskInstant(start, plan[key], DEFAULT_AT_RISK_RATIO, cal).toISOString() };
}

/** The answer's due date promised to the citizen: the classification, assignment and answer times laid end to end from receipt. */
function promisedDue(receivedMs: number, plan: PetitionPlan, cal: WorkCalendar): string {
  let promised = new Date(receivedMs);
  for (const stage of ['classify', 'assign', 'answer'] as const) promised = addDuration(promised, plan[stage], cal).due;
  return promised.toISOString();
}

/** The petition as received: the classification stage open, and the answer's due date promised to the citizen. */
export function initialPetition(input: PetitionInput): PetitionView {
  const received = Date.parse(input.receivedAt);
  return {
    code: input.code,
    agencyCode: input.agencyCode,
    kind: input.kind,
    source: input.source,
    subject: input.subject,
    message: input.message,
    ...(input.name ? { name: input.name } : {}),
    ...(input.contact ? { contact: input.contact } : {}),
    ...(input.dossierCode ? { dossierCode: input.dossierCode } : {}),
    status: 'received',
    receivedAt: iso(received),
    dueAt: promisedDue(received, input.plan, input.calendar),
    stage: 'classify',
    stages: [openStage('classify', received, input.plan, input.calendar)],
  };
}

/** Why `c` may not be applied now (403: not this actor's; 409: not in this state), or undefined. */
export function petitionRejection(v: PetitionView, c: PetitionCommandInput): Rejection | undefined {
  const stage = COMMAND_STAGE[c.type];
  const by: ActorRef = c.by;
  if (by.agencyCode !== v.agencyCode) return { kind: 'forbidden', reason: `petition ${v.code} belongs to agency ${v.agencyCode}` };
  const reassign = c.type === 'assign' && v.status === 'assigned';
  if (v.stage !== stage && !reassign) {
    return { kind: 'conflict', reason: v.stage ? `petition ${v.code} is ${v.status}: its open stage is ${v.stage}, not ${stage}` : `petition ${v.code} is ${v.status}: it is closed` };
  }
  const byRole = by.roles.some((r) => STAGE_ROLES[stage].includes(r));
  const assignee = c.type === 'answer' && v.assignee === by.username;
  if (!byRole && !assignee) {
    return { kind: 'forbidden', reason: c.type === 'answer' ? `only ${v.assignee ?? 'the assignee'} or a supervisor may answer petition ${v.code}` : `the ${stage} stage needs one of the roles ${STAGE_ROLES[stage].join(', ')}` };
  }
  if (c.type === 'classify' && c.outcome === 'forward' && !c.forwardTo?.trim()) return { kind: 'conflict', reason: 'a forwarded petition names the competent agency (forwardTo)' };
  return undefined;
}

/** Closes the open stage at `now` and opens `next` (if any); answers the closed stage's timeliness. */
function advance(v: PetitionView, now: number, next: PetitionStage | undefined, plan: PetitionPlan, cal: WorkCalendar): void {
  const open = v.stages.find((s) => s.key === v.stage && !s.completedAt);
  if (open) {
    open.completedAt = iso(now);
    open.timeliness = classifyFinished(new Date(now), new Date(open.dueAt), cal);
  }
  v.stage = next;
  if (next) v.stages.push(openStage(next, now, plan, cal));
  else delete v.stage;
}

/** Applies a command `petitionRejection` accepted; mutates `v` and answers the event to record. */
export function applyPetition(v: PetitionView, c: PetitionCommandInput, now: number, plan: PetitionPlan, cal: WorkCalendar): PetitionApplied {
  switch (c.type) {
    case 'classify': {
      v.outcome = c.outcome;
      v.reason = c.reason.trim();
      if (c.outcome === 'in_scope') {
        v.status = 'classified';
        advance(v, now, 'assign', plan, cal);
      } else {
        // Decree 20/2008 (as amended by Decree 92/2017): a petition outside the agency's competence
        // is forwarded to the competent body, one not accepted is answered with the reason. Either
        // closes it here; the reason is what the citizen reads.
        v.status = c.outcome === 'forward' ? 'forwarded' : 'out_of_scope';
        if (c.outcome === 'forward') v.forwardTo = c.forwardTo!.trim();
        advance(v, now, undefined, plan, cal);
      }
      return { type: 'classified', payload: { outcome: c.outcome, reason: v.reason, ...(v.forwardTo ? { forwardTo: v.forwardTo } : {}) } };
    }
    case 'assign': {
      const previous = v.assignee;
      v.assignee = c.assignee.trim();
      // Reassigning keeps the answer stage's due date: the clock does not restart.
      if (v.status === 'classified') {
        v.status = 'assigned';
        advance(v, now, 'answer', plan, cal);
      }
      return { type: previous ? 'reassigned' : 'assigned', payload: { assignee: v.assignee, ...(previous ? { previous } : {}) } };
    }
    case 'answer': {
      v.answer = c.answer.trim();
      v.answeredAt = iso(now);
      v.answeredOnTime = now <= Date.parse(v.dueAt);
      v.status = 'answered';
      advance(v, now, 'publish', plan, cal);
      return { type: 'answered', payload: { answeredOnTime: v.answeredOnTime } };
    }
    case 'publish': {
      v.consent = c.consent;
      v.publishedAt = iso(now);
      v.status = 'published';
      advance(v, now, undefined, plan, cal);
      return { type: 'published', payload: { consent: c.consent } };
    }
  }
}

export const isClosed = (v: PetitionView) => v.stage === undefined;

/**
 * The petition under another calendar (a calendar change's rollout), as `replan` in
 * dossier.machine.ts does for a dossier: the open stage's due and at-risk instants counted again
 * from its start, and the promised due date again from receipt, unless the petition is answered
 * already (its `answeredOnTime` was judged against the date then in force). Finished stages keep
 * theirs; a closed petition is answered unchanged. Pure: `v` is not touched.
 */
export function replanPetition(v: PetitionView, plan: PetitionPlan, cal: WorkCalendar): PetitionView {
  const next = JSON.parse(JSON.stringify(v)) as PetitionView;
  if (isClosed(next)) return next;
  next.stages = next.stages.map((s) => (s.key === next.stage && !s.completedAt ? { ...s, ...openStage(s.key, Date.parse(s.startedAt), plan, cal) } : s));
  if (!next.answeredAt) next.dueAt = promisedDue(Date.parse(next.receivedAt), plan, cal);
  return next;
}

/** The dates a re-plan may move: the promised due date and the open stage's (the event's before/after). */
export function petitionDates(v: PetitionView): { dueAt: string; stageDueAt?: string; stageAtRiskAt?: string } {
  const open = v.stages.find((s) => s.key === v.stage && !s.completedAt);
  return { dueAt: v.dueAt, ...(open && { stageDueAt: open.dueAt, stageAtRiskAt: open.atRiskAt }) };
}

/**
 * The open stage's alarms for the deadline clock: at risk (75 % of its time) and overdue, keyed by
 * the stage (the alert's step key). Agency-wide (no department): the supervisors' board shows them.
 */
export function petitionAlarms(v: PetitionView): PlannedAlarm[] {
  const open = v.stages.find((s) => s.key === v.stage && !s.completedAt);
  if (!open) return [];
  return [
    { kind: 'step_at_risk', level: 1, stepKey: open.key, dueAt: open.dueAt, fireAt: open.atRiskAt },
    { kind: 'step_overdue', level: 1, stepKey: open.key, dueAt: open.dueAt, fireAt: open.dueAt },
  ];
}
