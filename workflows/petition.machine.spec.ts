import { DEFAULT_CALENDAR } from '../libs/domain/src';
import type { ActorRef } from './dossier.contract';
import type { PetitionCommandInput, PetitionInput, PetitionPlan } from './petition.contract';
import { applyPetition, initialPetition, isClosed, petitionAlarms, petitionRejection, replanPetition } from './petition.machine';

const T0 = Date.parse('2026-11-27T02:00:00Z'); // Friday 09:00 in Hà Nội
const iso = (ms: number) => new Date(ms).toISOString();
const seconds: PetitionPlan = { classify: { seconds: 100 }, assign: { seconds: 40 }, answer: { seconds: 200 }, publish: { seconds: 80 } };

const input = (plan: PetitionPlan = seconds): PetitionInput => ({
  code: 'X-PA-261127-0001', agencyCode: 'X', kind: 'feedback', source: 'web', subject: 'Chờ lâu', message: 'Tôi chờ 2 giờ.',
  name: 'Trần Văn Bình', contact: 'binh@example.vn', receivedAt: iso(T0), calendar: DEFAULT_CALENDAR, plan,
});
const actor = (username: string, roles: ActorRef['roles'], agencyCode = 'X'): ActorRef => ({ id: username, username, roles, agencyCode, agencyWide: true });
const supervisor = actor('supervisor', ['supervisor']);
const reviewer = actor('reviewer', ['reviewer']);
const cmd = (c: Record<string, unknown>, by: ActorRef = supervisor) => ({ ...c, actor: by.username, by }) as PetitionCommandInput;

function run(v: ReturnType<typeof initialPetition>, c: PetitionCommandInput, at: number) {
  const no = petitionRejection(v, c);
  if (no) throw new Error(no.reason);
  return applyPetition(v, c, at, seconds, DEFAULT_CALENDAR);
}

