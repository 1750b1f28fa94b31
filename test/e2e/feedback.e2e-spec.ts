import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { FeedbackIntoPetitions1766534400000 } from '../../libs/db/src/migrations/1766534400000-feedback-into-petitions';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';

/**
 * Citizens' feedback is a petition of kind `feedback` (issue 21): the old route is a deprecated
 * alias of POST /api/public/petitions, and the old feedback rows were carried into petitions by a
 * migration, each started as a process by its first command.
 */
jest.setTimeout(120_000);

const s = useE2eStack({
  PETITION_CLASSIFY_SECONDS: '4', PETITION_ASSIGN_SECONDS: '4', PETITION_ANSWER_SECONDS: '4', PETITION_PUBLISH_SECONDS: '4',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '15',
});

const send = (body: unknown) => as(s.url).post('/api/public/feedback').send(body as object);
const PETITION_CODE = new RegExp(`^${DEMO_AGENCY_CODE.replace(/\./g, '\\.')}-PA-(\\d{6})-(\\d{4})$`);

describe('migration FeedbackIntoPetitions1766534400000', () => {
  it('carries the old feedback rows into petitions, leaves the table read-only, and the first command starts each one\'s process', async () => {
    const migration = new FeedbackIntoPetitions1766534400000();
    const runner = s.ds.createQueryRunner();
    try {
      // Back to before the migration (the template database has it applied), with rows the old route wrote.
      await migration.down(runner);
      const long = `Thời gian chờ ${'rất '.repeat(40)}lâu`;
      await s.ds.query(
        `INSERT INTO feedback (agency_code, name, contact, dossier_code, message, received_at)
         VALUES ($1, 'Phạm Thu Trang', 'trang@example.vn', $2, E'Hồ sơ chưa trả đúng hẹn.\\nXin kiểm tra giúp.', '2026-01-05T03:00:00Z')`,
        [DEMO_AGENCY_CODE, `${DEMO_AGENCY_CODE}-260105-0001`],
      );
      await s.ds.query(`INSERT INTO feedback (message, received_at) VALUES ($1, '2026-01-05T04:00:00Z')`, [long]);
      await s.ds.query(`INSERT INTO feedback (message) VALUES ('Cán bộ hướng dẫn tận tình.')`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const carried = (await s.ds.query(`SELECT id::text, petition_code FROM feedback ORDER BY id`)) as { id: string; petition_code: string | null }[];
    expect(carried).toHaveLength(3);
    for (const row of carried) expect(row.petition_code).toMatch(PETITION_CODE);
    const [first, second, third] = carried.map((r) => r.petition_code!);
    // Codes of the receipt day, in receipt order; the general feedback goes to the one agency in force.
    expect(first).toMatch(/-PA-260105-0001$/);
    expect(second).toMatch(/-PA-260105-0002$/);

    const a = (await s.as('supervisor').get(`/api/petitions/${first}`).expect(200)).body;
    expect(a).toMatchObject({
      kind: 'feedback', source: 'web', status: 'received', stage: 'classify', subject: 'Hồ sơ chưa trả đúng hẹn.', message: 'Hồ sơ chưa trả đúng hẹn.\nXin kiểm tra giúp.',
      name: 'Phạm Thu Trang', contact: 'trang@example.vn', dossierCode: `${DEMO_AGENCY_CODE}-260105-0001`, receivedAt: '2026-01-05T03:00:00.000Z',
    });
    expect(a.events).toEqual([expect.objectContaining({ seq: 1, type: 'received', at: '2026-01-05T03:00:00.000Z', payload: expect.objectContaining({ importedFrom: 'feedback', feedbackId: carried[0].id }) })]);
    const b = (await s.as('supervisor').get(`/api/petitions/${second}`).expect(200)).body;
    expect(b.subject).toHaveLength(120);
    expect(b.subject.endsWith('…')).toBe(true);
    expect(b.agencyCode).toBe(DEMO_AGENCY_CODE);
    // The inbox shows them open, their classification owed since the migration.
    const inbox = (await s.as('supervisor').get('/api/petitions?open=true&pageSize=100').expect(200)).body.items as { code: string; overdue: boolean }[];
    expect(inbox.filter((p) => [first, second, third].includes(p.code)).map((p) => p.overdue)).toEqual([true, true, true]);

    // A petition opened now takes the number after the one carried for today: no code is given twice.
    const fresh = (await send({ message: 'Góp ý mới.' }).expect(201)).body.code as string;
    const [, todayOf3, n3] = PETITION_CODE.exec(third)!;
    const [, dayFresh, nFresh] = PETITION_CODE.exec(fresh)!;
    expect(dayFresh).toBe(todayOf3);
    expect(Number(nFresh)).toBe(Number(n3) + 1);

    // The old table keeps what it had and takes nothing more.
    await expect(s.ds.query(`INSERT INTO feedback (message) VALUES ('x')`)).rejects.toThrow(/read-only/);
    await expect(s.ds.query(`UPDATE feedback SET message = 'x'`)).rejects.toThrow(/read-only/);

    // Its first command starts its workflow (timed from its receipt in January: the classification was late); the next goes to that workflow.
    const classified = (await s.as('supervisor').post(`/api/petitions/${first}/classify`).send({ outcome: 'in_scope', reason: 'Thuộc thẩm quyền của Sở' }).expect(200)).body;
    expect(classified).toMatchObject({ status: 'classified', stage: 'assign', receivedAt: '2026-01-05T03:00:00.000Z' });
    expect(classified.stages.find((x: { key: string }) => x.key === 'classify')).toMatchObject({ timeliness: 'late' });
    await s.as('approver').post(`/api/petitions/${first}/assign`).send({ assignee: 'reviewer' }).expect(200).expect((r) => expect(r.body.status).toBe('assigned'));
    const history = (await s.as('supervisor').get(`/api/petitions/${first}`).expect(200)).body.events.map((e: { type: string }) => e.type);
    expect(history).toEqual(['received', 'classified', 'assigned']);
    // A command the petition's state refuses is still the workflow's 409 for a carried petition.
    await s.as('supervisor').post(`/api/petitions/${second}/answer`).send({ answer: 'x' }).expect(409);

    // Down takes the carried petitions away again and leaves the rows in feedback.
    const back = s.ds.createQueryRunner();
    try {
      await migration.down(back);
      expect(await s.ds.query(`SELECT code FROM petitions WHERE code = ANY($1)`, [[first, second, third]])).toEqual([]);
      expect(await s.ds.query(`SELECT count(*)::int AS n FROM feedback`)).toEqual([{ n: 3 }]);
      await migration.up(back);
    } finally {
      await back.release();
    }
  });
});

describe('POST /api/public/feedback (deprecated alias)', () => {
  it('opens a petition of kind feedback, its subject the first line, and answers the petition\'s receipt', async () => {
    const res = await send({ message: '  Cần thêm ghế chờ ở quầy.\nBuổi sáng rất đông.  ' }).expect(201);
    expect(res.body).toEqual({ code: expect.stringMatching(PETITION_CODE), secret: expect.stringMatching(/^[0-9A-F]{10}$/), dueAt: expect.any(String) });
    expect(res.headers.deprecation).toBe('@1796169600');
    expect(res.headers.link).toBe('</api/public/petitions>; rel="successor-version"');
    const { code, secret } = res.body;
    await as(s.url).get(`/api/public/petitions/${code}?secret=${secret}`).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ code, kind: 'feedback', subject: 'Cần thêm ghế chờ ở quầy.', status: 'received', dueAt: res.body.dueAt }));

    const dossierCode = `${DEMO_AGENCY_CODE}-260105-0002`;
    const named = (await send({ name: ' Phạm Thu Trang ', contact: '0987654321', dossierCode, message: 'Hồ sơ của tôi chưa được trả đúng hẹn.' }).expect(201)).body;
    const detail = (await s.as('supervisor').get(`/api/petitions/${named.code}`).expect(200)).body;
    expect(detail).toMatchObject({ kind: 'feedback', source: 'web', name: 'Phạm Thu Trang', contact: '0987654321', dossierCode, message: 'Hồ sơ của tôi chưa được trả đúng hẹn.', stage: 'classify' });
    const linked = (await s.as('reception').get(`/api/petitions?dossierCode=${dossierCode}`).expect(200)).body.items.map((p: { code: string }) => p.code);
    expect(linked).toEqual([named.code]);
    // The old staff list is gone: feedback is read in the petitions inbox.
    await s.as('supervisor').get('/api/feedback').expect(404);
  });

  test.each([
    ['no message', {}, 'message'],
    ['a blank message', { message: '   ' }, 'message'],
    ['a message over 4,000 characters', { message: 'x'.repeat(4001) }, 'message'],
    ['a message that is not text', { message: 42 }, 'message'],
    ['a script in the message', { message: 'Chờ lâu <script>alert(1)</script>' }, 'message'],
    ['a name over 200 characters', { message: 'ok', name: 'x'.repeat(201) }, 'name'],
    ['a malformed dossier code', { message: 'ok', dossierCode: 'abc; DROP TABLE' }, 'dossierCode'],
    ['an unknown field', { message: 'ok', rating: 5 }, 'rating'],
  ])('answers 400 naming the field for %s, under the petition\'s rules', async (_what, body, field) => {
    const res = await send(body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('is throttled per address like the other public endpoints', async () => {
    let status = 0;
    for (let i = 0; i < 30 && status !== 429; i++) status = (await send({ message: 42 })).status;
    expect(status).toBe(429);
  });
});
