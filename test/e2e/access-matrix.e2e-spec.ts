import type { Role } from '../../libs/domain/src';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';

/**
 * Role × endpoint matrix (issue 4, points 2 and 8): every route of the live OpenAPI document, called
 * as nobody and as each demo account. Expected: 401 without a token (public routes never), 403 for a
 * role (or scope) that may not, anything but 401/403 — and no 5xx — for one that may.
 *
 * Dossier routes run against a real dossier waiting at its DKKD review step, so the object-level
 * checks in the services take part (e.g. a supervisor holds no route-level ban on completing a step,
 * the service refuses it). A cell that is allowed to change a dossier gets a fresh one of its own.
 */
jest.setTimeout(60_000);

type Who = 'anonymous' | Role;
const ROLES: Role[] = ['admin', 'reception', 'reviewer', 'approver', 'supervisor'];
const WHO: Who[] = ['anonymous', ...ROLES];
const ANY_STAFF = ROLES;

interface Ctx {
  /** The shared dossier at its review step (DKKD, unassigned). */
  code: string;
}

interface Route {
  /** Roles that may call it, or 'public' (no token needed, never 401/403). */
  allowed: 'public' | readonly Role[];
  /** The concrete path; `{code}` is filled with the shared dossier's code (or a fresh one). */
  path: string;
  body?: Record<string, unknown>;
  /** An allowed call changes the dossier: give that cell a fresh dossier at its review step. */
  fresh?: boolean;
  /** Server-sent events: only the status of the response head is read. */
  sse?: boolean;
}

/**
 * One row per `METHOD /openapi/path`. A route in the OpenAPI document that is missing here fails
 * the "covers every route" test below, so a new endpoint cannot go untested.
 * Bodies are minimal: `{}` where the role gate sits on the route (the allowed caller gets a 400),
 * a valid body where the gate is in the service (it runs after validation).
 */
