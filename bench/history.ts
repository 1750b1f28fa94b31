import type { Client } from '@temporalio/client';

type EventKind = 'started' | 'taskScheduled' | 'taskStarted' | 'taskCompleted' | 'timerStarted' | 'timerFired' | 'signaled' | 'marker' | 'other';

export interface TimedEvent {
  kind: EventKind;
  /** Server time of the event, epoch ms. */
  at: number;
  /** Timer events: which timer; for timerStarted also its duration in ms. */
  timerId?: string;
  timeoutMs?: number;
}

interface Timestamp {
  seconds?: number | { toNumber(): number } | null;
  nanos?: number | null;
}

const KINDS: [string, EventKind][] = [
  ['workflowExecutionStartedEventAttributes', 'started'],
  ['workflowTaskScheduledEventAttributes', 'taskScheduled'],
  ['workflowTaskStartedEventAttributes', 'taskStarted'],
  ['workflowTaskCompletedEventAttributes', 'taskCompleted'],
  ['timerStartedEventAttributes', 'timerStarted'],
  ['timerFiredEventAttributes', 'timerFired'],
  ['workflowExecutionSignaledEventAttributes', 'signaled'],
  ['markerRecordedEventAttributes', 'marker'],
];

interface TimerAttributes {
  timerId?: string | null;
  startToFireTimeout?: Timestamp | null;
}

function epochMs(ts: Timestamp | null | undefined): number {
  if (!ts) return Number.NaN;
  const s = ts.seconds;
  const seconds = typeof s === 'number' ? s : s ? s.toNumber() : 0;
  return seconds * 1000 + (ts.nanos ?? 0) / 1e6;
}

/**
 * The workflow's history reduced to what the profiles need: which engine step happened when.
 * Server timestamps let us split a request's latency into engine, worker and API time without
 * instrumenting the application.
 */
export async function timedHistory(client: Client, workflowId: string, runId?: string): Promise<TimedEvent[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return (history.events ?? []).map((e) => {
    const record = e as unknown as Record<string, unknown>;
    const kind = KINDS.find(([attr]) => record[attr])?.[1] ?? 'other';
    const event: TimedEvent = { kind, at: epochMs(e.eventTime as Timestamp | undefined) };
    const timer = (record.timerStartedEventAttributes ?? record.timerFiredEventAttributes) as TimerAttributes | undefined;
    if (timer?.timerId) event.timerId = timer.timerId;
    // A duration has the same {seconds, nanos} shape as a timestamp.
    if (timer?.startToFireTimeout) event.timeoutMs = epochMs(timer.startToFireTimeout);
    return event;
  });
}

/** First event of `kind` at or after index `from`. */
export function findEvent(events: readonly TimedEvent[], kind: EventKind, from = 0): { index: number; at: number } | undefined {
  for (let i = from; i < events.length; i++) if (events[i].kind === kind) return { index: i, at: events[i].at };
  return undefined;
}

/** Picks `k` items spread evenly over a list (deterministic, unlike a random sample). */
export function spread<T>(items: readonly T[], k: number): T[] {
  if (items.length <= k) return [...items];
  return Array.from({ length: k }, (_, i) => items[Math.floor((i * items.length) / k)]);
}
