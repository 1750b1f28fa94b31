import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash } from '@node-rs/argon2';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApi } from '../../apps/api/src/bootstrap';
import { ConfigError, DEV_JWT_SECRET, DEV_LOOKUP_SECRET, type AppConfig } from '../../libs/config/src';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { startApi } from '../support/api';
import { as, loginAll, type Tokens } from '../support/auth';
import { secondsProcedure } from '../support/fixtures';
import { openDataSource, startWorker, testConfig, waitFor, type RunningWorker } from '../support/stack';

/**
 * Accounts, sessions, the public lookup and hardening (issue 4, points 1, 5, 6 and 8). Two API
 * instances share this file's database: `url` with generous limits for the session tests, and
 * `strictUrl` with the limits of the configuration under test (3 a minute) and one CORS origin.
 */
jest.setTimeout(60_000);

const PORTAL = 'https://portal.example.gov.vn';

let config: AppConfig;
let app: INestApplication;
let strict: INestApplication;
let url: string;
let strictUrl: string;
let ds: DataSource;
let worker: RunningWorker;
let t: Tokens;

beforeAll(async () => {
  config = await testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', PUBLIC_RATE_LIMIT_PER_MINUTE: '3', CORS_ORIGINS: PORTAL });
  ds = await openDataSource(config);
  worker = await startWorker(config, ds);
  ({ app: strict, url: strictUrl } = await startApi(config));
  ({ app, url } = await startApi({ ...config, LOGIN_RATE_LIMIT_PER_MINUTE: 1000, PUBLIC_RATE_LIMIT_PER_MINUTE: 1000, CORS_ORIGINS: '' }));
  t = await loginAll(url);
});

afterAll(async () => {
  await app?.close();
  await strict?.close();
  await worker?.stop();
  await ds?.destroy();
});

const login = (username: string, password: string, base = url) => request(base).post('/api/auth/login').send({ username, password });