const MATRIX: Record<string, Route> = {
  'GET /health/live': { allowed: 'public', path: '/health/live' },
  'GET /health/ready': { allowed: 'public', path: '/health/ready' },
  'GET /api/public/procedures': { allowed: 'public', path: '/api/public/procedures' },
  'GET /api/public/dossiers/{code}': { allowed: 'public', path: '/api/public/dossiers/{code}?secret=0000000000' },
  'POST /api/public/feedback': { allowed: 'public', path: '/api/public/feedback', body: {} },
  'POST /api/public/dossiers/{code}/rating': { allowed: 'public', path: '/api/public/dossiers/{code}/rating?secret=0000000000', body: {} },
  'POST /api/public/petitions': { allowed: 'public', path: '/api/public/petitions', body: {} },
  'GET /api/public/petitions': { allowed: 'public', path: '/api/public/petitions' },
  'GET /api/public/petitions/{code}': { allowed: 'public', path: '/api/public/petitions/NOPE-PA-260101-0001?secret=0000000000' },
  'GET /api/petitions': { allowed: ANY_STAFF, path: '/api/petitions' },
  'POST /api/petitions': { allowed: ['reception', 'supervisor', 'admin'], path: '/api/petitions', body: {} },
  'POST /api/petitions/inbound-mail': { allowed: ['admin', 'reception'], path: '/api/petitions/inbound-mail', body: {} },
  // Who may act on a stage is the petition workflow's to say: every role passes the route, an unknown petition is a 404.
  'GET /api/petitions/{code}': { allowed: ANY_STAFF, path: '/api/petitions/NOPE-PA-260101-0001' },
  'POST /api/petitions/{code}/classify': { allowed: ANY_STAFF, path: '/api/petitions/NOPE-PA-260101-0001/classify', body: {} },
  'POST /api/petitions/{code}/assign': { allowed: ANY_STAFF, path: '/api/petitions/NOPE-PA-260101-0001/assign', body: {} },
  'POST /api/petitions/{code}/answer': { allowed: ANY_STAFF, path: '/api/petitions/NOPE-PA-260101-0001/answer', body: {} },
  'POST /api/petitions/{code}/publish': { allowed: ANY_STAFF, path: '/api/petitions/NOPE-PA-260101-0001/publish', body: {} },
  'GET /api/stats/petitions': { allowed: ['supervisor', 'approver', 'admin'], path: '/api/stats/petitions?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z' },
  'POST /api/auth/login': { allowed: 'public', path: '/api/auth/login', body: {} },
  'POST /api/auth/refresh': { allowed: 'public', path: '/api/auth/refresh', body: {} },
  'POST /api/auth/logout': { allowed: 'public', path: '/api/auth/logout', body: {} },
  'POST /api/auth/password': { allowed: ANY_STAFF, path: '/api/auth/password', body: {} },

  'GET /api/system/clocks': { allowed: ['admin'], path: '/api/system/clocks' },
  'GET /api/system/workers': { allowed: ['admin'], path: '/api/system/workers' },
  'GET /api/users': { allowed: ['admin'], path: '/api/users' },
  'POST /api/users': { allowed: ['admin'], path: '/api/users', body: {} },
  'PATCH /api/users/{username}': { allowed: ['admin'], path: '/api/users/nobody-here', body: {} },
  'POST /api/users/{username}/password': { allowed: ['admin'], path: '/api/users/nobody-here/password', body: {} },
  'GET /api/push/public-key': { allowed: ANY_STAFF, path: '/api/push/public-key' },
  'GET /api/me/push-subscriptions': { allowed: ANY_STAFF, path: '/api/me/push-subscriptions' },
  'POST /api/me/push-subscriptions': { allowed: ANY_STAFF, path: '/api/me/push-subscriptions', body: {} },
  'DELETE /api/me/push-subscriptions': { allowed: ANY_STAFF, path: '/api/me/push-subscriptions?endpoint=https%3A%2F%2Fpush.invalid%2Fnone' },
  'GET /api/escalation-policy': { allowed: ['admin'], path: '/api/escalation-policy' },
  'PUT /api/escalation-policy': { allowed: ['admin'], path: '/api/escalation-policy', body: {} },
  'GET /api/notifications': { allowed: ['admin', 'supervisor'], path: '/api/notifications' },
  'POST /api/notifications/{id}/redeliver': { allowed: ['admin'], path: '/api/notifications/00000000-0000-4000-8000-000000000000/redeliver' },
  'GET /api/me/notifications': { allowed: ANY_STAFF, path: '/api/me/notifications' },
  'PUT /api/me/notifications': { allowed: ANY_STAFF, path: '/api/me/notifications', body: {} },
  'GET /api/me/notifications/inbox': { allowed: ANY_STAFF, path: '/api/me/notifications/inbox' },
  'POST /api/me/notifications/inbox/read': { allowed: ANY_STAFF, path: '/api/me/notifications/inbox/read', body: {} },
  'POST /api/webhooks': { allowed: ['admin'], path: '/api/webhooks', body: {} },
  'GET /api/webhooks': { allowed: ['admin'], path: '/api/webhooks' },
  'GET /api/webhooks/{id}/deliveries': { allowed: ['admin'], path: '/api/webhooks/00000000-0000-4000-8000-000000000000/deliveries' },
  'POST /api/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    allowed: ['admin'], path: '/api/webhooks/00000000-0000-4000-8000-000000000000/deliveries/00000000-0000-4000-8000-000000000001/redeliver',
  },
  'GET /api/departments': { allowed: ANY_STAFF, path: '/api/departments' },
  'POST /api/departments': { allowed: ['admin'], path: '/api/departments', body: {} },
  'PATCH /api/departments/{code}': { allowed: ['admin'], path: '/api/departments/NO_SUCH', body: {} },

  'GET /api/calendar/changes': { allowed: ['admin'], path: '/api/calendar/changes' },
  'GET /api/calendar/{year}': { allowed: ANY_STAFF, path: '/api/calendar/2026' },
  'GET /api/calendar/holiday-rules': { allowed: ANY_STAFF, path: '/api/calendar/holiday-rules' },
  'POST /api/calendar/holiday-rules': { allowed: ['admin'], path: '/api/calendar/holiday-rules', body: {} },
  'GET /api/calendar/settings': { allowed: ANY_STAFF, path: '/api/calendar/settings' },
  'PUT /api/calendar/settings': { allowed: ['admin'], path: '/api/calendar/settings', body: {} },
  'PUT /api/calendar/overrides/{date}': { allowed: ['admin'], path: '/api/calendar/overrides/2199-12-31', body: {} },
  // An impossible date: the admin gets a 400 and no calendar change is rolled out to the dossiers.
  'DELETE /api/calendar/overrides/{date}': { allowed: ['admin'], path: '/api/calendar/overrides/2199-02-30' },
  'POST /api/calendar/overrides/{date}/preview': { allowed: ['admin'], path: '/api/calendar/overrides/2199-12-31/preview', body: { kind: 'day_off' } },
  'GET /api/calendar/rollouts/{version}': { allowed: ['admin'], path: '/api/calendar/rollouts/0' },

  'POST /api/procedures': { allowed: ['admin'], path: '/api/procedures', body: {} },
  'GET /api/procedures': { allowed: ANY_STAFF, path: '/api/procedures' },
  'GET /api/procedures/{code}': { allowed: ANY_STAFF, path: '/api/procedures/2.001610' },
  'PUT /api/procedures/{code}': { allowed: ['admin'], path: '/api/procedures/2.001610', body: {} },
  'POST /api/procedures/validate': { allowed: ['admin'], path: '/api/procedures/validate', body: {} },
  'GET /api/procedures/{code}/versions': { allowed: ANY_STAFF, path: '/api/procedures/2.001610/versions' },

  'POST /api/dossiers': { allowed: ['reception'], path: '/api/dossiers', body: {} },
  'GET /api/dossiers': { allowed: ANY_STAFF, path: '/api/dossiers' },
  // The shared dossier passes through DKKD: its reviewer and approver read it, as do the desk, supervisors and admins.
  'GET /api/dossiers/{code}': { allowed: ANY_STAFF, path: '/api/dossiers/{code}' },
  'GET /api/dossiers/{code}/control-sheet': { allowed: ANY_STAFF, path: '/api/dossiers/{code}/control-sheet' },
  'GET /api/dossiers/{code}/apology': { allowed: ANY_STAFF, path: '/api/dossiers/{code}/apology' },
  'GET /api/dossiers/{code}/stop-notice': { allowed: ANY_STAFF, path: '/api/dossiers/{code}/stop-notice' },
  'GET /api/dossiers/{code}/deadlines': { allowed: ANY_STAFF, path: '/api/dossiers/{code}/deadlines' },
  // Forms print what reading the dossier shows (form 06 exists for every dossier); form 07 is the agency's, scoped like the list.
  'GET /api/dossiers/{code}/forms/{no}': { allowed: ANY_STAFF, path: '/api/dossiers/{code}/forms/06' },
  'GET /api/forms/07': { allowed: ANY_STAFF, path: '/api/forms/07?from=2026-01-01&to=2026-01-31' },
  'POST /api/dossiers/{code}/receive': { allowed: ['reception'], path: '/api/dossiers/{code}/receive', body: {} },
  'POST /api/dossiers/{code}/steps/{stepKey}/complete': { allowed: ['reviewer'], path: '/api/dossiers/{code}/steps/review/complete', body: {}, fresh: true },
  'POST /api/dossiers/{code}/steps/{stepKey}/return': { allowed: ['reviewer'], path: '/api/dossiers/{code}/steps/review/return', body: { toStepKey: 'reception', reason: 'Thiếu giấy tờ' }, fresh: true },
  'POST /api/dossiers/{code}/supplement-requests': { allowed: ['reviewer'], path: '/api/dossiers/{code}/supplement-requests', body: { reason: 'Bổ sung CCCD', items: ['CCCD'] }, fresh: true },
  'POST /api/dossiers/{code}/supplements': { allowed: ['reception', 'reviewer'], path: '/api/dossiers/{code}/supplements', body: {} },
  'POST /api/dossiers/{code}/reschedule': { allowed: ['approver'], path: '/api/dossiers/{code}/reschedule', body: { newDueAt: '2099-01-01T00:00:00Z', reason: 'Chờ ý kiến liên ngành' }, fresh: true },
  'POST /api/dossiers/{code}/refuse': { allowed: ['reviewer'], path: '/api/dossiers/{code}/refuse', body: { reason: 'Không đủ điều kiện' }, fresh: true },
  'POST /api/dossiers/{code}/withdraw': { allowed: ['reception'], path: '/api/dossiers/{code}/withdraw', body: { reason: 'Người nộp rút hồ sơ' }, fresh: true },
  'POST /api/dossiers/{code}/return-result': { allowed: ['reception'], path: '/api/dossiers/{code}/return-result', body: {} },

  'GET /api/tasks': { allowed: ['reception', 'reviewer', 'approver'], path: '/api/tasks' },
  // Claiming is for the officer who works the step: the desk and the head hold the route's roles, the service refuses them.
  'POST /api/tasks/{id}/claim': { allowed: ['reviewer'], path: '/api/tasks/{code}~review/claim', fresh: true },
  'POST /api/tasks/{id}/assign': { allowed: ['approver'], path: '/api/tasks/{code}~review/assign', body: { assignee: 'reviewer' }, fresh: true },
  'POST /api/tasks/reassign': { allowed: ['approver'], path: '/api/tasks/reassign', body: { from: 'nobody-at-all', to: 'reviewer' } },
  'GET /api/tasks/reassign/{id}': { allowed: ['approver'], path: '/api/tasks/reassign/bulk-reassign-none' },

  'GET /api/alerts': { allowed: ['supervisor', 'approver'], path: '/api/alerts' },
  'GET /api/alerts/stream': { allowed: ['supervisor', 'approver'], path: '/api/alerts/stream', sse: true },
  'POST /api/alerts/{id}/ack': { allowed: ['supervisor', 'approver'], path: '/api/alerts/999999999/ack' },

  'GET /api/stats/timeliness': { allowed: ['supervisor', 'approver', 'admin'], path: '/api/stats/timeliness?from=2026-01-01T00:00:00%2B07:00&to=2027-01-01T00:00:00%2B07:00' },
  'GET /api/stats/timeliness.xlsx': { allowed: ['supervisor', 'approver', 'admin'], path: '/api/stats/timeliness.xlsx?from=2026-01-01T00:00:00%2B07:00&to=2027-01-01T00:00:00%2B07:00' },
  'GET /api/stats/service-index': { allowed: ['supervisor', 'approver', 'admin'], path: '/api/stats/service-index?from=2026-01-01T00:00:00%2B07:00&to=2027-01-01T00:00:00%2B07:00' },

  'GET /api/agencies': { allowed: ANY_STAFF, path: '/api/agencies' },
  // The admin gets a 400 (no effectiveDate): nothing is merged.
  'POST /api/agencies/{code}/merge-into/{successor}': { allowed: ['admin'], path: '/api/agencies/NO_SUCH/merge-into/NO_SUCH_EITHER', body: {} },

  'GET /api/audit/verify': { allowed: ['admin'], path: '/api/audit/verify' },
  'GET /api/audit': { allowed: ['admin'], path: '/api/audit' },
};

