import { sleep } from '../scripts/lib/ports';
import type { HttpClient, HttpResult } from './http-client';
import { runClosedLoop, type LoadResult } from './load';
import { checkReceipt, registrationBody } from './procedures';
import { openSseStream, type SseEvent, type SseStream } from './sse-client';

/** One HTTP attempt as the client saw it; status 0 = no answer (connection refused or reset, timeout). */
export interface Attempt {
  route: 'register' | 'complete' | 'read';
  start: number;
  end: number;
  status: number;
  error?: string;
}

/** Each planned alarm: which step, and when it is due (epoch ms). */
export interface StepDeadlines {
  atRiskAt: number;
  dueAt: number;
}

export interface Accepted {
  i: number;
  code: string;
  /** When the client got the 201. */
  acceptedAt: number;
  first: StepDeadlines;
}

export interface Completion {
  code: string;
  /** The first step's completion instant, as the server recorded it. */
  completedAt: number;
  second: StepDeadlines;
  /** The answer was lost (a retry got 409): the completion was read back from GET /api/dossiers/:code. */
  readBack: boolean;
}

export interface ClientsResult {
  load: LoadResult;
  accepted: Accepted[];
  completions: Completion[];
  /** Registrations or completions that never got an answer before the client gave up, or got a wrong one. */
  failures: string[];
}

export interface ClientsOptions {
  http: HttpClient;
  n: number;
  concurrency: number;
  procedureCode: string;
  stepKeys: [string, string];
  runKey: string;
  /** Every `completeEvery`-th dossier has its first step completed right after registration. */
  completeEvery: number;
  /** Receipt instants are rounded down to this: the dossiers of one slot share their deadlines. */
  bucketMs: number;
  /** A request is retried for this long before the client gives up. */
  giveUpMs: number;
  attemptTimeoutMs: number;
  attempts: Attempt[];
  log: (msg: string) => void;
}

const RETRYABLE = (status: number) => status === 0 || status >= 500 || status === 429;

/**
 * Sends one request until it gets an answer that is not an outage (5xx, 429, no connection),
 * backing off up to 2 s; the same body and Idempotency-Key every time. Every attempt is logged.
 */
async function untilAnswered<T>(o: ClientsOptions, route: Attempt['route'], send: () => Promise<HttpResult<T>>): Promise<{ res?: HttpResult<T>; tries: number }> {
  const started = Date.now();
  for (let tries = 1; ; tries++) {
    const start = Date.now();
    const res = await send().catch((err: Error) => {
      o.attempts.push({ route, start, end: Date.now(), status: 0, error: err.message.slice(0, 120) });
      return undefined;
    });
    if (res) o.attempts.push({ route, start, end: Date.now(), status: res.status });
    if (res && !RETRYABLE(res.status)) return { res, tries };
    if (Date.now() - started > o.giveUpMs) return { res, tries };
    await sleep(Math.min(2000, 100 * 2 ** Math.min(tries, 5)));
  }
}

interface StepBody {
  key: string;
  status: string;
  atRiskAt: string;
  dueAt: string;
  completedAt?: string;
}

function completionOf(code: string, steps: StepBody[] | undefined, readBack: boolean): Completion | string {
  const [first, second] = steps ?? [];
  if (!first?.completedAt || !second) return `dossier ${code}: the completion's answer has no completed first step: ${JSON.stringify(steps).slice(0, 200)}`;
  return { code, completedAt: Date.parse(first.completedAt), second: { atRiskAt: Date.parse(second.atRiskAt), dueAt: Date.parse(second.dueAt) }, readBack };
}

async function complete(o: ClientsOptions, code: string): Promise<Completion | string> {
  const path = `/api/dossiers/${encodeURIComponent(code)}/steps/${o.stepKeys[0]}/complete`;
  const { res, tries } = await untilAnswered(o, 'complete', () => o.http.post<{ steps?: StepBody[] }>(path, {}, {}, o.attemptTimeoutMs));
  if (res?.status === 200) return completionOf(code, res.body.steps, false);
  // An earlier attempt may have completed the step and lost its answer: then the step is not current any more.
  if (res?.status === 409 && tries > 1) {
    const read = await untilAnswered(o, 'read', () => o.http.get<{ steps?: StepBody[] }>(`/api/dossiers/${encodeURIComponent(code)}`, o.attemptTimeoutMs));
    if (read.res?.status === 200) return completionOf(code, read.res.body.steps, true);
  }
  return `completing ${code}: ${res ? `${res.status} ${JSON.stringify(res.body).slice(0, 200)}` : 'no answer'} after ${tries} attempts`;
}

