// The dossier's lifecycle as pure functions of (state, command, now): the workflow calls them, the
// unit tests call them without Temporal. No I/O, no clock of its own: `now` is always passed in.
import {
  addPeriod,
  addWorkingMillis,
  classifyFinished,
  clockStartAt,
  DEFAULT_AT_RISK_RATIO,
  durationToMillis,
  durationUnit,
  legalReceipt,
  mayAssignIn,
  periodAtRisk,
  reachesDepartment,
  ROLE_FOR_STEP,
  workingMillisBetween,
  type Duration,
  type DurationUnit,
  type WorkCalendar,
} from '../libs/domain/src';
import { STATUS_CODES, type ActorRef, type AlertKind, type CommandInput, type DossierAction, type DossierCommand, type DossierInput, type DossierStatus, type DossierView, type PlannedAlarm, type ReplanPreview, type StepView } from './dossier.contract';

export interface DossierMachine {
  input: DossierInput;
  cal: WorkCalendar;
  calendarVersion: number;
  /** Start of the legal period: legal receipt, or the last resume under the `restart` policy. */
  legalStartAt?: string;
  view: DossierView;
  /**
   * Rules a released workflow did not have, switched on by the workflow through `patched()` so a
   * history recorded before replays as it ran. Absent: the old behaviour.
   */
  patches?: MachinePatches;
}

export interface MachinePatches {
  /** Patch `one-supplement-request`: the cap on supplement requests (supplementCap). */
  oneSupplementRequest?: boolean;
}

/**
 * Decree 118/2025/NĐ-CP (in force 01/7/2025): a dossier's supplement is requested once, in one
 * written request listing everything missing. Dossiers received before it keep Decree 61/2018,
 * which set no such cap that we could verify (the 766 index only scores more than one request as
 * late): no cap, unless the procedure's own law sets one. The article number is not cited: it could
 * not be checked against the decree's text with the tools at hand (README, "Supplement requests").
 */
export const DECREE_118_IN_FORCE = '2025-06-30T17:00:00.000Z';
export const ONE_SUPPLEMENT_RULE = 'Nghị định 118/2025/NĐ-CP: hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần, nêu đầy đủ các nội dung cần bổ sung (one supplement request per dossier, Decree 118/2025)';

/** How many supplement requests the dossier allows and the rule that says so; undefined: no cap. */
export function supplementCap(m: Pick<DossierMachine, 'input' | 'view'>): { max: number; rule: string } | undefined {
  const p = m.input.procedure;
  if (p.maxSupplementRequests !== undefined) {
    return { max: p.maxSupplementRequests, rule: `${p.supplementRequestsBasis || 'the procedure\'s specialised law'} (procedure ${p.code}: at most ${p.maxSupplementRequests})` };
  }
  return ms(m.view.receivedAt) >= ms(DECREE_118_IN_FORCE) ? { max: 1, rule: ONE_SUPPLEMENT_RULE } : undefined;
}

export interface Alarm {
  key: string;
  kind: AlertKind;
  level: number;
  at: number;
  dueAt: string;
  step?: StepView;
}

export interface Applied {
  type: string;
  payload: Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string) => Date.parse(s);
const OPEN: DossierStatus[] = ['received', 'processing'];
const TERMINAL: DossierStatus[] = ['returned', 'withdrawn', 'refused_at_reception'];

/** Clock time between two instants: working time, or plain time (elapsed seconds, and calendar days, whose pauses shift the start). */
function span(from: number, to: number, clock: DurationUnit, cal: WorkCalendar): number {
  if (to <= from) return 0;
  return clock === 'working' ? workingMillisBetween(new Date(from), new Date(to), cal) : to - from;
}

/**
 * Due and at-risk instants of a period in calendar days whose count starts at `start`, the
 * applicant's waiting time (`paused`, plain ms) moving the start (Civil Code Art. 147–148).
 */
