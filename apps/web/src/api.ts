/**
 * Thin client of the dossier-flow API on the same origin. The session (access token, refresh token,
 * user) lives in sessionStorage; an access token that expired (401) is renewed once with the refresh
 * token and the call retried, so a desk clerk working all day is not signed out every 15 minutes.
 */
import type { components, operations } from './api.generated';
import { parseSseBlocks } from '../../../libs/contracts/src/sse';

// The API's request and response shapes, generated from its OpenAPI document (apps/api/openapi.json)
// by `npm run gen:api` before every build: none is written by hand here, so a page that reads a field
// the API does not send fails to compile.
type Schemas = components['schemas'];
export type AlertView = Schemas['AlertView'];
export type ControlSheet = Schemas['ControlSheet'];
export type DeadlineExplanation = Schemas['DeadlineExplanation'];
export type DossierDetail = Schemas['DossierDetail'];
export type DossierView = Schemas['DossierView'];
export type Duration = Schemas['ProcedureView']['legalTime'];
export type Procedure = Schemas['ProcedureView'];
export type PublicDossier = Schemas['PublicDossier'];
export type PetitionReceipt = Schemas['PetitionReceipt'];
/** A petition's body (the public form). */
export type PetitionRequest = Schemas['CreatePetitionDto'];
export type PetitionSummary = Schemas['PetitionSummary'];
export type PetitionView = Schemas['PetitionView'];
export type PetitionDetail = Schemas['PetitionDetail'];
export type PetitionFigures = Schemas['PetitionFigures'];
export type PublicPetition = Schemas['PublicPetition'];
export type PublishedPetition = Schemas['PublishedPetition'];
export type DossierRating = Schemas['DossierRating'];
export type RatingReceipt = Schemas['RatingReceipt'];
/** A rating's body. */
export type RateRequest = Schemas['RateDossierDto'];
export type Receipt = Schemas['Receipt'];
export type StepView = Schemas['StepView'];
export type TaskView = Schemas['TaskView'];
export type TimelinessRow = Schemas['TimelinessRow'];
export type ServiceIndex = Schemas['ServiceIndex'];
export type DossierAction = DossierDetail['allowedActions'][number];
export type Role = Schemas['SessionUser']['roles'][number];
/** The API's login and refresh answer. */
export type LoginAnswer = Schemas['Session'];
/** A 400's offending field. */
export type FieldProblem = Schemas['FieldProblemBody'];
/** A page of a list: every list answers the same envelope. */
export type Page<T> = Omit<Schemas['AlertViewPage'], 'items'> & { items: T[] };
/** A registration's body. */
export type RegisterRequest = Schemas['RegisterDossierDto'];

/**
 * The session's user as the API's login sends it. `timeZone` is optional here because a session
 * stored before the API sent it lacks it (Asia/Ho_Chi_Minh when absent).
 */
export type User = Omit<Schemas['SessionUser'], 'timeZone'> & { timeZone?: string };

/**
 * What this app keeps in sessionStorage, not the API's login answer (`LoginAnswer`): `expiresIn`
 * is not kept, and a session may lack a refresh token.
 */
export interface Session {
  accessToken: string;
  refreshToken?: string;
  user: User;
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
  if (s) sessionStorage.setItem(KEY, JSON.stringify({ accessToken: s.accessToken, refreshToken: s.refreshToken, user: s.user }));
  else sessionStorage.removeItem(KEY);
}

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** One renewal at a time: the calls that failed together wait for the same new token. */
let renewing: Promise<boolean> | undefined;

/**
 * Trades the refresh token for a new pair (the API rotates it: the old one is revoked). True when a
 * new access token is stored; false when there is none to be had (the caller then signs out).
 */