async function createUser(username: string, password: string, roles = ['reviewer'], department: string | null = 'DKKD'): Promise<void> {
  await ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles) VALUES ($1, $2, $3, $4, $5, $6)`, [
    username, `Người dùng ${username}`, await hash(password), DEMO_AGENCY_CODE, department, roles,
  ]);
}

describe('login', () => {
  it('returns a short-lived access token, a refresh token and the user', async () => {
    const res = await login('reviewer', 'demo').expect(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: config.ACCESS_TOKEN_TTL_SECONDS });
    expect(res.body.user).toEqual({ username: 'reviewer', fullName: expect.any(String), roles: ['reviewer'], agencyCode: DEMO_AGENCY_CODE, departmentCode: 'DKKD', agencyWide: false, timeZone: 'Asia/Ho_Chi_Minh', platformAdmin: false });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    // PLATFORM_ADMINS empty (a single-agency installation): every admin is the platform's.
    expect((await login('admin', 'demo').expect(200)).body.user.platformAdmin).toBe(true);
    await as(url, res.body.accessToken).get('/api/tasks').expect(200);
    const [{ hash: stored }] = await ds.query(`SELECT password_hash AS hash FROM users WHERE username = 'reviewer'`);
    expect(stored).toMatch(/^\$argon2id\$/);
  });

  it('answers an unknown user, a wrong password and a deactivated account identically', async () => {
    await createUser('da.nghi.viec', 'mat-khau-cu-0001');
    await ds.query(`UPDATE users SET active = false WHERE username = 'da.nghi.viec'`);
    const answers = await Promise.all([login('khong.ton.tai', 'demo'), login('reviewer', 'not-the-password'), login('da.nghi.viec', 'mat-khau-cu-0001')]);
    for (const a of answers) expect(a.status).toBe(401);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(answers[0].body.message).not.toMatch(/user.*(not|unknown)|exist/i);
  });

  it('refuses unknown fields (no mass assignment) with a 400 naming them', async () => {
    const res = await request(url).post('/api/auth/login').send({ username: 'reviewer', password: 'demo', roles: ['admin'] }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['roles']);
  });

  it('throttles attempts beyond LOGIN_RATE_LIMIT_PER_MINUTE with 429, even with the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await login('approver', `sai-mat-khau-${i}`, strictUrl)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await login('approver', 'wrong-again', strictUrl).expect(429);
    expect(blocked.headers['retry-after-login']).toBeDefined();
    await login('approver', 'demo', strictUrl).expect(429);
    // The count is per account: the same client can still sign another account in.
    await login('supervisor', 'demo', strictUrl).expect(200);
  });
});

describe('sessions', () => {
  it('rotates the refresh token: the old one then answers 401', async () => {
    const first = (await login('approver', 'demo').expect(200)).body;
    const second = (await request(url).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await as(url, second.accessToken).get('/api/tasks').expect(200);
    await request(url).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await request(url).post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(200);
  });

  it('logout revokes the refresh token', async () => {
    const s = (await login('approver', 'demo').expect(200)).body;
    await request(url).post('/api/auth/logout').send({ refreshToken: s.refreshToken }).expect(204);
    await request(url).post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    // Logging out an unknown token tells nothing either.
    await request(url).post('/api/auth/logout').send({ refreshToken: 'x'.repeat(43) }).expect(204);
  });

  it('a password change ends every session and the old password no longer works', async () => {
    await createUser('doi.mat.khau', 'mat-khau-cu-0001');
    const a = (await login('doi.mat.khau', 'mat-khau-cu-0001').expect(200)).body;
    const b = (await login('doi.mat.khau', 'mat-khau-cu-0001').expect(200)).body;
    const wrong = await as(url, a.accessToken).post('/api/auth/password').send({ currentPassword: 'not-it', newPassword: 'mat-khau-moi-0002' }).expect(400);
    expect(wrong.body.fields.map((f: { field: string }) => f.field)).toEqual(['currentPassword']);
    const short = await as(url, a.accessToken).post('/api/auth/password').send({ currentPassword: 'mat-khau-cu-0001', newPassword: 'short' }).expect(400);
    expect(short.body.fields.map((f: { field: string }) => f.field)).toEqual(['newPassword']);
    await request(url).post('/api/auth/password').send({ currentPassword: 'mat-khau-cu-0001', newPassword: 'mat-khau-moi-0002' }).expect(401);

    await as(url, b.accessToken).get('/api/tasks').expect(200);
    await as(url, a.accessToken).post('/api/auth/password').send({ currentPassword: 'mat-khau-cu-0001', newPassword: 'mat-khau-moi-0002' }).expect(204);
    await request(url).post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
    await request(url).post('/api/auth/refresh').send({ refreshToken: b.refreshToken }).expect(401);
    // The access tokens of the old password die with it, not when they expire.
    await as(url, b.accessToken).get('/api/tasks').expect(401);
    await as(url, a.accessToken).get('/api/tasks').expect(401);
    await login('doi.mat.khau', 'mat-khau-cu-0001').expect(401);
    const fresh = (await login('doi.mat.khau', 'mat-khau-moi-0002').expect(200)).body;
    await as(url, fresh.accessToken).get('/api/tasks').expect(200);
  });

  it('deactivating an account ends its sessions at once; an admin cannot deactivate their own', async () => {
    await createUser('nghi.viec', 'mat-khau-cu-0001');
    const s = (await login('nghi.viec', 'mat-khau-cu-0001').expect(200)).body;
    await as(url, s.accessToken).get('/api/tasks').expect(200);
    const res = await as(url, t.admin).patch('/api/users/nghi.viec').send({ active: false }).expect(200);
    expect(res.body).toMatchObject({ username: 'nghi.viec', active: false });
    // Both API instances serve the same database: the one that made the change at once, the other within its account-check window.
    await as(url, s.accessToken).get('/api/tasks').expect(401);
    await waitFor(async () => (await as(strictUrl, s.accessToken).get('/api/tasks')).status === 401, 'the other API instance to refuse the token');
    await request(url).post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    await as(url, t.admin).patch('/api/users/admin').send({ active: false }).expect(409);
    await as(url, t.admin).patch('/api/users/nghi.viec').send({ active: true }).expect(200);
    await login('nghi.viec', 'mat-khau-cu-0001').expect(200);
  });

  it('a change of roles or department applies to the next request, not when the token expires', async () => {
    await createUser('chuyen.phong', 'mat-khau-cu-0001', ['reviewer'], 'DKKD');
    const s = (await login('chuyen.phong', 'mat-khau-cu-0001').expect(200)).body;
    await as(url, s.accessToken).get('/api/tasks').expect(200);
    await as(url, s.accessToken).get('/api/users').expect(403);
    await as(url, t.admin).patch('/api/users/chuyen.phong').send({ roles: ['supervisor'], departmentCode: null }).expect(200);
    await as(url, s.accessToken).get('/api/tasks').expect(403);
    await as(url, s.accessToken).get('/api/alerts').expect(200);
    const bad = await as(url, t.admin).patch('/api/users/chuyen.phong').send({ roles: ['boss'], active: 'yes' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['active', 'roles']);
    const unknown = await as(url, t.admin).patch('/api/users/chuyen.phong').send({ departmentCode: 'NO_SUCH' }).expect(400);
    expect(unknown.body.fields.map((f: { field: string }) => f.field)).toEqual(['departmentCode']);
    await as(url, t.admin).patch('/api/users/nobody.here').send({ active: false }).expect(404);
  });

  it('answers 401 to a missing, garbage, expired, foreign-signed or unsigned token', async () => {
    const jwt = new JwtService({ secret: config.JWT_SECRET });
    const [admin]: { id: string; password_changed_at: Date }[] = await ds.query(`SELECT id, password_changed_at FROM users WHERE username = 'admin'`);
    const claims = { sub: String(admin.id), usr: 'admin', pv: admin.password_changed_at.getTime() };
    const now = Math.floor(Date.now() / 1000);
    const valid = await jwt.signAsync(claims, { issuer: 'dossier-flow', expiresIn: 60 });
    const expired = await jwt.signAsync({ ...claims, iat: now - 3600, exp: now - 60 }, { issuer: 'dossier-flow' });
    const foreign = await new JwtService({ secret: 'another-secret-another-secret-0000' }).signAsync(claims, { issuer: 'dossier-flow', expiresIn: 60 });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iss: 'dossier-flow', exp: now + 60 })}.`;
    const wrongIssuer = await jwt.signAsync(claims, { issuer: 'someone-else', expiresIn: 60 });

    await as(url, valid).get('/api/audit/verify').expect(200);
    for (const token of [expired, foreign, unsigned, wrongIssuer, 'garbage', 'a.b.c', `${valid}x`]) {
      const res = await as(url, token).get('/api/audit/verify');
      expect({ token: token.slice(0, 20), status: res.status }).toEqual({ token: token.slice(0, 20), status: 401 });
    }
    await request(url).get('/api/audit/verify').expect(401);
    await request(url).get('/api/audit/verify').set('Authorization', `Basic ${valid}`).expect(401);
  });
});