function calendarPeriod(start: number, paused: number, d: Duration, ratio: number, cal: WorkCalendar): { due: number; atRisk: number } {
  const from = new Date(start + paused);
  return { due: addPeriod(from, d, cal).due.getTime(), atRisk: periodAtRisk(from, d, ratio, cal).getTime() };
}

function add(start: number, amount: number, clock: DurationUnit, cal: WorkCalendar): number {
  return clock === 'elapsed' ? start + amount : addWorkingMillis(new Date(start), amount, cal).due.getTime();
}

/** Clock time the applicant kept the dossier (closed pauses only) since `from`: it is added back to every deadline. */
function pausedSince(m: DossierMachine, from: number, clock: DurationUnit): number {
  return m.view.pauses.filter((p) => p.to && ms(p.from) >= from).reduce((sum, p) => sum + span(ms(p.from), ms(p.to!), clock, m.cal), 0);
}

export const currentStep = (v: DossierView): StepView | undefined => v.steps.find((s) => s.status === 'active');
export const isTerminal = (v: DossierView): boolean => TERMINAL.includes(v.status);

function setStatus(v: DossierView, status: DossierStatus): void {
  v.status = status;
  v.statusCode = STATUS_CODES[status];
}

/** Recomputes every open deadline from its start, the pauses and the calendar in force. */
export function replan(m: DossierMachine): void {
  const v = m.view;
  if (isTerminal(v) || v.status === 'submitted' || !m.legalStartAt) return;
  const plans = m.input.procedure.steps;
  const cur = currentStep(v);
  let chain: number | undefined;
  if (cur?.startedAt && durationUnit(plans[cur.position].duration) === 'calendar') {
    const plan = plans[cur.position];
    const start = ms(cur.startedAt);
    const p = calendarPeriod(start, pausedSince(m, start, 'calendar'), plan.duration, plan.atRiskRatio ?? DEFAULT_AT_RISK_RATIO, m.cal);
    cur.dueAt = iso(p.due);
    cur.atRiskAt = iso(p.atRisk);
    chain = p.due;
  } else if (cur?.startedAt) {
    const plan = plans[cur.position];
    const clock = durationUnit(plan.duration);
    const total = durationToMillis(plan.duration, m.cal);
    const start = ms(cur.startedAt);
    const paused = pausedSince(m, start, clock);
    let due = add(start, total + paused, clock, m.cal);
    // Paper dossiers taken after 15:00 reach the department at the next working day's opening
    // (Decree 61/2018 Art. 19): the reception step's deadline is never before that hand-over.
    if (cur.position === 0 && cur.role === 'reception' && m.input.channel !== 'online' && clock === 'working') {
      due = Math.max(due, legalReceipt(new Date(v.receivedAt), m.input.channel, m.cal).forwardAt.getTime());
    }
    cur.dueAt = iso(due);
    cur.atRiskAt = iso(add(start, total * (plan.atRiskRatio ?? DEFAULT_AT_RISK_RATIO) + paused, clock, m.cal));
    chain = ms(cur.dueAt);
  }
  for (const s of v.steps) {
    if (s.status !== 'pending' || chain === undefined || (cur && s.position < cur.position)) continue;
    const plan = plans[s.position];
    const clock = durationUnit(plan.duration);
    if (clock === 'calendar') {
      const p = calendarPeriod(chain, 0, plan.duration, plan.atRiskRatio ?? DEFAULT_AT_RISK_RATIO, m.cal);
      s.atRiskAt = iso(p.atRisk);
      s.dueAt = iso((chain = p.due));
      continue;
    }
    const total = durationToMillis(plan.duration, m.cal);
    s.atRiskAt = iso(add(chain, total * (plan.atRiskRatio ?? DEFAULT_AT_RISK_RATIO), clock, m.cal));
    chain = add(chain, total, clock, m.cal);
    s.dueAt = iso(chain);
  }
  if (v.finishedAt) return;
  const legal = m.input.procedure.legalTime;
  const clock = durationUnit(legal);
  const start = ms(m.legalStartAt);
  const paused = pausedSince(m, start, clock);
  if (clock === 'calendar') {
    const p = calendarPeriod(start, paused, legal, DEFAULT_AT_RISK_RATIO, m.cal);
    v.originalDueAt = iso(p.due);
    v.dueAt = v.reschedule ? v.reschedule.newDueAt : v.originalDueAt;
    v.atRiskAt = v.reschedule ? v.reschedule.newDueAt : iso(p.atRisk);
    return;
  }
  const total = durationToMillis(legal, m.cal);
  v.originalDueAt = iso(add(start, total + paused, clock, m.cal));
  const oneDay = m.cal.hoursPerWorkingDay * 3600_000;
  if (v.reschedule) {
    v.dueAt = v.reschedule.newDueAt;
    v.atRiskAt = v.reschedule.newDueAt;
  } else {
    v.dueAt = v.originalDueAt;
    // At risk when one working day is left, so the apology (form 04) can still be issued in time.
    v.atRiskAt = iso(clock === 'working' && total > oneDay ? add(start, total - oneDay + paused, clock, m.cal) : add(start, total * DEFAULT_AT_RISK_RATIO + paused, clock, m.cal));
  }
}