export function renewSession(): Promise<boolean> {
  renewing ??= (async () => {
    const current = loadSession();
    if (!current?.refreshToken) return false;
    try {
      const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ refreshToken: current.refreshToken }) });
      if (!res.ok) return false;
      const next = (await res.json()) as LoginAnswer;
      // Another tab or a logout may have replaced the session meanwhile: only renew the one we had.
      if (loadSession()?.refreshToken !== current.refreshToken) return !!loadSession();
      saveSession({ accessToken: next.accessToken, refreshToken: next.refreshToken, user: { ...current.user, ...next.user } });
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/** Revokes the refresh token on the server (best effort) and forgets the session. */
export async function endSession(): Promise<void> {
  const refreshToken = loadSession()?.refreshToken;
  saveSession(null);
  if (refreshToken) await fetch('/api/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) }).catch(() => undefined);
}

type CallInit = { method?: string; body?: unknown; headers?: Record<string, string>; auth?: boolean };

/** fetch with the current access token; on a 401, renews it once and sends the call again. */
async function authorizedFetch(path: string, init: RequestInit & { auth?: boolean }): Promise<Response> {
  const send = () => {
    const session = init.auth === false ? null : loadSession();
    return fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}) } });
  };
  const res = await send();
  if (res.status !== 401 || init.auth === false || !loadSession()) return res;
  if (await renewSession()) {
    const retried = await send();
    if (retried.status !== 401) return retried;
  }
  onUnauthorized();
  return res;
}

export async function api<T>(path: string, init: CallInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await authorizedFetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), auth: init.auth });
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const body = (data ?? {}) as { message?: string | string[]; fields?: FieldProblem[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText);
    throw new ApiError(res.status, message, body.fields ?? []);
  }
  return data as T;
}

/** A file from the API (e.g. the .xlsx export), saved under the name the server gives it. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await authorizedFetch(path, { headers: {} });
  if (!res.ok) {
    const body = safeJson(await res.text()) as { message?: string | string[]; fields?: FieldProblem[] };
    throw new ApiError(res.status, Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText), body.fields ?? []);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * Opens a printable form of the API (HTML or PDF) in a new tab. The tab is opened at the click (a
 * popup opened after an await is blocked), then given the file fetched with the session's token:
 * a plain link would carry no Authorization header.
 */
export async function openPrintable(path: string): Promise<void> {
  const tab = window.open('', '_blank');
  const res = await authorizedFetch(path, { headers: {} });
  if (!res.ok) {
    tab?.close();
    const body = safeJson(await res.text()) as { message?: string | string[]; fields?: FieldProblem[] };
    throw new ApiError(res.status, Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText), body.fields ?? []);
  }
  const href = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = href;
  else window.location.href = href;
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
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
  // The id of the last event received: a reconnection asks the server for what came after it.
  let lastEventId: string | undefined;
  const run = async (): Promise<void> => {
    while (!closed) {
      controller = new AbortController();
      try {
        // Each (re)connection takes the current token; an expired one is renewed first.
        const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastEventId && { 'last-event-id': lastEventId }) };
        const res = await authorizedFetch(path, { signal: controller.signal, headers });
        if (res.status === 401) return;
        if (!res.ok || !res.body) throw new Error(`SSE ${res.status}`);
        onState(true);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const { events, rest } = parseSseBlocks(buffer + decoder.decode(value, { stream: true }));
          buffer = rest;
          for (const e of events) {
            if (e.id) lastEventId = e.id;
            onEvent(e.type, safeJson(e.data));
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

/** Each role's home: the desk registers, officers work their inbox, supervisors watch alerts, admins read the statistics. */
export function homeFor(user: User | undefined | null): string {
  if (!user) return '/dang-nhap';
  if (user.roles.includes('supervisor')) return '/canh-bao';
  if (user.roles.includes('reception')) return '/tiep-nhan';
  if (user.roles.includes('reviewer') || user.roles.includes('approver')) return '/hop-thu';
  if (user.roles.includes('admin')) return '/thong-ke';
  return '/thu-tuc';
}

// ---- statistics (Biểu 06) ----

/** The page's report tabs: the API's groupings plus `total`, the ungrouped report (no `groupBy` sent). */
export type GroupBy = 'total' | NonNullable<operations['StatsController_timeliness']['parameters']['query']['groupBy']>;
