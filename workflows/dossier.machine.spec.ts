import { DEFAULT_CALENDAR } from '../libs/domain/src';
import { CALENDAR_SYSTEM, type ActorRef, type CommandInput, type DossierInput } from './dossier.contract';
import { alarms, allowedActions, apply, initialMachine, previewReplan, rejection, type DossierMachine } from './dossier.machine';

const T0 = Date.parse('2026-11-27T02:00:00Z'); // Friday 09:00 in Hà Nội
const s = (n: number) => n * 1000;

function input(over: Partial<DossierInput['procedure']> = {}, reception?: DossierInput['reception']): DossierInput {
  return {
    code: 'X-261127-0001',
    agencyCode: 'X',
    procedure: {
      code: '9.000001',
      version: 1,
      name: 'test',
      legalTime: { seconds: 100 },
      steps: [
        { key: 'reception', name: 'Tiếp nhận', role: 'reception', duration: { seconds: 10 } },
        { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { seconds: 40 } },
        { key: 'approval', name: 'Phê duyệt', role: 'approver', duration: { seconds: 20 } },
        { key: 'return', name: 'Trả kết quả', role: 'return', duration: { seconds: 10 } },
      ],
      ...over,
    },
    calendar: DEFAULT_CALENDAR,
    applicant: { name: 'Nguyễn Thị Vân Quỳnh' },
    channel: 'counter',
    receivedAt: new Date(T0).toISOString(),
    reception,
  };
}