/**
 * The chaos run's clients: `concurrency` closed-loop callers register `n` dossiers (each with its
 * own Idempotency-Key, retried with it on any outage), and complete the first step of every
 * `completeEvery`-th one at once. What they were told (receipts, completions) is the expected state.
 */
export async function runClients(o: ClientsOptions): Promise<ClientsResult> {
  const accepted: Accepted[] = [];
  const completions: Completion[] = [];
  const failures: string[] = [];
  const load = await runClosedLoop({ n: o.n, concurrency: o.concurrency, log: o.log, label: 'chaos registration', progressEverySec: 10 }, async (i) => {
    const receivedAt = new Date(Math.floor(Date.now() / o.bucketMs) * o.bucketMs).toISOString();
    const body = registrationBody(o.procedureCode, i, receivedAt);
    const key = `chaos-${o.runKey}-${i}`;
    const started = Date.now();
    const { res, tries } = await untilAnswered(o, 'register', () => o.http.post('/api/dossiers', body, { 'idempotency-key': key }, o.attemptTimeoutMs));
    const r = res ? checkReceipt(res.status, res.body, 2) : `registration ${key}: no answer after ${tries} attempts`;
    if (typeof r === 'string') {
      failures.push(r);
      return r;
    }
    const step = r.steps[0]!;
    accepted.push({ i, code: r.code, acceptedAt: Date.now(), first: { atRiskAt: Date.parse(step.atRiskAt), dueAt: Date.parse(step.dueAt) } });
    const ms = Date.now() - started;
    if (i % o.completeEvery === 0) {
      const c = await complete(o, r.code);
      if (typeof c === 'string') failures.push(c);
      else completions.push(c);
    }
    return ms;
  });
  return { load, accepted, completions, failures };
}

/** An SSE subscriber that stays connected: whenever its stream ends it reconnects with Last-Event-ID. */
export interface Subscriber {
  name: string;
  /** Every event of every finished connection, in arrival order. */
  events: SseEvent[];
  /** The same and those of the open connection so far. */
  received(): SseEvent[];
  connects: number;
  /** Connections that resumed with Last-Event-ID. */
  resumes: number;
  failedConnects: number;
  stop(): Promise<void>;
}

/**
 * Opens the alert stream and keeps it open: reconnects after a drop (an API process killed) and
 * also on its own every `reconnectEveryMs` (a laptop that slept), each time with the id of the last
 * alert it got (0 before the first: everything its account may see), as a browser's EventSource does.
 */
export function subscribe(name: string, url: string, token: string, reconnectEveryMs: number, random: () => number): Subscriber {
  let current: SseStream | undefined;
  const sub: Subscriber = { name, events: [], received: () => [...sub.events, ...(current?.events ?? [])], connects: 0, resumes: 0, failedConnects: 0, stop: async () => undefined };
  let stopped = false;
  const lastAlertId = (): string | undefined => {
    for (let i = sub.events.length - 1; i >= 0; i--) if (sub.events[i]!.type === 'alert') return sub.events[i]!.id;
    return undefined;
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const resumeFrom = sub.connects === 0 ? undefined : (lastAlertId() ?? '0');
      try {
        current = await openSseStream(url, token, resumeFrom === undefined ? {} : { lastEventId: resumeFrom });
        sub.connects += 1;
        if (resumeFrom !== undefined) sub.resumes += 1;
        const stream = current;
        const timer = setTimeout(() => stream.close(), reconnectEveryMs * (0.5 + random()));
        await stream.ended;
        clearTimeout(timer);
        sub.events.push(...stream.events);
      } catch {
        sub.failedConnects += 1;
      }
      current = undefined;
      if (!stopped) await sleep(200 + random() * 800);
    }
  };
  const running = loop();
  sub.stop = async () => {
    stopped = true;
    current?.close();
    await running;
  };
  return sub;
}