/**
 * What a calendar change would do to the dossier, nothing changed: the `calendarChanged` command's
 * re-plan (`replan`) run on a copy with `cal`. Answered by the workflow's `replanPreview` query, so
 * a change's preview is computed by the code its rollout runs.
 */
export function previewReplan(m: DossierMachine, cal: WorkCalendar): ReplanPreview {
  const copy: DossierMachine = { ...m, cal, view: JSON.parse(JSON.stringify(m.view)) as DossierView };
  replan(copy);
  const before = currentStep(m.view);
  const after = currentStep(copy.view);
  return {
    dueAt: m.view.dueAt,
    newDueAt: copy.view.dueAt,
    ...(before && after && { stepKey: before.key, stepDueAt: before.dueAt, newStepDueAt: after.dueAt }),
  };
}

/** The timers that should be pending now, earliest first (fired ones excluded by the caller). */
export function alarms(m: DossierMachine): Alarm[] {
  const v = m.view;
  const out: Alarm[] = [];
  const cur = currentStep(v);
  if (cur && [...OPEN, 'awaiting_return'].includes(v.status)) {
    out.push({ key: `step_at_risk:${cur.key}:${cur.attempt}`, kind: 'step_at_risk', level: cur.attempt, at: ms(cur.atRiskAt), dueAt: cur.dueAt, step: cur });
    out.push({ key: `step_overdue:${cur.key}:${cur.attempt}`, kind: 'step_overdue', level: cur.attempt, at: ms(cur.dueAt), dueAt: cur.dueAt, step: cur });
  }
  if (OPEN.includes(v.status)) {
    const level = v.reschedule ? 2 : 1;
    if (!v.reschedule) out.push({ key: `dossier_at_risk:${level}`, kind: 'dossier_at_risk', level, at: ms(v.atRiskAt), dueAt: v.dueAt });
    out.push({ key: `dossier_overdue:${level}`, kind: 'dossier_overdue', level, at: ms(v.dueAt), dueAt: v.dueAt });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The department an alarm is for: its step's, or for the dossier's own alarms the current step's. */
export function alarmDepartment(m: DossierMachine, a: Alarm): string | undefined {
  return a.step?.departmentCode ?? m.view.steps.find((s) => s.key === m.view.currentStepKey)?.departmentCode;
}

/** The pending alarms as a projection write carries them (the workflow's, and the API's in INTAKE_MODE=start). */
export function plannedAlarms(m: DossierMachine): PlannedAlarm[] {
  return alarms(m).map((a) => ({
    kind: a.kind, level: a.level, stepKey: a.step?.key, departmentCode: alarmDepartment(m, a), dueAt: a.dueAt, fireAt: new Date(a.at).toISOString(),
  }));
}

/** The payload of a dossier's first event, 'registered'. */
export function registeredPayload(m: DossierMachine, input: DossierInput): Record<string, unknown> {
  return { status: m.view.status, dueAt: m.view.dueAt, procedureVersion: input.procedure.version, reception: input.reception };
}

export interface Rejection {
  /** `forbidden`: not this actor's to do (HTTP 403); `conflict`: not in the dossier's state now (409). */
  kind: 'forbidden' | 'conflict';
  reason: string;
}

/**
 * What `rejection` reads. The workflow passes its whole machine; the API has only the projected view,
 * so the checks that need the plan or the calendar (the supplement window, a calendar's version) are
 * left to the workflow's answer, which is final either way.
 */
export type Judged = Pick<DossierMachine, 'view'> & Partial<Pick<DossierMachine, 'input' | 'cal' | 'calendarVersion' | 'patches'>>;

/**
 * The one rule of who may change a dossier: whether `c.by` may apply `c` to the dossier as it is now.
 * The Update's validator and handler decide with it, so no race between a read and an Update lets
 * the wrong person act; the API asks it for an early answer and for `allowedActions`.
 * Who comes first: a step of another role or department, or claimed by someone else, is forbidden
 * whatever the state; an act that is the actor's but does not fit the state (a double click on
 * "complete", a finished dossier) is a conflict. A command without `by` (Updates sent before it
 * existed) gets the state check only.
 */
export function rejection(m: Judged, c: CommandInput, now: number): Rejection | undefined {
  const who = c.by && ('system' in c.by ? (c.type === 'calendarChanged' ? undefined : 'the system only rolls out calendar changes') : forbidden(m.view, c, c.by));
  if (who) return { kind: 'forbidden', reason: who };
  const state = stateConflict(m, c, now);
  return state ? { kind: 'conflict', reason: state } : undefined;
}

const mayWorkRole = (a: ActorRef, s: StepView) => a.roles.includes(ROLE_FOR_STEP[s.role]);

/** Why `a` may not work `step`: its role, its department, or someone else's claim on it while it is open. */
function notWorker(a: ActorRef, step: StepView, claim = true): string | undefined {
  if (!mayWorkRole(a, step)) return `step ${step.key} is worked by the ${ROLE_FOR_STEP[step.role]} role`;
  if (!reachesDepartment(a, step.departmentCode)) return `step ${step.key} belongs to department ${step.departmentCode}, outside your reach`;
  if (claim && step.status === 'active' && step.assignee && step.assignee !== a.username) return `step ${step.key} is claimed by ${step.assignee}`;
  return undefined;
}

/** Department heads (approvers) assign and reschedule in the departments they reach (access.ts `mayAssignIn`). */
function notHead(a: ActorRef, departmentCode: string | undefined, act: string): string | undefined {
  if (mayAssignIn(a, departmentCode)) return undefined;
  return a.roles.includes('approver') ? `only the head of department ${departmentCode} may ${act}` : `only the department head (approver) may ${act}`;
}

/** The one-stop desk (reception) of this dossier: the department of its reception (or return) step. */
function notDesk(a: ActorRef, v: DossierView, act: string): string | undefined {
  const desk = v.steps.find((s) => s.role === 'reception') ?? v.steps.find((s) => s.role === 'return');
  if (!a.roles.includes('reception')) return `only the one-stop desk (reception) may ${act}`;
  return !desk || reachesDepartment(a, desk.departmentCode) ? undefined : `only the desk of department ${desk.departmentCode} may ${act}`;
}

/** With no open step to judge by: whether the actor works any step of this dossier at all. */
const notOnDossier = (a: ActorRef, v: DossierView) => (v.steps.some((s) => !notWorker(a, s, false)) ? undefined : `you work no step of dossier ${v.code}`);

function forbidden(v: DossierView, c: CommandInput, a: ActorRef): string | undefined {
  if (a.agencyCode !== v.agencyCode) return `dossier ${v.code} belongs to another agency`;
  const cur = currentStep(v);
  const named = 'stepKey' in c ? v.steps.find((s) => s.key === c.stepKey) : undefined;
  switch (c.type) {
    case 'calendarChanged':
      return 'calendar changes are rolled out by the system';
    case 'receive':
    case 'withdraw':
    case 'recordReturn':
      return notDesk(a, v, c.type);
    case 'supplementReceived':
      return notDesk(a, v, c.type) && (cur ? notWorker(a, cur) : notOnDossier(a, v)) && 'only the desk or the officer of the current step may record a supplement';
    case 'complete':
    case 'sendBack':
      // A step that does not exist is the state's answer (not current), like any other step not open now.
      return named && notWorker(a, named);
    case 'requestSupplement':
      return cur ? notWorker(a, cur) : notOnDossier(a, v);
    case 'refuse':
      // The desk refuses at intake (reception outcome `refused`); after receipt the processing department does.
      if (cur && ROLE_FOR_STEP[cur.role] === 'reception') return 'a received dossier is refused by the department processing it, not at the desk';
      return cur ? notWorker(a, cur) : notOnDossier(a, v);
    case 'reschedule':
      return notHead(a, cur?.departmentCode, 'reschedule');
    case 'assign': {
      if (!named) return undefined;
      if (c.assignee !== a.username) return notHead(a, named.departmentCode, 'assign a step to someone else');
      // Claiming: the step's own role and department; taking over someone else's claim is the head's.
      const claimed = notWorker(a, named);
      return notWorker(a, named, false) ?? (claimed && notHead(a, named.departmentCode, 'take over a claimed step') ? claimed : undefined);
    }
  }
}

/**
 * What `a` may do now, each action probed through `rejection` with the current step. From the API's
 * view the supplement window is not known (see `Judged`): `requestSupplement` may be offered after it
 * closed, and the workflow then answers 409 with the date it closed. `assign` means to someone else
 * (whose role and department the API checks, 400).
 */
export function allowedActions(m: Judged, a: ActorRef, now: number): DossierAction[] {
  const v = m.view;
  // Its workflow ended outside the API (only the projection says so): no command can reach it.
  if (v.halted) return [];
  const cur = currentStep(v);
  const before = cur && v.steps[cur.position - 1];
  const probes: [DossierAction, DossierCommand | undefined][] = [
    ['receive', { type: 'receive' }],
    ['complete', cur && { type: 'complete', stepKey: cur.key }],
    ['sendBack', cur && before && { type: 'sendBack', stepKey: cur.key, toStepKey: before.key, reason: '-' }],
    ['requestSupplement', { type: 'requestSupplement', reason: '-', items: [] }],
    ['supplementReceived', { type: 'supplementReceived' }],
    ['reschedule', { type: 'reschedule', newDueAt: iso(ms(v.dueAt) + 1), reason: '-' }],
    ['refuse', { type: 'refuse', reason: '-' }],
    ['withdraw', { type: 'withdraw', reason: '-' }],
    ['recordReturn', { type: 'recordReturn' }],
    ['claim', cur && { type: 'assign', stepKey: cur.key, assignee: a.username }],
    // Nobody's username holds a NUL: a stand-in for "another officer", never the current assignee.
    ['assign', cur && { type: 'assign', stepKey: cur.key, assignee: `${a.username}\u0000other` }],
  ];
  return probes.filter(([, c]) => c && !rejection(m, { ...c, by: a }, now)).map(([action]) => action);
}

/** Why the dossier's state does not allow the command now (a 409), or undefined. */
function stateConflict(m: Judged, c: CommandInput, now: number): string | undefined {
  const v = m.view;
  const cur = currentStep(v);
  if (isTerminal(v) && c.type !== 'calendarChanged') return `dossier is ${v.status}`;
  switch (c.type) {
    case 'receive':
      return v.status === 'submitted' ? undefined : 'dossier was already received';
    case 'complete':
    case 'sendBack':
      if (v.status === 'submitted') return 'dossier has not been received yet';
      if (v.status === 'supplement_requested') return 'dossier is waiting for the applicant’s supplement';
      if (!cur || cur.key !== c.stepKey) return `step ${c.stepKey} is not current (current step: ${cur?.key ?? 'none'})`;
      if (c.type === 'sendBack') {
        // Processing ended with the decision (status 9): only the return is left.
        if (v.status === 'awaiting_return') return 'processing is finished; the result awaits return';
        const to = v.steps.find((s) => s.key === c.toStepKey);
        if (!to || to.position >= cur.position) return `toStepKey ${c.toStepKey} is not an earlier step`;
      }
      return undefined;
    case 'requestSupplement': {
      if (!OPEN.includes(v.status)) return `a supplement cannot be requested while the dossier is ${v.status}`;
      // The window and the cap need the plan and the calendar: the workflow checks them; the API's view cannot.
      if (!m.input || !m.cal) return undefined;
      const cap = m.patches?.oneSupplementRequest ? supplementCap({ input: m.input, view: v }) : undefined;
      if (cap && v.supplementRequests >= cap.max) {
        return `a supplement was already requested ${v.supplementRequests === 1 ? 'once' : `${v.supplementRequests} times`}: ${cap.rule}`;
      }
      const window = m.input.procedure.supplementWindowDays ?? 3;
      const legal = m.input.procedure.legalTime;
      // Decree 61/2018 Art. 19(2)/Decree 118/2025: within 3 working days of receipt. Elapsed demo clocks use the legal time.
      const limit = durationUnit(legal) === 'elapsed' ? ms(v.originalDueAt) : add(ms(v.receivedAt), window * m.cal.hoursPerWorkingDay * 3600_000, 'working', m.cal);
      return now > limit ? `the supplement window (${window} working days from receipt) closed at ${iso(limit)}` : undefined;
    }
    case 'supplementReceived':
      return v.status === 'supplement_requested' ? undefined : 'no supplement is awaited';
    case 'reschedule':
      if (!OPEN.includes(v.status) && v.status !== 'supplement_requested') return `a dossier that is ${v.status} cannot be rescheduled`;
      if (v.reschedule) return 'the due date was already rescheduled once';
      if (now > ms(v.atRiskAt)) return `the apology must be issued at least 1 working day before the due date (by ${v.atRiskAt})`;
      if (!(ms(c.newDueAt) > ms(v.dueAt))) return 'newDueAt must be after the current due date';
      return undefined;
    case 'refuse':
      return OPEN.includes(v.status) ? undefined : `a dossier that is ${v.status} cannot be refused`;
    case 'withdraw':
      return v.status === 'awaiting_return' ? 'processing is finished; the result awaits return' : undefined;
    case 'recordReturn':
      return v.status === 'awaiting_return' ? undefined : 'the result is not ready for return';
    case 'calendarChanged':
      return m.calendarVersion === undefined || c.version > m.calendarVersion ? undefined : 'calendar version is not newer';
    case 'assign':
      if (!cur || cur.key !== c.stepKey) return `step ${c.stepKey} is not current (current step: ${cur?.key ?? 'none'})`;
      return cur.assignee === c.assignee ? `step ${c.stepKey} is already assigned to ${c.assignee}` : undefined;
  }
}

function startStep(s: StepView, at: number): void {
  Object.assign(s, { status: 'active', startedAt: iso(at), completedAt: undefined, timeliness: undefined, note: undefined });
  s.attempt += 1;
}

function finishProcessing(m: DossierMachine, now: number, outcome: 'approved' | 'refused'): void {
  const v = m.view;
  v.finishedAt = iso(now);
  v.outcome = outcome;
  // Statistics judge against the original date; a rescheduled dossier counts as late (DOMAIN.md §6).
  v.timeliness = v.reschedule ? 'late' : classifyFinished(new Date(now), new Date(v.originalDueAt), m.cal);
  v.nationalTimeliness = v.supplementRequests > 1 ? 'late' : v.timeliness;
  setStatus(v, 'awaiting_return');
}

/** Applies a command that passed `rejection`; returns the event to record. */
export function apply(m: DossierMachine, c: CommandInput, now: number): Applied {
  const v = m.view;
  const cur = currentStep(v);
  const at = iso(now);
  switch (c.type) {
    case 'receive': {
      const receivedAt = c.receivedAt ? ms(c.receivedAt) : now;
      v.receivedAt = iso(receivedAt);
      // Absent (every procedure before the setting): the clock starts at receipt, as it always did.
      m.legalStartAt = iso(clockStartAt(new Date(receivedAt), m.input.procedure.clockStart, m.cal).getTime());
      v.guidance = undefined;
      setStatus(v, 'received');
      startStep(v.steps[0], receivedAt);
      v.currentStepKey = v.steps[0].key;
      replan(m);
      return { type: 'received', payload: { receivedAt: v.receivedAt, dueAt: v.dueAt } };
    }
    case 'complete': {
      const step = cur!;
      step.status = 'done';
      step.completedAt = at;
      step.timeliness = classifyFinished(new Date(now), new Date(step.dueAt), m.cal);
      step.note = c.note;
      const next = v.steps[step.position + 1];
      if (step.role === 'return' || (!next && v.status === 'awaiting_return')) {
        setStatus(v, 'returned');
        v.returnedAt = at;
      } else if (!next || next.role === 'return') {
        finishProcessing(m, now, v.outcome ?? 'approved');
      } else {
        setStatus(v, 'processing');
      }
      if (next && v.status !== 'returned') startStep(next, now);
      v.currentStepKey = currentStep(v)?.key;
      replan(m);
      const early = v.status === 'returned' && classifyFinished(new Date(now), new Date(v.originalDueAt), m.cal) === 'early';
      return {
        type: v.status === 'returned' ? 'result_returned' : 'step_completed',
        payload: { stepKey: step.key, attempt: step.attempt, toStepKey: next?.key, fromDepartment: step.departmentCode, toDepartment: next?.departmentCode, startedAt: step.startedAt, dueAt: step.dueAt, completedAt: at, timeliness: step.timeliness, note: c.note, earlyReturn: early || undefined },
      };
    }
    case 'sendBack': {
      const step = cur!;
      const to = v.steps.find((s) => s.key === c.toStepKey)!;
      const timeliness = classifyFinished(new Date(now), new Date(step.dueAt), m.cal);
      const payload = { stepKey: step.key, attempt: step.attempt, toStepKey: to.key, fromDepartment: step.departmentCode, toDepartment: to.departmentCode, startedAt: step.startedAt, dueAt: step.dueAt, completedAt: at, timeliness, reason: c.reason };
      for (const s of v.steps) if (s.position > to.position && s.position <= step.position) Object.assign(s, { status: 'pending', startedAt: undefined, completedAt: undefined, timeliness: undefined });
      startStep(to, now);
      v.currentStepKey = to.key;
      replan(m);
      return { type: 'sent_back', payload };
    }
    case 'requestSupplement':
      v.pauses.push({ from: at, reason: c.reason, items: c.items });
      v.supplementRequests += 1;
      setStatus(v, 'supplement_requested');
      return { type: 'supplement_requested', payload: { reason: c.reason, items: c.items, count: v.supplementRequests } };
    case 'supplementReceived': {
      const pause = v.pauses[v.pauses.length - 1];
      pause.to = at;
      setStatus(v, v.steps.some((s) => s.status === 'done') ? 'processing' : 'received');
      if (m.input.procedure.supplementPolicy === 'restart') {
        m.legalStartAt = at;
        if (cur) cur.startedAt = at;
      }
      const before = v.dueAt;
      replan(m);
      return { type: 'supplement_received', payload: { note: c.note, pausedFrom: pause.from, pausedTo: at, dueAtBefore: before, dueAt: v.dueAt, policy: m.input.procedure.supplementPolicy ?? 'subtract' } };
    }
    case 'reschedule':
      v.reschedule = { at, originalDueAt: v.dueAt, newDueAt: iso(ms(c.newDueAt)), reason: c.reason, actor: c.actor };
      replan(m);
      return { type: 'rescheduled', payload: { ...v.reschedule } };
    case 'refuse': {
      const step = cur!;
      Object.assign(step, { status: 'done', completedAt: at, timeliness: classifyFinished(new Date(now), new Date(step.dueAt), m.cal), note: c.reason });
      v.reason = c.reason;
      finishProcessing(m, now, 'refused');
      const ret = v.steps.find((s) => s.role === 'return' && s.status === 'pending');
      if (ret) startStep(ret, now);
      v.currentStepKey = currentStep(v)?.key;
      replan(m);
      return { type: 'refused', payload: { stepKey: step.key, reason: c.reason } };
    }
    case 'withdraw':
      for (const s of v.steps) if (s.status === 'active') s.status = 'pending';
      v.currentStepKey = undefined;
      v.finishedAt = at;
      v.reason = c.reason;
      setStatus(v, 'withdrawn');
      return { type: 'withdrawn', payload: { reason: c.reason } };
    case 'recordReturn': {
      if (cur) return apply(m, { type: 'complete', stepKey: cur.key, note: c.note, actor: c.actor }, now);
      setStatus(v, 'returned');
      v.returnedAt = at;
      return { type: 'result_returned', payload: { note: c.note } };
    }
    case 'assign': {
      const step = cur!;
      const from = step.assignee;
      step.assignee = c.assignee;
      return { type: from ? 'reassigned' : c.assignee === c.actor ? 'claimed' : 'assigned', payload: { stepKey: step.key, from, to: c.assignee } };
    }
    case 'calendarChanged': {
      const before = { dueAt: v.dueAt, stepDueAt: cur?.dueAt };
      m.cal = c.calendar;
      m.calendarVersion = c.version;
      replan(m);
      return { type: 'replanned', payload: { calendarVersion: c.version, before, after: { dueAt: v.dueAt, stepDueAt: cur?.dueAt } } };
    }
  }
}

/** The state right after registration: received (clock running), awaiting completion, or refused. */
export function initialMachine(input: DossierInput, calendarVersion = 0): DossierMachine {
  const at = input.receivedAt;
  const view: DossierView = {
    code: input.code,
    agencyCode: input.agencyCode,
    procedureCode: input.procedure.code,
    procedureVersion: input.procedure.version,
    status: 'submitted',
    statusCode: STATUS_CODES.submitted,
    receivedAt: at,
    dueAt: at,
    atRiskAt: at,
    originalDueAt: at,
    pauses: [],
    supplementRequests: 0,
    steps: input.procedure.steps.map((s, position) => ({
      key: s.key,
      name: s.name,
      role: s.role,
      departmentCode: s.departmentCode,
      position,
      attempt: 0,
      clock: durationUnit(s.duration),
      status: 'pending',
      dueAt: at,
      atRiskAt: at,
    })),
  };
  const m: DossierMachine = { input, cal: input.calendar, calendarVersion, view };
  const outcome = input.reception?.outcome ?? 'received';
  if (outcome === 'refused') {
    setStatus(view, 'refused_at_reception');
    view.reason = input.reception?.reason;
    view.finishedAt = at;
  } else if (outcome === 'needs_supplement') {
    view.guidance = { reason: input.reception?.reason, items: input.reception?.items ?? [] };
  } else {
    apply(m, { type: 'receive', receivedAt: at }, ms(at));
  }
  // Planned dates for the receipt exist even before the clock runs (they move on receipt).
  if (view.status === 'submitted') {
    m.legalStartAt = at;
    const shadow = { ...m, view: structuredCloneView(view) };
    apply(shadow, { type: 'receive', receivedAt: at }, ms(at));
    Object.assign(view, { dueAt: shadow.view.dueAt, atRiskAt: shadow.view.atRiskAt, originalDueAt: shadow.view.originalDueAt });
    view.steps.forEach((s, i) => Object.assign(s, { dueAt: shadow.view.steps[i].dueAt, atRiskAt: shadow.view.steps[i].atRiskAt }));
    m.legalStartAt = undefined;
  }
  return m;
}

function structuredCloneView(v: DossierView): DossierView {
  return JSON.parse(JSON.stringify(v)) as DossierView;
}
