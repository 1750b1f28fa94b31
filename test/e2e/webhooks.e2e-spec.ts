import { createHmac, randomUUID } from 'node:crypto';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { startReceiver, type Received, type Receiver } from '../support/http-receiver';
import { waitFor } from '../support/stack';

jest.setTimeout(180_000);

// Webhooks (issue 20 item 5): deliveries written with their events, signed over the raw body,
// retried with backoff, dead after the last try, redelivered from the API; a receiver that hangs
// holds one lane only. Three tries, 50 ms apart and doubling; a try waits a minute for an answer
// (the hanging receiver is released by the test, not by the timeout).
const stack = useE2eStack({ WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '60000', WEBHOOK_CONCURRENCY: '4' });
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');
const receivers: Receiver[] = [];
afterAll(async () => {
  for (const r of receivers) await r.close();
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

let procedureCode: string;
beforeAll(async () => {
  const p = secondsProcedure([600, 600]);
  await admin().post('/api/procedures').send(p).expect(201);
  procedureCode = p.code;
});

async function register(): Promise<string> {
  const { body } = await desk().post('/api/dossiers').send({ procedureCode, applicant: { name: 'Nguyễn Văn Webhook' }, channel: 'counter' }).expect(201);
  return body.code as string;
}

async function subscribe(url: string, events: string[], secret = `s-${randomUUID()}`): Promise<{ id: string; secret: string }> {
  const { body } = await admin().post('/api/webhooks').send({ url, events, secret }).expect(201);
  return { id: body.id as string, secret };
}

const ofDossier = (code: string, event: string) => (r: Received) => r.json.event === event && (r.json.dossier as { code?: string } | undefined)?.code === code;
const sign = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

async function deliveries(webhookId: string, query = '') {
  const { body } = await admin().get(`/api/webhooks/${webhookId}/deliveries${query}`).expect(200);
  return body.items as { id: string; event: string; eventId: string; status: string; attempts: number; lastStatus?: number; lastError?: string; redeliveries: number }[];
}

describe('webhook subscriptions', () => {
  it('refuses a bad subscription with 400 naming the field, and non-admins with 403', async () => {
    const ok = { url: 'https://portal.example.gov.vn/hook', events: ['dossier.registered'], secret: 'a-secret-of-16-chars' };
    const field = async (body: Record<string, unknown>) => (await admin().post('/api/webhooks').send(body).expect(400)).body.fields.map((f: { field: string }) => f.field);
    expect(await field({ ...ok, url: 'ftp://portal.example.gov.vn/hook' })).toEqual(['url']);
    expect(await field({ ...ok, url: 'not a url' })).toEqual(['url']);
    expect(await field({ ...ok, events: ['dossier.exploded'] })).toEqual(['events']);
    expect(await field({ ...ok, events: [] })).toEqual(['events']);
    expect(await field({ ...ok, secret: 'short' })).toEqual(['secret']);
    expect(await field({ url: ok.url, events: ok.events })).toEqual(['secret']);
    await stack.as('supervisor').post('/api/webhooks').send(ok).expect(403);
    await stack.as('supervisor').get('/api/webhooks').expect(403);
    await admin().get('/api/webhooks/not-a-uuid/deliveries').expect(400);
    await admin().get(`/api/webhooks/${randomUUID()}/deliveries`).expect(404);
  });

  it('lists the subscriptions without their secrets', async () => {
    const { id, secret } = await subscribe('http://127.0.0.1:9/never', ['alert.dossier_overdue']);
    const { body, text } = await admin().get('/api/webhooks').expect(200);
    expect(body.find((w: { id: string }) => w.id === id)).toMatchObject({ url: 'http://127.0.0.1:9/never', events: ['alert.dossier_overdue'], active: true, createdBy: 'admin' });
    expect(text).not.toContain(secret);
  });
});

describe('webhook deliveries', () => {
  it('signs the raw body with the secret and names the delivery, for a dossier event and for an alert', async () => {
    const r = await receiver();
    const { id, secret } = await subscribe(`${r.url}/hook`, ['dossier.registered', 'alert.step_overdue']);
    const code = await register();
    const got = await r.waitFor(ofDossier(code, 'dossier.registered'), `the registration of ${code}`);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-dossier-flow-signature']).toBe(sign(secret, got.raw));
    expect(got.headers['x-dossier-flow-signature']).not.toBe(sign(`${secret}x`, got.raw));
    expect(got.json).toMatchObject({ id: `dossier:${code}:1`, event: 'dossier.registered', agencyCode: expect.any(String), dossier: { code, procedureCode, status: 'received' } });
    const listed = await waitFor(async () => (await deliveries(id)).find((d) => d.id === got.headers['x-dossier-flow-delivery'] && d.status === 'delivered'), 'the delivery listed as delivered');
    expect(listed).toMatchObject({ event: 'dossier.registered', eventId: `dossier:${code}:1`, attempts: 1, lastStatus: 200 });

    // An alert rung by the clock's sweep is an insert into alerts: the same trigger path.
    await stack.ds.query(`INSERT INTO alerts (kind, dossier_code, step_key, level, due_at) VALUES ('step_overdue', $1, 'reception', 1, now())`, [code]);
    const alert = await r.waitFor((x) => x.json.event === 'alert.step_overdue' && (x.json.alert as { dossierCode?: string }).dossierCode === code, 'the alert');
    expect(alert.headers['x-dossier-flow-signature']).toBe(sign(secret, alert.raw));
    expect(alert.json.alert).toMatchObject({ kind: 'step_overdue', stepKey: 'reception', level: 1 });
    // Events it did not subscribe to are not sent: only the registration and the alert of this dossier.
    expect(r.received.filter((x) => JSON.stringify(x.json).includes(code)).map((x) => x.json.event)).toEqual(['dossier.registered', 'alert.step_overdue']);
  });

  it('retries a failing receiver with the same delivery id and body until it answers 2xx', async () => {
    const r = await receiver((_r, i) => (i < 2 ? 500 : 200));
    const { id } = await subscribe(r.url, ['dossier.registered']);
    const code = await register();
    await r.waitFor((x) => r.received.filter(ofDossier(code, 'dossier.registered')).length === 3 && ofDossier(code, 'dossier.registered')(x), 'a third try');
    const tries = r.received.filter(ofDossier(code, 'dossier.registered'));
    expect(new Set(tries.map((t) => t.headers['x-dossier-flow-delivery'])).size).toBe(1);
    expect(new Set(tries.map((t) => t.raw.toString('base64'))).size).toBe(1);
    const d = await waitFor(async () => (await deliveries(id)).find((x) => x.eventId === `dossier:${code}:1` && x.status === 'delivered'), 'delivered after retries');
    expect(d).toMatchObject({ attempts: 3, lastStatus: 200 });
  });

  it('lands a delivery in the dead-letter list after the last try, and redelivers it once the receiver is fixed', async () => {
    const r = await receiver(() => 503);
    const { id } = await subscribe(r.url, ['dossier.registered']);
    const code = await register();
    const dead = await waitFor(async () => (await deliveries(id, '?status=dead')).find((x) => x.eventId === `dossier:${code}:1`), 'the dead letter');
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastStatus: 503, lastError: 'HTTP 503' });
    expect(r.received.filter(ofDossier(code, 'dossier.registered'))).toHaveLength(3);
    expect((await deliveries(id, '?status=delivered')).map((x) => x.id)).not.toContain(dead.id);

    r.setAnswer(() => 204);
    const { body: again } = await admin().post(`/api/webhooks/${id}/deliveries/${dead.id}/redeliver`).expect(202);
    expect(again).toMatchObject({ id: dead.id, status: 'pending', attempts: 0, redeliveries: 1 });
    // Pending: it is tried on its own (409), until it is delivered.
    const delivered = await waitFor(async () => (await deliveries(id)).find((x) => x.id === dead.id && x.status === 'delivered'), 'the redelivery');
    expect(delivered).toMatchObject({ attempts: 1, lastStatus: 204, redeliveries: 1 });
    const tries = r.received.filter(ofDossier(code, 'dossier.registered'));
    expect(tries).toHaveLength(4);
    expect(tries[3].headers['x-dossier-flow-delivery']).toBe(dead.id);
    await admin().post(`/api/webhooks/${id}/deliveries/${randomUUID()}/redeliver`).expect(404);
    await stack.as('supervisor').post(`/api/webhooks/${id}/deliveries/${dead.id}/redeliver`).expect(403);
  });

  it('a redelivery of a pending delivery is refused with 409', async () => {
    const r = await receiver(() => 'hang');
    const { id } = await subscribe(r.url, ['dossier.registered']);
    const code = await register();
    await r.waitFor(ofDossier(code, 'dossier.registered'), 'the held request');
    const [d] = (await deliveries(id)).filter((x) => x.eventId === `dossier:${code}:1`);
    expect(d.status).toBe('pending');
    await admin().post(`/api/webhooks/${id}/deliveries/${d.id}/redeliver`).expect(409);
    r.setAnswer(() => 200);
    r.release(200);
    await waitFor(async () => (await deliveries(id)).find((x) => x.id === d.id && x.status === 'delivered'), 'delivered once released');
  });

  it('a receiver that hangs slows neither registration nor the other receivers', async () => {
    const hang = await receiver(() => 'hang');
    const good = await receiver();
    await subscribe(hang.url, ['dossier.registered']);
    await subscribe(good.url, ['dossier.registered']);
    const first = await register();
    await hang.waitFor(ofDossier(first, 'dossier.registered'), 'the hanging receiver holding the first registration');
    // While it holds that request: more registrations are answered, and the other receiver gets them.
    const later = [await register(), await register()];
    for (const code of later) await good.waitFor(ofDossier(code, 'dossier.registered'), `the registration of ${code} at the other receiver`);
    expect(hang.hanging()).toBeGreaterThanOrEqual(1);
    expect(hang.received.filter(ofDossier(first, 'dossier.registered'))).toHaveLength(1);
    // Its later deliveries wait for it (one request at a time per receiver) and follow once it answers.
    hang.setAnswer(() => 200);
    hang.release(200);
    for (const code of later) await hang.waitFor(ofDossier(code, 'dossier.registered'), `the registration of ${code} at the released receiver`);
  });
});
