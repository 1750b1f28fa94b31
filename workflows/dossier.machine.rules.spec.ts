// The lifecycle machine's rules one by one, each answer pinned exactly (reasons, payloads, dates):
// dossier.machine.spec.ts tells the dossier's story; this file is what lets a wrong word, a flipped
// comparison or a lost branch in dossier.machine.ts fail a test (npm run mutation, docs/testing.md).
import { DEFAULT_CALENDAR } from '../libs/domain/src';
import { CALENDAR_SYSTEM, type ActorRef, type CommandInput, type DossierInput } from './dossier.contract';
import { alarmDepartment, alarms, allowedActions, apply, currentStep, initialMachine, isTerminal, plannedAlarms, registeredPayload, rejection, replan, type DossierMachine } from './dossier.machine';

const T0 = Date.parse('2026-11-27T02:00:00Z'); // Friday 09:00 in Hà Nội
const s = (n: number) => T0 + n * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

type Procedure = DossierInput['procedure'];
const STEPS: Procedure['steps'] = [
  { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { seconds: 10 } },
  { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { seconds: 40 } },
  { key: 'approval', name: 'Phê duyệt', role: 'approver', departmentCode: 'DKKD', duration: { seconds: 20 } },
  { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { seconds: 10 } },
];

function input(over: Partial<Procedure> = {}, rest: Partial<DossierInput> = {}): DossierInput {
  return {
    code: 'X-261127-0001',
    agencyCode: 'X',
    procedure: { code: '9.000001', version: 3, name: 'test', legalTime: { seconds: 100 }, steps: STEPS, ...over },
    calendar: DEFAULT_CALENDAR,
    applicant: { name: 'Nguyễn Thị Vân Quỳnh' },
    channel: 'counter',
    receivedAt: iso(T0),
    ...rest,
  };
}

function run(m: DossierMachine, c: CommandInput, at: number) {
  const why = rejection(m, c, at);
  if (why) throw new Error(why.reason);
  return apply(m, c, at);
}

const person = (username: string, roles: ActorRef['roles'], departmentCode?: string, over: Partial<ActorRef> = {}): ActorRef => ({ id: username, username, roles, agencyCode: 'X', departmentCode, agencyWide: false, ...over });
const desk = person('lan', ['reception'], 'MOT_CUA');
const otherDesk = person('hoa', ['reception'], 'MOT_CUA_2');
const an = person('an', ['reviewer'], 'DKKD');
const dautu = person('huy', ['reviewer'], 'DAUTU');
const head = person('nam', ['approver'], 'DKKD');
const dautuHead = person('trang', ['approver'], 'DAUTU');

/** A dossier at its review step (received at T0, reception done at +1 s). */
const atReview = (over: Partial<Procedure> = {}) => {
  const m = initialMachine(input(over));
  run(m, { type: 'complete', stepKey: 'reception' }, s(1));
  return m;
};
/** Review and approval done: the result awaits return at the return step. */
const awaitingReturn = () => {
  const m = atReview();
  run(m, { type: 'complete', stepKey: 'review' }, s(2));
  run(m, { type: 'complete', stepKey: 'approval' }, s(3));
  return m;
};
const reason = (m: DossierMachine, c: CommandInput, at = s(2)) => rejection(m, c, at)?.reason;

