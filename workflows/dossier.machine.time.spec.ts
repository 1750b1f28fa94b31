import { buildCalendarDays, DEFAULT_CALENDAR, VN_CALENDAR_OVERRIDES, withHolidays, type WorkCalendar } from '../libs/domain/src';
import type { CommandInput, DossierInput } from './dossier.contract';
import { apply, initialMachine, rejection, type DossierMachine } from './dossier.machine';

// Decree 118/2025's one supplement request, periods in calendar days and the clock-start rule,
// as the lifecycle machine applies them. Dates hand-checked on a wall calendar (Hà Nội, UTC+7).
const vn = (local: string) => new Date(`${local}+07:00`);
const at = (local: string) => vn(local).getTime();
let cal: WorkCalendar;
beforeEach(() => {
  cal = withHolidays(DEFAULT_CALENDAR, buildCalendarDays([2025, 2026, 2027], VN_CALENDAR_OVERRIDES));
});

function input(receivedAt: string, over: Partial<DossierInput['procedure']> = {}, channel: DossierInput['channel'] = 'counter'): DossierInput {
  return {
    code: 'X-261103-0001',
    agencyCode: 'X',
    procedure: {
      code: '1.009645',
      version: 1,
      name: 'Chấp thuận chủ trương đầu tư',
      legalTime: { workingDays: 15 },
      steps: [
        { key: 'reception', name: 'Tiếp nhận', role: 'reception', duration: { workingHours: 4 } },
        { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DT', duration: { workingDays: 10 } },
        { key: 'return', name: 'Trả kết quả', role: 'return', duration: { workingHours: 4 } },
      ],
      ...over,
    },
    calendar: cal,
    applicant: { name: 'Công ty TNHH Minh Phát' },
    channel,
    receivedAt: vn(receivedAt).toISOString(),
  };
}

function run(m: DossierMachine, c: CommandInput, now: number) {
  const why = rejection(m, c, now);
  if (why) throw new Error(why.reason);
  return apply(m, c, now);
}

const request: CommandInput = { type: 'requestSupplement', reason: 'Thiếu hồ sơ', items: ['Báo cáo năng lực tài chính', 'Đề xuất dự án'] };

/** At review, with the patch of the workflow that runs it on or off. */
function atReview(received: string, over: Partial<DossierInput['procedure']> = {}, patched = true): DossierMachine {
  const m = initialMachine(input(received, over));
  m.patches = { oneSupplementRequest: patched };
  run(m, { type: 'complete', stepKey: 'reception' }, at(received) + 3_600_000);
  return m;
}

function supplementOnce(m: DossierMachine, from: string, to: string): void {
  run(m, request, at(from));
  run(m, { type: 'supplementReceived' }, at(to));
}

describe('one supplement request per dossier (Decree 118/2025)', () => {
  it('refuses a second request as a conflict naming the decree', () => {
    const m = atReview('2026-11-03T09:00');
    supplementOnce(m, '2026-11-04T09:00', '2026-11-05T09:00');
    const no = rejection(m, request, at('2026-11-05T10:00'));
    expect(no).toEqual({ kind: 'conflict', reason: expect.stringContaining('Nghị định 118/2025/NĐ-CP') });
    expect(no?.reason).toMatch(/^a supplement was already requested once: /);
  });

  it('allows as many as the procedure’s specialised law sets, citing it', () => {
    const basis = 'Luật Đầu tư 2020 (test basis)';
    const m = atReview('2026-11-03T09:00', { maxSupplementRequests: 2, supplementRequestsBasis: basis });
    supplementOnce(m, '2026-11-04T09:00', '2026-11-04T14:00');
    supplementOnce(m, '2026-11-05T09:00', '2026-11-05T14:00');
    expect(m.view.supplementRequests).toBe(2);
    expect(rejection(m, request, at('2026-11-05T15:00'))?.reason).toBe(`a supplement was already requested 2 times: ${basis} (procedure 1.009645: at most 2)`);
  });

  it('keeps Decree 61/2018 for a dossier received before 1 July 2025: no cap', () => {
    // Received Mon 30/06/2025 16:00, the last day before Decree 118/2025.
    const m = atReview('2025-06-30T16:00');
    supplementOnce(m, '2025-07-01T09:00', '2025-07-01T14:00');
    expect(rejection(m, request, at('2025-07-02T09:00'))).toBeUndefined();
    // Received on 01/07/2025 itself: the new rule.
    const after = atReview('2025-07-01T08:00');
    supplementOnce(after, '2025-07-01T10:00', '2025-07-01T14:00');
    expect(rejection(after, request, at('2025-07-02T09:00'))?.kind).toBe('conflict');
  });

  it('leaves workflows without the patch (recorded before it) as they ran', () => {
    const m = atReview('2026-11-03T09:00', {}, false);
    supplementOnce(m, '2026-11-04T09:00', '2026-11-05T09:00');
    expect(rejection(m, request, at('2026-11-05T10:00'))).toBeUndefined();
  });
});

describe('a legal time in calendar days', () => {
  it('plans the due date by Civil Code Art. 147–148 and adds the applicant’s wait back', () => {
    // Received Tue 03/11/2026; 15 days → Wed 18/11 17:00.
    const m = atReview('2026-11-03T09:00', { legalTime: { calendarDays: 15 } });
    expect(m.view.originalDueAt).toBe(vn('2026-11-18T17:00').toISOString());
    // The applicant keeps the dossier 3 days (Wed 04/11 09:00 → Sat 07/11 09:00): the count starts
    // 3 days later, Fri 06/11; day 15 = Sat 21/11 → Mon 23/11 17:00 (Art. 148(5)).
    supplementOnce(m, '2026-11-04T09:00', '2026-11-07T09:00');
    expect(m.view.dueAt).toBe(vn('2026-11-23T17:00').toISOString());
  });

  it('plans steps in calendar days along the chain', () => {
    const m = initialMachine(
      input('2026-11-03T09:00', { legalTime: { calendarDays: 15 }, steps: [{ key: 'reception', name: 'Tiếp nhận', role: 'reception', duration: { calendarDays: 1 } }, { key: 'review', name: 'Thẩm định', role: 'reviewer', duration: { calendarDays: 10 } }] }),
    );
    // Reception: day 1 = Wed 04/11 → 17:00; review from then: 10 days → Sat 14/11 → Mon 16/11 17:00.
    expect(m.view.steps.map((s) => [s.clock, s.dueAt])).toEqual([
      ['calendar', vn('2026-11-04T17:00').toISOString()],
      ['calendar', vn('2026-11-16T17:00').toISOString()],
    ]);
  });
});

describe('the clock-start rule of a procedure', () => {
  it('counts a dossier received after the cut-off from the next working day', () => {
    // Fri 13/11/2026 15:30, after the 15:00 cut-off → Mon 16/11; 15 days → Tue 01/12 17:00.
    const next = initialMachine(input('2026-11-13T15:30', { legalTime: { calendarDays: 15 }, clockStart: 'next_working_day_after_cutoff' }));
    expect(next.view.dueAt).toBe(vn('2026-12-01T17:00').toISOString());
    expect(next.legalStartAt).toBe(vn('2026-11-16T07:30').toISOString());
    // The default (receipt): day 15 = Sat 28/11 → Mon 30/11 17:00.
    const atReceipt = initialMachine(input('2026-11-13T15:30', { legalTime: { calendarDays: 15 } }));
    expect(atReceipt.view.dueAt).toBe(vn('2026-11-30T17:00').toISOString());
    // The receipt itself stays when it was.
    expect(next.view.receivedAt).toBe(vn('2026-11-13T15:30').toISOString());
  });

  it('leaves a dossier received by the cut-off on its day', () => {
    const m = initialMachine(input('2026-11-13T14:59', { legalTime: { calendarDays: 15 }, clockStart: 'next_working_day_after_cutoff' }));
    expect(m.view.dueAt).toBe(vn('2026-11-30T17:00').toISOString());
  });
});
