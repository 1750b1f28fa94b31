import { createHmac } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { messages } from '../../apps/web/src/messages';
import { expectAccessible } from '../support/accessibility';
import { choose, saveDialog, screenshot as shot, signIn, startBrowserStack, tick, type BrowserStack } from '../support/browser';
import { secondsProcedure } from '../support/fixtures';
import { startReceiver, type Receiver } from '../support/http-receiver';
import { waitFor } from '../support/stack';

/**
 * The administrator's webhook page (`/quan-tri/webhook`) through the browser: a subscription made
 * from the page (the API's 400 shown under the field it names, then a receiver on 127.0.0.1 for
 * `dossier.registered` with a secret generated in the form); a registration's delivery arriving
 * signed with that secret and listed as delivered; a delivery the receiver refused, in the
 * dead-letter list, sent again from the page and received under the same delivery id. Photographed
 * into test-output/screenshots/ and audited with axe-core with the form open and with deliveries shown.
 */
jest.setTimeout(300_000);

const vi = messages.vi;
const REGISTERED = vi['webhookEvent_dossier.registered'];

declare const document: { querySelector(selector: string): unknown };

let stack: BrowserStack;
let receiver: Receiver;
let admin: Page;
let reception: string;
const procedure = secondsProcedure([120, 120, 120, 120]);
/** What the page and the receiver share: the receiver's URL and the secret the form showed. */
const hook = { url: '', secret: '' };

