import { DEFAULT_CALENDAR } from '../libs/domain/src';
import type { CommandInput, DossierInput } from './dossier.contract';
import { alarms, apply, initialMachine, rejection, type DossierMachine } from './dossier.machine';

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
  if (why) throw new Error(why);
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
    expect(rejection(m, { type: 'complete', stepKey: 'reception' }, T0)).toMatch(/not been received/);
    run(m, { type: 'receive' }, T0 + s(3600));
    expect(m.view).toMatchObject({ status: 'received', receivedAt: iso(T0 + s(3600)), dueAt: iso(T0 + s(3700)) });
  });

  it('refuses at reception as a terminal state', () => {
    const m = initialMachine(input({}, { outcome: 'refused', reason: 'không thuộc thẩm quyền' }));
    expect(m.view).toMatchObject({ status: 'refused_at_reception', statusCode: 3, reason: 'không thuộc thẩm quyền' });
    expect(rejection(m, { type: 'withdraw', reason: 'x' }, T0)).toMatch(/refused_at_reception/);
  });

  it('stops the clock during a supplement and shifts every deadline by the wait (subtract policy)', () => {
    const m = initialMachine(input());
    run(m, { type: 'complete', stepKey: 'reception' }, T0 + s(5));
    run(m, { type: 'requestSupplement', reason: 'thiếu bản sao', items: ['Điều lệ'] }, T0 + s(15));
    expect(m.view).toMatchObject({ status: 'supplement_requested', statusCode: 5, supplementRequests: 1 });
    expect(alarms(m)).toEqual([]);
    expect(rejection(m, { type: 'complete', stepKey: 'review' }, T0 + s(20))).toMatch(/waiting/);
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
    expect(rejection(m, { type: 'requestSupplement', reason: 'r', items: [] }, Date.parse('2026-12-02T02:01:00Z'))).toMatch(/window/);
  });

  it('reschedules once, until the at-risk point, and the dossier counts as late', () => {
    const m = initialMachine(input());
    expect(rejection(m, { type: 'reschedule', newDueAt: iso(T0 + s(50)), reason: 'r' }, T0)).toMatch(/after the current due/);
    run(m, { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'cần xác minh' }, T0 + s(10));
    expect(m.view).toMatchObject({ dueAt: iso(T0 + s(300)), originalDueAt: iso(T0 + s(100)), reschedule: { originalDueAt: iso(T0 + s(100)), reason: 'cần xác minh' } });
    expect(rejection(m, { type: 'reschedule', newDueAt: iso(T0 + s(400)), reason: 'r' }, T0 + s(11))).toMatch(/once/);
    expect(alarms(m).filter((a) => a.kind.startsWith('dossier'))).toEqual([expect.objectContaining({ key: 'dossier_overdue:2', at: T0 + s(300) })]);
    for (const k of ['reception', 'review', 'approval']) run(m, { type: 'complete', stepKey: k }, T0 + s(20));
    expect(m.view).toMatchObject({ status: 'awaiting_return', timeliness: 'late' });
  });

  it('refuses a reschedule after the at-risk point', () => {
    const m = initialMachine(input());
    expect(rejection(m, { type: 'reschedule', newDueAt: iso(T0 + s(300)), reason: 'r' }, T0 + s(80))).toMatch(/1 working day before/);
  });

  it('sends a step back: the earlier step runs again as a new attempt with its own clock and alarms', () => {
    const m = initialMachine(input());
    run(m, { type: 'complete', stepKey: 'reception' }, T0 + s(5));
    run(m, { type: 'complete', stepKey: 'review' }, T0 + s(20));
    expect(rejection(m, { type: 'sendBack', stepKey: 'approval', toStepKey: 'return', reason: 'x' }, T0 + s(21))).toMatch(/earlier/);
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
    expect(rejection(m, { type: 'calendarChanged', calendar: DEFAULT_CALENDAR, version: 1 }, T0)).toMatch(/not newer/);
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