function run(m: DossierMachine, c: CommandInput, at: number) {
  const why = rejection(m, c, at);
  if (why) throw new Error(why.reason);
  return apply(m, c, at);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('dossier machine', () => {
  it('plans the receipt: step chain, dossier due, at-risk at 75 %', () => {
    const m = initialMachine(input());
    expect(m.view).toMatchObject({ status: 'received', statusCode: 2, dueAt: iso(T0 + s(100)), atRiskAt: iso(T0 + s(75)), originalDueAt: iso(T0 + s(100)) });
    expect(m.view.steps.map((x) => x.dueAt)).toEqual([iso(T0 + s(10)), iso(T0 + s(50)), iso(T0 + s(70)), iso(T0 + s(80))]);
    expect(alarms(m).map((a) => a.key)).toEqual(['step_at_risk:reception:1', 'step_overdue:reception:1', 'dossier_at_risk:1', 'dossier_overdue:1']);
  });

  it('keeps an incomplete dossier without a clock until the desk receives it', () => {
    const m = initialMachine(input({}, { outcome: 'needs_supplement', reason: 'thiếu giấy tờ', items: ['CCCD'] }));
    expect(m.view).toMatchObject({ status: 'submitted', statusCode: 1, guidance: { items: ['CCCD'] } });
    expect(alarms(m)).toEqual([]);
    expect(rejection(m, { type: 'complete', stepKey: 'reception' }, T0)?.reason).toMatch(/not been received/);
    run(m, { type: 'receive' }, T0 + s(3600));
    expect(m.view).toMatchObject({ status: 'received', receivedAt: iso(T0 + s(3600)), dueAt: iso(T0 + s(3700)) });
  });

  it('refuses at reception as a terminal state', () => {
    const m = initialMachine(input({}, { outcome: 'refused', reason: 'không thuộc thẩm quyền' }));
    expect(m.view).toMatchObject({ status: 'refused_at_reception', statusCode: 3, reason: 'không thuộc thẩm quyền' });
    expect(rejection(m, { type: 'withdraw', reason: 'x' }, T0)?.reason).toMatch(/refused_at_reception/);
  });

  it('stops the clock during a supplement and shifts every deadline by the wait (subtract policy)', () => {
    const m = initialMachine(input());
    run(m, { type: 'complete', stepKey: 'reception' }, T0 + s(5));
    run(m, { type: 'requestSupplement', reason: 'thiếu bản sao', items: ['Điều lệ'] }, T0 + s(15));
    expect(m.view).toMatchObject({ status: 'supplement_requested', statusCode: 5, supplementRequests: 1 });
    expect(alarms(m)).toEqual([]);
    expect(rejection(m, { type: 'complete', stepKey: 'review' }, T0 + s(20))?.reason).toMatch(/waiting/);
    run(m, { type: 'supplementReceived' }, T0 + s(45));
    expect(m.view.status).toBe('processing');
    expect(m.view.pauses).toEqual([{ from: iso(T0 + s(15)), to: iso(T0 + s(45)), reason: 'thiếu bản sao', items: ['Điều lệ'] }]);
    expect(m.view.dueAt).toBe(iso(T0 + s(130)));
    expect(m.view.steps[1].dueAt).toBe(iso(T0 + s(5 + 40 + 30)));
  });

  it('restarts the legal period after a supplement under the restart policy', () => {
    const m = initialMachine(input({ supplementPolicy: 'restart' }));
    run(m, { type: 'complete', stepKey: 'reception' }, T0 + s(5));
    run(m, { type: 'requestSupplement', reason: 'r', items: [] }, T0 + s(15));
    run(m, { type: 'supplementReceived' }, T0 + s(45));
    expect(m.view.dueAt).toBe(iso(T0 + s(145)));
    expect(m.view.steps[1]).toMatchObject({ startedAt: iso(T0 + s(45)), dueAt: iso(T0 + s(85)) });
  });

  it('closes the supplement window 3 working days after receipt', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 10 }, steps: [{ key: 'review', name: 'r', role: 'reviewer', duration: { workingDays: 9 } }] }));
    // Received Friday 09:00 → 3 working days end Wednesday 09:00.
    expect(rejection(m, { type: 'requestSupplement', reason: 'r', items: [] }, Date.parse('2026-12-02T01:59:00Z'))).toBeUndefined();
    expect(rejection(m, { type: 'requestSupplement', reason: 'r', items: [] }, Date.parse('2026-12-02T02:01:00Z'))?.reason).toMatch(/window/);
  });

  it('reschedules once, until the at-risk point, and the dossier counts as late', () => {
    const m = initialMachine(input());
    expect(rejection(m, { type: 'reschedule', newDueAt: iso(T0 + s(50)), reason: 'r' }, T0)?.reason).toMatch(/after the current due/);
    run(m, { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'cần xác minh' }, T0 + s(10));
    expect(m.view).toMatchObject({ dueAt: iso(T0 + s(300)), originalDueAt: iso(T0 + s(100)), reschedule: { originalDueAt: iso(T0 + s(100)), reason: 'cần xác minh' } });
    expect(rejection(m, { type: 'reschedule', newDueAt: iso(T0 + s(400)), reason: 'r' }, T0 + s(11))?.reason).toMatch(/once/);
    expect(alarms(m).filter((a) => a.kind.startsWith('dossier'))).toEqual([expect.objectContaining({ key: 'dossier_overdue:2', at: T0 + s(300) })]);
    for (const k of ['reception', 'review', 'approval']) run(m, { type: 'complete', stepKey: k }, T0 + s(20));
    expect(m.view).toMatchObject({ status: 'awaiting_return', timeliness: 'late' });
  });

  it('refuses a reschedule after the at-risk point', () => {
    const m = initialMachine(input());
    expect(rejection(m, { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'r' }, T0 + s(80))?.reason).toMatch(/1 working day before/);
  });

  it('sends a step back: the earlier step runs again as a new attempt with its own clock and alarms', () => {
    const m = initialMachine(input());
    run(m, { type: 'complete', stepKey: 'reception' }, T0 + s(5));
    run(m, { type: 'complete', stepKey: 'review' }, T0 + s(20));
    expect(rejection(m, { type: 'sendBack', stepKey: 'approval', toStepKey: 'return', reason: 'x' }, T0 + s(21))?.reason).toMatch(/earlier/);
    const e = run(m, { type: 'sendBack', stepKey: 'approval', toStepKey: 'review', reason: 'thiếu ý kiến' }, T0 + s(25));
    expect(e).toMatchObject({ type: 'sent_back', payload: { stepKey: 'approval', toStepKey: 'review' } });
    expect(m.view.steps[1]).toMatchObject({ status: 'active', attempt: 2, startedAt: iso(T0 + s(25)), dueAt: iso(T0 + s(65)) });
    expect(m.view.steps[2]).toMatchObject({ status: 'pending', attempt: 1 });
    expect(alarms(m)[0].key).toBe('step_at_risk:review:2');
  });

  it('refuses after review: processing ends, the result (a refusal) awaits return', () => {
    const m = initialMachine(input());
    run(m, { type: 'complete', stepKey: 'reception' }, T0 + s(5));
    run(m, { type: 'refuse', reason: 'không đủ điều kiện' }, T0 + s(20));
    expect(m.view).toMatchObject({ status: 'awaiting_return', statusCode: 9, outcome: 'refused', timeliness: 'on_time', currentStepKey: 'return' });
    run(m, { type: 'recordReturn' }, T0 + s(30));
    expect(m.view).toMatchObject({ status: 'returned', statusCode: 10 });
  });

  it('withdraws on request: stopped, nothing left to time', () => {
    const m = initialMachine(input());
    run(m, { type: 'withdraw', reason: 'công dân xin rút' }, T0 + s(5));
    expect(m.view).toMatchObject({ status: 'withdrawn', statusCode: 8, currentStepKey: undefined });
    expect(m.view.steps.every((x) => x.status !== 'active')).toBe(true);
  });

  it('separates processing finished (9) from result returned (10) and marks an early return', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 3 }, steps: [
      { key: 'review', name: 'r', role: 'reviewer', duration: { workingHours: 8 } },
      { key: 'return', name: 't', role: 'return', duration: { workingHours: 8 } },
    ] }));
    run(m, { type: 'complete', stepKey: 'review' }, T0 + s(3600));
    expect(m.view).toMatchObject({ status: 'awaiting_return', timeliness: 'early' });
    const e = run(m, { type: 'complete', stepKey: 'return' }, T0 + s(7200));
    expect(e).toMatchObject({ type: 'result_returned', payload: { earlyReturn: true } });
    expect(m.view.returnedAt).toBe(iso(T0 + s(7200)));
  });

  it('re-plans open deadlines when the calendar changes', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 3 }, steps: [{ key: 'review', name: 'r', role: 'reviewer', duration: { workingDays: 2 } }] }));
    expect(m.view.dueAt).toBe('2026-12-02T02:00:00.000Z'); // Wed 09:00
    run(m, { type: 'calendarChanged', calendar: { ...DEFAULT_CALENDAR, daysOff: ['2026-11-30'] }, version: 1 }, T0 + s(60));
    expect(m.view.dueAt).toBe('2026-12-03T02:00:00.000Z');
    expect(m.view.steps[0].dueAt).toBe('2026-12-02T02:00:00.000Z');
    expect(rejection(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 }, T0)?.reason).toMatch(/not newer/);
  });

  it('previews a calendar change with the re-plan it would run, changing nothing', () => {
    const m = initialMachine(input({ legalTime: { workingDays: 3 }, steps: [{ key: 'review', name: 'r', role: 'reviewer', duration: { workingDays: 2 } }] }));
    const before = JSON.stringify(m);
    const cal = { ...DEFAULT_CALENDAR, daysOff: ['2026-11-30'] };
    expect(previewReplan(m, cal)).toEqual({ dueAt: '2026-12-02T02:00:00.000Z', newDueAt: '2026-12-03T02:00:00.000Z', stepKey: 'review', stepDueAt: '2026-12-01T02:00:00.000Z', newStepDueAt: '2026-12-02T02:00:00.000Z' });
    expect(JSON.stringify(m)).toBe(before);
    // The preview is what the command then does.
    run(m, { type: 'calendarChanged', calendar: cal, version: 1 }, T0 + s(60));
    expect({ dueAt: m.view.dueAt, stepDueAt: m.view.steps[0].dueAt }).toEqual({ dueAt: '2026-12-03T02:00:00.000Z', stepDueAt: '2026-12-02T02:00:00.000Z' });
  });

  it('counts a second supplement request as late for the national score only', () => {
    const m = initialMachine(input());
    for (const t of [1, 3]) {
      run(m, { type: 'requestSupplement', reason: 'r', items: [] }, T0 + s(t));
      run(m, { type: 'supplementReceived' }, T0 + s(t + 1));
    }
    for (const k of ['reception', 'review', 'approval']) run(m, { type: 'complete', stepKey: k }, T0 + s(10));
    expect(m.view).toMatchObject({ supplementRequests: 2, timeliness: 'on_time', nationalTimeliness: 'late' });
  });

  it('holds a paper dossier taken after 15:00 at the desk until the next working day opens', () => {
    const after3pm = Date.parse('2026-11-27T08:30:00Z'); // Friday 15:30 in Hà Nội
    const plan = { legalTime: { workingDays: 3 }, steps: [
      { key: 'reception', name: 't', role: 'reception' as const, duration: { workingHours: 1 } },
      { key: 'review', name: 'r', role: 'reviewer' as const, duration: { workingDays: 2 } },
    ] };
    const paper = initialMachine({ ...input(plan), receivedAt: new Date(after3pm).toISOString() });
    expect(paper.view.steps[0].dueAt).toBe('2026-11-30T00:30:00.000Z'); // Monday 07:30
    const online = initialMachine({ ...input(plan), channel: 'online', receivedAt: new Date(after3pm).toISOString() });
    expect(online.view.steps[0].dueAt).toBe('2026-11-27T09:30:00.000Z'); // Friday 16:30
  });
});


