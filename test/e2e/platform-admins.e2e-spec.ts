import { hash } from '@node-rs/argon2';
import request from 'supertest';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';

/**
 * PLATFORM_ADMINS set (issue 19 items 6 and 7): a change that concerns more than one agency — a
 * merger, a statutory holiday — is for the admins it lists. The demo's `admin` is an admin of its
 * agency but not on the list: refused (403), nothing changed; the listed admin merges. Its own
 * file: the setting is the API's configuration (agency-merger.e2e-spec.ts runs with it empty).
 */
jest.setTimeout(90_000);

const stack = useE2eStack({ PLATFORM_ADMINS: 'platform.root, someone.else' });
const PREDECESSOR = '000.00.96.Z96';
const PASSWORD = 'mat-khau-thu-nghiem-2026';
const today = () => new Date().toISOString().slice(0, 10);
const merges = async () =>
  ((await stack.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain = 'system' AND action = 'agency_merged' AND entity_id = $1`, [PREDECESSOR])) as { n: number }[])[0].n;

beforeAll(async () => {
  await stack.ds.query(`INSERT INTO agencies (code, name, effective_from) VALUES ($1, 'Sở Kế hoạch và Đầu tư (thử nghiệm)', '2019-01-01')`, [PREDECESSOR]);
  await stack.ds.query(`INSERT INTO users (username, full_name, password_hash, agency_code, roles, agency_wide) VALUES ('platform.root', 'Quản trị nền tảng', $1, $2, '{admin}', true)`, [
    await hash(PASSWORD), DEMO_AGENCY_CODE,
  ]);
});

describe('with PLATFORM_ADMINS set', () => {
  it('refuses a merger to an admin not on the list (403, naming the setting) and changes nothing; the listed admin merges', async () => {
    const refused = await stack.as('admin').post(`/api/agencies/${PREDECESSOR}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(403);
    expect(refused.body.message).toContain('PLATFORM_ADMINS');
    const [row]: { successor_code: string | null; effective_to: string | null }[] = await stack.ds.query(`SELECT successor_code, effective_to FROM agencies WHERE code = $1`, [PREDECESSOR]);
    expect(row).toEqual({ successor_code: null, effective_to: null });
    expect(await merges()).toBe(0);

    const signedIn = (await request(stack.url).post('/api/auth/login').send({ username: 'platform.root', password: PASSWORD }).expect(200)).body;
    // The session says who may: the web shows the platform's forms to them alone.
    expect(signedIn.user.platformAdmin).toBe(true);
    expect((await request(stack.url).post('/api/auth/login').send({ username: 'admin', password: 'demo' }).expect(200)).body.user.platformAdmin).toBe(false);
    const root = signedIn.accessToken as string;
    const merged = await as(stack.url, root).post(`/api/agencies/${PREDECESSOR}/merge-into/${DEMO_AGENCY_CODE}`).send({ effectiveDate: today() }).expect(200);
    expect(merged.body).toMatchObject({ predecessor: PREDECESSOR, successor: DEMO_AGENCY_CODE, effectiveDate: today() });
    expect(await merges()).toBe(1);
  });

  it('refuses a new statutory holiday to an admin not on the list (403), adding no rule', async () => {
    const before = (await stack.as('reception').get('/api/calendar/holiday-rules').expect(200)).body;
    const rule = { key: 'x_day', name: 'Ngày thử nghiệm', calendar: 'solar', month: 3, day: 3, effectiveFrom: '2099-01-01', source: 'Luật thử nghiệm, Điều 1' };
    const refused = await stack.as('admin').post('/api/calendar/holiday-rules').send(rule).expect(403);
    expect(refused.body.message).toContain('PLATFORM_ADMINS');
    expect((await stack.as('reception').get('/api/calendar/holiday-rules').expect(200)).body).toEqual(before);
  });
});