describe('public lookup', () => {
  const applicant = { name: 'Trịnh Thị Thu Hương', phone: '0904123456', email: 'huong.trinh@example.vn', idNumber: '026190004567', address: 'Số 12 đường Mê Linh, Vĩnh Yên' };
  let receipt: { code: string; lookupSecret: string; dueAt: string };

  beforeAll(async () => {
    const p = secondsProcedure([3600, 3600, 3600, 3600]);
    await as(url, t.admin).post('/api/procedures').send(p).expect(201);
    receipt = (await as(url, t.reception).post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter' }).expect(201)).body;
    await as(url, t.reception).post(`/api/dossiers/${receipt.code}/steps/reception/complete`).send({ note: `Đã kiểm tra CCCD ${applicant.idNumber}` }).expect(200);
  });

  it('with the receipt secret: status, due date, steps done and any pause reason, and no personal data', async () => {
    const res = await request(url).get(`/api/public/dossiers/${receipt.code}`).query({ secret: receipt.lookupSecret }).expect(200);
    expect(res.body).toMatchObject({ code: receipt.code, status: 'processing', statusCode: 4, dueAt: receipt.dueAt, currentStep: 'Thẩm định', stepsDone: [{ name: 'Tiếp nhận', completedAt: expect.any(String) }] });
    const text = JSON.stringify(res.body);
    for (const value of Object.values(applicant)) expect(text).not.toContain(value);
    expect(text).not.toMatch(/applicant|phone|email|idNumber|address|assignee|note|actor/i);

    await as(url, t.reviewer).post(`/api/dossiers/${receipt.code}/supplement-requests`).send({ reason: 'Bổ sung bản sao giấy phép', items: ['Giấy phép'] }).expect(200);
    const paused = await request(url).get(`/api/public/dossiers/${receipt.code}`).query({ secret: receipt.lookupSecret.toLowerCase() }).expect(200);
    expect(paused.body).toMatchObject({ status: 'supplement_requested', pausedFor: 'Bổ sung bản sao giấy phép' });
  });

  it('answers a wrong secret, a missing secret and an unknown code identically', async () => {
    const wrong = await request(url).get(`/api/public/dossiers/${receipt.code}`).query({ secret: '0123456789' });
    const missing = await request(url).get(`/api/public/dossiers/${receipt.code}`);
    const unknown = await request(url).get(`/api/public/dossiers/${DEMO_AGENCY_CODE}-990101-9999`).query({ secret: receipt.lookupSecret });
    for (const r of [wrong, missing, unknown]) {
      expect(r.status).toBe(404);
      expect(r.body).toEqual(wrong.body);
    }
    expect(JSON.stringify(wrong.body)).not.toContain(receipt.code);
  });

  it('rate-limits the lookup with 429 beyond PUBLIC_RATE_LIMIT_PER_MINUTE, whatever the secret', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(strictUrl).get(`/api/public/dossiers/${receipt.code}`).query({ secret: `WRONG0000${i}` })).status);
    expect(statuses).toEqual([404, 404, 404]);
    const blocked = await request(strictUrl).get(`/api/public/dossiers/${receipt.code}`).query({ secret: receipt.lookupSecret }).expect(429);
    expect(JSON.stringify(blocked.body)).not.toContain(receipt.code);
  });
});

