import type { DeadlineExplanation } from './api';
import { dayjs, fmt, fmtSeconds } from './format';
import type { Lang, MsgKey } from './messages';

type Fill = (key: MsgKey, vars: Record<string, string | number>) => string;
type Explained = DeadlineExplanation['steps'][number];
type Entry = Explained['trace'][number];

/** A span of time in the reader's words: "1 giờ 30 phút" / "1h 30min"; at most `parts` units, zero as seconds. */
export function amountText(totalSeconds: number, f: Fill, parts = 3): string {
  const s = Math.round(Math.abs(totalSeconds));
  const units: [MsgKey, number][] = [
    ['amountHours', Math.floor(s / 3600)],
    ['amountMinutes', Math.floor((s % 3600) / 60)],
    ['amountSeconds', s % 60],
  ];
  const shown = units.filter(([, n]) => n > 0).slice(0, parts);
  return (shown.length ? shown : [units[2]]).map(([key, n]) => f(key, { n })).join(' ');
}

/** A local date 'YYYY-MM-DD' of the trace as "T2 30/11" / "Mon 30/11". */
function dayLabel(date: string, lang: Lang): string {
  return dayjs.utc(date).locale(lang).format('ddd DD/MM');
}

function counted(e: Entry, f: Fill, lang: Lang): string {
  const amount = amountText((e.minutes ?? 0) * 60, f);
  const day = dayLabel(e.date, lang);
  if (e.reason === 'elapsed') return f('deadlineElapsed', { amount, day, from: e.from ?? '' }).trimEnd();
  if (e.reason === 'calendar days') return f('deadlineCalendarDays', { days: Math.round((e.minutes ?? 0) / 1440), first: day, last: dayLabel(e.lastDate ?? e.date, lang) });
  const text = f('deadlineWorking', { amount, day, from: e.from ?? '', to: e.to ?? '' });
  return e.detail ? `${text} (${e.detail})` : text;
}

/**
 * The API's trace of a deadline (which hours were counted, which days skipped) in the reader's
 * language, one line per entry, then `moves` (a dossier's pauses and reschedule), then the due
 * instant. Consecutive days skipped for the same reason read as one range (a weekend, Tết), as the
 * API's English `text` does.
 */
export function deadlineLines(d: Explained, tx: (key: string) => string, f: Fill, lang: Lang, seconds: boolean, moves: string[] = []): string[] {
  const lines: string[] = [];
  const entries = d.trace;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.kind === 'counted') {
      lines.push(counted(e, f, lang));
      continue;
    }
    let j = i;
    while (j + 1 < entries.length && entries[j + 1].kind === 'skipped' && entries[j + 1].reason === e.reason && entries[j + 1].detail === e.detail && dayjs.utc(entries[j + 1].date).diff(dayjs.utc(entries[j].date), 'day') === 1) j++;
    const range = j === i ? dayLabel(e.date, lang) : `${dayLabel(e.date, lang)}–${dayLabel(entries[j].date, lang)}`;
    const reason = tx(`traceReason_${(e.reason ?? 'day off').replace(/ /g, '_')}`);
    lines.push(f('deadlineSkipped', { range, why: e.detail ? `${reason} – ${e.detail}` : reason }));
    i = j;
  }
  lines.push(...moves, f('deadlineDue', { due: seconds ? fmtSeconds(d.dueAt) : fmt(d.dueAt) }));
  return lines;
}

/** The dossier's pauses and reschedule, which move its due date past the counted time. */
export function dossierMoves(d: DeadlineExplanation['dossier'], f: Fill): string[] {
  return [
    ...d.pausedIntervals.map((p) => f('deadlinePaused', { from: fmt(p.from), to: fmt(p.to), reason: p.reason })),
    ...(d.rescheduledTo ? [f('deadlineRescheduled', { due: fmt(d.rescheduledTo) })] : []),
  ];
}
