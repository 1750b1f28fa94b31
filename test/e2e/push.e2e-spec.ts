import type { INestApplication } from '@nestjs/common';
import { createECDH, randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import type { DataSource } from 'typeorm';
import type { OutgoingMessage } from '../../libs/notify/src/channel';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { deliverNotification } from '../../libs/notify/src/dispatcher';
import { loadOrCreateVapidKeys, pushChannel } from '../../libs/notify/src/push';
import { startApi } from '../support/api';
import { as, loginAll, type Tokens } from '../support/auth';
import { openDataSource, testConfig } from '../support/stack';
import { startWebPushEndpoint, type TestSubscription, type WebPushEndpoint } from '../support/web-push-endpoint';

/**
 * Browser push (issue 20 items 2 and 7): the VAPID key kept in the database, the API that registers
 * a user's browsers, and the push channel's delivery through the `web-push` package to a local push
 * endpoint that verifies the VAPID signature and decrypts the message as a browser would.
 */
jest.setTimeout(60_000);

const SUBJECT = 'mailto:tin-hoc@so-tu-phap.example.vn';
let app: INestApplication;
let url: string;
let ds: DataSource;
let t: Tokens;
let endpoint: WebPushEndpoint;
let agent: Agent;

beforeAll(async () => {
  const config = await testConfig();
  ds = await openDataSource(config);
  [{ app, url }, endpoint] = await Promise.all([startApi(config), startWebPushEndpoint()]);
  t = await loginAll(url);
  agent = new Agent({ ca: endpoint.ca });
});

afterAll(async () => {
  agent?.destroy();
  await endpoint?.close();
  await app?.close();
  await ds?.destroy();
});

const register = (role: keyof Tokens, s: TestSubscription) => as(url, t[role]).post('/api/me/push-subscriptions').send(s);
const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: `n-${Math.random().toString(36).slice(2)}`,
  channel: 'push',
  to: 'supervisor',
  subject: 'Bước quá hạn: 000.00.10.H62-261202-0007',
  text: 'Bước "Thẩm định hồ sơ" của hồ sơ của bà Lê Thị Hồng Hà đã quá hạn lúc 16:30 ngày 02/12/2026.',
  url: '/ho-so/000.00.10.H62-261202-0007',
  ...over,
});
const pushesTo = (s: TestSubscription) => endpoint.received.filter((r) => s.endpoint.endsWith(r.path));

describe('VAPID keys', () => {
  it('are generated on the first start, kept in the database and given to every staff member', async () => {
    const [row] = await ds.query(`SELECT public_key FROM vapid_keys`);
    expect(row.public_key).toMatch(/^[\w-]{87}$/);
    for (const role of ['reception', 'supervisor', 'admin'] as const) {
      await as(url, t[role]).get('/api/push/public-key').expect(200, { publicKey: row.public_key });
    }
    await as(url).get('/api/push/public-key').expect(401);
  });

  it('are created once when many processes start at the same time on an empty table', async () => {
    const [kept] = await ds.query(`SELECT public_key, private_key FROM vapid_keys`);
    try {
      await ds.query(`DELETE FROM vapid_keys`);
      // Each call on its own pooled connection, as separate API and worker processes would.
      const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateVapidKeys(ds)));
      expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
      expect(new Set(keys.map((k) => k.privateKey)).size).toBe(1);
      expect(await ds.query(`SELECT public_key AS "publicKey", private_key AS "privateKey" FROM vapid_keys`)).toEqual([keys[0]]);
      expect(keys[0].publicKey).not.toBe(kept.public_key);
    } finally {
      // The API cached the first start's pair.
      await ds.query(`DELETE FROM vapid_keys`);
      await ds.query(`INSERT INTO vapid_keys (id, public_key, private_key) VALUES (1, $1, $2)`, [kept.public_key, kept.private_key]);
    }
  });
});

