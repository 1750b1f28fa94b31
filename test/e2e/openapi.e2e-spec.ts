import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { RATING_CRITERIA } from '../../libs/contracts/src/ratings';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { startReceiver } from '../support/http-receiver';
import { openApiChecker, operationsOf, type OpenApiDoc } from '../support/openapi';
import { waitFor } from '../support/stack';

/**
 * Every operation of the live OpenAPI document is called with real data, and every answer (success
 * and the errors cheap to reach: 400, 401, 403, 404, 409, 422) is held to the schema the document
 * declares for its status: an undeclared status, an undeclared field or a missing required one fails.
 * This is what makes the web app's generated types (apps/web/src/api.generated.ts) mean something.
 */
jest.setTimeout(120_000);

const stack = useE2eStack({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000' });
let doc: OpenApiDoc;
let api: ReturnType<typeof openApiChecker>;
const as = (role: 'admin' | 'reception' | 'reviewer' | 'approver' | 'supervisor') => stack.t[role];

const applicant = { name: 'Trần Thị Mai', phone: '0912345678', address: 'Số 1, phố Tràng Tiền, Hà Nội' };

beforeAll(async () => {
  doc = (await (await fetch(`${stack.url}/api/docs-json`)).json()) as OpenApiDoc;
  api = openApiChecker(stack.url, doc);
});

/** A procedure on the working calendar (no alerts during the test): reception at the desk, review at DKKD. */
async function workingProcedure(): Promise<string> {
  const p = { ...secondsProcedure([1]), legalTime: { workingDays: 5 }, steps: [
    { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
    { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 3 } },
  ] };
  await api.call('POST /api/procedures', { token: as('admin'), body: p }).then((r) => expect(r.status).toBe(201));
  return p.code;
}

async function register(procedureCode: string, extra: Record<string, unknown> = {}): Promise<{ code: string; lookupSecret: string }> {
  const res = await api.call('POST /api/dossiers', { token: as('reception'), body: { procedureCode, applicant, channel: 'online', ...extra } });
  expect(res.status).toBe(201);
  return res.body;
}

/** A dossier whose reception step is done: it waits at review (DKKD). */
async function atReview(procedureCode: string): Promise<string> {
  const { code } = await register(procedureCode);
  expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/complete', { token: as('reception'), params: { code, stepKey: 'reception' }, body: {} })).status).toBe(200);
  return code;
}

describe('the live API answers as its OpenAPI document says', () => {
  it('holds the checker to the document: an undeclared field, a missing field or an undeclared status fails', async () => {
    const live = await api.call('GET /health/live');
    expect(live.status).toBe(200);
    const json = { 'content-type': 'application/json; charset=utf-8' };
    expect(() => api.check('GET /health/live', { status: 200, headers: json, body: { status: 'ok', extra: 1 } })).toThrow(/additional properties/);
    expect(() => api.check('GET /health/live', { status: 200, headers: json, body: {} })).toThrow(/required property 'status'/);
    expect(() => api.check('GET /health/live', { status: 418, headers: json, body: {} })).toThrow(/does not declare/);
    expect(() => api.check('GET /api/dossiers/{code}', { status: 404, headers: json, body: { statusCode: 404 } })).toThrow(/message/);
  });

  it('health, the citizen’s catalog, lookup and feedback (the deprecated alias of a petition)', async () => {
    expect([200, 503]).toContain((await api.call('GET /health/ready')).status);
    expect((await api.call('GET /api/public/procedures')).status).toBe(200);
    const procedureCode = await workingProcedure();
    const { code, lookupSecret } = await register(procedureCode);
    expect((await api.call('GET /api/public/dossiers/{code}', { params: { code }, query: { secret: lookupSecret } })).status).toBe(200);
    expect((await api.call('GET /api/public/dossiers/{code}', { params: { code }, query: { secret: 'WRONGWRONG' } })).status).toBe(404);
    const alias = await api.call('POST /api/public/feedback', { body: { message: 'Cán bộ hướng dẫn tận tình.', dossierCode: code } });
    expect(alias.status).toBe(201);
    expect(alias.body).toEqual({ code: expect.stringContaining('-PA-'), secret: expect.any(String), dueAt: expect.any(String) });
    expect((doc.paths['/api/public/feedback'].post as { deprecated?: boolean }).deprecated).toBe(true);
    expect((await api.call('POST /api/public/feedback', { body: { message: '' } })).status).toBe(400);
  });

  it('sign-in, refresh, password change and sign-out of a new account; users and departments', async () => {
    expect((await api.call('GET /api/departments', { token: as('admin') })).status).toBe(200);
    const dep = `OAPI_${Date.now() % 100000}`;
    expect((await api.call('POST /api/departments', { token: as('admin'), body: { code: dep, name: 'Phòng thử nghiệm' } })).status).toBe(201);
    expect((await api.call('POST /api/departments', { token: as('admin'), body: { code: dep, name: 'Phòng thử nghiệm' } })).status).toBe(409);
    expect((await api.call('PATCH /api/departments/{code}', { token: as('admin'), params: { code: dep }, body: { name: 'Phòng thử nghiệm (đổi tên)' } })).status).toBe(200);

    expect((await api.call('GET /api/users', { token: as('admin') })).status).toBe(200);
    const username = `oapi.${Date.now() % 100000}`;
    const password = 'mat-khau-thu-nghiem-1';
    expect((await api.call('POST /api/users', { token: as('admin'), body: { username, fullName: 'Lê Văn Thử', password, roles: ['reception'], departmentCode: 'MOT_CUA' } })).status).toBe(201);
    expect((await api.call('POST /api/users', { token: as('admin'), body: { username: 'X', fullName: '', password: 'short', roles: [] } })).status).toBe(400);
    expect((await api.call('PATCH /api/users/{username}', { token: as('admin'), params: { username }, body: { fullName: 'Lê Văn Thử Nghiệm' } })).status).toBe(200);
    expect((await api.call('PATCH /api/users/{username}', { token: as('admin'), params: { username: 'no.such.user' }, body: { fullName: 'x' } })).status).toBe(404);
    expect((await api.call('GET /api/users', { token: as('reception') })).status).toBe(403);
    expect((await api.call('GET /api/system/clocks', { token: as('admin') })).status).toBe(200);
    expect((await api.call('GET /api/system/clocks', { token: as('reception') })).status).toBe(403);

    expect((await api.call('POST /api/auth/login', { body: { username, password: 'wrong-password' } })).status).toBe(401);
    const login = await api.call('POST /api/auth/login', { body: { username, password } });
    expect(login.status).toBe(200);
    const refreshed = await api.call('POST /api/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api.call('POST /api/auth/refresh', { body: { refreshToken: login.body.refreshToken } })).status).toBe(401);
    expect((await api.call('POST /api/auth/logout', { body: { refreshToken: refreshed.body.refreshToken } })).status).toBe(204);
    expect((await api.call('POST /api/auth/password', { token: refreshed.body.accessToken, body: { currentPassword: 'not-it-at-all', newPassword: 'mat-khau-moi-12345' } })).status).toBe(400);
    expect((await api.call('POST /api/auth/password', { token: refreshed.body.accessToken, body: { currentPassword: password, newPassword: 'mat-khau-moi-12345' } })).status).toBe(204);
    expect((await api.call('POST /api/auth/password', { token: refreshed.body.accessToken, body: { currentPassword: 'mat-khau-moi-12345', newPassword: 'mat-khau-moi-67890' } })).status).toBe(401);
  });

  it('procedures: create, read, a new version; a duplicate, an unknown code and a stranger to the route', async () => {
    const code = await workingProcedure();
    const got = await api.call('GET /api/procedures/{code}', { token: as('reception'), params: { code } });
    expect(got.status).toBe(200);
    expect((await api.call('GET /api/procedures', { token: as('reception') })).status).toBe(200);
    const { code: _c, version: _v, createdAt: _at, ...plan } = got.body;
    expect((await api.call('PUT /api/procedures/{code}', { token: as('admin'), params: { code }, body: { ...plan, name: 'Thủ tục thử nghiệm (bản 2)' } })).status).toBe(200);
    expect((await api.call('POST /api/procedures', { token: as('admin'), body: { ...plan, code } })).status).toBe(409);
    expect((await api.call('POST /api/procedures', { token: as('reception'), body: { ...plan, code } })).status).toBe(403);
    expect((await api.call('GET /api/procedures/{code}', { token: as('reception'), params: { code: '9.999999' } })).status).toBe(404);
  });

  it('a dossier’s whole life: intake, supplement, reschedule with its apology, review, return; its sheets', async () => {
    const procedureCode = await workingProcedure();
    expect((await api.call('GET /api/dossiers', { token: as('reception') })).status).toBe(200);
    expect((await api.call('GET /api/dossiers')).status).toBe(401);
    expect((await api.call('POST /api/dossiers', { token: as('reception'), body: { procedureCode, applicant: {}, channel: 'fax' } })).status).toBe(400);
    const key = `oapi-key-${Date.now()}`;
    await api.call('POST /api/dossiers', { token: as('reception'), headers: { 'Idempotency-Key': key }, body: { procedureCode, applicant, channel: 'online' } });
    expect((await api.call('POST /api/dossiers', { token: as('reception'), headers: { 'Idempotency-Key': key }, body: { procedureCode, applicant, channel: 'counter' } })).status).toBe(422);

    const code = await atReview(procedureCode);
    const params = { code };
    expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/complete', { token: as('reception'), params: { code, stepKey: 'reception' }, body: {} })).status).toBe(409);
    expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/complete', { token: as('reviewer'), params: { code, stepKey: 'nope' }, body: {} })).status).toBe(404);
    expect((await api.call('GET /api/dossiers/{code}/apology', { token: as('reception'), params })).status).toBe(404);
    expect((await api.call('POST /api/dossiers/{code}/supplement-requests', { token: as('reviewer'), params, body: { reason: 'Thiếu điều lệ', items: ['Điều lệ công ty'] } })).status).toBe(200);
    const resumed = await api.call('POST /api/dossiers/{code}/supplements', { token: as('reception'), params, body: { note: 'Đã bổ sung' } });
    expect(resumed.status).toBe(200);
    const newDueAt = new Date(Date.parse(resumed.body.dueAt) + 7 * 86_400_000).toISOString();
    expect((await api.call('POST /api/dossiers/{code}/reschedule', { token: as('approver'), params, body: { newDueAt, reason: 'Cần lấy ý kiến liên ngành' } })).status).toBe(200);
    expect((await api.call('GET /api/dossiers/{code}/apology', { token: as('reception'), params })).status).toBe(200);
    expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/complete', { token: as('reviewer'), params: { code, stepKey: 'review' }, body: { note: 'Đạt' } })).status).toBe(200);
    expect((await api.call('POST /api/dossiers/{code}/return-result', { token: as('reception'), params, body: {} })).status).toBe(200);

    for (const op of ['GET /api/dossiers/{code}', 'GET /api/dossiers/{code}/control-sheet', 'GET /api/dossiers/{code}/deadlines']) {
      expect((await api.call(op, { token: as('reception'), params })).status).toBe(200);
    }
    expect((await api.call('GET /api/dossiers/{code}', { token: as('reception'), params: { code: 'NO-SUCH-DOSSIER' } })).status).toBe(404);
    expect((await api.call('GET /api/dossiers', { token: as('reception'), query: { status: 'open', pageSize: 5 } })).status).toBe(200);
    expect((await api.call('GET /api/dossiers', { token: as('reception'), query: { pageSize: 0 } })).status).toBe(400);
  });

  it('receive, send back, refuse, withdraw and its stop notice', async () => {
    const procedureCode = await workingProcedure();
    const submitted = await register(procedureCode, { channel: 'counter', reception: { outcome: 'needs_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao CCCD'] } });
    expect((await api.call('POST /api/dossiers/{code}/receive', { token: as('reception'), params: { code: submitted.code }, body: {} })).status).toBe(200);

    const back = await atReview(procedureCode);
    expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/return', { token: as('reviewer'), params: { code: back, stepKey: 'review' }, body: { toStepKey: 'reception', reason: 'Kiểm tra lại thành phần' } })).status).toBe(200);
    expect((await api.call('GET /api/dossiers/{code}/stop-notice', { token: as('reception'), params: { code: back } })).status).toBe(404);
    expect((await api.call('POST /api/dossiers/{code}/withdraw', { token: as('reception'), params: { code: back }, body: { reason: 'Công dân xin rút hồ sơ' } })).status).toBe(200);
    expect((await api.call('GET /api/dossiers/{code}/stop-notice', { token: as('reception'), params: { code: back } })).status).toBe(200);

    const refused = await atReview(procedureCode);
    expect((await api.call('POST /api/dossiers/{code}/refuse', { token: as('reviewer'), params: { code: refused }, body: { reason: 'Không đủ điều kiện' } })).status).toBe(200);
  });

  it('the inbox: list, claim, assign, bulk reassignment', async () => {
    const procedureCode = await workingProcedure();
    const claimed = await atReview(procedureCode);
    expect((await api.call('GET /api/tasks', { token: as('reviewer') })).status).toBe(200);
    expect((await api.call('POST /api/tasks/{id}/claim', { token: as('reviewer'), params: { id: `${claimed}~review` } })).status).toBe(200);
    expect((await api.call('POST /api/tasks/{id}/claim', { token: as('reviewer'), params: { id: `${claimed}~nope` } })).status).toBe(404);
    const assigned = await atReview(procedureCode);
    expect((await api.call('POST /api/tasks/{id}/assign', { token: as('approver'), params: { id: `${assigned}~review` }, body: { assignee: 'reviewer' } })).status).toBe(200);
    expect((await api.call('POST /api/tasks/reassign', { token: as('approver'), body: { from: 'reviewer', to: 'reviewer' } })).status).toBe(400);
    const started = await api.call('POST /api/tasks/reassign', { token: as('approver'), body: { from: 'nobody-at-all', to: 'reviewer' } });
    expect(started.status).toBe(202);
    expect((await api.call('GET /api/tasks/reassign/{id}', { token: as('approver'), params: { id: started.body.id } })).status).toBe(200);
    expect((await api.call('GET /api/tasks/reassign/{id}', { token: as('approver'), params: { id: 'no-such-reassignment' } })).status).toBe(404);
  });

  it('alerts: a step overdue is listed, streamed and acknowledged', async () => {
    const p = secondsProcedure([1, 60]);
    expect((await api.call('POST /api/procedures', { token: as('admin'), body: p })).status).toBe(201);
    const { code } = await register(p.code);
    const alerts = await waitFor(async () => {
      const res = await api.call('GET /api/alerts', { token: as('supervisor'), query: { dossierCode: code } });
      return res.body.items.length > 0 && res.body;
    }, 'an alert of the seconds procedure');
    expect((await api.call('POST /api/alerts/{id}/ack', { token: as('supervisor'), params: { id: alerts.items[0].id } })).status).toBe(200);
    expect((await api.call('POST /api/alerts/{id}/ack', { token: as('supervisor'), params: { id: '999999999' } })).status).toBe(404);
    const controller = new AbortController();
    const res = await fetch(`${stack.url}/api/alerts/stream`, { headers: { authorization: `Bearer ${as('supervisor')}`, accept: 'text/event-stream' }, signal: controller.signal });
    api.check('GET /api/alerts/stream', { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? '' }, body: undefined });
    controller.abort();
    await res.body?.cancel().catch(() => undefined);
  });

  it('the calendar: settings, a year, an override set and removed, the change log', async () => {
    const settings = await api.call('GET /api/calendar/settings', { token: as('admin') });
    expect(settings.status).toBe(200);
    const { timeZone, officeHours, weekendDays, paperCutoff } = settings.body;
    expect([200, 202]).toContain((await api.call('PUT /api/calendar/settings', { token: as('admin'), body: { timeZone, officeHours, weekendDays, paperCutoff } })).status);
    expect((await api.call('PUT /api/calendar/settings', { token: as('admin'), body: { timeZone, officeHours: [], weekendDays, paperCutoff } })).status).toBe(400);
    const year = new Date().getUTCFullYear();
    expect((await api.call('GET /api/calendar/{year}', { token: as('reception'), params: { year: String(year) } })).status).toBe(200);
    expect((await api.call('GET /api/calendar/{year}', { token: as('reception'), params: { year: 'soon' } })).status).toBe(400);
    const date = `${year + 1}-07-15`;
    expect([200, 202]).toContain((await api.call('PUT /api/calendar/overrides/{date}', { token: as('admin'), params: { date }, body: { kind: 'day_off', reason: 'Nghỉ thử nghiệm' } })).status);
    expect([200, 202]).toContain((await api.call('DELETE /api/calendar/overrides/{date}', { token: as('admin'), params: { date } })).status);
    expect((await api.call('GET /api/calendar/changes', { token: as('admin') })).status).toBe(200);
    expect((await api.call('GET /api/calendar/holiday-rules', { token: as('reception') })).status).toBe(200);
    // Far in the future, so no dossier of the other tests moves.
    const rule = { key: 'openapi_day', name: 'Ngày thử nghiệm', calendar: 'solar', month: 12, day: 30, effectiveFrom: '2099-12-30', source: 'thử nghiệm' };
    expect([200, 202]).toContain((await api.call('POST /api/calendar/holiday-rules', { token: as('admin'), body: rule })).status);
    expect((await api.call('POST /api/calendar/holiday-rules', { token: as('admin'), body: rule })).status).toBe(409);
    expect((await api.call('POST /api/calendar/holiday-rules', { token: as('admin'), body: { ...rule, month: 13 } })).status).toBe(400);
    expect((await api.call('GET /api/calendar/changes', { token: as('reception') })).status).toBe(403);
  });

  it('statistics (JSON and the workbook) and the audit trail', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api.call('GET /api/stats/timeliness', { token: as('approver'), query: { from, to, groupBy: 'procedure' } })).status).toBe(200);
    expect((await api.call('GET /api/stats/timeliness', { token: as('approver'), query: { from: to, to: from } })).status).toBe(400);
    expect((await api.call('GET /api/stats/timeliness', { token: as('reception'), query: { from, to } })).status).toBe(403);
    expect((await api.call('GET /api/stats/timeliness.xlsx', { token: as('approver'), query: { from, to } })).status).toBe(200);
    expect((await api.call('GET /api/audit/verify', { token: as('admin') })).status).toBe(200);
    expect((await api.call('GET /api/audit', { token: as('admin'), query: { chain: 'system', pageSize: 50 } })).status).toBe(200);
  });

  it('forms 01–07, the service index, agencies and a merger', async () => {
    const { code } = await register(await workingProcedure());
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const [from, to] = [day(Date.now() - 86_400_000), day(Date.now() + 86_400_000)];
    expect((await api.call('GET /api/dossiers/{code}/forms/{no}', { token: as('reception'), params: { code, no: '01' } })).status).toBe(200);
    expect((await api.call('GET /api/dossiers/{code}/forms/{no}', { token: as('reception'), params: { code, no: '99' } })).status).toBe(404);
    expect((await api.call('GET /api/forms/07', { token: as('reception'), query: { from, to } })).status).toBe(200);
    expect((await api.call('GET /api/forms/07', { token: as('reception'), query: { from: to, to: from } })).status).toBe(400);
    const [fromTs, toTs] = [new Date(Date.now() - 86_400_000).toISOString(), new Date(Date.now() + 86_400_000).toISOString()];
    expect((await api.call('GET /api/stats/service-index', { token: as('approver'), query: { from: fromTs, to: toTs } })).status).toBe(200);
    expect((await api.call('GET /api/agencies', { token: as('admin') })).status).toBe(200);
    // A merger of an agency of this test's own into the demo's (an empty one: nothing else moves).
    await stack.ds.query(`INSERT INTO agencies (code, name, effective_from) VALUES ('000.00.97.Z97', 'Sở thử nghiệm (sáp nhập)', '2019-01-01')`);
    const merge = (body: object) => api.call('POST /api/agencies/{code}/merge-into/{successor}', { token: as('admin'), params: { code: '000.00.97.Z97', successor: DEMO_AGENCY_CODE }, body });
    expect((await merge({ effectiveDate: '1/3/2025' })).status).toBe(400);
    expect((await merge({ effectiveDate: day(Date.now()) })).status).toBe(200);
  });

  it('answers for browser push: the key, a browser registered, listed and removed', async () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const subscription = { endpoint: 'https://push.example/send/openapi', keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
    expect((await api.call('GET /api/push/public-key', { token: as('reviewer') })).status).toBe(200);
    expect((await api.call('POST /api/me/push-subscriptions', { token: as('reviewer'), body: subscription })).status).toBe(201);
    expect((await api.call('POST /api/me/push-subscriptions', { token: as('reviewer'), body: { ...subscription, endpoint: 'http://push.example/x' } })).status).toBe(400);
    expect((await api.call('GET /api/me/push-subscriptions', { token: as('reviewer') })).status).toBe(200);
    expect((await api.call('DELETE /api/me/push-subscriptions', { token: as('reviewer'), query: { endpoint: subscription.endpoint } })).status).toBe(204);
    expect((await api.call('DELETE /api/me/push-subscriptions', { token: as('reviewer'), query: { endpoint: subscription.endpoint } })).status).toBe(404);
  });

  it('admin previews: a procedure validated and its versions, a day off previewed and its rollout, the workers, a password reset', async () => {
    const code = await workingProcedure();
    const draft = secondsProcedure([60, 60]);
    expect((await api.call('POST /api/procedures/validate', { token: as('admin'), body: draft })).status).toBe(200);
    expect((await api.call('POST /api/procedures/validate', { token: as('admin'), body: { ...draft, steps: [] } })).status).toBe(400);
    expect((await api.call('GET /api/procedures/{code}/versions', { token: as('reception'), params: { code } })).status).toBe(200);
    expect((await api.call('GET /api/procedures/{code}/versions', { token: as('reception'), params: { code: '9.999999' } })).status).toBe(404);

    const date = `${new Date().getUTCFullYear() + 1}-08-19`;
    expect((await api.call('POST /api/calendar/overrides/{date}/preview', { token: as('admin'), params: { date }, body: { kind: 'day_off' } })).status).toBe(200);
    expect((await api.call('POST /api/calendar/overrides/{date}/preview', { token: as('admin'), params: { date: '2026-02-30' }, body: { kind: 'day_off' } })).status).toBe(400);
    const change = await api.call('PUT /api/calendar/overrides/{date}', { token: as('admin'), params: { date }, body: { kind: 'day_off', reason: 'Nghỉ thử nghiệm' } });
    expect([200, 202]).toContain(change.status);
    expect((await api.call('GET /api/calendar/rollouts/{version}', { token: as('admin'), params: { version: String(change.body.version) } })).status).toBe(200);
    expect((await api.call('GET /api/calendar/rollouts/{version}', { token: as('admin'), params: { version: '999999' } })).status).toBe(404);
    expect([200, 202]).toContain((await api.call('DELETE /api/calendar/overrides/{date}', { token: as('admin'), params: { date } })).status);

    expect((await api.call('GET /api/system/workers', { token: as('admin') })).status).toBe(200);
    expect((await api.call('GET /api/system/workers', { token: as('supervisor') })).status).toBe(403);

    const username = `oapi.pw.${Date.now() % 100000}`;
    expect((await api.call('POST /api/users', { token: as('admin'), body: { username, fullName: 'Phạm Văn Quên', password: 'mat-khau-thu-nghiem-1', roles: ['reception'], departmentCode: 'MOT_CUA' } })).status).toBe(201);
    expect((await api.call('POST /api/users/{username}/password', { token: as('admin'), params: { username }, body: { password: 'ngan' } })).status).toBe(400);
    expect((await api.call('POST /api/users/{username}/password', { token: as('admin'), params: { username }, body: { password: 'mat-khau-moi-00002' } })).status).toBe(204);
    expect((await api.call('POST /api/users/{username}/password', { token: as('admin'), params: { username: 'khong.co.ai' }, body: { password: 'mat-khau-moi-00002' } })).status).toBe(404);
  });

  it('a petition: sent by a citizen and at the desk, by mail; classified, assigned, answered, published; its figures', async () => {
    const citizen = { kind: 'feedback', subject: 'Chờ lâu tại quầy', message: 'Tôi chờ hơn 2 giờ tại quầy một cửa.', name: 'Nguyễn Văn An', contact: 'an.nguyen@example.vn' };
    const receipt = await api.call('POST /api/public/petitions', { body: citizen });
    expect(receipt.status).toBe(201);
    expect((await api.call('POST /api/public/petitions', { body: { ...citizen, kind: 'complaint' } })).status).toBe(400);
    const { code, secret } = receipt.body;
    expect((await api.call('GET /api/public/petitions/{code}', { params: { code }, query: { secret } })).status).toBe(200);
    expect((await api.call('GET /api/public/petitions/{code}', { params: { code }, query: { secret: 'AAAAAAAAAA' } })).status).toBe(404);
    expect((await api.call('POST /api/petitions', { token: as('reception'), body: { ...citizen, kind: 'proposal' } })).status).toBe(201);
    const raw = ['From: Binh <binh@example.vn>', 'To: phananh@dossier-flow.local', 'Subject: Ho so tre hen', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '', 'Ho so chua duoc tra.'].join('\r\n');
    expect((await api.call('POST /api/petitions/inbound-mail', { token: as('reception'), body: { raw } })).status).toBe(201);

    const params = { code };
    expect((await api.call('POST /api/petitions/{code}/answer', { token: as('supervisor'), params, body: { answer: 'x' } })).status).toBe(409);
    expect((await api.call('POST /api/petitions/{code}/classify', { token: as('supervisor'), params, body: { outcome: 'in_scope', reason: 'Thuộc thẩm quyền của Sở' } })).status).toBe(200);
    expect((await api.call('POST /api/petitions/{code}/assign', { token: as('approver'), params, body: { assignee: 'reviewer' } })).status).toBe(200);
    expect((await api.call('POST /api/petitions/{code}/answer', { token: as('reviewer'), params, body: { answer: 'Sở đã bố trí thêm một quầy.' } })).status).toBe(200);
    expect((await api.call('POST /api/petitions/{code}/publish', { token: as('supervisor'), params, body: { consent: true } })).status).toBe(200);
    expect((await api.call('GET /api/petitions/{code}', { token: as('supervisor'), params })).status).toBe(200);
    expect((await api.call('GET /api/petitions/{code}', { token: as('supervisor'), params: { code: 'NOPE-PA-260101-0001' } })).status).toBe(404);
    expect((await api.call('GET /api/petitions', { token: as('supervisor'), query: { open: true } })).status).toBe(200);
    expect((await api.call('GET /api/public/petitions', { query: { q: 'quầy' } })).status).toBe(200);
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api.call('GET /api/stats/petitions', { token: as('supervisor'), query: { from, to } })).status).toBe(200);
    expect((await api.call('GET /api/stats/petitions', { token: as('reception'), query: { from, to } })).status).toBe(403);
  });

  it('a returned dossier rated by the citizen', async () => {
    const procedureCode = await workingProcedure();
    const { code, lookupSecret } = await register(procedureCode);
    const scores = Object.fromEntries(RATING_CRITERIA.map((k) => [k, 4]));
    const rate = (body: object) => api.call('POST /api/public/dossiers/{code}/rating', { params: { code }, query: { secret: lookupSecret }, body });
    expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/complete', { token: as('reception'), params: { code, stepKey: 'reception' }, body: {} })).status).toBe(200);
    expect((await api.call('POST /api/dossiers/{code}/steps/{stepKey}/complete', { token: as('reviewer'), params: { code, stepKey: 'review' }, body: {} })).status).toBe(200);
    expect((await rate({ scores })).status).toBe(409);
    expect((await api.call('POST /api/dossiers/{code}/return-result', { token: as('reception'), params: { code }, body: {} })).status).toBe(200);
    expect((await rate({ scores: { ...scores, overall: 9 } })).status).toBe(400);
    expect((await rate({ scores, comment: 'Cán bộ hướng dẫn tận tình.' })).status).toBe(201);
  });

  it('notifications: the escalation policy, one’s own settings and inbox, the outbox and a dead e-mail sent again', async () => {
    const policy = await api.call('GET /api/escalation-policy', { token: as('admin') });
    expect(policy.status).toBe(200);
    expect((await api.call('PUT /api/escalation-policy', { token: as('admin'), body: { policy: policy.body.policy, procedures: policy.body.procedures } })).status).toBe(200);
    expect((await api.call('PUT /api/escalation-policy', { token: as('admin'), body: { policy: policy.body.policy, extra: 1 } })).status).toBe(400);
    expect((await api.call('GET /api/escalation-policy', { token: as('supervisor') })).status).toBe(403);
    expect((await api.call('GET /api/me/notifications', { token: as('reviewer') })).status).toBe(200);
    expect((await api.call('PUT /api/me/notifications', { token: as('reviewer'), body: { quietHours: { from: '21:30', to: '06:45' } } })).status).toBe(200);
    expect((await api.call('PUT /api/me/notifications', { token: as('reviewer'), body: { quietHours: null } })).status).toBe(200);
    expect((await api.call('GET /api/me/notifications/inbox', { token: as('supervisor') })).status).toBe(200);
    expect((await api.call('POST /api/me/notifications/inbox/read', { token: as('supervisor') })).status).toBe(200);
    expect((await api.call('GET /api/notifications', { token: as('supervisor'), query: { channel: 'email' } })).status).toBe(200);
    if (doc.paths['/api/notifications/{id}/redeliver']) {
      // An e-mail the notifier gave up on, as the dispatcher leaves it after its last try.
      const id = randomUUID();
      await stack.ds.query(
        `INSERT INTO notifications (id, agency_code, channel, recipient, kind, subject, body, idempotency_key, status, attempts, last_error, not_before)
         VALUES ($1, $2, 'email', 'nhan.lai@demo.dossier-flow.local', 'test_redeliver', 'Gửi lại', 'Nội dung gửi lại', $3, 'dead', 5, 'connect ECONNREFUSED 127.0.0.1:1', now())`,
        [id, DEMO_AGENCY_CODE, `test:openapi:${id}`],
      );
      expect((await api.call('POST /api/notifications/{id}/redeliver', { token: as('admin'), params: { id } })).status).toBe(202);
      expect((await api.call('POST /api/notifications/{id}/redeliver', { token: as('admin'), params: { id: randomUUID() } })).status).toBe(404);
    }
  });

  it('webhooks: a subscription, its delivery to a receiver, a dead one sent again', async () => {
    const receiver = await startReceiver(() => 204);
    try {
      const url = `${receiver.url}/hook`;
      const created = await api.call('POST /api/webhooks', { token: as('admin'), body: { url, events: ['dossier.registered'], secret: `s-${randomUUID()}` } });
      expect(created.status).toBe(201);
      expect((await api.call('POST /api/webhooks', { token: as('admin'), body: { url: 'ftp://x.example/hook', events: ['dossier.registered'], secret: 'a-secret-of-16-chars' } })).status).toBe(400);
      expect((await api.call('GET /api/webhooks', { token: as('admin') })).status).toBe(200);
      expect((await api.call('GET /api/webhooks', { token: as('supervisor') })).status).toBe(403);
      const id: string = created.body.id;
      await register(await workingProcedure());
      const delivered = await waitFor(async () => {
        const res = await api.call('GET /api/webhooks/{id}/deliveries', { token: as('admin'), params: { id }, query: { status: 'delivered' } });
        return res.body.items[0] as { id: string } | undefined;
      }, 'a delivery to the receiver');
      expect((await api.call('GET /api/webhooks/{id}/deliveries', { token: as('admin'), params: { id: randomUUID() } })).status).toBe(404);
      // As the dispatcher leaves it after its last try.
      await stack.ds.query(`UPDATE webhook_deliveries SET status = 'dead', attempts = 3, last_status = 503, last_error = 'HTTP 503' WHERE id = $1`, [delivered.id]);
      const params = { id, deliveryId: delivered.id };
      expect((await api.call('POST /api/webhooks/{id}/deliveries/{deliveryId}/redeliver', { token: as('admin'), params })).status).toBe(202);
      expect((await api.call('POST /api/webhooks/{id}/deliveries/{deliveryId}/redeliver', { token: as('admin'), params: { id, deliveryId: randomUUID() } })).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it('has called every operation of the document with success, and met each kind of cheap error', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThanOrEqual(50);
    const uncalled = ops.filter((op) => ![...(api.seen.get(op) ?? [])].some((s) => s >= 200 && s < 300));
    expect(uncalled).toEqual([]);
    const errors = new Set([...api.seen.values()].flatMap((s) => [...s]).filter((s) => s >= 400));
    expect([...errors].sort()).toEqual(expect.arrayContaining([400, 401, 403, 404, 409, 422]));
  });
});
