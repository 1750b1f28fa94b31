import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { messages } from '../../apps/web/src/messages';
import { signIn, startBrowserStack, tick, type BrowserStack } from '../support/browser';

/**
 * Issue 21 in Debian's Chromium against the real stack: a citizen sends a petition from the public
 * form, the supervisor classifies and assigns it, the reviewer answers, the supervisor publishes it,
 * and the citizen reads the answer on the lookup page and in the public list — without their name
 * or contact. Pages are photographed into test-output/screenshots/.
 */
const SHOTS = join(resolve(__dirname, '../..'), 'test-output/screenshots');
const m = messages.vi;

jest.setTimeout(150_000);

let stack: BrowserStack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startBrowserStack();
}, 120_000);

afterAll(() => stack?.stop());

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `petition-${name}.png`), fullPage: true });

/** Submits the open stage's command on the petition page and waits for the status it leads to. */
async function act(page: Page, status: string, fill: () => Promise<void>) {
  await page.getByTestId('petition-command').waitFor().catch(async (err: unknown) => {
    await shot(page, `failed-before-${status}`);
    throw err;
  });
  await fill();
  await page.getByTestId('petition-command-submit').click();
  await page.locator(`[data-testid=petition-page-status][data-status=${status}]`).waitFor();
}

it('takes a citizen\'s petition from the public form to its published answer', async () => {
  const { url } = stack;
  const citizen = await stack.newPage();
  await citizen.goto(`${url}/phan-anh`);
  await citizen.getByRole('heading', { name: m.petitionFormTitle }).waitFor();
  await citizen.locator('#subject').fill('Thiếu chỗ ngồi chờ');
  await citizen.locator('#message').fill('Khu vực chờ ở Bộ phận Một cửa thiếu ghế. Liên hệ tôi: 0987 654 321.');
  await citizen.locator('#name').fill('Hoàng Văn Thái');
  await citizen.locator('#contact').fill('thai.hoang@example.vn');
  await shot(citizen, '1-form');
  await citizen.locator('button[type=submit]').click();
  await citizen.getByTestId('petition-sent').waitFor();
  const code = (await citizen.getByTestId('petition-code').textContent())!;
  const secret = (await citizen.getByTestId('petition-secret').textContent())!;
  expect(code).toMatch(/-PA-\d{6}-\d{4}$/);
  await shot(citizen, '2-sent');
  await citizen.getByRole('link', { name: m.petitionLookupTitle }).click();
  await citizen.locator('[data-testid=petition-status-tag][data-status=received]').waitFor();

  // The supervisor finds it in the inbox, classifies it within the agency's competence and assigns it.
  const supervisor = await stack.newPage();
  await signIn(supervisor, url, 'supervisor', '/canh-bao');
  await supervisor.goto(`${url}/kien-nghi`);
  await supervisor.getByTestId('petitions-inbox').getByRole('link', { name: code }).click();
  await act(supervisor, 'classified', () => supervisor.locator('#reason').fill('Thuộc thẩm quyền của Sở'));
  await act(supervisor, 'assigned', () => supervisor.locator('#assignee').fill('reviewer'));
  await shot(supervisor, '3-assigned');

  // The reviewer answers it from their own list.
  const reviewer = await stack.newPage();
  await signIn(reviewer, url, 'reviewer', '/hop-thu');
  await reviewer.goto(`${url}/kien-nghi`);
  await reviewer.getByTestId('petitions-inbox').getByRole('link', { name: code }).click();
  await act(reviewer, 'answered', () => reviewer.locator('#answer').fill('Sở đã bổ sung 20 ghế chờ từ ngày 01/12. Cảm ơn ông Hoàng Văn Thái.'));

  // The supervisor publishes it with the citizen's consent recorded.
  await supervisor.reload();
  await act(supervisor, 'published', () => tick(supervisor.getByLabel(m.petitionConsent)));
  await shot(supervisor, '4-published');

  // The citizen reads the answer with the code and secret, and finds it in the public list without their name or contact.
  await citizen.goto(`${url}/phan-anh/tra-cuu?code=${encodeURIComponent(code)}&secret=${secret}`);
  await citizen.locator('[data-testid=petition-status-tag][data-status=published]').waitFor();
  expect(await citizen.getByTestId('petition-answer').textContent()).toContain('20 ghế chờ');
  await citizen.goto(`${url}/phan-anh/cong-khai`);
  await citizen.locator('#petition-search').fill('ghế chờ');
  await citizen.locator('#petition-search').press('Enter');
  const item = citizen.getByTestId('published-petitions').locator(`[data-code="${code}"]`);
  await item.waitFor();
  const text = (await item.textContent())!;
  expect(text).toContain('Sở đã bổ sung 20 ghế chờ');
  expect(text).not.toMatch(/Hoàng Văn Thái|0987|thai\.hoang/);
  await shot(citizen, '5-public-list');
  expect(stack.pageErrors).toEqual([]);
});
