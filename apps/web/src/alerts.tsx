import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, openEventStream, type AlertView, type Page } from './api';
import { useAuth } from './auth';
import { beep } from './sound';

type Listener = (alert: AlertView) => void;

export interface AlertsFeed {
  /** The SSE stream is connected. */
  live: boolean;
  /** The last reconnection, as the server reported it: when, and how many missed alerts it delivered. */
  resumed?: { at: Date; missed: number };
  /** Alerts not yet acknowledged (the menu's badge); undefined until known or for other roles. */
  unacknowledged?: number;
  /** Called for every alert pushed over SSE while subscribed; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void;
  /** Re-reads the count (after an acknowledgement). */
  recount(): void;
}

const Ctx = createContext<AlertsFeed>({ live: false, subscribe: () => () => undefined, recount: () => undefined });

export const watchesAlerts = (roles: readonly string[] | undefined) => !!roles?.some((r) => r === 'supervisor' || r === 'approver');

/**
 * One SSE stream per signed-in supervisor or approver, whatever page is open: it feeds the board,
 * the menu's badge and the alert sound. The stream reconnects by itself, with a renewed token, and
 * resumes after the last alert received: the server sends the missed ones first.
 */
export function AlertsProvider({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const enabled = watchesAlerts(session?.user.roles);
  const username = session?.user.username;
  const [live, setLive] = useState(false);
  const [resumed, setResumed] = useState<AlertsFeed['resumed']>();
  const [unacknowledged, setUnacknowledged] = useState<number>();
  const listeners = useRef(new Set<Listener>());
  const pending = useRef<ReturnType<typeof setTimeout>>();

  // Coalesced: a burst of alerts (a deadline storm) costs one count query, not one per alert.
  const recount = useCallback(() => {
    if (!enabled || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      api<Page<AlertView>>('/api/alerts?acknowledged=false&pageSize=1').then(
        (p) => setUnacknowledged(p.total),
        () => undefined,
      );
    }, 300);
  }, [enabled]);

  useEffect(() => {
    setUnacknowledged(undefined);
    if (!enabled) return;
    recount();
    const sse = openEventStream(
      '/api/alerts/stream',
      (type, data) => {
        // After a reconnection the server first sends what was missed, then says so.
        if (type === 'resumed') setResumed({ at: new Date(), missed: (data as { missed: number }).missed });
        if (type !== 'alert') return;
        const alert = data as AlertView;
        for (const fn of listeners.current) fn(alert);
        beep();
        recount();
      },
      (isLive) => {
        setLive(isLive);
        // Alerts may have fired while the stream was down.
        if (isLive) recount();
      },
    );
    return () => sse.close();
  }, [enabled, username, recount]);

  const subscribe = useCallback((fn: Listener) => {
    listeners.current.add(fn);
    return () => void listeners.current.delete(fn);
  }, []);

  const value = useMemo(
    () => ({ live: enabled && live, resumed: enabled ? resumed : undefined, unacknowledged: enabled ? unacknowledged : undefined, subscribe, recount }),
    [enabled, live, resumed, unacknowledged, subscribe, recount],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAlertsFeed(): AlertsFeed {
  return useContext(Ctx);
}
