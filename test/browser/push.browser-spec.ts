import { Agent } from 'node:https';
import type { CDPSession, Page } from 'playwright-core';
import type { OutgoingMessage } from '../../libs/notify/src/channel';
import { pushChannel } from '../../libs/notify/src/push';
import { signIn, startBrowserStack, type BrowserStack } from '../support/browser';
import { waitFor } from '../support/stack';
import { startWebPushEndpoint, type TestSubscription, type WebPushEndpoint } from '../support/web-push-endpoint';

/**
 * Browser push in Debian's Chromium (issue 20 items 2 and 7). A browser's own push service (FCM,
 * Mozilla's, Apple's) is outside this machine, so the page's PushManager hands out a subscription
 * of the local test endpoint instead (its endpoint and keys, made by the test); everything else is
 * real: the header button asks permission, registers the service worker and the subscription with
 * the API, the server's push channel encrypts and signs the alert for that subscription, the local
 * endpoint decrypts it as the browser would, and the DevTools protocol delivers that payload to the
 * service worker (`ServiceWorker.deliverPushMessage`), which shows the notification.
 */
jest.setTimeout(150_000);

let stack: BrowserStack;
let endpoint: WebPushEndpoint;
let agent: Agent;

/** The browser globals the page-side functions use (the test project compiles without the DOM library). */
interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  timestamp: number;
  data: { url: string; id: string };
}
interface Registration {
  scope: string;
  pushManager: { getSubscription(): Promise<unknown> };
  getNotifications(filter?: { tag?: string }): Promise<ShownNotification[]>;
}
declare const navigator: { serviceWorker: { ready: Promise<Registration> } };
declare const PushManager: { prototype: { subscribe: unknown; getSubscription: unknown } };
declare const atob: (s: string) => string;
declare const Notification: { permission: string };
declare const window: { __subscribedWith?: string; __unsubscribed?: number };

beforeAll(async () => {
  [stack, endpoint] = await Promise.all([startBrowserStack(), startWebPushEndpoint()]);
  agent = new Agent({ ca: endpoint.ca });
}, 90_000);

afterAll(async () => {
  agent?.destroy();
  await endpoint?.close();
  await stack?.stop();
});

/** Stands in for the browser's push service: PushManager answers with `fake` and remembers the key it was asked for. */
async function usePushService(page: Page, fake: TestSubscription): Promise<void> {
  await page.addInitScript((sub: TestSubscription) => {
    const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
    let current: unknown = null;
    PushManager.prototype.subscribe = async function (options: { applicationServerKey: string }) {
      window.__subscribedWith = options.applicationServerKey;
      current = {
        endpoint: sub.endpoint,
        options: { userVisibleOnly: true, applicationServerKey: bytes(options.applicationServerKey) },
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: async () => {
          current = null;
          window.__unsubscribed = (window.__unsubscribed ?? 0) + 1;
          return true;
        },
      };
      return current;
    };
    PushManager.prototype.getSubscription = async function () {
      return current;
    };
  }, fake);
}

