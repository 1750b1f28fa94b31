import { Observable } from 'rxjs';
import type { AlertView } from './alert.view';

export type StreamItem = { kind: 'alert'; alert: AlertView } | { kind: 'resumed'; after: string; missed: number };

/** Alert ids are decimal strings of a bigint (commit order); compared exactly. */
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

/**
 * An SSE client's alerts after `afterId` (the `Last-Event-ID` it reconnects with): first every
 * missed one, read page by page with `fetchAfter`, then a `resumed` marker with how many there
 * were, then the live ones — none twice, none lost. The live feed is subscribed to before the
 * first read, and what it delivers meanwhile is held back, then passed on only if newer than the
 * last alert read. Live alerts arrive in id order (NOTIFY is delivered in commit order, and ids
 * follow commit order), so after the catch-up one comparison keeps them unique.
 */
export function resumeAfter(afterId: string, live$: Observable<AlertView>, fetchAfter: (after: string, limit: number) => Promise<AlertView[]>, pageSize = 500): Observable<StreamItem> {
  return new Observable<StreamItem>((out) => {
    let last = afterId;
    let held: AlertView[] | undefined = [];
    const pass = (alert: AlertView) => {
      if (!newer(alert.id, last)) return;
      last = alert.id;
      out.next({ kind: 'alert', alert });
    };
    const liveSub = live$.subscribe({
      next: (alert) => (held ? held.push(alert) : pass(alert)),
      error: (err: unknown) => out.error(err),
      complete: () => out.complete(),
    });
    let cancelled = false;
    void (async () => {
      let missed = 0;
      for (;;) {
        const page = await fetchAfter(last, pageSize);
        if (cancelled) return;
        for (const alert of page) pass(alert);
        missed += page.length;
        if (page.length < pageSize) break;
      }
      out.next({ kind: 'resumed', after: afterId, missed });
      const waiting = held ?? [];
      held = undefined;
      for (const alert of waiting) pass(alert);
    })().catch((err: unknown) => out.error(err));
    return () => {
      cancelled = true;
      liveSub.unsubscribe();
    };
  });
}
