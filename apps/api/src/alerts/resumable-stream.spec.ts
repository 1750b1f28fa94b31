import { Subject, firstValueFrom, toArray, take } from 'rxjs';
import type { AlertView } from './alert.view';
import { resumeAfter, type StreamItem } from './resumable-stream';

const alert = (id: number): AlertView => ({ id: String(id), kind: 'step_overdue', dossierCode: `A-${id}`, dueAt: '2026-01-01T00:00:00.000Z', firedAt: '2026-01-01T00:00:00.000Z' });
const ids = (items: StreamItem[]) => items.map((i) => (i.kind === 'alert' ? Number(i.alert.id) : `resumed:${i.missed}`));

/** A table of alerts 1..n read by `id > after`, like AlertsService.firedAfter. */
function table(rows: number[]) {
  const calls: [string, number][] = [];
  return {
    calls,
    fetch: async (after: string, limit: number) => {
      calls.push([after, limit]);
      return rows.filter((id) => id > Number(after)).slice(0, limit).map(alert);
    },
  };
}

describe('resumable alert stream', () => {
  it('replays the missed alerts page by page, marks the catch-up, then goes live without duplicates', async () => {
    const live = new Subject<AlertView>();
    const db = table([3, 4, 5, 6, 7]);
    // Alerts 6 and 7 commit while the catch-up reads; 8 after it.
    const fetch = async (after: string, limit: number) => {
      const page = await db.fetch(after, limit);
      if (after === '2') {
        live.next(alert(6));
        live.next(alert(7));
      }
      return page;
    };
    const got = firstValueFrom(resumeAfter('2', live, fetch, 2).pipe(take(7), toArray()));
    await new Promise((r) => setTimeout(r, 0));
    live.next(alert(8));
    live.next(alert(9));
    expect(ids(await got)).toEqual([3, 4, 5, 6, 7, 'resumed:5', 8]);
    expect(db.calls).toEqual([['2', 2], ['4', 2], ['6', 2]]);
  });

  it('passes on held live alerts newer than the catch-up', async () => {
    const live = new Subject<AlertView>();
    const fetch = async () => {
      live.next(alert(11));
      live.next(alert(12));
      return [alert(11)];
    };
    const got = firstValueFrom(resumeAfter('10', live, fetch).pipe(take(3), toArray()));
    expect(ids(await got)).toEqual([11, 'resumed:1', 12]);
  });

  it('compares ids as integers, not strings', async () => {
    const live = new Subject<AlertView>();
    const got = firstValueFrom(resumeAfter('9', live, async () => []).pipe(take(2), toArray()));
    await new Promise((r) => setTimeout(r, 0));
    live.next(alert(10));
    expect(ids(await got)).toEqual(['resumed:0', 10]);
  });

  it('fails the stream when the catch-up read fails', async () => {
    const live = new Subject<AlertView>();
    await expect(firstValueFrom(resumeAfter('1', live, () => Promise.reject(new Error('db down'))))).rejects.toThrow('db down');
  });
});