/** Served by Swagger outside the document itself; public as well. */
const DOCS_ROUTES = ['GET /api/docs', 'GET /api/docs-json'];

const ALLOWED_STATUSES = [400, 404, 409, 422];
const isAllowed = (status: number) => (status >= 200 && status < 300) || ALLOWED_STATUSES.includes(status);

let ctx: Ctx;
let procedureCode: string;
let sharedEvents: number;

const stack = useE2eStack({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });

beforeAll(async () => {
  const p = secondsProcedure([3600, 3600, 3600, 3600]);
  await stack.as('admin').post('/api/procedures').send(p).expect(201);
  procedureCode = p.code;
  ctx = { code: await dossierAtReview() };
  sharedEvents = (await stack.as('admin').get(`/api/dossiers/${ctx.code}`).expect(200)).body.events.length;
});


/** A dossier of the DKKD test procedure whose reception step is done: it waits at `review`, unassigned. */
async function dossierAtReview(): Promise<string> {
  const { body } = await stack.as('reception').post('/api/dossiers').send({ procedureCode, applicant: { name: 'Đỗ Văn Hải' }, channel: 'counter' }).expect(201);
  await stack.as('reception').post(`/api/dossiers/${body.code}/steps/reception/complete`).send({}).expect(200);
  return body.code as string;
}