describe('rejection: who (403), each reason', () => {
  const as = (m: DossierMachine, by: ActorRef, c: CommandInput, at = s(2)) => rejection(m, { ...c, by }, at);
  const forbidden = (why: string) => ({ kind: 'forbidden', reason: why });

  it('names the agency, the system and the calendar rollout', () => {
    const m = atReview();
    expect(as(m, { ...an, agencyCode: 'Y' }, { type: 'complete', stepKey: 'review' })).toEqual(forbidden('dossier X-261127-0001 belongs to another agency'));
    expect(rejection(m, { type: 'complete', stepKey: 'review', by: CALENDAR_SYSTEM }, s(2))).toEqual(forbidden('the system only rolls out calendar changes'));
    expect(as(m, person('ha', ['admin'], undefined, { agencyWide: true }), { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 })).toEqual(
      forbidden('calendar changes are rolled out by the system'),
    );
  });

  it('names the role and the department a step is worked in', () => {
    const m = atReview();
    expect(as(m, desk, { type: 'complete', stepKey: 'review' })).toEqual(forbidden('step review is worked by the reviewer role'));
    expect(as(m, dautu, { type: 'complete', stepKey: 'review' })).toEqual(forbidden('step review belongs to department DKKD, outside your reach'));
    expect(as(m, dautu, { type: 'sendBack', stepKey: 'review', toStepKey: 'reception', reason: 'x' })).toEqual(forbidden('step review belongs to department DKKD, outside your reach'));
    // The reception step is worked by the reception role in its department.
    const fresh = initialMachine(input());
    expect(as(fresh, an, { type: 'complete', stepKey: 'reception' })).toEqual(forbidden('step reception is worked by the reception role'));
    expect(as(fresh, otherDesk, { type: 'complete', stepKey: 'reception' })).toEqual(forbidden('step reception belongs to department MOT_CUA, outside your reach'));
    expect(as(fresh, desk, { type: 'complete', stepKey: 'reception' })).toBeUndefined();
  });

  it('names the desk for receiving, withdrawing and returning', () => {
    const submitted = initialMachine(input({}, { reception: { outcome: 'needs_supplement', reason: 'thiếu' } }));
    expect(as(submitted, an, { type: 'receive' })).toEqual(forbidden('only the one-stop desk (reception) may receive'));
    expect(as(submitted, otherDesk, { type: 'receive' })).toEqual(forbidden('only the desk of department MOT_CUA may receive'));
    const m = atReview();
    expect(as(m, an, { type: 'withdraw', reason: 'x' })).toEqual(forbidden('only the one-stop desk (reception) may withdraw'));
    expect(as(m, otherDesk, { type: 'recordReturn' })).toEqual(forbidden('only the desk of department MOT_CUA may recordReturn'));
  });

  it('takes the desk from the return step when the plan has no reception step, and any desk when neither has a department', () => {
    const noReception = initialMachine(input({ steps: STEPS.slice(1) }));
    expect(as(noReception, otherDesk, { type: 'withdraw', reason: 'x' })).toEqual(forbidden('only the desk of department MOT_CUA may withdraw'));
    expect(as(noReception, desk, { type: 'withdraw', reason: 'x' })).toBeUndefined();
    const anyDesk = initialMachine(input({ steps: STEPS.map(({ departmentCode: _d, ...step }) => step) }));
    expect(as(anyDesk, otherDesk, { type: 'withdraw', reason: 'x' })).toBeUndefined();
    const deskless = initialMachine(input({ steps: [STEPS[1]] }));
    expect(as(deskless, otherDesk, { type: 'withdraw', reason: 'x' })).toBeUndefined();
  });

  it('names who may record a supplement: the desk or the officer of the current step', () => {
    const m = atReview();
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    expect(as(m, dautu, { type: 'supplementReceived' })).toEqual(forbidden('only the desk or the officer of the current step may record a supplement'));
    expect(as(m, otherDesk, { type: 'supplementReceived' })).toEqual(forbidden('only the desk or the officer of the current step may record a supplement'));
    expect(as(m, desk, { type: 'supplementReceived' })).toBeUndefined();
    expect(as(m, an, { type: 'supplementReceived' })).toBeUndefined();
  });

  it('judges supplements and refusals with no current step by whether the actor works any step of the dossier', () => {
    const submitted = initialMachine(input({}, { reception: { outcome: 'needs_supplement' } }));
    expect(as(submitted, dautu, { type: 'requestSupplement', reason: 'r', items: [] })).toEqual(forbidden('you work no step of dossier X-261127-0001'));
    expect(as(submitted, dautu, { type: 'refuse', reason: 'r' })).toEqual(forbidden('you work no step of dossier X-261127-0001'));
    // An officer of the dossier gets the state's answer instead.
    expect(as(submitted, an, { type: 'requestSupplement', reason: 'r', items: [] })).toEqual({ kind: 'conflict', reason: 'a supplement cannot be requested while the dossier is submitted' });
    expect(as(submitted, an, { type: 'refuse', reason: 'r' })).toEqual({ kind: 'conflict', reason: 'a dossier that is submitted cannot be refused' });
    // A claim on a step does not keep its officer colleagues off the dossier as a whole.
    expect(as(submitted, person('binh', ['reviewer'], 'DKKD'), { type: 'requestSupplement', reason: 'r', items: [] })?.kind).toBe('conflict');
  });

  it('names the department processing a received dossier for a refusal at the desk', () => {
    expect(as(initialMachine(input()), desk, { type: 'refuse', reason: 'x' })).toEqual(forbidden('a received dossier is refused by the department processing it, not at the desk'));
    expect(as(atReview(), dautu, { type: 'refuse', reason: 'x' })).toEqual(forbidden('step review belongs to department DKKD, outside your reach'));
  });

  it('names the department head for rescheduling and assigning', () => {
    const m = atReview();
    const reschedule: CommandInput = { type: 'reschedule', newDueAt: iso(s(300)), reason: 'r' };
    expect(as(m, an, reschedule)).toEqual(forbidden('only the department head (approver) may reschedule'));
    expect(as(m, dautuHead, reschedule)).toEqual(forbidden('only the head of department DKKD may reschedule'));
    expect(as(m, an, { type: 'assign', stepKey: 'review', assignee: 'binh' })).toEqual(forbidden('only the department head (approver) may assign a step to someone else'));
    expect(as(m, dautuHead, { type: 'assign', stepKey: 'review', assignee: 'huy' })).toEqual(forbidden('only the head of department DKKD may assign a step to someone else'));
    // Claiming a step of another role is the role's answer, even for a head.
    expect(as(m, head, { type: 'assign', stepKey: 'review', assignee: 'nam' })).toEqual(forbidden('step review is worked by the reviewer role'));
    // An assign naming no step of the dossier is the state's answer.
    expect(as(m, an, { type: 'assign', stepKey: 'nope', assignee: 'binh' })).toEqual({ kind: 'conflict', reason: 'step nope is not current (current step: review)' });
  });

  it('lets an officer take over a claim only when they head the department', () => {
    const m = atReview();
    run(m, { type: 'assign', stepKey: 'review', assignee: 'an', actor: 'an' }, s(2));
    expect(as(m, person('binh', ['reviewer'], 'DKKD'), { type: 'assign', stepKey: 'review', assignee: 'binh' })).toEqual(forbidden('step review is claimed by an'));
    const reviewingHead = person('tuan', ['reviewer', 'approver'], 'DKKD');
    expect(as(m, reviewingHead, { type: 'assign', stepKey: 'review', assignee: 'tuan' })).toBeUndefined();
    expect(as(m, person('tu', ['reviewer', 'approver'], 'DAUTU'), { type: 'assign', stepKey: 'review', assignee: 'tu' })).toEqual(forbidden('step review belongs to department DKKD, outside your reach'));
  });

  it('does not hold a claim on a step that is no longer open', () => {
    const m = atReview();
    run(m, { type: 'assign', stepKey: 'review', assignee: 'an', actor: 'an' }, s(2));
    run(m, { type: 'complete', stepKey: 'review' }, s(3));
    // binh did not claim review; it is done, so sending approval back to it is his colleague's claim no more.
    expect(as(m, head, { type: 'sendBack', stepKey: 'approval', toStepKey: 'review', reason: 'x' })).toBeUndefined();
  });
});