describe('push subscriptions', () => {
  // Built when the cases are collected, before the endpoint runs: a fixed push service address does.
  const good = (): TestSubscription => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return { endpoint: 'https://push.example/send/abc', keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
  };
  test.each([
    ['endpoint', 'missing', { keys: good().keys }],
    ['endpoint', 'plain http', { ...good(), endpoint: 'http://127.0.0.1/push/x' }],
    ['endpoint', 'not a URL', { ...good(), endpoint: 'not a url' }],
    ['endpoint', 'over 2000 characters', { ...good(), endpoint: `https://push.example/${'x'.repeat(2000)}` }],
    ['keys', 'missing', { endpoint: good().endpoint }],
    ['keys', 'an array of key objects (found by the fuzz: a 500 before)', { ...good(), keys: [good().keys] }],
    ['keys.p256dh', 'missing', { ...good(), keys: { auth: good().keys.auth } }],
    ['keys.p256dh', 'too short', { ...good(), keys: { ...good().keys, p256dh: good().keys.p256dh.slice(0, 40) } }],
    ['keys.p256dh', 'not an uncompressed point', { ...good(), keys: { ...good().keys, p256dh: Buffer.alloc(65, 3).toString('base64url') } }],
    ['keys.auth', 'not base64url', { ...good(), keys: { ...good().keys, auth: 'not base64url!' } }],
    ['keys.auth', '32 bytes', { ...good(), keys: { ...good().keys, auth: Buffer.alloc(32).toString('base64url') } }],
    ['expirationTime', 'a text', { ...good(), expirationTime: 'tomorrow' }],
    ['user', 'an unknown field', { ...good(), user: 'admin' }],
  ] as const)('400 names %s when it is %s', async (field, _why, body) => {
    const res = await as(url, t.supervisor).post('/api/me/push-subscriptions').send(body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it("registers the caller's browsers, lists and removes only the caller's own", async () => {
    const s = endpoint.subscribe('own');
    const created = await register('reviewer', { ...s, expirationTime: null } as TestSubscription).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), endpoint: s.endpoint, createdAt: expect.any(String) });
    // The same browser again: the same row, not a second one.
    await register('reviewer', s).expect(201).expect((r) => expect(r.body.id).toBe(created.body.id));
    await as(url, t.reviewer).get('/api/me/push-subscriptions').expect(200, [created.body]);
    expect((await as(url, t.approver).get('/api/me/push-subscriptions').expect(200)).body).toEqual([]);

    await as(url, t.approver).delete('/api/me/push-subscriptions').query({ endpoint: s.endpoint }).expect(404);
    await as(url, t.reviewer).delete('/api/me/push-subscriptions').expect(400);
    await as(url, t.reviewer).delete('/api/me/push-subscriptions').query({ endpoint: s.endpoint }).expect(204);
    await as(url, t.reviewer).delete('/api/me/push-subscriptions').query({ endpoint: s.endpoint }).expect(404);
    await as(url, t.reviewer).get('/api/me/push-subscriptions').expect(200, []);
    await as(url).post('/api/me/push-subscriptions').send(s).expect(401);
  });

  it('gives a browser to whoever subscribed on it last (a shared desk computer)', async () => {
    const s = endpoint.subscribe('shared');
    await register('reception', s).expect(201);
    await register('reviewer', s).expect(201);
    expect((await as(url, t.reception).get('/api/me/push-subscriptions').expect(200)).body).toEqual([]);
    expect((await as(url, t.reviewer).get('/api/me/push-subscriptions').expect(200)).body.map((x: { endpoint: string }) => x.endpoint)).toEqual([s.endpoint]);
    await as(url, t.reviewer).delete('/api/me/push-subscriptions').query({ endpoint: s.endpoint }).expect(204);
  });
});