/** The service worker registration of the app's origin as the DevTools protocol names it, once its worker is active. */
async function activeRegistration(cdp: CDPSession, scope: string): Promise<string> {
  const registrations = new Map<string, { scopeURL: string; isDeleted: boolean }>();
  const activated = new Set<string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
    for (const r of e.registrations) registrations.set(r.registrationId, r);
  });
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { registrationId: string; status: string }[] }) => {
    for (const v of e.versions) if (v.status === 'activated') activated.add(v.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  return waitFor(
    async () => [...registrations.entries()].find(([id, r]) => r.scopeURL === scope && !r.isDeleted && activated.has(id))?.[0],
    `an active service worker for ${scope}`,
  );
}

it("registers the browser from the header, and the server's push shows as a notification that the service worker raises", async () => {
  const { url } = stack;
  const fake = endpoint.subscribe('chromium');
  const page = await stack.newPage();
  await page.context().grantPermissions(['notifications'], { origin: url });
  await usePushService(page, fake);
  const cdp = await page.context().newCDPSession(page);
  const registration = activeRegistration(cdp, `${url}/`);

  await signIn(page, url, 'supervisor', '/canh-bao');
  // The app registers its service worker for a signed-in user, from the site's root.
  expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope))).toBe(`${url}/`);
  const registrationId = await registration;

  const toggle = page.getByTestId('push-toggle');
  await toggle.and(page.locator('[data-state=off]')).waitFor();
  expect(await toggle.textContent()).toBe('Bật thông báo');
  await toggle.click();
  await toggle.and(page.locator('[data-state=on]')).waitFor();
  expect(await toggle.textContent()).toBe('Đã bật thông báo');
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');
  const supervisor = await stack.token('supervisor');
  const { publicKey } = await stack.get<{ publicKey: string }>('/api/push/public-key', supervisor);
  expect(await page.evaluate(() => window.__subscribedWith)).toBe(publicKey);
  expect((await stack.get<{ endpoint: string }[]>('/api/me/push-subscriptions', supervisor)).map((s) => s.endpoint)).toEqual([fake.endpoint]);

  // The server's delivery of an alert, decrypted at the push endpoint, handed to the service worker.
  const message: OutgoingMessage = {
    id: 'browser-push-1',
    channel: 'push',
    to: 'supervisor',
    subject: 'Hồ sơ quá hạn: 000.00.10.H62-261202-0042',
    text: 'Hồ sơ của ông Trần Văn Bỏ Quên đã quá hạn giải quyết.',
    url: '/ho-so/000.00.10.H62-261202-0042',
    tag: 'dossier_overdue',
  };
  await pushChannel({ db: stack.ds, subject: 'mailto:tin-hoc@so-tu-phap.example.vn', agent, allowPrivateNetworks: true }).send(message);
  const [push] = endpoint.received.filter((r) => fake.endpoint.endsWith(r.path));
  expect(push.decryptError).toBeUndefined();
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId, data: push.plaintext! });

  // What the service worker shows now, read from Node until it is what is waited for:
  // page.waitForFunction takes a returned promise for a truthy value and does not wait for it
  // (a fresh clone read `false` here).
  const shownNow = (tag?: string) =>
    page.evaluate(
      (t?: string) => navigator.serviceWorker.ready.then((r) => r.getNotifications(t ? { tag: t } : undefined)).then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data, timestamp: n.timestamp }))),
      tag,
    );
  const shown = await waitFor(async () => {
    const list = await shownNow(message.id);
    return list.length > 0 && list;
  }, 'the notification to show');
  expect(shown.map(({ timestamp: _at, ...n }) => n)).toEqual([{ title: message.subject, body: message.text, tag: message.id, data: { url: `${url}${message.url}`, id: message.id } }]);

  // The same notification delivered again (a redelivery) replaces the one shown instead of adding
  // one: the tag's only notification is then a newer one. Each delivery is waited for before the
  // next — the worker handles pushes concurrently, and a list read while one is still being shown
  // or replaced is not the list it settles on (CI once read one of two).
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId, data: push.plaintext! });
  await waitFor(async () => {
    const list = await shownNow(message.id);
    return list.length === 1 && list[0].timestamp !== shown[0].timestamp;
  }, 'the redelivery to replace it');
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId, data: JSON.stringify({ id: 'x', title: 'Bước sắp đến hạn', body: 'Còn 2 giờ', url: 'https://elsewhere.example/phish', tag: 'other' }) });
  await waitFor(async () => (await shownNow('other')).length > 0, 'the other notification to show');
  const all = (await shownNow()).map((n) => ({ tag: n.tag, url: n.data.url }));
  // A link to another site is never opened: the worker keeps only this site's pages.
  expect(all).toHaveLength(2);
  expect(all).toEqual(expect.arrayContaining([{ tag: message.id, url: `${url}${message.url}` }, { tag: 'other', url: `${url}/` }]));

  // Turning it off removes this browser from the server.
  await toggle.click();
  await toggle.and(page.locator('[data-state=off]')).waitFor();
  expect(await stack.get<unknown[]>('/api/me/push-subscriptions', supervisor)).toEqual([]);
  expect(await page.evaluate(() => window.__unsubscribed)).toBe(1);

  // Signing out ends this browser's subscription, so the next person at this computer gets no alerts of the last.
  await toggle.click();
  await toggle.and(page.locator('[data-state=on]')).waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/dang-nhap');
  // The page stays the same document (the app navigates itself), so the stand-in counts the second unsubscribe.
  await page.waitForFunction(() => window.__unsubscribed === 2);
  expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.pushManager.getSubscription()))).toBeNull();
  expect(stack.pageErrors).toEqual([]);
});