describe('rejection: state (409), each reason', () => {
  it('receives only a submitted dossier', () => {
    expect(reason(initialMachine(input()), { type: 'receive' })).toBe('dossier was already received');
    expect(reason(initialMachine(input({}, { reception: { outcome: 'needs_supplement' } })), { type: 'receive' })).toBeUndefined();
  });

  it('completes and sends back only the current step of a received dossier', () => {
    const submitted = initialMachine(input({}, { reception: { outcome: 'needs_supplement' } }));
    expect(reason(submitted, { type: 'sendBack', stepKey: 'reception', toStepKey: 'reception', reason: 'x' })).toBe('dossier has not been received yet');
    const m = atReview();
    expect(reason(m, { type: 'complete', stepKey: 'approval' })).toBe('step approval is not current (current step: review)');
    expect(reason(m, { type: 'sendBack', stepKey: 'review', toStepKey: 'review', reason: 'x' })).toBe('toStepKey review is not an earlier step');
    expect(reason(m, { type: 'sendBack', stepKey: 'review', toStepKey: 'nope', reason: 'x' })).toBe('toStepKey nope is not an earlier step');
    expect(reason(m, { type: 'sendBack', stepKey: 'review', toStepKey: 'reception', reason: 'x' })).toBeUndefined();
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    expect(reason(m, { type: 'sendBack', stepKey: 'review', toStepKey: 'reception', reason: 'x' })).toBe('dossier is waiting for the applicant’s supplement');
  });

  it('sends nothing back once processing is finished, and names no current step when there is none', () => {
    const m = awaitingReturn();
    expect(reason(m, { type: 'sendBack', stepKey: 'return', toStepKey: 'approval', reason: 'x' })).toBe('processing is finished; the result awaits return');
    expect(reason(m, { type: 'complete', stepKey: 'return' })).toBeUndefined();
    const noReturn = atReview({ steps: STEPS.slice(0, 3) });
    run(noReturn, { type: 'complete', stepKey: 'review' }, s(2));
    run(noReturn, { type: 'complete', stepKey: 'approval' }, s(3));
    expect(noReturn.view.status).toBe('awaiting_return');
    expect(reason(noReturn, { type: 'complete', stepKey: 'approval' })).toBe('step approval is not current (current step: none)');
    expect(reason(noReturn, { type: 'assign', stepKey: 'approval', assignee: 'an' })).toBe('step approval is not current (current step: none)');
  });

  it('closes the supplement window exactly at its end, counting the working days set for the procedure', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 10 }, steps: [{ ...STEPS[1], duration: { workingDays: 9 } }] }));
    const closes = Date.parse('2026-12-02T02:00:00Z'); // Friday 09:00 + 3 working days
    expect(reason(m, { type: 'requestSupplement', reason: 'r', items: [] }, closes)).toBeUndefined();
    expect(reason(m, { type: 'requestSupplement', reason: 'r', items: [] }, closes + 1)).toBe('the supplement window (3 working days from receipt) closed at 2026-12-02T02:00:00.000Z');
    const five = initialMachine(input({ legalTime: { workingDays: 10 }, supplementWindowDays: 5, steps: [{ ...STEPS[1], duration: { workingDays: 9 } }] }));
    expect(reason(five, { type: 'requestSupplement', reason: 'r', items: [] }, closes + 1)).toBeUndefined();
    expect(reason(five, { type: 'requestSupplement', reason: 'r', items: [] }, Date.parse('2026-12-04T02:00:01Z'))).toBe(
      'the supplement window (5 working days from receipt) closed at 2026-12-04T02:00:00.000Z',
    );
  });

  it('closes an elapsed (demo) clock’s supplement window at the original due date', () => {
    const m = atReview();
    expect(reason(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(100))).toBeUndefined();
    expect(reason(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(100) + 1)).toBe(`the supplement window (3 working days from receipt) closed at ${iso(s(100))}`);
  });

  it('awaits a supplement only after one was requested, and requests one only while open', () => {
    const m = atReview();
    expect(reason(m, { type: 'supplementReceived' })).toBe('no supplement is awaited');
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    expect(reason(m, { type: 'requestSupplement', reason: 'r', items: [] })).toBe('a supplement cannot be requested while the dossier is supplement_requested');
    expect(reason(m, { type: 'refuse', reason: 'r' })).toBe('a dossier that is supplement_requested cannot be refused');
    expect(reason(m, { type: 'withdraw', reason: 'r' })).toBeUndefined();
  });

  it('reschedules once, by the at-risk instant, to a later date, also while a supplement is awaited', () => {
    const m = atReview();
    const later = iso(s(300));
    expect(reason(m, { type: 'reschedule', newDueAt: later, reason: 'r' }, s(75))).toBeUndefined(); // at the at-risk instant itself
    expect(reason(m, { type: 'reschedule', newDueAt: later, reason: 'r' }, s(75) + 1)).toBe(`the apology must be issued at least 1 working day before the due date (by ${iso(s(75))})`);
    expect(reason(m, { type: 'reschedule', newDueAt: iso(s(100)), reason: 'r' })).toBe('newDueAt must be after the current due date');
    expect(reason(m, { type: 'reschedule', newDueAt: iso(s(100) + 1), reason: 'r' })).toBeUndefined();
    expect(reason(m, { type: 'reschedule', newDueAt: 'not a date', reason: 'r' })).toBe('newDueAt must be after the current due date');
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    expect(reason(m, { type: 'reschedule', newDueAt: later, reason: 'r' })).toBeUndefined();
    run(m, { type: 'reschedule', newDueAt: later, reason: 'r' }, s(3));
    expect(reason(m, { type: 'reschedule', newDueAt: iso(s(400)), reason: 'r' })).toBe('the due date was already rescheduled once');
    expect(reason(awaitingReturn(), { type: 'reschedule', newDueAt: later, reason: 'r' })).toBe('a dossier that is awaiting_return cannot be rescheduled');
  });

  it('withdraws until the decision, returns only after it', () => {
    const m = awaitingReturn();
    expect(reason(m, { type: 'withdraw', reason: 'r' })).toBe('processing is finished; the result awaits return');
    expect(reason(m, { type: 'refuse', reason: 'r' })).toBe('a dossier that is awaiting_return cannot be refused');
    expect(reason(m, { type: 'recordReturn' })).toBeUndefined();
    expect(reason(atReview(), { type: 'recordReturn' })).toBe('the result is not ready for return');
    expect(reason(initialMachine(input()), { type: 'withdraw', reason: 'r' })).toBeUndefined();
  });

  it('answers every act on a finished dossier with its status, but still takes a newer calendar', () => {
    const m = awaitingReturn();
    run(m, { type: 'recordReturn' }, s(4));
    expect(isTerminal(m.view)).toBe(true);
    expect(reason(m, { type: 'recordReturn' })).toBe('dossier is returned');
    expect(reason(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 })).toBeUndefined();
    expect(reason(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 0 })).toBe('calendar version is not newer');
    expect(isTerminal(initialMachine(input({}, { reception: { outcome: 'refused' } })).view)).toBe(true);
    expect(isTerminal(atReview().view)).toBe(false);
  });

  it('applies a calendar of a newer version only; from the view alone any version', () => {
    const m = initialMachine(input(), 4);
    expect(m.calendarVersion).toBe(4);
    expect(reason(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 4 })).toBe('calendar version is not newer');
    expect(reason(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 5 })).toBeUndefined();
    expect(rejection({ view: m.view }, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 }, s(2))).toBeUndefined();
    expect(initialMachine(input()).calendarVersion).toBe(0);
  });
});