describe('push channel', () => {
  const channel = () => pushChannel({ db: ds, subject: SUBJECT, agent, allowPrivateNetworks: true });

  it("delivers an encrypted message to every browser of the user that decrypts as a browser does, signed with the installation's VAPID key", async () => {
    const laptop = endpoint.subscribe('laptop');
    const phone = endpoint.subscribe('phone');
    const someoneElse = endpoint.subscribe('approver');
    await register('supervisor', laptop).expect(201);
    await register('supervisor', phone).expect(201);
    await register('approver', someoneElse).expect(201);
    const { publicKey } = (await as(url, t.supervisor).get('/api/push/public-key').expect(200)).body;
    const m = message();

    await channel().send(m);

    for (const browser of [laptop, phone]) {
      const [push, ...more] = pushesTo(browser);
      expect(more).toHaveLength(0);
      expect(push.decryptError).toBeUndefined();
      expect(JSON.parse(push.plaintext!)).toEqual({ id: m.id, title: m.subject, body: m.text, url: m.url, tag: m.id });
      expect(push.vapidError).toBeUndefined();
      expect(push.vapid).toEqual({ aud: endpoint.origin, exp: expect.any(Number), sub: SUBJECT, publicKey });
      // RFC 8292 §2: at most 24 hours ahead.
      expect(push.vapid!.exp * 1000 - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
      expect(push.vapid!.exp * 1000).toBeGreaterThan(Date.now());
      expect(push.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '86400', urgency: 'high' });
    }
    expect(pushesTo(someoneElse)).toHaveLength(0);
  });

  it('deletes a subscription the push service says is gone (404 or 410) and delivers to the rest', async () => {
    const gone = endpoint.subscribe('gone', () => 410);
    const missing = endpoint.subscribe('missing', () => 404);
    const alive = endpoint.subscribe('alive');
    for (const s of [gone, missing, alive]) await register('approver', s).expect(201);

    const m = message({ to: 'approver', tag: 'step_overdue' });
    await channel().send(m);

    expect(pushesTo(gone)).toHaveLength(1);
    expect(pushesTo(missing)).toHaveLength(1);
    // Tagged by the notification, not by its kind: two overdue steps make two notifications on screen.
    expect(JSON.parse(pushesTo(alive)[0].plaintext!).tag).toBe(m.id);
    const left = (await as(url, t.approver).get('/api/me/push-subscriptions').expect(200)).body.map((x: { endpoint: string }) => x.endpoint);
    expect(left).toContain(alive.endpoint);
    expect(left).not.toContain(gone.endpoint);
    expect(left).not.toContain(missing.endpoint);
  });

  it('throws on any other failure, and the retry reaches only the browsers the first attempt missed', async () => {
    const steady = endpoint.subscribe('steady');
    const flaky = endpoint.subscribe('flaky', (n) => (n === 0 ? 503 : 201));
    await register('reception', steady).expect(201);
    await register('reception', flaky).expect(201);
    const m = message({ to: 'reception' });

    await expect(channel().send(m)).rejects.toThrow(/push to reception: 1 of 2 browser\(s\) failed: https:\/\/127\.0\.0\.1:\d+: 503/);
    expect(pushesTo(steady)).toHaveLength(1);
    expect(pushesTo(flaky).map((p) => p.status)).toEqual([503]);

    await channel().send(m);
    expect(pushesTo(steady)).toHaveLength(1);
    expect(pushesTo(flaky).map((p) => p.status)).toEqual([503, 201]);
    expect(JSON.parse(pushesTo(flaky)[1].plaintext!).id).toBe(m.id);
    // Both kept: a 503 is the push service's trouble, not a dead subscription.
    expect((await as(url, t.reception).get('/api/me/push-subscriptions').expect(200)).body).toHaveLength(2);

    // A third attempt (the dispatcher's redelivery) sends nothing again.
    await channel().send(m);
    expect(pushesTo(steady)).toHaveLength(1);
    expect(pushesTo(flaky)).toHaveLength(2);
  });

  it("forgets which browsers a notification reached once it is sent, not while it may be tried again", async () => {
    const steady = endpoint.subscribe('steady-again');
    const flaky = endpoint.subscribe('flaky-again', (n) => (n === 0 ? 503 : 201));
    await register('approver', steady).expect(201);
    await register('approver', flaky).expect(201);
    const [{ id }]: { id: string }[] = await ds.query(
      `INSERT INTO notifications (agency_code, channel, recipient, username, kind, subject, body, idempotency_key)
       VALUES ($1, 'push', 'approver', 'approver', 'step_overdue', 'Bước quá hạn', 'Đã quá hạn.', $2) RETURNING id`,
      [DEMO_AGENCY_CODE, `push-pruned-${Math.random()}`],
    );
    const channels = new Map([['push', channel()]]);
    const reached = async () => ((await ds.query(`SELECT count(*)::int AS n FROM push_deliveries WHERE notification_id = $1`, [id])) as { n: number }[])[0].n;

    // The approver's other browsers (earlier tests') are reached too: only `flaky` fails.
    const [{ browsers }]: { browsers: number }[] = await ds.query(`SELECT count(*)::int AS browsers FROM push_subscriptions WHERE username = 'approver'`);
    await expect(deliverNotification(ds, channels, id, 1, 5)).rejects.toThrow(`1 of ${browsers} browser(s) failed`);
    expect(await reached()).toBe(browsers - 1);
    expect(await deliverNotification(ds, channels, id, 2, 5)).toBe('sent');
    // The retry reached only the browser the first try missed; the records went with the row's settling.
    expect([pushesTo(steady).length, pushesTo(flaky).map((p) => p.status)]).toEqual([1, [503, 201]]);
    expect(await reached()).toBe(0);
  });

  it('throws when the push service cannot be reached, and sends nothing to a user without browsers', async () => {
    const unreachable = { endpoint: 'https://127.0.0.1:1/push/nobody-listens', keys: endpoint.subscribe('keys-only').keys };
    await register('admin', unreachable).expect(201);
    await expect(channel().send(message({ to: 'admin' }))).rejects.toThrow(/push to admin: 1 of 1 browser\(s\) failed: https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    const before = endpoint.received.length;
    await channel().send(message({ to: 'nobody-has-this-name' }));
    expect(endpoint.received).toHaveLength(before);
  });

  it('cuts a long text so the encrypted message stays within the 4 KB a push service accepts', async () => {
    const s = endpoint.subscribe('long');
    await register('approver', s).expect(201);
    await channel().send(message({ to: 'approver', subject: 'Đ'.repeat(500), text: 'Ồ'.repeat(5000) }));
    const { title, body } = JSON.parse(pushesTo(s)[0].plaintext!) as { title: string; body: string };
    expect(title).toHaveLength(200);
    expect(body).toHaveLength(1000);
    expect(body.endsWith('…')).toBe(true);
    expect(pushesTo(s)[0].bytes).toBeLessThanOrEqual(4096);
  });
});