describe('hardening', () => {
  it('sends the security headers and hides the framework', async () => {
    for (const path of ['/health/live', '/api/public/procedures', '/api/dossiers']) {
      const res = await request(url).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('allows cross-origin calls only from the configured origins', async () => {
    const ok = await request(strictUrl).options('/api/auth/login').set('Origin', PORTAL).set('Access-Control-Request-Method', 'POST');
    expect(ok.headers['access-control-allow-origin']).toBe(PORTAL);
    const other = await request(strictUrl).options('/api/auth/login').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // Without CORS_ORIGINS no origin is allowed at all.
    const none = await request(url).get('/health/live').set('Origin', PORTAL);
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a body over the size limit with 413 (or 400), never a 5xx', async () => {
    const big = { username: 'reviewer', password: 'x'.repeat(400_000) };
    const res = await request(url).post('/api/auth/login').send(big);
    expect([400, 413]).toContain(res.status);
    expect(res.body.statusCode).toBe(res.status);
    const form = await request(url).post('/api/auth/login').type('form').send(`username=reviewer&password=${'x'.repeat(400_000)}`);
    expect([400, 413]).toContain(form.status);
    const dossier = await as(url, t.reception).post('/api/dossiers').send({ procedureCode: '2.001610', channel: 'counter', applicant: { name: 'A', address: 'x'.repeat(300_000) } });
    expect([400, 413]).toContain(dossier.status);
  });

  it('answers an unexpected failure with a generic 5xx body', async () => {
    await ds.query(`ALTER TABLE calendar_changes RENAME TO calendar_changes_away`);
    try {
      const res = await as(url, t.admin).get('/api/calendar/changes');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error' });
      expect(res.text).not.toMatch(/calendar_changes|relation|QueryFailed|at \w+ \(/);
    } finally {
      await ds.query(`ALTER TABLE calendar_changes_away RENAME TO calendar_changes`);
    }
    await as(url, t.admin).get('/api/calendar/changes').expect(200);
  });
});

describe('production mode', () => {
  const secrets = { JWT_SECRET: 'production-jwt-secret-0123456789abcdef', LOOKUP_SECRET_KEY: 'production-lookup-secret-0123' };

  it('refuses to start with the default secrets', async () => {
    expect(config.JWT_SECRET).toBe(DEV_JWT_SECRET);
    expect(config.LOOKUP_SECRET_KEY).toBe(DEV_LOOKUP_SECRET);
    await expect(createApi({ ...config, NODE_ENV: 'production' })).rejects.toThrow(ConfigError);
    await expect(createApi({ ...config, NODE_ENV: 'production' })).rejects.toThrow(/JWT_SECRET, LOOKUP_SECRET_KEY/);
    await expect(createApi({ ...config, NODE_ENV: 'production', JWT_SECRET: secrets.JWT_SECRET })).rejects.toThrow(/LOOKUP_SECRET_KEY/);
  });

  it('refuses to start with its own secrets while a demo account is active, and starts once none is', async () => {
    await expect(createApi({ ...config, NODE_ENV: 'production', ...secrets })).rejects.toThrow(ConfigError);
    await expect(createApi({ ...config, NODE_ENV: 'production', ...secrets })).rejects.toThrow(/demo account/);
    const demo: { username: string }[] = await ds.query(`UPDATE users SET active = false WHERE demo AND active RETURNING username`);
    expect(demo.length).toBeGreaterThan(0);
    try {
      const prod = await createApi({ ...config, NODE_ENV: 'production', ...secrets });
      await prod.close();
    } finally {
      await ds.query(`UPDATE users SET active = true WHERE username = ANY($1)`, [demo.map((d) => d.username)]);
    }
  });
});