describe('allowedActions', () => {
  it('offers sending back only when there is an earlier step', () => {
    const fresh = initialMachine(input());
    expect(allowedActions(fresh, desk, s(1))).toEqual(['complete', 'requestSupplement', 'withdraw', 'claim']);
    expect(allowedActions(atReview(), an, s(2))).toContain('sendBack');
  });

  it('offers receiving a submitted dossier to its desk, and nothing that needs a current step', () => {
    const submitted = initialMachine(input({}, { reception: { outcome: 'needs_supplement' } }));
    expect(allowedActions(submitted, desk, s(1))).toEqual(['receive', 'withdraw']);
    expect(allowedActions(submitted, head, s(1))).toEqual([]);
  });
});

describe('apply: the events and the state they leave', () => {
  it('receives a submitted dossier at the instant given, clearing the guidance', () => {
    const m = initialMachine(input({}, { reception: { outcome: 'needs_supplement', reason: 'thiếu', items: ['CCCD'] } }));
    const e = run(m, { type: 'receive', receivedAt: iso(s(50)) }, s(60));
    expect(e).toEqual({ type: 'received', payload: { receivedAt: iso(s(50)), dueAt: iso(s(150)) } });
    expect(m.view).toMatchObject({ status: 'received', statusCode: 2, guidance: undefined, currentStepKey: 'reception' });
    expect(m.legalStartAt).toBe(iso(s(50)));
    expect(m.view.steps[0]).toMatchObject({ status: 'active', attempt: 1, startedAt: iso(s(50)), dueAt: iso(s(60)) });
  });

  it('completes a step with the whole record of it, and starts the next', () => {
    const m = atReview();
    const e = run(m, { type: 'complete', stepKey: 'review', note: 'đạt' }, s(45));
    expect(e).toEqual({
      type: 'step_completed',
      payload: {
        stepKey: 'review', attempt: 1, toStepKey: 'approval', fromDepartment: 'DKKD', toDepartment: 'DKKD', startedAt: iso(s(1)), dueAt: iso(s(41)),
        completedAt: iso(s(45)), timeliness: 'late', note: 'đạt', earlyReturn: undefined,
      },
    });
    expect(m.view.steps[1]).toMatchObject({ status: 'done', completedAt: iso(s(45)), timeliness: 'late', note: 'đạt' });
    expect(m.view.steps[2]).toMatchObject({ status: 'active', attempt: 1, startedAt: iso(s(45)) });
    expect(m.view).toMatchObject({ status: 'processing', statusCode: 4, currentStepKey: 'approval' });
  });

  it('finishes processing when the next step is the return, and returns with the return step', () => {
    const m = awaitingReturn();
    expect(m.view).toMatchObject({ status: 'awaiting_return', statusCode: 9, outcome: 'approved', finishedAt: iso(s(3)), currentStepKey: 'return', timeliness: 'on_time', nationalTimeliness: 'on_time' });
    const e = run(m, { type: 'complete', stepKey: 'return' }, s(99));
    expect(e.type).toBe('result_returned');
    expect(e.payload).toMatchObject({ stepKey: 'return', toStepKey: undefined, timeliness: 'late', earlyReturn: undefined });
    expect(m.view).toMatchObject({ status: 'returned', statusCode: 10, returnedAt: iso(s(99)), currentStepKey: undefined });
  });

  it('returns without a return step, once processing is finished', () => {
    const m = atReview({ steps: STEPS.slice(0, 3) });
    run(m, { type: 'complete', stepKey: 'review' }, s(2));
    const last = run(m, { type: 'complete', stepKey: 'approval' }, s(3));
    expect(last).toMatchObject({ type: 'step_completed', payload: { stepKey: 'approval', toStepKey: undefined } });
    expect(m.view).toMatchObject({ status: 'awaiting_return', currentStepKey: undefined, outcome: 'approved' });
    expect(alarms(m)).toEqual([]);
    expect(run(m, { type: 'recordReturn', note: 'đã trả' }, s(4))).toEqual({ type: 'result_returned', payload: { note: 'đã trả' } });
    expect(m.view).toMatchObject({ status: 'returned', statusCode: 10, returnedAt: iso(s(4)) });
  });

  it('records a return at the return step as completing it', () => {
    const m = awaitingReturn();
    const e = run(m, { type: 'recordReturn', note: 'trả tại quầy', actor: 'lan' }, s(4));
    expect(e).toMatchObject({ type: 'result_returned', payload: { stepKey: 'return', note: 'trả tại quầy', completedAt: iso(s(4)) } });
    expect(m.view.steps[3]).toMatchObject({ status: 'done', note: 'trả tại quầy' });
  });

  it('sends back: resets the steps in between and restarts the earlier one', () => {
    const m = atReview();
    run(m, { type: 'complete', stepKey: 'review', note: 'ok' }, s(2));
    const e = run(m, { type: 'sendBack', stepKey: 'approval', toStepKey: 'reception', reason: 'sai mẫu' }, s(30));
    expect(e).toEqual({
      type: 'sent_back',
      payload: {
        stepKey: 'approval', attempt: 1, toStepKey: 'reception', fromDepartment: 'DKKD', toDepartment: 'MOT_CUA', startedAt: iso(s(2)), dueAt: iso(s(22)),
        completedAt: iso(s(30)), timeliness: 'late', reason: 'sai mẫu',
      },
    });
    expect(m.view.steps.map((x) => [x.key, x.status, x.attempt, x.startedAt, x.completedAt, x.timeliness])).toEqual([
      ['reception', 'active', 2, iso(s(30)), undefined, undefined],
      ['review', 'pending', 1, undefined, undefined, undefined],
      ['approval', 'pending', 1, undefined, undefined, undefined],
      ['return', 'pending', 0, undefined, undefined, undefined],
    ]);
    expect(m.view.steps[0].note).toBeUndefined();
    expect(m.view.currentStepKey).toBe('reception');
    // The steps after the restarted one are planned again from its new due date.
    expect(m.view.steps.map((x) => x.dueAt)).toEqual([iso(s(40)), iso(s(80)), iso(s(100)), iso(s(110))]);
  });

  it('requests and records supplements: the pause, the count, the policy', () => {
    const m = atReview();
    expect(run(m, { type: 'requestSupplement', reason: 'thiếu', items: ['CCCD'] }, s(10))).toEqual({
      type: 'supplement_requested', payload: { reason: 'thiếu', items: ['CCCD'], count: 1 },
    });
    expect(m.view.pauses).toEqual([{ from: iso(s(10)), reason: 'thiếu', items: ['CCCD'] }]);
    expect(alarms(m)).toEqual([]);
    expect(run(m, { type: 'supplementReceived', note: 'đủ' }, s(30))).toEqual({
      type: 'supplement_received', payload: { note: 'đủ', pausedFrom: iso(s(10)), pausedTo: iso(s(30)), dueAtBefore: iso(s(100)), dueAt: iso(s(120)), policy: 'subtract' },
    });
    expect(m.view).toMatchObject({ status: 'processing', statusCode: 4 });
  });

  it('goes back to processing after a supplement once a step is done, to received before', () => {
    const fresh = initialMachine(input());
    run(fresh, { type: 'requestSupplement', reason: 'r', items: [] }, s(1));
    run(fresh, { type: 'supplementReceived' }, s(2));
    expect(fresh.view.status).toBe('received');
    const m = atReview();
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    run(m, { type: 'supplementReceived' }, s(3));
    expect(m.view).toMatchObject({ status: 'processing', statusCode: 4 });
  });

  it('restarts the legal period and the current step under the restart policy', () => {
    const m = atReview({ supplementPolicy: 'restart' });
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(10));
    const e = run(m, { type: 'supplementReceived' }, s(30));
    expect(e.payload).toMatchObject({ policy: 'restart', dueAtBefore: iso(s(100)), dueAt: iso(s(130)) });
    expect(m.legalStartAt).toBe(iso(s(30)));
    expect(m.view.steps[1]).toMatchObject({ startedAt: iso(s(30)), dueAt: iso(s(70)) });
  });

  it('reschedules with the whole record, and both dossier dates move to the new one', () => {
    const m = atReview();
    const e = run(m, { type: 'reschedule', newDueAt: '2026-11-27T02:05:00+00:00', reason: 'xác minh', actor: 'nam' }, s(10));
    expect(e).toEqual({ type: 'rescheduled', payload: { at: iso(s(10)), originalDueAt: iso(s(100)), newDueAt: iso(s(300)), reason: 'xác minh', actor: 'nam' } });
    expect(m.view).toMatchObject({ dueAt: iso(s(300)), atRiskAt: iso(s(300)), originalDueAt: iso(s(100)) });
    expect(alarms(m).map((a) => a.key)).toEqual(['step_at_risk:review:1', 'step_overdue:review:1', 'dossier_overdue:2']);
  });

  it('refuses: closes the step with the reason and starts the return step', () => {
    const m = atReview();
    expect(run(m, { type: 'refuse', reason: 'không đủ điều kiện' }, s(60))).toEqual({ type: 'refused', payload: { stepKey: 'review', reason: 'không đủ điều kiện' } });
    expect(m.view.steps[1]).toMatchObject({ status: 'done', completedAt: iso(s(60)), timeliness: 'late', note: 'không đủ điều kiện' });
    expect(m.view.steps[2]).toMatchObject({ status: 'pending', attempt: 0 });
    expect(m.view.steps[3]).toMatchObject({ status: 'active', attempt: 1, startedAt: iso(s(60)) });
    expect(m.view).toMatchObject({ status: 'awaiting_return', outcome: 'refused', reason: 'không đủ điều kiện', currentStepKey: 'return', finishedAt: iso(s(60)) });
    const noReturn = atReview({ steps: STEPS.slice(0, 3) });
    run(noReturn, { type: 'refuse', reason: 'x' }, s(2));
    expect(noReturn.view).toMatchObject({ status: 'awaiting_return', currentStepKey: undefined });
    expect(noReturn.view.steps.every((x) => x.status !== 'active')).toBe(true);
  });

  it('withdraws: the open step goes back to pending, nothing is current', () => {
    const m = atReview();
    expect(run(m, { type: 'withdraw', reason: 'xin rút' }, s(5))).toEqual({ type: 'withdrawn', payload: { reason: 'xin rút' } });
    expect(m.view).toMatchObject({ status: 'withdrawn', statusCode: 8, finishedAt: iso(s(5)), reason: 'xin rút', currentStepKey: undefined });
    expect(m.view.steps.map((x) => x.status)).toEqual(['done', 'pending', 'pending', 'pending']);
  });

  it('names a first claim, an assignment by the head and a reassignment apart', () => {
    const m = atReview();
    expect(run(m, { type: 'assign', stepKey: 'review', assignee: 'an', actor: 'an' }, s(2))).toEqual({ type: 'claimed', payload: { stepKey: 'review', from: undefined, to: 'an' } });
    expect(run(m, { type: 'assign', stepKey: 'review', assignee: 'binh', actor: 'nam' }, s(3))).toEqual({ type: 'reassigned', payload: { stepKey: 'review', from: 'an', to: 'binh' } });
    const other = atReview();
    expect(run(other, { type: 'assign', stepKey: 'review', assignee: 'binh', actor: 'nam' }, s(2))).toEqual({ type: 'assigned', payload: { stepKey: 'review', from: undefined, to: 'binh' } });
    expect(other.view.steps[1].assignee).toBe('binh');
  });

  it('re-plans on a calendar change and records the dates before and after', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 3 }, steps: [{ ...STEPS[1], duration: { workingDays: 2 } }] }));
    const cal = { ...DEFAULT_CALENDAR, daysOff: ['2026-11-30'] };
    expect(run(m, { type: 'calendarChanged', calendar: cal, version: 7 }, s(60))).toEqual({
      type: 'replanned',
      payload: {
        calendarVersion: 7,
        before: { dueAt: '2026-12-02T02:00:00.000Z', stepDueAt: '2026-12-01T02:00:00.000Z' },
        after: { dueAt: '2026-12-03T02:00:00.000Z', stepDueAt: '2026-12-02T02:00:00.000Z' },
      },
    });
    expect(m.cal).toBe(cal);
    expect(m.calendarVersion).toBe(7);
  });
});