// Who may act: the one rule (issue 17). The demo agency's shape: the desk (MOT_CUA) receives and
// returns, DKKD reviews and approves.
describe('who may act on a dossier', () => {
  const person = (username: string, roles: ActorRef['roles'], departmentCode?: string, over: Partial<ActorRef> = {}): ActorRef => ({ id: username, username, roles, agencyCode: 'X', departmentCode, agencyWide: false, ...over });
  const desk = person('lan', ['reception'], 'MOT_CUA');
  const otherDesk = person('hoa', ['reception'], 'MOT_CUA_2');
  const an = person('an', ['reviewer'], 'DKKD');
  const binh = person('binh', ['reviewer'], 'DKKD');
  const dautu = person('huy', ['reviewer'], 'DAUTU');
  const noDepartment = person('vo', ['reviewer']);
  const agencyWide = person('rong', ['reviewer'], undefined, { agencyWide: true });
  const head = person('nam', ['approver'], 'DKKD');
  const dautuHead = person('trang', ['approver'], 'DAUTU');
  const supervisor = person('ha', ['supervisor'], undefined, { agencyWide: true });
  const foreign = person('khac', ['reviewer'], 'DKKD', { agencyCode: 'Y' });

  const plan = () =>
    input({
      steps: [
        { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { seconds: 10 } },
        { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { seconds: 40 } },
        { key: 'approval', name: 'Phê duyệt', role: 'approver', departmentCode: 'DKKD', duration: { seconds: 20 } },
        { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { seconds: 10 } },
      ],
    });
  /** A dossier waiting at its DKKD review step, unassigned. */
  const atReview = () => {
    const m = initialMachine(plan());
    run(m, { type: 'complete', stepKey: 'reception', by: desk }, T0 + s(1));
    return m;
  };
  const as = (m: DossierMachine, by: ActorRef, c: CommandInput, at = T0 + s(2)) => rejection(m, { ...c, by }, at);
  const complete = (stepKey: string): CommandInput => ({ type: 'complete', stepKey });

  it('judges a command without an actor (recorded before actors were carried) by the state alone', () => {
    const m = atReview();
    expect(rejection(m, complete('review'), T0 + s(2))).toBeUndefined();
    expect(rejection(m, complete('reception'), T0 + s(2))).toEqual({ kind: 'conflict', reason: expect.stringMatching(/not current/) });
  });

  it('lets only the system roll out a calendar change, and the system nothing else', () => {
    const m = atReview();
    const change: CommandInput = { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 };
    expect(rejection(m, { ...change, by: CALENDAR_SYSTEM }, T0)).toBeUndefined();
    expect(as(m, supervisor, change)).toMatchObject({ kind: 'forbidden' });
    expect(rejection(m, { ...complete('review'), by: CALENDAR_SYSTEM }, T0)).toMatchObject({ kind: 'forbidden' });
  });

  it('forbids another agency whatever the role', () => {
    expect(as(atReview(), foreign, complete('review'))).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/another agency/) });
  });

  it('forbids a step of another role, and a step of another department', () => {
    const m = atReview();
    expect(as(m, desk, complete('review'))).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/reviewer role/) });
    expect(as(m, head, complete('review'))).toMatchObject({ kind: 'forbidden' });
    expect(as(m, dautu, complete('review'))).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/department DKKD/) });
    expect(as(m, dautu, { type: 'sendBack', stepKey: 'review', toStepKey: 'reception', reason: 'x' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, an, complete('review'))).toBeUndefined();
  });

  it('gives cross-department reach only to agency-wide staff, never for lack of a department', () => {
    const m = atReview();
    expect(as(m, noDepartment, complete('review'))).toMatchObject({ kind: 'forbidden' });
    expect(as(m, noDepartment, { type: 'assign', stepKey: 'review', assignee: 'vo' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, agencyWide, complete('review'))).toBeUndefined();
    expect(as(m, person('x', ['approver']), { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'r' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, person('x', ['approver'], undefined, { agencyWide: true }), { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'r' })).toBeUndefined();
  });

  it('forbids a step claimed by someone else: the officer who read it before the claim cannot complete it', () => {
    const m = atReview();
    expect(allowedActions(m, binh, T0 + s(2))).toContain('complete');
    run(m, { type: 'assign', stepKey: 'review', assignee: 'an', actor: 'an', by: an }, T0 + s(3));
    expect(m.view.steps[1].assignee).toBe('an');
    expect(as(m, binh, complete('review'))).toEqual({ kind: 'forbidden', reason: 'step review is claimed by an' });
    expect(as(m, binh, { type: 'requestSupplement', reason: 'r', items: [] })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, binh, { type: 'assign', stepKey: 'review', assignee: 'binh' })).toEqual({ kind: 'forbidden', reason: 'step review is claimed by an' });
    expect(as(m, an, complete('review'))).toBeUndefined();
    // Claiming one's own step again is the state's answer.
    expect(as(m, an, { type: 'assign', stepKey: 'review', assignee: 'an' })).toEqual({ kind: 'conflict', reason: expect.stringMatching(/already assigned/) });
  });

  it('lets the department head assign and reassign in their department only; officers only claim for themselves', () => {
    const m = atReview();
    expect(as(m, an, { type: 'assign', stepKey: 'review', assignee: 'binh' })).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/department head/) });
    expect(as(m, dautuHead, { type: 'assign', stepKey: 'review', assignee: 'huy' })).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/head of department DKKD/) });
    // The head does not work review steps: no claiming them for themself.
    expect(as(m, head, { type: 'assign', stepKey: 'review', assignee: 'nam' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, head, { type: 'assign', stepKey: 'review', assignee: 'binh' })).toBeUndefined();
    run(m, { type: 'assign', stepKey: 'review', assignee: 'an', by: an }, T0 + s(3));
    expect(as(m, head, { type: 'assign', stepKey: 'review', assignee: 'binh' })).toBeUndefined();
    expect(as(m, head, { type: 'assign', stepKey: 'approval', assignee: 'binh' })).toEqual({ kind: 'conflict', reason: expect.stringMatching(/not current/) });
  });

  it('lets a head take over a claimed step of their own role', () => {
    const m = atReview();
    run(m, complete('review'), T0 + s(3));
    const otherHead = person('tuan', ['approver'], 'DKKD');
    run(m, { type: 'assign', stepKey: 'approval', assignee: 'tuan', by: otherHead }, T0 + s(4));
    expect(as(m, head, { type: 'assign', stepKey: 'approval', assignee: 'nam' })).toBeUndefined();
    expect(as(m, head, complete('approval'))).toEqual({ kind: 'forbidden', reason: 'step approval is claimed by tuan' });
  });

  it('keeps receiving, withdrawing, returning and recording supplements at the dossier’s desk', () => {
    const submitted = initialMachine({ ...plan(), reception: { outcome: 'needs_supplement', reason: 'thiếu', items: [] } });
    expect(as(submitted, an, { type: 'receive' })).toMatchObject({ kind: 'forbidden' });
    expect(as(submitted, otherDesk, { type: 'receive' })).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/desk of department MOT_CUA/) });
    expect(as(submitted, desk, { type: 'receive' })).toBeUndefined();

    const m = atReview();
    expect(as(m, an, { type: 'withdraw', reason: 'x' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, otherDesk, { type: 'withdraw', reason: 'x' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, desk, { type: 'withdraw', reason: 'x' })).toBeUndefined();
    expect(as(m, desk, { type: 'recordReturn' })).toMatchObject({ kind: 'conflict' });
    expect(as(m, an, { type: 'recordReturn' })).toMatchObject({ kind: 'forbidden' });

    run(m, { type: 'requestSupplement', reason: 'r', items: [], by: an }, T0 + s(3));
    expect(as(m, desk, { type: 'supplementReceived' })).toBeUndefined();
    expect(as(m, an, { type: 'supplementReceived' })).toBeUndefined();
    expect(as(m, dautu, { type: 'supplementReceived' })).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/desk or the officer/) });
    expect(as(m, head, { type: 'supplementReceived' })).toMatchObject({ kind: 'forbidden' });
  });

  it('leaves supplement requests and refusals to the officer of the current step, never the desk after receipt', () => {
    const fresh = initialMachine(plan());
    expect(as(fresh, desk, { type: 'refuse', reason: 'x' })).toEqual({ kind: 'forbidden', reason: expect.stringMatching(/not at the desk/) });
    const m = atReview();
    expect(as(m, desk, { type: 'requestSupplement', reason: 'r', items: [] })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, desk, { type: 'refuse', reason: 'x' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, dautu, { type: 'refuse', reason: 'x' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, an, { type: 'refuse', reason: 'x' })).toBeUndefined();
    expect(as(m, an, { type: 'requestSupplement', reason: 'r', items: [] })).toBeUndefined();
  });

  it('lets only the department head reschedule', () => {
    const m = atReview();
    const reschedule: CommandInput = { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'r' };
    expect(as(m, an, reschedule)).toMatchObject({ kind: 'forbidden' });
    expect(as(m, dautuHead, reschedule)).toMatchObject({ kind: 'forbidden' });
    expect(as(m, head, reschedule)).toBeUndefined();
    expect(as(m, head, { ...reschedule, newDueAt: iso(T0) })).toMatchObject({ kind: 'conflict' });
  });

  it('answers a double click on the desk’s own step with a conflict, not a refusal', () => {
    const m = atReview();
    expect(as(m, desk, complete('reception'))).toEqual({ kind: 'conflict', reason: 'step reception is not current (current step: review)' });
    expect(as(m, desk, complete('review'))).toMatchObject({ kind: 'forbidden' });
    expect(as(m, an, complete('nope'))).toMatchObject({ kind: 'conflict' });
  });

  it('answers any act on a finished dossier with a conflict to those whose act it is', () => {
    const m = atReview();
    run(m, { type: 'withdraw', reason: 'xin rút', by: desk }, T0 + s(3));
    expect(as(m, desk, { type: 'withdraw', reason: 'x' })).toEqual({ kind: 'conflict', reason: 'dossier is withdrawn' });
    expect(as(m, an, complete('review'))).toEqual({ kind: 'conflict', reason: 'dossier is withdrawn' });
    expect(as(m, an, { type: 'refuse', reason: 'x' })).toEqual({ kind: 'conflict', reason: 'dossier is withdrawn' });
    expect(as(m, supervisor, { type: 'refuse', reason: 'x' })).toMatchObject({ kind: 'forbidden' });
    expect(as(m, head, { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'r' })).toMatchObject({ kind: 'conflict' });
    for (const who of [desk, an, head, supervisor]) expect(allowedActions(m, who, T0 + s(4))).toEqual([]);
  });

  it('lists for each caller exactly what they may do now', () => {
    const m = atReview();
    const now = T0 + s(2);
    expect(allowedActions(m, an, now)).toEqual(['complete', 'sendBack', 'requestSupplement', 'refuse', 'claim']);
    expect(allowedActions(m, head, now)).toEqual(['reschedule', 'assign']);
    expect(allowedActions(m, desk, now)).toEqual(['withdraw']);
    expect(allowedActions(m, dautu, now)).toEqual([]);
    expect(allowedActions(m, supervisor, now)).toEqual([]);
    run(m, { type: 'assign', stepKey: 'review', assignee: 'an', by: an }, now);
    expect(allowedActions(m, an, now)).toEqual(['complete', 'sendBack', 'requestSupplement', 'refuse']);
    expect(allowedActions(m, binh, now)).toEqual([]);
    // Past the at-risk point the apology with a new date is no longer possible.
    expect(allowedActions(m, head, T0 + s(80))).toEqual(['assign']);
    for (const k of ['review', 'approval']) run(m, complete(k), now);
    expect(allowedActions(m, desk, now)).toEqual(['complete', 'recordReturn', 'claim']);
    expect(allowedActions({ view: m.view }, desk, now)).toEqual(allowedActions(m, desk, now));
  });

  it('leaves the supplement window to the workflow when judged on the view alone', () => {
    const m = initialMachine({ ...plan(), procedure: { ...plan().procedure, legalTime: { workingDays: 10 } } });
    run(m, complete('reception'), T0 + s(1));
    const late = Date.parse('2026-12-02T02:01:00Z');
    expect(as(m, an, { type: 'requestSupplement', reason: 'r', items: [] }, late)).toMatchObject({ kind: 'conflict', reason: expect.stringMatching(/window/) });
    expect(rejection({ view: m.view }, { type: 'requestSupplement', reason: 'r', items: [], by: an }, late)).toBeUndefined();
  });
});
