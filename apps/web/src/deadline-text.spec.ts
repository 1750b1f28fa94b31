import { amountText, deadlineLines, dossierMoves } from './deadline-text';
import { fill, messages, missingMessage, type Lang, type MsgKey } from './messages';

// Unit-tested in the root Jest `unit` project (TZ=UTC); the web app's own build leaves specs out.
const i18n = (lang: Lang) => {
  const lookup = (key: string) => (messages[lang] as Record<string, string>)[key] ?? missingMessage(key);
  return { tx: lookup, f: (key: MsgKey, vars: Record<string, string | number>) => fill(lookup(key), vars) };
};
const lines = (lang: Lang, d: Parameters<typeof deadlineLines>[0], seconds = false, moves: string[] = []) => {
  const { tx, f } = i18n(lang);
  return deadlineLines(d, tx, f, lang, seconds, moves);
};

// Fri 27/11/2026 16:00 + 2h of office time (Asia/Ho_Chi_Minh): 1h on Friday, the weekend skipped, 1h on Monday.
const working = {
  key: 'review',
  startAt: '2026-11-27T09:00:00.000Z',
  duration: { workingHours: 2 },
  dueAt: '2026-11-30T01:30:00.000Z',
  text: '+1h Fri 27/11 16:00–17:00; skipped Sat 28/11–Sun 29/11 weekend; +1h Mon 30/11 07:30–08:30; due 08:30 30/11/2026',
  trace: [
    { date: '2026-11-27', kind: 'counted' as const, from: '16:00', to: '17:00', minutes: 60 },
    { date: '2026-11-28', kind: 'skipped' as const, reason: 'weekend' as const },
    { date: '2026-11-29', kind: 'skipped' as const, reason: 'weekend' as const },
    { date: '2026-11-30', kind: 'counted' as const, from: '07:30', to: '08:30', minutes: 60 },
  ],
};

describe('deadlineLines', () => {
  it('says what the API’s English explanation says, in Vietnamese: weekdays, units, the skipped range and the due instant', () => {
    expect(lines('vi', working)).toEqual(['+1 giờ: T6 27/11 16:00–17:00', 'bỏ qua T7 28/11–CN 29/11: nghỉ cuối tuần', '+1 giờ: T2 30/11 07:30–08:30', 'hạn 30/11/2026 08:30']);
  });

  it('says it in English when the reader reads English', () => {
    expect(lines('en', working)).toEqual(['+1h: Fri 27/11 16:00–17:00', 'skipped Sat 28/11–Sun 29/11: weekend', '+1h: Mon 30/11 07:30–08:30', 'due 30/11/2026 08:30']);
  });

  it('keeps days off apart when their reason or the calendar’s words differ, or a day lies between them', () => {
    const trace = [
      { date: '2026-02-16', kind: 'skipped' as const, reason: 'day off' as const, detail: 'Tết Nguyên đán' },
      { date: '2026-02-17', kind: 'skipped' as const, reason: 'day off' as const, detail: 'Tết Nguyên đán' },
      { date: '2026-02-18', kind: 'skipped' as const, reason: 'day off' as const, detail: 'nghỉ bù' },
      { date: '2026-02-20', kind: 'skipped' as const, reason: 'day off' as const, detail: 'nghỉ bù' },
    ];
    expect(lines('vi', { ...working, trace }).slice(0, -1)).toEqual([
      'bỏ qua T2 16/02–T3 17/02: ngày nghỉ – Tết Nguyên đán',
      'bỏ qua T4 18/02: ngày nghỉ – nghỉ bù',
      'bỏ qua T6 20/02: ngày nghỉ – nghỉ bù',
    ]);
  });

  it('reads plain elapsed time and calendar days, and shows the due instant to the second for elapsed plans', () => {
    const elapsed = { ...working, dueAt: '2026-12-02T07:36:03.000Z', trace: [{ date: '2026-12-02', kind: 'counted' as const, from: '14:30', minutes: 6.05, reason: 'elapsed' as const }] };
    expect(lines('vi', elapsed, true)).toEqual(['+6 phút 3 giây tính liên tục từ T4 02/12 14:30', 'hạn 02/12/2026 14:36:03']);
    expect(lines('en', elapsed, true)).toEqual(['+6min 3s elapsed from Wed 02/12 14:30', 'due 02/12/2026 14:36:03']);
    const days = { ...working, trace: [{ date: '2026-11-13', kind: 'counted' as const, minutes: 3 * 1440, reason: 'calendar days' as const, lastDate: '2026-11-15' }] };
    expect(lines('vi', days)[0]).toBe('+3 ngày theo lịch: T6 13/11–CN 15/11');
  });

  it('shows a reason it has no words for as its key, never as the bare English code', () => {
    const trace = [{ date: '2026-11-28', kind: 'skipped' as const, reason: 'strike' as never }];
    expect(lines('vi', { ...working, trace })[0]).toBe('bỏ qua T7 28/11: ⟦traceReason_strike⟧');
  });

  it('puts a dossier’s pauses and reschedule before its due instant', () => {
    const { f } = i18n('vi');
    const dossier = { ...working, pausedIntervals: [{ from: '2026-11-27T09:30:00.000Z', to: '2026-11-27T09:45:00.000Z', reason: 'thiếu giấy tờ' }], rescheduledTo: '2026-12-01T10:00:00.000Z' };
    const moves = dossierMoves(dossier, f);
    expect(moves).toEqual(['tạm dừng 27/11/2026 16:30 → 27/11/2026 16:45: thiếu giấy tờ', 'gia hạn đến 01/12/2026 17:00']);
    expect(lines('vi', dossier, false, moves).slice(-3)).toEqual([...moves, 'hạn 30/11/2026 08:30']);
  });
});

describe('amountText', () => {
  it('names each unit in the reader’s words, drops the empty ones, and says zero as seconds', () => {
    const { f } = i18n('vi');
    expect(amountText(3 * 3600 + 5, f)).toBe('3 giờ 5 giây');
    expect(amountText(0, f)).toBe('0 giây');
    expect(amountText(3 * 3600 + 60 + 5, f, 2)).toBe('3 giờ 1 phút');
    expect(amountText(90, i18n('en').f)).toBe('1min 30s');
  });
});