describe('alarms and what a projection write carries', () => {
  it('keeps the step alarms but not the dossier ones while the result awaits return', () => {
    const m = awaitingReturn();
    expect(alarms(m).map((a) => [a.key, a.kind, a.level, iso(a.at), a.dueAt])).toEqual([
      ['step_at_risk:return:1', 'step_at_risk', 1, iso(s(3 + 7.5)), iso(s(13))],
      ['step_overdue:return:1', 'step_overdue', 1, iso(s(13)), iso(s(13))],
    ]);
  });

  it('sorts the alarms by instant and levels a step’s by its attempt', () => {
    const m = atReview();
    run(m, { type: 'sendBack', stepKey: 'review', toStepKey: 'reception', reason: 'x' }, s(70));
    // Past the dossier's at-risk instant (75 s): the dossier's at-risk alarm sorts before the step's.
    expect(alarms(m).map((a) => [a.key, a.level, a.at - T0])).toEqual([
      ['dossier_at_risk:1', 1, 75_000],
      ['step_at_risk:reception:2', 2, 77_500],
      ['step_overdue:reception:2', 2, 80_000],
      ['dossier_overdue:1', 1, 100_000],
    ]);
  });

  it('gives each alarm its department, the dossier’s own ones the current step’s', () => {
    const m = atReview();
    expect(plannedAlarms(m)).toEqual([
      { kind: 'step_at_risk', level: 1, stepKey: 'review', departmentCode: 'DKKD', dueAt: iso(s(41)), fireAt: iso(s(31)) },
      { kind: 'step_overdue', level: 1, stepKey: 'review', departmentCode: 'DKKD', dueAt: iso(s(41)), fireAt: iso(s(41)) },
      { kind: 'dossier_at_risk', level: 1, stepKey: undefined, departmentCode: 'DKKD', dueAt: iso(s(100)), fireAt: iso(s(75)) },
      { kind: 'dossier_overdue', level: 1, stepKey: undefined, departmentCode: 'DKKD', dueAt: iso(s(100)), fireAt: iso(s(100)) },
    ]);
    const dossierAlarm = alarms(m).find((a) => a.kind === 'dossier_overdue')!;
    expect(alarmDepartment(m, dossierAlarm)).toBe('DKKD');
    expect(alarmDepartment({ ...m, view: { ...m.view, currentStepKey: undefined } }, dossierAlarm)).toBeUndefined();
    expect(alarmDepartment(m, { ...dossierAlarm, step: { ...m.view.steps[0] } })).toBe('MOT_CUA');
  });

  it('writes the registration’s payload', () => {
    const inp = input({}, { reception: { outcome: 'received', reason: 'đủ' } });
    const m = initialMachine(inp);
    expect(registeredPayload(m, inp)).toEqual({ status: 'received', dueAt: iso(s(100)), procedureVersion: 3, reception: { outcome: 'received', reason: 'đủ' } });
  });
});

