import { openSse, type SseClient } from '../support/api';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

jest.setTimeout(60_000);

const stack = useE2eStack();
let sse: SseClient;
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');
const reviewer = () => stack.as('reviewer');
const supervisor = () => stack.as('supervisor');
const anonymous = () => as(stack.url);

beforeAll(async () => {
  sse = await openSse(`${stack.url}/api/alerts/stream`, stack.t.supervisor);
  stack.onStop(() => sse.close());
});

const applicant = { name: 'Nguyễn Thị Vân Quỳnh', phone: '0912345678', address: 'Số 5, đường Lê Lợi, phường Liên Bảo, Vĩnh Yên' };

async function createProcedure(stepSeconds: number[]) {
  const p = secondsProcedure(stepSeconds);
  await admin().post('/api/procedures').send(p).expect(201);
  return p;
}

describe('procedures', () => {
  it('creates a versioned plan and reads it back', async () => {
    const p = await createProcedure([10, 20]);
    const got = await desk().get(`/api/procedures/${p.code}`).expect(200);
    expect(got.body).toMatchObject({ code: p.code, version: 1, legalTime: p.legalTime, steps: p.steps });
    const list = await desk().get('/api/procedures').expect(200);
    expect(list.body.map((x: { code: string }) => x.code)).toContain(p.code);
    await admin().post('/api/procedures').send(p).expect(409);
    await desk().post('/api/procedures').send(p).expect(403);
  });

  it.each([
    ['steps longer than the legal time', (p: ReturnType<typeof secondsProcedure>) => ({ ...p, legalTime: { seconds: 5 } }), 'steps'],
    ['duplicate step keys', (p: ReturnType<typeof secondsProcedure>) => ({ ...p, steps: [p.steps[0], p.steps[0]] }), 'steps[1].key'],
    ['a duration with two units', (p: ReturnType<typeof secondsProcedure>) => ({ ...p, steps: [{ ...p.steps[0], duration: { seconds: 1, workingHours: 2 } }] }), 'steps[0].duration'],
    ['working steps under an elapsed legal time', (p: ReturnType<typeof secondsProcedure>) => ({ ...p, steps: [{ ...p.steps[0], duration: { workingHours: 2 } }] }), 'steps[0].duration'],
    ['an unknown field', (p: ReturnType<typeof secondsProcedure>) => ({ ...p, owner: 'x' }), 'owner'],
    ['a bad role', (p: ReturnType<typeof secondsProcedure>) => ({ ...p, steps: [{ ...p.steps[0], role: 'boss' }] }), 'steps[0].role'],
  ])('rejects %s with a 400 naming the field', async (_name, mutate, field) => {
    const res = await admin().post('/api/procedures').send(mutate(secondsProcedure([10, 20]))).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });
});