describe('petition machine', () => {
  it('opens the classification stage at receipt and promises the answer at classification + assignment + answer times', () => {
    const v = initialPetition(input());
    expect(v).toMatchObject({ status: 'received', stage: 'classify', dueAt: iso(T0 + 340_000) });
    expect(v.stages).toEqual([{ key: 'classify', startedAt: iso(T0), dueAt: iso(T0 + 100_000), atRiskAt: iso(T0 + 75_000) }]);
    expect(petitionAlarms(v)).toEqual([
      { kind: 'step_at_risk', level: 1, stepKey: 'classify', dueAt: iso(T0 + 100_000), fireAt: iso(T0 + 75_000) },
      { kind: 'step_overdue', level: 1, stepKey: 'classify', dueAt: iso(T0 + 100_000), fireAt: iso(T0 + 100_000) },
    ]);
  });

  it('counts working days on the calendar: 5 working days from a Friday morning end the next Friday morning', () => {
    const v = initialPetition(input({ ...seconds, classify: { workingDays: 5 } }));
    expect(v.stages[0].dueAt).toBe('2026-12-04T02:00:00.000Z');
  });

  it('walks every stage: each closes with its timeliness and opens the next with its own alarms, none once published', () => {
    const v = initialPetition(input());
    run(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'Thuộc thẩm quyền' }), T0 + 10_000);
    expect(v).toMatchObject({ status: 'classified', stage: 'assign', outcome: 'in_scope' });
    expect(v.stages[0]).toMatchObject({ completedAt: iso(T0 + 10_000), timeliness: 'on_time' });
    expect(petitionAlarms(v).map((a) => [a.stepKey, a.fireAt])).toEqual([['assign', iso(T0 + 40_000)], ['assign', iso(T0 + 50_000)]]);
    run(v, cmd({ type: 'assign', assignee: 'reviewer' }), T0 + 20_000);
    expect(v).toMatchObject({ status: 'assigned', stage: 'answer', assignee: 'reviewer' });
    // The assignee answers after its stage's 200 s and after the promised date: late on both.
    run(v, cmd({ type: 'answer', answer: 'Đã bố trí thêm quầy.' }, reviewer), T0 + 400_000);
    expect(v).toMatchObject({ status: 'answered', stage: 'publish', answeredOnTime: false });
    expect(v.stages[2]).toMatchObject({ key: 'answer', timeliness: 'late' });
    run(v, cmd({ type: 'publish', consent: true }), T0 + 410_000);
    expect(v).toMatchObject({ status: 'published', consent: true, publishedAt: iso(T0 + 410_000) });
    expect(isClosed(v)).toBe(true);
    expect(petitionAlarms(v)).toEqual([]);
  });

  it('answers on time when the answer comes by the promised date', () => {
    const v = initialPetition(input());
    run(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'ok' }), T0 + 1000);
    run(v, cmd({ type: 'assign', assignee: 'reviewer' }), T0 + 2000);
    run(v, cmd({ type: 'answer', answer: 'Trả lời' }), T0 + 3000);
    expect(v.answeredOnTime).toBe(true);
  });

  it.each([
    ['out_of_scope', {}, 'out_of_scope', undefined],
    ['forward', { forwardTo: 'Sở Xây dựng' }, 'forwarded', 'Sở Xây dựng'],
  ] as const)('closes a petition classified %s with its reason', (outcome, extra, status, forwardTo) => {
    const v = initialPetition(input());
    run(v, cmd({ type: 'classify', outcome, reason: 'Không thuộc thẩm quyền', ...extra }), T0 + 5000);
    expect(v).toMatchObject({ status, outcome, reason: 'Không thuộc thẩm quyền' });
    expect(v.forwardTo).toBe(forwardTo);
    expect(isClosed(v)).toBe(true);
    expect(petitionAlarms(v)).toEqual([]);
    expect(petitionRejection(v, cmd({ type: 'assign', assignee: 'reviewer' }))).toMatchObject({ kind: 'conflict' });
  });

  it('refuses a forward without the competent agency, a stage out of turn, and a command of another agency', () => {
    const v = initialPetition(input());
    expect(petitionRejection(v, cmd({ type: 'classify', outcome: 'forward', reason: 'x', forwardTo: ' ' }))).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('forwardTo') });
    expect(petitionRejection(v, cmd({ type: 'answer', answer: 'x' }))).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('classify') });
    expect(petitionRejection(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'x' }, actor('s2', ['supervisor'], 'Y')))).toMatchObject({ kind: 'forbidden' });
  });

  it('lets only the stage roles act, and the assignee answer', () => {
    const v = initialPetition(input());
    expect(petitionRejection(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'x' }, reviewer))).toMatchObject({ kind: 'forbidden' });
    run(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'x' }, actor('desk', ['reception'])), T0 + 1000);
    expect(petitionRejection(v, cmd({ type: 'assign', assignee: 'reviewer' }, reviewer))).toMatchObject({ kind: 'forbidden' });
    run(v, cmd({ type: 'assign', assignee: 'someone' }, actor('head', ['approver'])), T0 + 2000);
    expect(petitionRejection(v, cmd({ type: 'answer', answer: 'x' }, reviewer))).toMatchObject({ kind: 'forbidden', reason: expect.stringContaining('someone') });
    // Reassignment keeps the answer stage (and its due date) open.
    const due = v.stages[2].dueAt;
    expect(run(v, cmd({ type: 'assign', assignee: 'reviewer' }), T0 + 3000)).toEqual({ type: 'reassigned', payload: { assignee: 'reviewer', previous: 'someone' } });
    expect(v.stages).toHaveLength(3);
    expect(v.stages[2].dueAt).toBe(due);
    expect(petitionRejection(v, cmd({ type: 'answer', answer: 'x' }, reviewer))).toBeUndefined();
    expect(petitionRejection(v, cmd({ type: 'publish', consent: true }))).toMatchObject({ kind: 'conflict' });
  });

  describe('replanPetition (a calendar change)', () => {
    // The default times: classify 5, assign 2, answer 4, publish 5 working days. Received Friday
    // 27/11/2026 09:00: classification due Friday 04/12 09:00, at risk after 30 of its 40 working
    // hours (Fri 6.5 h, Mon 8, Tue 8, Wed 7.5 → Wednesday 02/12 16:30); promised 5 + 2 + 4 days:
    // Fri 04/12, Tue 08/12, Mon 14/12 09:00.
    const days: PetitionPlan = { classify: { workingDays: 5 }, assign: { workingDays: 2 }, answer: { workingDays: 4 }, publish: { workingDays: 5 } };
    const dayOff = { ...DEFAULT_CALENDAR, daysOff: ['2026-12-01'] }; // Tuesday
    const at = (local: string) => new Date(`${local}+07:00`).toISOString();

    it('moves the open stage from its start and the promised date from receipt by the day off inside them', () => {
      const v = initialPetition(input(days));
      expect(v.stages[0]).toMatchObject({ dueAt: at('2026-12-04T09:00:00'), atRiskAt: at('2026-12-02T16:30:00') });
      expect(v.dueAt).toBe(at('2026-12-14T09:00:00'));
      const before = JSON.parse(JSON.stringify(v));
      const r = replanPetition(v, days, dayOff);
      expect(v).toEqual(before); // pure
      // Tuesday off: the classification ends Monday 07/12 09:00 and is at risk Thursday 03/12 16:30;
      // promised Mon 07/12 + 2 = Wed 09/12, + 4 = Tue 15/12 09:00.
      expect(r.stages).toEqual([{ key: 'classify', startedAt: iso(T0), dueAt: at('2026-12-07T09:00:00'), atRiskAt: at('2026-12-03T16:30:00') }]);
      expect(r.dueAt).toBe(at('2026-12-15T09:00:00'));
      expect(petitionAlarms(r).map((a) => a.fireAt)).toEqual([at('2026-12-03T16:30:00'), at('2026-12-07T09:00:00')]);
      // The same calendar again changes nothing; the old one gives the old dates back.
      expect(replanPetition(r, days, dayOff)).toEqual(r);
      expect(replanPetition(r, days, DEFAULT_CALENDAR)).toEqual(v);
    });

    it('keeps the finished stages, and re-plans the open one from when it started', () => {
      const v = initialPetition(input(days));
      const classified = Date.parse(at('2026-11-30T10:00:00')); // Monday
      applyPetition(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'ok' }), classified, days, DEFAULT_CALENDAR);
      // Assignment: 2 working days from Monday 10:00 → Wednesday 02/12 10:00; with Tuesday off, Thursday 03/12 10:00.
      expect(v.stages[1]).toMatchObject({ key: 'assign', dueAt: at('2026-12-02T10:00:00') });
      const r = replanPetition(v, days, dayOff);
      expect(r.stages[0]).toEqual(v.stages[0]);
      // At risk after 12 of its 16 hours: Mon 10:00–11:30 and 13:00–17:00 is 5.5 h, 6.5 more on Wednesday
      // (07:30–11:30, then 13:00 + 2.5 h) → Wed 02/12 15:30 (it was Tue 01/12 15:30).
      expect(r.stages[1]).toEqual({ key: 'assign', startedAt: at('2026-11-30T10:00:00'), dueAt: at('2026-12-03T10:00:00'), atRiskAt: at('2026-12-02T15:30:00') });
      expect(v.stages[1].atRiskAt).toBe(at('2026-12-01T15:30:00'));
      expect(r.dueAt).toBe(at('2026-12-15T09:00:00'));
    });

    it('keeps the promised date of an answered petition (judged on time against it), and a closed petition whole', () => {
      const v = initialPetition(input(days));
      applyPetition(v, cmd({ type: 'classify', outcome: 'in_scope', reason: 'ok' }), T0 + 1000, days, DEFAULT_CALENDAR);
      applyPetition(v, cmd({ type: 'assign', assignee: 'reviewer' }), T0 + 2000, days, DEFAULT_CALENDAR);
      applyPetition(v, cmd({ type: 'answer', answer: 'Trả lời' }), T0 + 3000, days, DEFAULT_CALENDAR);
      const r = replanPetition(v, days, dayOff);
      expect(r.dueAt).toBe(v.dueAt);
      expect(r.stages.slice(0, 3)).toEqual(v.stages.slice(0, 3));
      // Publication: 5 working days from Friday 09:00:03 → next Friday; with Tuesday off, Monday 07/12.
      expect(r.stages[3].dueAt).toBe(new Date(Date.parse(at('2026-12-07T09:00:00')) + 3000).toISOString());
      applyPetition(r, cmd({ type: 'publish', consent: true }), T0 + 4000, days, DEFAULT_CALENDAR);
      expect(replanPetition(r, days, dayOff)).toEqual(r);
      const closed = initialPetition(input(days));
      applyPetition(closed, cmd({ type: 'classify', outcome: 'out_of_scope', reason: 'x' }), T0 + 1000, days, DEFAULT_CALENDAR);
      expect(replanPetition(closed, days, dayOff)).toEqual(closed);
    });
  });
});
