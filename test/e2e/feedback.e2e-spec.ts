import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { startApi } from '../support/api';
import { as, loginAll, type Tokens } from '../support/auth';
import { openDataSource, testConfig } from '../support/stack';

/** Citizens' feedback (issue 5, point 5): sent without an account, validated, throttled, read by staff. */
jest.setTimeout(60_000);

let app: INestApplication;
let url: string;
let ds: DataSource;
let t: Tokens;

beforeAll(async () => {
  const config = await testConfig({ PUBLIC_RATE_LIMIT_PER_MINUTE: '12' });
  ds = await openDataSource(config);
  ({ app, url } = await startApi(config));
  t = await loginAll(url);
});

afterAll(async () => {
  await app?.close();
  await ds?.destroy();
});

const send = (body: unknown) => as(url).post('/api/public/feedback').send(body as object);

describe('public feedback', () => {
  it('stores feedback sent without an account and shows it to supervisors and admins, newest first', async () => {
    const first = await send({ message: 'Cần thêm ghế chờ ở quầy.' }).expect(201);
    expect(first.body).toEqual({ id: expect.any(String), receivedAt: expect.any(String) });
    await send({ name: ' Phạm Thu Trang ', contact: '0987654321', dossierCode: `${DEMO_AGENCY_CODE}-260105-0001`, message: '  Hồ sơ của tôi chưa được trả đúng hẹn.  ' }).expect(201);

    const list = await as(url, t.supervisor).get('/api/feedback').expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({ name: 'Phạm Thu Trang', contact: '0987654321', dossierCode: `${DEMO_AGENCY_CODE}-260105-0001`, message: 'Hồ sơ của tôi chưa được trả đúng hẹn.' });
    expect(list.body.items[1]).toMatchObject({ message: 'Cần thêm ghế chờ ở quầy.' });
    expect(list.body.items[1].name).toBeUndefined();
    const [row] = await ds.query(`SELECT agency_code FROM feedback WHERE dossier_code IS NOT NULL`);
    expect(row.agency_code).toBe(DEMO_AGENCY_CODE);

    await as(url, t.admin).get('/api/feedback?page=1&pageSize=1').expect(200).expect((r) => expect(r.body.items).toHaveLength(1));
    await as(url, t.reception).get('/api/feedback').expect(403);
    await as(url).get('/api/feedback').expect(401);
  });

  test.each([
    [{}, 'message'],
    [{ message: '   ' }, 'message'],
    [{ message: 'x'.repeat(2001) }, 'message'],
    [{ message: 42 }, 'message'],
    [{ message: 'ok', name: 'x'.repeat(201) }, 'name'],
    [{ message: 'ok', dossierCode: 'abc; DROP TABLE' }, 'dossierCode'],
    [{ message: 'ok', rating: 5 }, 'rating'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await send(body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('is throttled per address like the other public endpoints', async () => {
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) status = (await send({ message: `thử ${i}` })).status;
    expect(status).toBe(429);
  });
});