describe('intake', () => {
  it('registers a dossier and returns the receipt with due dates and a lookup secret', async () => {
    const p = await createProcedure([30, 30]);
    const res = await desk().post('/api/dossiers').set('Idempotency-Key', 'key-receipt-0001').send({ procedureCode: p.code, applicant, channel: 'counter' }).expect(201);
    const yymmdd = new Date(Date.now() + 7 * 3600_000).toISOString().slice(2, 10).replace(/-/g, '');
    expect(res.body.code).toMatch(new RegExp(`^${p.agencyCode}-${yymmdd}-0001$`));
    expect(res.body).toMatchObject({ status: 'received', statusCode: 2, lookupSecret: expect.stringMatching(/^[0-9A-F]{10}$/) });
    expect(Date.parse(res.body.dueAt) - Date.parse(res.body.receivedAt)).toBe(61_000);
    expect(res.body.steps).toHaveLength(2);
    for (const s of res.body.steps) expect(Date.parse(s.atRiskAt)).toBeLessThan(Date.parse(s.dueAt));

    const detail = await desk().get(`/api/dossiers/${res.body.code}`).expect(200);
    expect(detail.body.applicant).toEqual(applicant);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['registered']);
    await desk().post(`/api/dossiers/${res.body.code}/steps/reception/complete`).send({}).expect(200);
    await reviewer().post(`/api/dossiers/${res.body.code}/steps/review/complete`).send({}).expect(200);
  });

  it('returns the same receipt for a retried key and 422 for the key with another body', async () => {
    const p = await createProcedure([30, 30]);
    const body = { procedureCode: p.code, applicant, channel: 'online' };
    const first = await desk().post('/api/dossiers').set('Idempotency-Key', 'key-retry-000001').send(body).expect(201);
    const again = await desk().post('/api/dossiers').set('Idempotency-Key', 'key-retry-000001').send({ channel: 'online', applicant, procedureCode: p.code }).expect(201);
    expect(again.body).toEqual(first.body);
    const other = await desk().post('/api/dossiers').set('Idempotency-Key', 'key-retry-000001').send({ ...body, channel: 'postal' }).expect(422);
    expect(other.body.message).toMatch(/Idempotency-Key/);
  });

  it('turns ten concurrent retries with one key into exactly one dossier and one workflow', async () => {
    const p = await createProcedure([30, 30]);
    const body = { procedureCode: p.code, applicant: { name: 'Trần Văn Đức' }, channel: 'online' };
    const client = stack.app.get(require('../../libs/temporal/src').TemporalClient);
    const workflows = async () => (await client.workflow.count(`TaskQueue = "${stack.config.TEMPORAL_TASK_QUEUE}"`)).count;
    const before = await workflows();
    const answers = await Promise.all(Array.from({ length: 10 }, () => desk().post('/api/dossiers').set('Idempotency-Key', 'key-concurrent-01').send(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.code)).size).toBe(1);
    expect(await stack.ds.query(`SELECT count(*)::int AS n FROM dossiers WHERE applicant_name = $1`, ['Trần Văn Đức'])).toEqual([{ n: 1 }]);
    // Visibility is eventually consistent: wait until it has seen the start, then it must be one.
    await waitFor(async () => (await workflows()) > before, 'the workflow to be visible');
    expect((await workflows()) - before).toBe(1);
  });

  it.each([
    ['an unknown procedure', { procedureCode: '1.999999', applicant, channel: 'online' }, 'procedureCode'],
    ['a missing applicant name', { procedureCode: '2.001610', applicant: { phone: '0912345678' }, channel: 'online' }, 'applicant.name'],
    ['a bad channel', { procedureCode: '2.001610', applicant, channel: 'fax' }, 'channel'],
    ['a receipt in the future', { procedureCode: '2.001610', applicant, channel: 'online', receivedAt: '2999-01-01T00:00:00Z' }, 'receivedAt'],
    ['a receipt older than the previous working day', { procedureCode: '2.001610', applicant, channel: 'online', receivedAt: '2020-01-01T00:00:00Z' }, 'receivedAt'],
    ['a bad phone', { procedureCode: '2.001610', applicant: { ...applicant, phone: 'call me' }, channel: 'online' }, 'applicant.phone'],
  ])('rejects %s with a 400 naming the field', async (_name, body, field) => {
    const p = await createProcedure([30]);
    const res = await desk().post('/api/dossiers').send(body.procedureCode === '2.001610' ? { ...body, procedureCode: p.code } : body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('answers malformed JSON with a 400, not a 5xx', async () => {
    const res = await desk().post('/api/dossiers').set('content-type', 'application/json').send('{"procedureCode":').expect(400);
    expect(res.body.fields[0].field).toBe('body');
  });
});

describe('steps, alerts and reads', () => {
  it('rejects a step that is not current with 409 and an unknown dossier with 404', async () => {
    const p = await createProcedure([30, 30]);
    const { body } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    // The reviewer's own step, not open yet: the state's answer (409); the desk is not the reviewer (403).
    const res = await reviewer().post(`/api/dossiers/${body.code}/steps/review/complete`).send({}).expect(409);
    expect(res.body.message).toMatch(/not current/);
    await desk().post(`/api/dossiers/${body.code}/steps/review/complete`).send({}).expect(403);
    const events = await desk().get(`/api/dossiers/${body.code}`).expect(200);
    expect(events.body.events).toHaveLength(1);
    await desk().post(`/api/dossiers/NOPE-000000-0001/steps/review/complete`).send({}).expect(404);
    await desk().get(`/api/dossiers/NOPE-000000-0001`).expect(404);
    await anonymous().get(`/api/dossiers/${body.code}`).expect(401);
  });

  it('pushes each alert once on the stream, lists, filters and acknowledges it, and classifies the finished dossier', async () => {
    const p = await createProcedure([3, 30]);
    const { body } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    const streamed = () => sse.events.filter((e) => e.type === 'alert' && (e.data as { dossierCode: string }).dossierCode === body.code);
    await waitFor(async () => streamed().length >= 2, 'two streamed alerts');
    expect(streamed().map((e) => (e.data as { kind: string }).kind)).toEqual(['step_at_risk', 'step_overdue']);
    // Named as the procedure names the step: readers show the name, not the key.
    expect(streamed().map((e) => (e.data as { stepName?: string }).stepName)).toEqual([p.steps[0].name, p.steps[0].name]);

    const list = await supervisor().get('/api/alerts').query({ dossierCode: body.code, kind: 'step_overdue' }).expect(200);
    expect(list.body.items).toHaveLength(1);
    const alert = list.body.items[0];
    expect(alert).toMatchObject({ kind: 'step_overdue', dossierCode: body.code, stepKey: 'reception', stepName: p.steps[0].name, dueAt: body.steps[0].dueAt });
    expect(alert.acknowledgedAt).toBeUndefined();
    const acked = await supervisor().post(`/api/alerts/${alert.id}/ack`).expect(200);
    expect(acked.body).toMatchObject({ acknowledgedAt: expect.any(String), stepName: p.steps[0].name });
    const open = await supervisor().get('/api/alerts').query({ dossierCode: body.code, acknowledged: 'false' }).expect(200);
    expect(open.body.items.map((a: { kind: string }) => a.kind)).toEqual(['step_at_risk']);
    await supervisor().post('/api/alerts/999999999/ack').expect(404);
    await desk().get('/api/alerts').expect(403);

    const tasks = await desk().get('/api/tasks').query({ pageSize: 200 }).expect(200);
    const task = tasks.body.items.find((t: { dossierCode: string }) => t.dossierCode === body.code);
    expect(task).toMatchObject({ stepKey: 'reception', overdue: true });
    expect(task.remainingMs).toBeLessThan(0);
    expect(tasks.body.items[0].overdue).toBe(true);

    const overdue = await desk().get('/api/dossiers').query({ timeliness: 'within', q: body.code }).expect(200);
    expect(overdue.body.items.map((d: { code: string }) => d.code)).toEqual([body.code]);

    await desk().post(`/api/dossiers/${body.code}/steps/reception/complete`).send({ note: 'Đã kiểm tra' }).expect(200);
    const done = await reviewer().post(`/api/dossiers/${body.code}/steps/review/complete`).send({}).expect(200);
    expect(done.body).toMatchObject({ status: 'awaiting_return', statusCode: 9, timeliness: 'on_time' });
    expect(done.body.steps.map((s: { timeliness: string }) => s.timeliness)).toEqual(['late', 'on_time']);
    const detail = await desk().get(`/api/dossiers/${body.code}`).expect(200);
    expect(detail.body.alerts).toHaveLength(2);
    expect(detail.body.steps[0].note).toBe('Đã kiểm tra');
    expect(streamed()).toHaveLength(2);
  });

  it('lists dossiers with filters and pages', async () => {
    const p = await createProcedure([30]);
    for (let i = 0; i < 3; i++) await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: `Lê Thị Hoa ${i}` }, channel: 'online' }).expect(201);
    const page = await desk().get('/api/dossiers').query({ procedureCode: p.code, pageSize: 2 }).expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.body.items).toHaveLength(2);
    const byName = await desk().get('/api/dossiers').query({ procedureCode: p.code, q: 'hoa 2' }).expect(200);
    expect(byName.body.items.map((d: { applicantName: string }) => d.applicantName)).toEqual(['Lê Thị Hoa 2']);
    await desk().get('/api/dossiers').query({ timeliness: 'soon' }).expect(400);
  });
});

describe('service', () => {
  it('answers health and serves the OpenAPI document', async () => {
    await anonymous().get('/health/live').expect(200);
    const ready = await anonymous().get('/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, temporal: { status: 'up' } });
    const docs = await anonymous().get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/dossiers', '/api/alerts/stream', '/api/tasks']));
  });
});
