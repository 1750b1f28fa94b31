/** Thin client of the dossier-flow API on the same origin: Bearer token kept in sessionStorage. */

export type Role = 'admin' | 'reception' | 'reviewer' | 'approver' | 'supervisor' | 'return';

export interface User {
  username: string;
  fullName: string;
  roles: Role[];
  agencyCode: string;
  departmentCode?: string;
}

export interface Session {
  accessToken: string;
  user: User;
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

const KEY = 'dossier-flow.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify({ accessToken: s.accessToken, user: s.user }));
  else sessionStorage.removeItem(KEY);
}

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const session = loadSession();
  if (init.auth !== false && session) headers.authorization = `Bearer ${session.accessToken}`;
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const body = (data ?? {}) as { message?: string | string[]; fields?: FieldProblem[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText);
    if (res.status === 401 && init.auth !== false) onUnauthorized();
    throw new ApiError(res.status, message, body.fields ?? []);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

export interface SseHandle {
  close(): void;
}

/**
 * Server-sent events over fetch (EventSource cannot send an Authorization header). Reconnects after
 * a dropped stream; `onOpen` tells the caller when the stream is live.
 */
export function openEventStream(path: string, onEvent: (type: string, data: unknown) => void, onState: (live: boolean) => void): SseHandle {
  let closed = false;
  let controller = new AbortController();
  const run = async (): Promise<void> => {
    while (!closed) {
      controller = new AbortController();
      try {
        const session = loadSession();
        const res = await fetch(path, { signal: controller.signal, headers: { accept: 'text/event-stream', ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}) } });
        if (res.status === 401) {
          onUnauthorized();
          return;
        }
        if (!res.ok || !res.body) throw new Error(`SSE ${res.status}`);
        onState(true);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const type = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.replace(/^data: ?/, ''))
              .join('\n');
            if (data) onEvent(type, safeJson(data));
          }
        }
      } catch {
        // aborted or network error: retry below unless closed
      }
      onState(false);
      if (!closed) await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}

// ---- API shapes used by the pages (subset of the API's views) ----

export type Duration = { workingDays: number } | { workingHours: number } | { seconds: number };

export interface Procedure {
  code: string;
  version: number;
  name: string;
  agencyCode: string;
  legalTime: Duration;
  steps: { key: string; name: string; role: string; departmentCode?: string; duration: Duration }[];
  field?: string;
  documents?: { name: string; copies?: number; original?: boolean }[];
  fees?: string;
  legalBasis?: string;
}

export interface StepView {
  key: string;
  name: string;
  role: 'reception' | 'reviewer' | 'approver' | 'return';
  departmentCode?: string;
  position: number;
  attempt: number;
  clock?: string;
  status: string;
  startedAt?: string;
  dueAt: string;
  atRiskAt: string;
  completedAt?: string;
  timeliness?: string;
  note?: string;
  assignee?: string;
}

export interface DossierView {
  code: string;
  procedureCode: string;
  status: string;
  statusCode: number;
  receivedAt: string;
  dueAt: string;
  atRiskAt: string;
  finishedAt?: string;
  timeliness?: string;
  currentStepKey?: string;
  reason?: string;
  pauses: { from: string; to?: string; reason: string; items: string[] }[];
  reschedule?: { newDueAt: string; reason: string };
  steps: StepView[];
}

export interface Receipt extends DossierView {
  lookupSecret: string;
}

export interface AlertView {
  id: string;
  kind: 'step_at_risk' | 'step_overdue' | 'dossier_at_risk' | 'dossier_overdue';
  dossierCode: string;
  stepKey?: string;
  departmentCode?: string;
  dueAt: string;
  firedAt: string;
  acknowledgedAt?: string;
}

export interface DossierDetail extends DossierView {
  applicant: { name: string; phone?: string; email?: string; idNumber?: string; address?: string };
  channel: string;
  alerts: AlertView[];
  events: { seq: number; type: string; at: string; actor?: string }[];
}

export interface TaskView {
  id: string;
  assignee?: string;
  dossierCode: string;
  stepKey: string;
  stepName: string;
  applicantName: string;
  procedureCode: string;
  dueAt: string;
  atRisk: boolean;
  overdue: boolean;
  remainingMs: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ControlSheet {
  code: string;
  rows: { handoverAt: string; from: string; to: string; stepKey?: string; result?: 'early' | 'on_time' | 'late'; note?: string }[];
}

export interface DeadlineExplanation {
  code: string;
  dossier: { dueAt: string; text: string; pausedIntervals: { from: string; to?: string; reason: string }[]; rescheduledTo?: string };
  steps: { key: string; dueAt: string; text: string }[];
}

export interface PublicDossier {
  code: string;
  procedureCode: string;
  status: string;
  statusCode: number;
  receivedAt: string;
  dueAt: string;
  stepsDone: { name: string; completedAt: string }[];
  currentStep?: string;
  pausedFor?: string;
  returnedAt?: string;
}

/** The role that works a step of each kind (mirrors libs/domain ROLE_FOR_STEP). */
export const ROLE_FOR_STEP: Record<StepView['role'], Role> = { reception: 'reception', reviewer: 'reviewer', approver: 'approver', return: 'reception' };

export function homeFor(user: User | undefined | null): string {
  if (!user) return '/dang-nhap';
  if (user.roles.includes('supervisor')) return '/canh-bao';
  if (user.roles.includes('reception')) return '/tiep-nhan';
  if (user.roles.includes('reviewer') || user.roles.includes('approver')) return '/hop-thu';
  return '/thu-tuc';
}
