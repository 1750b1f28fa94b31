import type { Page } from 'playwright-core';
import { expectAccessible } from '../support/accessibility';
import { screenshot, signIn, startBrowserStack, tick, type BrowserStack } from '../support/browser';

/**
 * A staff member's own account page (/tai-khoan), reached from their name in the header: the
 * channels that tell them of each alert kind and their quiet hours, saved through
 * PUT /api/me/notifications with its 400 under the field it names; and their password changed,
 * after which every session of the account is over and only the new password signs in.
 */
jest.setTimeout(300_000);


let stack: BrowserStack;
let page: Page;

beforeAll(async () => {
  stack = await startBrowserStack();
  page = await stack.newPage();
  await signIn(page, stack.url, 'reviewer', '/hop-thu');
}, 120_000);

afterAll(() => stack?.stop());

interface Preferences {
  channels: Record<string, string[]>;
  quietHours: { from: string; to: string } | null;
}

it('chooses channels per alert kind and quiet hours, with the API’s 400 under the field', async () => {
  await page.getByTestId('account-link').click();
  await page.waitForURL('**/tai-khoan');
  const form = page.getByTestId('notification-preferences');
  const atRisk = form.getByRole('group', { name: 'Bước sắp đến hạn' });
  for (const channel of ['Thư điện tử', 'Thông báo đẩy']) await tick(atRisk.getByRole('checkbox', { name: channel }), false);
  await form.getByRole('switch', { name: 'Giờ yên lặng' }).click();
  await form.getByLabel('Từ giờ', { exact: true }).fill('22:00');
  await form.getByLabel('Đến giờ', { exact: true }).fill('22:00');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await form.getByText('must differ from quietHours.from').waitFor();
  await screenshot(page, 'account-preferences-400');
  await form.getByLabel('Đến giờ', { exact: true }).fill('06:30');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu').first().waitFor();
  // The refusal's error went with the request that earned it.
  await form.getByText('must differ from quietHours.from').waitFor({ state: 'detached' });

  const saved = await stack.get<Preferences>('/api/me/notifications', await stack.token('reviewer'));
  expect(saved.channels.step_at_risk).toEqual(['in_app']);
  expect(saved.channels.step_overdue).toEqual(expect.arrayContaining(['in_app', 'email', 'push']));
  expect(saved.quietHours).toEqual({ from: '22:00', to: '06:30' });

  // What the page shows after a reload is what the API keeps.
  await page.reload();
  await form.getByLabel('Đến giờ', { exact: true }).waitFor();
  expect(await form.getByLabel('Từ giờ', { exact: true }).inputValue()).toBe('22:00');
  expect(await atRisk.getByRole('checkbox', { name: 'Thư điện tử' }).isChecked()).toBe(false);
  expect(await atRisk.getByRole('checkbox', { name: 'Trong ứng dụng' }).isChecked()).toBe(true);
  await screenshot(page, 'account');
  await expectAccessible(page, 'account');
});

it('changes the password: a wrong current one or a short new one is refused under its field; then only the new one signs in', async () => {
  const form = page.getByTestId('password-change');
  await form.getByLabel('Mật khẩu hiện tại').fill('not-the-password');
  await form.getByLabel('Mật khẩu mới').fill('mat-khau-moi-cua-toi');
  await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await form.getByText('does not match').waitFor();
  await form.getByLabel('Mật khẩu hiện tại').fill('demo');
  await form.getByLabel('Mật khẩu mới').fill('ngan');
  await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await form.getByText(/newPassword must be longer than or equal to 10 characters/).waitFor();
  await form.getByText('does not match').waitFor({ state: 'detached' });
  await form.getByLabel('Mật khẩu mới').fill('mat-khau-moi-cua-toi');
  await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.waitForURL('**/dang-nhap**');

  const login = (password: string) => fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reviewer', password }) });
  expect((await login('demo')).status).toBe(401);
  expect((await login('mat-khau-moi-cua-toi')).status).toBe(200);
  await page.locator('input[autocomplete=username]').fill('reviewer');
  await page.locator('input[autocomplete=current-password]').fill('mat-khau-moi-cua-toi');
  await page.locator('button[type=submit]').click();
  await page.waitForURL('**/hop-thu');
});