function expected(route: Route, who: Who): 'allowed' | 401 | 403 {
  if (route.allowed === 'public') return 'allowed';
  if (who === 'anonymous') return 401;
  return route.allowed.includes(who) ? 'allowed' : 403;
}

async function call(method: string, path: string, who: Who, body?: unknown, sse = false): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (who !== 'anonymous') headers.authorization = `Bearer ${stack.t[who]}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (sse) headers.accept = 'text/event-stream';
  const controller = new AbortController();
  const res = await fetch(`${stack.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal });
  if (sse && res.status === 200) {
    controller.abort();
    return { status: res.status, text: '' };
  }
  return { status: res.status, text: await res.text() };
}

const cells = Object.entries(MATRIX).flatMap(([key, route]) => WHO.map((who) => [key, who, expected(route, who)] as const));

describe('role × endpoint matrix', () => {
  it('covers every route of the live OpenAPI document, and lists none it does not have', async () => {
    const res = await fetch(`${stack.url}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  test.each(cells)('%s as %s → %s', async (key, who, want) => {
    const route = MATRIX[key];
    const method = key.split(' ')[0];
    const code = route.fresh && want === 'allowed' ? await dossierAtReview() : ctx.code;
    const res = await call(method, route.path.replace('{code}', code), who, route.body, route.sse);
    // On failure the message shows the status and the start of the body.
    const got = `${res.status} ${res.text.slice(0, 300)}`;
    // Allowed: success, or a 400/404/409/422 about the request itself; never 401/403/5xx.
    if (want === 'allowed') expect(isAllowed(res.status) ? 'allowed' : got).toBe('allowed');
    else expect(res.status === want ? want : got).toBe(want);
  });

  // A stale or forged token does not lock a citizen (or a user whose session expired) out of a public route.
  test.each(Object.entries(MATRIX).filter(([, r]) => r.allowed === 'public'))('%s with a garbage token is still public', async (key, route) => {
    const res = await fetch(`${stack.url}${route.path.replace('{code}', ctx.code)}`, {
      method: key.split(' ')[0],
      headers: { authorization: 'Bearer not.a.token', ...(route.body ? { 'content-type': 'application/json' } : {}) },
      body: route.body ? JSON.stringify(route.body) : undefined,
    });
    expect(isAllowed(res.status) ? 'allowed' : `${res.status} ${await res.text()}`).toBe('allowed');
  });

  test.each(DOCS_ROUTES)('%s is public', async (key) => {
    const res = await call('GET', key.split(' ')[1], 'anonymous');
    expect(res.status).toBe(200);
  });

  it('no refused call changed the shared dossier', async () => {
    const { body } = await stack.as('admin').get(`/api/dossiers/${ctx.code}`).expect(200);
    expect(body.events).toHaveLength(sharedEvents);
    expect(body).toMatchObject({ status: 'processing', currentStepKey: 'review' });
    expect(body.steps.find((s: { key: string }) => s.key === 'review').assignee).toBeUndefined();
  });
});