describe('initialMachine and replan', () => {
  it('plans the dates of a dossier awaiting completion without starting its clock', () => {
    const m = initialMachine(input({}, { reception: { outcome: 'needs_supplement', reason: 'thiếu' } }));
    expect(m.view).toMatchObject({ status: 'submitted', statusCode: 1, guidance: { reason: 'thiếu', items: [] }, dueAt: iso(s(100)), atRiskAt: iso(s(75)), originalDueAt: iso(s(100)) });
    expect(m.view.steps.map((x) => [x.status, x.attempt, x.dueAt, x.atRiskAt])).toEqual([
      ['pending', 0, iso(s(10)), iso(s(7.5))],
      ['pending', 0, iso(s(50)), iso(s(40))],
      ['pending', 0, iso(s(70)), iso(s(65))],
      ['pending', 0, iso(s(80)), iso(s(77.5))],
    ]);
    expect(m.legalStartAt).toBeUndefined();
    expect(currentStep(m.view)).toBeUndefined();
    expect(m.view.currentStepKey).toBeUndefined();
  });

  it('refuses at reception: finished at once, no dates', () => {
    const m = initialMachine(input({}, { reception: { outcome: 'refused', reason: 'sai thẩm quyền' } }));
    expect(m.view).toMatchObject({ status: 'refused_at_reception', statusCode: 3, reason: 'sai thẩm quyền', finishedAt: iso(T0), dueAt: iso(T0) });
    expect(m.view.steps.every((x) => x.status === 'pending' && x.dueAt === iso(T0))).toBe(true);
    expect(alarms(m)).toEqual([]);
  });

  it('copies the procedure into the view', () => {
    const m = initialMachine(input());
    expect(m.view).toMatchObject({ code: 'X-261127-0001', agencyCode: 'X', procedureCode: '9.000001', procedureVersion: 3, pauses: [], supplementRequests: 0 });
    expect(m.view.steps.map((x) => [x.key, x.name, x.role, x.departmentCode, x.position, x.clock])).toEqual([
      ['reception', 'Tiếp nhận', 'reception', 'MOT_CUA', 0, 'elapsed'],
      ['review', 'Thẩm định', 'reviewer', 'DKKD', 1, 'elapsed'],
      ['approval', 'Phê duyệt', 'approver', 'DKKD', 2, 'elapsed'],
      ['return', 'Trả kết quả', 'return', 'MOT_CUA', 3, 'elapsed'],
    ]);
    expect(m.cal).toBe(DEFAULT_CALENDAR);
  });

  it('puts the dossier at risk one working day before its due date only for working legal times over a day', () => {
    const working = (legalTime: Procedure['legalTime']) => initialMachine(input({ legalTime, steps: [{ ...STEPS[1], duration: { workingHours: 1 } }] })).view;
    expect(working({ workingDays: 2 })).toMatchObject({ dueAt: '2026-12-01T02:00:00.000Z', atRiskAt: '2026-11-30T02:00:00.000Z' });
    // Exactly one working day: 75 % of it (Friday 09:00 + 6 h of office time = Friday 16:30).
    expect(working({ workingDays: 1 })).toMatchObject({ dueAt: '2026-11-30T02:00:00.000Z', atRiskAt: '2026-11-27T09:30:00.000Z' });
    // Elapsed legal times are at risk at 75 %, however long.
    expect(initialMachine(input({ legalTime: { seconds: 200_000 } })).view.atRiskAt).toBe(iso(s(150_000)));
    // A step's own ratio.
    expect(initialMachine(input({ steps: [{ ...STEPS[0], atRiskRatio: 0.5 }, ...STEPS.slice(1)] })).view.steps[0].atRiskAt).toBe(iso(s(5)));
  });

  it('adds to the deadlines only the pauses that are over, and only those since the clock started', () => {
    const m = atReview();
    m.view.pauses.push({ from: iso(s(-50)), to: iso(s(-40)), reason: 'before', items: [] });
    m.view.pauses.push({ from: iso(s(5)), reason: 'still open', items: [] });
    replan(m);
    expect(m.view.dueAt).toBe(iso(s(100)));
    expect(m.view.steps[1].dueAt).toBe(iso(s(41)));
    m.view.pauses[1].to = iso(s(15));
    replan(m);
    expect(m.view.dueAt).toBe(iso(s(110)));
    expect(m.view.steps[1].dueAt).toBe(iso(s(51)));
    // A pause ending before it began adds nothing.
    m.view.pauses.push({ from: iso(s(30)), to: iso(s(20)), reason: 'odd', items: [] });
    replan(m);
    expect(m.view.dueAt).toBe(iso(s(110)));
  });

  it('leaves finished, withdrawn and not-yet-started dossiers as they are', () => {
    const withdrawn = atReview();
    run(withdrawn, { type: 'withdraw', reason: 'x' }, s(5));
    withdrawn.view.pauses.push({ from: iso(s(2)), to: iso(s(50)), reason: 'x', items: [] });
    const frozen = JSON.stringify(withdrawn.view);
    replan(withdrawn);
    expect(JSON.stringify(withdrawn.view)).toBe(frozen);
    // Once processing is finished the dossier's own dates stay; the return step is still timed.
    const done = awaitingReturn();
    const dates = [done.view.dueAt, done.view.atRiskAt, done.view.originalDueAt];
    done.view.pauses.push({ from: iso(s(3)), to: iso(s(8)), reason: 'x', items: [] });
    replan(done);
    expect([done.view.dueAt, done.view.atRiskAt, done.view.originalDueAt]).toEqual(dates);
    expect(done.view.steps[3].dueAt).toBe(iso(s(18)));
    const submitted = initialMachine(input({}, { reception: { outcome: 'needs_supplement' } }));
    const planned = JSON.stringify(submitted.view);
    submitted.legalStartAt = iso(s(1000));
    replan(submitted);
    expect(JSON.stringify(submitted.view)).toBe(planned);
  });

  it('holds only a paper dossier’s first reception step, on a working clock, to the hand-over', () => {
    const after3pm = '2026-11-27T08:30:00.000Z'; // Friday 15:30 in Hà Nội
    const plan = (first: Procedure['steps'][number]) => ({ legalTime: { workingDays: 3 }, steps: [first, { ...STEPS[1], duration: { workingDays: 2 } }] });
    const reception = { ...STEPS[0], duration: { workingHours: 1 } };
    expect(initialMachine(input(plan(reception), { receivedAt: after3pm, channel: 'postal' })).view.steps[0].dueAt).toBe('2026-11-30T00:30:00.000Z'); // Monday 07:30
    // Not held: a reception step on an elapsed clock, or a first step of another role.
    expect(initialMachine(input(plan({ ...reception, duration: { seconds: 60 } }), { receivedAt: after3pm })).view.steps[0].dueAt).toBe('2026-11-27T08:31:00.000Z');
    expect(initialMachine(input(plan({ ...reception, role: 'reviewer' }), { receivedAt: after3pm })).view.steps[0].dueAt).toBe('2026-11-27T09:30:00.000Z');
    // A due date already past the hand-over is kept.
    expect(initialMachine(input(plan({ ...reception, duration: { workingHours: 4 } }), { receivedAt: after3pm })).view.steps[0].dueAt).toBe('2026-11-30T03:00:00.000Z');
  });
});