beforeAll(async () => {
  [stack, receiver] = await Promise.all([startBrowserStack(), startReceiver()]);
  hook.url = `${receiver.url}/dich-vu-cong/su-kien`;
  await stack.post('/api/procedures', procedure, await stack.token('admin'));
  reception = await stack.token('reception');
  admin = await stack.newPage();
  await signIn(admin, stack.url, 'admin', '/thong-ke');
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The subscription's row in the list. */
const subscriptionRow = () => admin.getByTestId('webhook-list').getByRole('row', { name: new RegExp(escape(hook.url)) });

/** The error shown under the form field labelled `label` (antd puts it in the field's own item). */
const fieldError = (form: Locator, label: string) => form.locator('.ant-form-item').filter({ has: admin.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');

/** Registers a dossier at the desk through the API; answers its code. */
let registrations = 0;
async function register(name: string): Promise<string> {
  const key = `webhooks-${procedure.code}-${++registrations}`;
  const receipt = await stack.post<{ code: string }>('/api/dossiers', { procedureCode: procedure.code, applicant: { name }, channel: 'counter' }, reception, { 'Idempotency-Key': key });
  return receipt.code;
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  last_status: number | null;
  event_key: string;
}
const deliveryOf = async (code: string): Promise<DeliveryRow | undefined> =>
  ((await stack.ds.query(`SELECT id, status, attempts, last_status, event_key FROM webhook_deliveries WHERE event = 'dossier.registered' AND event_key LIKE $1`, [`dossier:${code}:%`])) as DeliveryRow[])[0];

it('subscribes a receiver from the admin menu, showing the API’s 400 under the field it names', async () => {
  await admin.goto(`${stack.url}/quan-tri`);
  await admin.waitForURL('**/quan-tri/nguoi-dung');
  await admin.getByRole('navigation', { name: vi.navAdmin }).getByRole('link', { name: vi.navWebhooks }).click();
  await admin.waitForURL('**/quan-tri/webhook');
  await admin.getByTestId('webhook-list').getByText(vi.adminNone).waitFor();

  await admin.getByRole('button', { name: vi.webhookCreate }).click();
  const form = admin.getByTestId('webhook-form');
  // Not http(s), and a secret too short to sign with: the API names both fields, the page shows each under its own.
  await form.getByLabel(vi.webhookUrl).fill('ftp://he-thong-nhan.example.gov.vn/su-kien');
  await tick(form.getByRole('checkbox', { name: REGISTERED }));
  await form.getByLabel(vi.webhookSecret).fill('ngan-qua');
  await admin.getByRole('dialog').getByRole('button', { name: vi.adminSave }).click();
  await fieldError(form, vi.webhookUrl).getByText('url must be an http or https URL').waitFor();
  await fieldError(form, vi.webhookSecret).getByText(/secret must be longer than or equal to 16 characters/).waitFor();
  expect(await stack.ds.query(`SELECT count(*)::int AS n FROM webhooks`)).toEqual([{ n: 0 }]);
  await shot(admin, 'admin-webhook-create');
  await expectAccessible(admin, 'admin webhook form with the API’s 400');

  // A field changed no longer shows the API's word on it.

  await form.getByLabel(vi.webhookUrl).fill(hook.url);
  await form.getByRole('button', { name: vi.webhookSecretGenerate }).click();
  hook.secret = await form.getByLabel(vi.webhookSecret).inputValue();
  expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);
  await form.getByText(vi.webhookSecretHint).waitFor();
  await admin.waitForFunction(() => !document.querySelector('[data-testid=webhook-form] .ant-form-item-explain-error'));
  await expectAccessible(admin, 'admin webhook form filled in');
  await saveDialog(admin);

  const row = subscriptionRow();
  await row.getByText(REGISTERED, { exact: true }).waitFor();
  await row.getByText(vi.adminActive, { exact: true }).waitFor();
  await row.getByText('admin', { exact: true }).waitFor();
  const [stored]: { url: string; events: string[]; secret: string; created_by: string }[] = await stack.ds.query(`SELECT url, events, secret, created_by FROM webhooks`);
  expect(stored).toEqual({ url: hook.url, events: ['dossier.registered'], secret: hook.secret, created_by: 'admin' });
});

it('lists a registration’s delivery as delivered, signed with the secret the form showed', async () => {
  const code = await register('Lê Văn Webhook');
  const got = await receiver.waitFor((r) => r.json.event === 'dossier.registered' && (r.json.dossier as { code?: string } | undefined)?.code === code, 'the registration delivered');
  expect(got.headers['x-dossier-flow-signature']).toBe(`sha256=${createHmac('sha256', hook.secret).update(got.raw).digest('hex')}`);
  const delivered = await waitFor(async () => {
    const d = await deliveryOf(code);
    return d?.status === 'delivered' && d;
  }, 'the delivery recorded as delivered');
  expect(got.headers['x-dossier-flow-delivery']).toBe(delivered.id);

  await admin.getByTestId('webhook-list').getByRole('button', { name: `${vi.webhookDeliveries} ${hook.url}` }).click();
  const deliveries = admin.getByTestId('webhook-deliveries');
  await deliveries.getByRole('heading', { name: vi.webhookDeliveriesOf.replace('{url}', hook.url) }).waitFor();
  const row = deliveries.getByRole('row', { name: new RegExp(escape(delivered.event_key)) });
  await row.getByText(vi.webhookStatus_delivered, { exact: true }).waitFor();
  await row.getByText(REGISTERED, { exact: true }).waitFor();
  await row.getByText('200', { exact: true }).waitFor();
  // A delivered row is not in the dead-letter list: nothing to send again.
  expect(await row.getByRole('button', { name: new RegExp(vi.webhookRedeliver) }).count()).toBe(0);
  await shot(admin, 'admin-webhook-deliveries');
  await expectAccessible(admin, 'admin webhook deliveries');
});

it('sends a dead delivery again from the dead-letter list; the receiver gets it under the same delivery id', async () => {
  receiver.setAnswer(() => 503);
  const code = await register('Trần Thị Hỏng');
  // The first try fails; the worker would retry WEBHOOK_MAX_ATTEMPTS (8) times, waiting 10 s doubled
  // between tries, and the browser stack takes no settings: the rest of the tries are skipped here by
  // marking the delivery dead as the last failure does, while the next try is seconds away.
  const failed = await waitFor(async () => {
    const d = await deliveryOf(code);
    return d?.status === 'pending' && d.last_status === 503 && d;
  }, 'the first failed try');
  const [, marked] = (await stack.ds.query(`UPDATE webhook_deliveries SET status = 'dead' WHERE id = $1 AND status = 'pending'`, [failed.id])) as [unknown, number];
  expect(marked).toBe(1);
  receiver.setAnswer(() => 200);

  // The subscription's dead count, then its dead-letter list.
  // (The subscriptions' Refresh comes first on the page, the deliveries' second.)
  await admin.getByRole('button', { name: vi.refresh }).first().click();
  await subscriptionRow().locator('.ant-tag-red', { hasText: '1' }).waitFor();
  const deliveries = admin.getByTestId('webhook-deliveries');
  await choose(admin, deliveries.getByRole('combobox', { name: vi.status }), vi.webhookStatus_dead);
  await admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
  const row = deliveries.getByRole('row', { name: new RegExp(escape(failed.event_key)) });
  await row.getByText(vi.webhookStatus_dead, { exact: true }).waitFor();
  await row.getByText('HTTP 503', { exact: true }).waitFor();
  expect(await deliveries.locator('tbody tr.ant-table-row').count()).toBe(1);
  await shot(admin, 'admin-webhook-dead-letters');
  await expectAccessible(admin, 'admin webhook dead letters');

  await row.getByRole('button', { name: `${vi.webhookRedeliver} ${failed.event_key}` }).click();
  await admin.getByText(vi.webhookRedelivered).waitFor();
  // The list reloads: the delivery has left the dead-letter list.
  await deliveries.getByText(vi.adminNone).waitFor();
  const again = await receiver.waitFor((r) => r.headers['x-dossier-flow-delivery'] === failed.id && receiver.received.filter((x) => x.headers['x-dossier-flow-delivery'] === failed.id).length === 2, 'the redelivery');
  expect(again.headers['x-dossier-flow-signature']).toBe(`sha256=${createHmac('sha256', hook.secret).update(again.raw).digest('hex')}`);
  // The same bytes as the refused try.
  const [refused] = receiver.received.filter((x) => x.headers['x-dossier-flow-delivery'] === failed.id);
  expect(again.raw.toString('utf8')).toBe(refused.raw.toString('utf8'));
  await waitFor(async () => (await deliveryOf(code))?.status === 'delivered', 'the redelivery recorded as delivered');

  // Every status again (the filter cleared): both deliveries delivered, the second once sent again.
  await deliveries.locator('.ant-select').hover();
  await deliveries.locator('.ant-select-clear').click();
  const redelivered = deliveries.getByRole('row', { name: new RegExp(escape(failed.event_key)) });
  await redelivered.getByText(vi.webhookStatus_delivered, { exact: true }).waitFor();
  expect(await deliveries.getByText(vi.webhookStatus_delivered, { exact: true }).count()).toBe(2);
  // Its tries counted from zero again (one), one redelivery, the receiver's 200.
  const cells = await redelivered.locator('td').allTextContents();
  expect({ ones: cells.filter((c) => c === '1').length, status: cells.includes('200') }).toEqual({ ones: 2, status: true });
  const [row2]: { redeliveries: number; attempts: number }[] = await stack.ds.query(`SELECT redeliveries, attempts FROM webhook_deliveries WHERE id = $1`, [failed.id]);
  expect(row2).toEqual({ redeliveries: 1, attempts: 1 });
  await shot(admin, 'admin-webhook-redelivered');
});