describe('rules the first mutation run showed untested', () => {
  const working = (over: Partial<Procedure> = {}) =>
    input({ legalTime: { workingDays: 5 }, steps: [{ ...STEPS[0], duration: { workingHours: 1 } }, { ...STEPS[1], duration: { workingDays: 2 } }, { ...STEPS[3], duration: { workingHours: 4 } }], ...over });

  it('adds a working clock’s pause in working time and an elapsed clock’s in plain time, to due and at-risk dates alike', () => {
    // Working clock: received Friday 09:00; paused Friday 16:00 → Monday 08:00 = 1 h + 0.5 h of office time.
    const m = initialMachine(working());
    run(m, { type: 'complete', stepKey: 'reception' }, s(60));
    const before = { dueAt: m.view.dueAt, atRiskAt: m.view.atRiskAt, step: m.view.steps[1].dueAt, stepAtRisk: m.view.steps[1].atRiskAt };
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, Date.parse('2026-11-27T09:00:00Z'));
    run(m, { type: 'supplementReceived' }, Date.parse('2026-11-30T01:00:00Z'));
    const later = (isoDate: string) => iso(Date.parse(isoDate) + 90 * 60_000);
    expect(m.view.steps[1].dueAt).toBe(later(before.step));
    expect(m.view.steps[1].atRiskAt).toBe(later(before.stepAtRisk));
    expect(m.view.dueAt).toBe(later(before.dueAt));
    expect(m.view.atRiskAt).toBe(later(before.atRiskAt));
    // Elapsed clock: a pause over the lunch break counts whole (2 h 30 min), not its 30 office minutes.
    const e = initialMachine(input({}, { receivedAt: '2026-11-27T03:59:00.000Z' }));
    run(e, { type: 'requestSupplement', reason: 'r', items: [] }, Date.parse('2026-11-27T04:00:00Z'));
    run(e, { type: 'supplementReceived' }, Date.parse('2026-11-27T06:30:00Z'));
    expect(e.view).toMatchObject({ dueAt: '2026-11-27T06:30:40.000Z', atRiskAt: '2026-11-27T06:30:15.000Z' });
    expect(e.view.steps[0]).toMatchObject({ dueAt: '2026-11-27T06:29:10.000Z', atRiskAt: '2026-11-27T06:29:07.500Z' });
  });

  it('holds only the first step to a paper dossier’s hand-over, not a reception step further on', () => {
    const after3pm = '2026-11-27T08:30:00.000Z'; // Friday 15:30
    const m = initialMachine(input({ legalTime: { workingDays: 5 }, steps: [{ ...STEPS[1], duration: { seconds: 60 } }, { ...STEPS[0], duration: { workingHours: 1 } }] }, { receivedAt: after3pm }));
    run(m, { type: 'complete', stepKey: 'review' }, Date.parse(after3pm) + 60_000);
    expect(m.view.steps[1].dueAt).toBe('2026-11-27T09:31:00.000Z'); // Friday 16:31, not Monday 07:30
  });

  it('does not hold a claim on a finished step: naming it again is the state’s answer', () => {
    const m = atReview();
    run(m, { type: 'assign', stepKey: 'review', assignee: 'an', actor: 'an' }, s(2));
    run(m, { type: 'complete', stepKey: 'review' }, s(3));
    expect(rejection(m, { type: 'complete', stepKey: 'review', by: person('binh', ['reviewer'], 'DKKD') }, s(4))).toEqual({
      kind: 'conflict', reason: 'step review is not current (current step: approval)',
    });
  });

  it('takes the desk from the reception step before the return step', () => {
    const m = initialMachine(input({ steps: [STEPS[0], STEPS[1], { ...STEPS[3], departmentCode: 'TRA_KQ' }] }));
    expect(rejection(m, { type: 'withdraw', reason: 'x', by: desk }, s(1))).toBeUndefined();
    expect(rejection(m, { type: 'withdraw', reason: 'x', by: person('tra', ['reception'], 'TRA_KQ') }, s(1))).toEqual({ kind: 'forbidden', reason: 'only the desk of department MOT_CUA may withdraw' });
  });

  it('offers recording the supplement while one is awaited', () => {
    const m = atReview();
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    expect(allowedActions(m, desk, s(3))).toEqual(['supplementReceived', 'withdraw']);
    expect(allowedActions(m, an, s(3))).toEqual(['supplementReceived', 'claim']);
  });

  it('leaves the supplement window to the workflow when the calendar is not given', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 10 }, steps: [{ ...STEPS[1], duration: { workingDays: 9 } }] }));
    const late = Date.parse('2026-12-03T02:00:00Z');
    expect(reason(m, { type: 'requestSupplement', reason: 'r', items: [] }, late)).toMatch(/^the supplement window/);
    expect(rejection({ view: m.view, input: m.input }, { type: 'requestSupplement', reason: 'r', items: [] }, late)).toBeUndefined();
    expect(rejection({ view: m.view, cal: m.cal }, { type: 'requestSupplement', reason: 'r', items: [] }, late)).toBeUndefined();
  });

  it('counts one supplement request as the dossier’s own timeliness nationally too', () => {
    const m = atReview();
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, s(2));
    run(m, { type: 'supplementReceived' }, s(3));
    run(m, { type: 'complete', stepKey: 'review' }, s(4));
    run(m, { type: 'complete', stepKey: 'approval' }, s(5));
    expect(m.view).toMatchObject({ supplementRequests: 1, timeliness: 'on_time', nationalTimeliness: 'on_time' });
  });

  it('returns the dossier when the return step is done, even with a step planned after it, and starts nothing more', () => {
    const m = atReview({ steps: [STEPS[0], STEPS[1], STEPS[3], { ...STEPS[2], key: 'archive' }] });
    run(m, { type: 'complete', stepKey: 'review' }, s(2));
    expect(m.view).toMatchObject({ status: 'awaiting_return', currentStepKey: 'return' });
    expect(run(m, { type: 'complete', stepKey: 'return' }, s(3)).type).toBe('result_returned');
    expect(m.view).toMatchObject({ status: 'returned', currentStepKey: undefined });
    expect(m.view.steps[3]).toMatchObject({ status: 'pending', attempt: 0 });
  });

  it('marks an early return only on the return, not on a step finished early', () => {
    const m = initialMachine(working());
    const e = run(m, { type: 'complete', stepKey: 'reception' }, s(60));
    expect(e).toMatchObject({ type: 'step_completed', payload: { earlyReturn: undefined } });
  });

  it('sends back without touching the steps before the one restarted', () => {
    const m = atReview();
    run(m, { type: 'complete', stepKey: 'review' }, s(2));
    run(m, { type: 'sendBack', stepKey: 'approval', toStepKey: 'review', reason: 'x' }, s(3));
    expect(m.view.steps[0]).toMatchObject({ status: 'done', completedAt: iso(s(1)), startedAt: iso(T0), timeliness: 'on_time' });
    expect(m.view.steps.map((x) => x.status)).toEqual(['done', 'active', 'pending', 'pending']);
  });

  it('re-plans a calendar change on a dossier with no current step', () => {
    const m = atReview();
    run(m, { type: 'withdraw', reason: 'x' }, s(2));
    expect(run(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 }, s(3))).toEqual({
      type: 'replanned', payload: { calendarVersion: 1, before: { dueAt: iso(s(100)), stepDueAt: undefined }, after: { dueAt: iso(s(100)), stepDueAt: undefined } },
    });
  });
});
