import type { Page } from 'playwright-core';
import { messages } from '../../apps/web/src/messages';
import { expectAccessible } from '../support/accessibility';
import { choose, saveDialog, screenshot as shot, settled, signIn, startBrowserStack, tick, type BrowserStack } from '../support/browser';

/**
 * The administrator's pages of issue 22 items 3 to 6, through the browser: a department
 * created and renamed; an officer created in it, who signs in, loses the session when the admin
 * resets the password, signs in with the new one and cannot once deactivated; the audit trail
 * searched and its chain verified, then broken behind the triggers and shown where; the system
 * health page showing what /health/ready and GET /api/system/clocks say; the escalation chain
 * edited and a failed delivery listed. Every page photographed
 * into test-output/screenshots/ and audited with axe-core.
 */
jest.setTimeout(300_000);

const vi = messages.vi;

interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };

let stack: BrowserStack;
let admin: Page;

beforeAll(async () => {
  stack = await startBrowserStack();
  admin = await stack.newPage();
  await signIn(admin, stack.url, 'admin', '/thong-ke');
}, 120_000);

afterAll(() => stack?.stop());

/** Signs in with a password of one's own (signIn uses the demo accounts' `demo`). */
async function signInWith(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${stack.url}/dang-nhap`);
  await page.locator('input[autocomplete=username]').fill(username);
  await page.locator('input[autocomplete=current-password]').fill(password);
  await page.locator('button[type=submit]').click();
}

const OFFICER = 'can.bo.thu';
const FIRST_PASSWORD = 'mat-khau-dau-tien-01';
const NEW_PASSWORD = 'mat-khau-dat-lai-002';

it('creates and renames a department, shows the API’s 400 next to the field', async () => {
  await admin.goto(`${stack.url}/quan-tri`);
  await admin.waitForURL('**/quan-tri/nguoi-dung');
  await admin.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Phòng, ban' }).click();
  await admin.waitForURL('**/quan-tri/phong-ban');
  const create = admin.getByTestId('department-create');
  // A malformed code: the API's message, under the field.
  await create.getByLabel('Mã phòng, ban').fill('thu nghiem');
  await create.getByLabel('Tên phòng, ban').fill('Phòng Thử nghiệm');
  await create.getByRole('button', { name: 'Tạo mới' }).click();
  await create.getByText('code must be 2–40 capital letters').waitFor();
  await create.getByLabel('Mã phòng, ban').fill('THU_NGHIEM');
  await create.getByRole('button', { name: 'Tạo mới' }).click();
  const list = admin.getByTestId('department-list');
  await list.getByRole('row', { name: /THU_NGHIEM/ }).getByText('Phòng Thử nghiệm').waitFor();

  await list.getByRole('button', { name: 'Đổi tên THU_NGHIEM' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Tên phòng, ban').fill('Phòng Thử nghiệm và Kiểm định');
  await saveDialog(admin);
  await list.getByRole('row', { name: /THU_NGHIEM/ }).getByText('Phòng Thử nghiệm và Kiểm định').waitFor();
  const [row]: { name: string; active: boolean }[] = await stack.ds.query(`SELECT name, active FROM departments WHERE code = 'THU_NGHIEM'`);
  expect(row).toEqual({ name: 'Phòng Thử nghiệm và Kiểm định', active: true });
  await shot(admin, 'admin-departments');
  await expectAccessible(admin, 'admin departments');
});

it('creates an officer who signs in; a password reset ends their session; a deactivated officer cannot sign in', async () => {
  await admin.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Người dùng' }).click();
  await admin.waitForURL('**/quan-tri/nguoi-dung');
  await admin.getByRole('button', { name: 'Thêm người dùng' }).click();
  const form = admin.getByTestId('user-form');
  await form.getByLabel('Tên đăng nhập').fill(OFFICER);
  await form.getByLabel('Họ và tên').fill('Vũ Thị Thử');
  await form.getByLabel('Mật khẩu').fill(FIRST_PASSWORD);
  await tick(form.getByRole('checkbox', { name: 'Thẩm định' }));
  // A reviewer without a department: the API refuses, naming the field.
  await admin.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
  await form.getByText(/works in a department/).waitFor();
  await choose(admin, form.getByRole('combobox', { name: 'Phòng, ban' }), 'THU_NGHIEM');
  // A malformed e-mail address: the API's 400 under the field; then a good one and a position.
  await form.getByLabel('Thư điện tử').fill('vu.thi.thu');
  await admin.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
  await form.getByText('email must be an e-mail address').waitFor();
  await form.getByLabel('Thư điện tử').fill('vu.thi.thu@so-thu-nghiem.gov.vn');
  await choose(admin, form.getByRole('combobox', { name: 'Chức vụ' }), 'Trưởng phòng, ban');
  await shot(admin, 'admin-user-create');
  await expectAccessible(admin, 'admin user form');
  await saveDialog(admin);
  const officerRow = admin.getByTestId('user-list').getByRole('row', { name: new RegExp(OFFICER.replace('.', '\\.')) });
  await officerRow.getByText('Vũ Thị Thử').waitFor();
  await officerRow.getByText('THU_NGHIEM — Phòng Thử nghiệm và Kiểm định').waitFor();
  await officerRow.getByText('vu.thi.thu@so-thu-nghiem.gov.vn').waitFor();
  await officerRow.getByText('Trưởng phòng, ban').waitFor();
  await shot(admin, 'admin-users');
  await expectAccessible(admin, 'admin users');

  // The officer signs in and works their inbox.
  const officer = await stack.newPage();
  await signInWith(officer, OFFICER, FIRST_PASSWORD);
  await officer.waitForURL('**/hop-thu');
  // (The header hides the name below 1100px: read it, not its visibility.)
  expect(await officer.getByTestId('current-user').textContent()).toBe('Vũ Thị Thử');

  // The admin resets the password: the officer's next request finds the session over.
  await officerRow.getByRole('button', { name: `Đặt lại mật khẩu ${OFFICER}` }).click();
  await admin.getByTestId('password-reset-form').getByLabel('Mật khẩu mới').fill(NEW_PASSWORD);
  await shot(admin, 'admin-password-reset');
  await saveDialog(admin);
  await admin.getByText('Đã đặt lại mật khẩu').waitFor();
  await officer.reload();
  await officer.waitForURL('**/dang-nhap**');
  await signInWith(officer, OFFICER, FIRST_PASSWORD);
  await officer.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor();
  await signInWith(officer, OFFICER, NEW_PASSWORD);
  await officer.waitForURL('**/hop-thu');

  // Deactivated: the open session ends and no sign-in works.
  await officerRow.getByRole('button', { name: `Ngừng hoạt động ${OFFICER}` }).click();
  await admin.locator('.ant-popover').getByRole('button', { name: 'Đồng ý' }).click();
  await officerRow.getByText('Ngừng hoạt động', { exact: true }).waitFor();
  await officer.reload();
  await officer.waitForURL('**/dang-nhap**');
  await signInWith(officer, OFFICER, NEW_PASSWORD);
  await officer.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor();
  const [account]: { active: boolean; live: number }[] = await stack.ds.query(
    `SELECT u.active, (SELECT count(*)::int FROM refresh_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS live FROM users u WHERE username = $1`,
    [OFFICER],
  );
  expect(account).toEqual({ active: false, live: 0 });
});

it('closes a toast whose closing animation was under way when the next page began to load', async () => {
  // CI once kept the deactivation's toast on screen through three tests: the audit page's chunk
  // was loading as the toast faded out, React hid what the loading boundary held, the toast with
  // it, and the hidden fade never ended. Here the next page's chunk is held back 1.5 s and the page
  // follows the link in the very change that starts the toast's fade.
  await admin.goto(`${stack.url}/quan-tri/nguoi-dung`);
  const nextChunk = /\/DepartmentsPage-[^/]*\.js$/;
  await admin.route(nextChunk, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  try {
    await admin.getByRole('button', { name: `Kích hoạt lại ${OFFICER}` }).click();
    await admin.evaluate(() => {
      interface Observer {
        observe(target: unknown, options: { subtree: boolean; childList: boolean; attributes: boolean; attributeFilter: string[] }): void;
        disconnect(): void;
      }
      const page = globalThis as unknown as {
        MutationObserver: new (callback: () => void) => Observer;
        document: { body: unknown; querySelector(selector: string): { click(): void } | null };
      };
      const observer = new page.MutationObserver(() => {
        if (!page.document.querySelector('.ant-message-move-up-leave-active')) return;
        observer.disconnect();
        page.document.querySelector('a[href="/quan-tri/phong-ban"]')!.click();
      });
      observer.observe(page.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
    await admin.locator('.ant-popover').getByRole('button', { name: 'Đồng ý' }).click();
    await admin.getByTestId('department-create').waitFor();
    await admin.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: 10_000 });
  } finally {
    await admin.unroute(nextChunk);
  }
});

it('searches the audit trail, verifies the chain, and shows where a tampered chain breaks', async () => {
  await admin.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Nhật ký kiểm toán' }).click();
  await admin.waitForURL('**/quan-tri/nhat-ky');
  const filters = admin.getByTestId('audit-filters');
  await filters.getByLabel('Người thực hiện').fill('admin');
  await filters.getByLabel('Hành động').fill('password_reset');
  await filters.getByRole('button', { name: 'Tìm kiếm' }).click();
  const list = admin.getByTestId('audit-list');
  await list.getByText(`Người dùng ${OFFICER}`).waitFor();
  expect(await list.locator('tbody tr.ant-table-row').count()).toBe(1);

  await filters.getByLabel('Hành động').fill('');
  await filters.getByLabel('Mã hồ sơ (chuỗi)').fill('system');
  await filters.getByRole('button', { name: 'Tìm kiếm' }).click();
  await list.locator('[data-action=department_created]').first().getByText('Tạo phòng, ban').waitFor();
  await admin.getByTestId('audit-verify').click();
  const verdict = admin.getByTestId('audit-verdict');
  await verdict.getByText(/^Toàn vẹn: đã kiểm tra \d+ bản ghi trong 1 chuỗi$/).waitFor();
  await shot(admin, 'admin-audit');
  await expectAccessible(admin, 'admin audit');

  // A superuser edits the officer's creation behind the triggers: the chain breaks there.
  const [{ seq }]: { seq: number }[] = await stack.ds.query(`SELECT seq FROM audit_log WHERE chain = 'system' AND action = 'user_created' AND entity_id = $1`, [OFFICER]);
  await stack.ds.transaction(async (m) => {
    await m.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
    await m.query(`UPDATE audit_log SET entity_id = 'ke.gia.mao' WHERE chain = 'system' AND seq = $1`, [seq]);
    await m.query(`ALTER TABLE audit_log ENABLE TRIGGER ALL`);
  });
  await filters.getByLabel('Người thực hiện').fill('');
  await filters.getByLabel('Mã hồ sơ (chuỗi)').fill('');
  await filters.getByRole('button', { name: 'Tìm kiếm' }).click();
  await admin.getByTestId('audit-verify').click();
  await verdict.getByText(`Chuỗi system bị phá vỡ tại bản ghi số ${seq}`).waitFor();
  await verdict.getByRole('button', { name: 'Xem chỗ bị phá vỡ' }).click();
  const broken = list.locator('tr.audit-broken');
  await broken.waitFor();
  expect(await broken.locator('td').nth(3).textContent()).toBe(String(seq));
  expect(await broken.textContent()).toContain('ke.gia.mao');
  await shot(admin, 'admin-audit-broken');
});

it('shows Temporal, PostgreSQL, the workers and each deadline clock’s lag and last sweep as the API reports them', async () => {
  const clocksAnswer = admin.waitForResponse((r) => r.url().endsWith('/api/system/clocks'));
  const readyAnswer = admin.waitForResponse((r) => r.url().endsWith('/health/ready'));
  await admin.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Tình trạng hệ thống' }).click();
  await admin.waitForURL('**/quan-tri/he-thong');
  const clocks = (await (await clocksAnswer).json()) as { shards: number; clocks: { shard: number; lagMs: number; lastSweepAt: string | null }[] };
  const readyResponse = await readyAnswer;
  const ready = (await readyResponse.json()) as { status: string; details: Record<string, { status: string }> };
  await settled(admin);
  await admin.getByTestId('check-workers').waitFor();

  // The stack is ready, and the page says so as /health/ready does: ready, and each check up.
  expect({ http: readyResponse.status(), status: ready.status }).toEqual({ http: 200, status: 'ok' });
  const readiness = admin.getByTestId('readiness');
  expect(await readiness.getAttribute('data-status')).toBe('ok');
  await readiness.getByRole('row', { name: `${vi.adminHealthReady} ${vi.adminHealthUp}` }).waitFor();
  for (const [key, label] of [['database', vi.adminHealthDatabase], ['temporal', vi.adminHealthTemporal], ['clocks', vi.adminHealthClocks]] as const) {
    const shown = admin.getByTestId(`check-${key}`);
    expect({ key, api: ready.details[key]?.status, page: await shown.getAttribute('data-status') }).toEqual({ key, api: 'up', page: 'up' });
    await readiness.getByRole('row', { name: label }).getByTestId(`check-${key}`).getByText(vi.adminHealthUp, { exact: true }).waitFor();
  }
  const rows = await admin.evaluate(() =>
    [...document.querySelectorAll('[data-testid=clock-list] tr[data-shard]')].map((r) => ({ shard: Number(r.getAttribute('data-shard')), lagMs: Number(r.getAttribute('data-lag-ms')), lastSweepAt: r.getAttribute('data-last-sweep') || null })),
  );
  expect(rows).toEqual(clocks.clocks.map((c) => ({ shard: c.shard, lagMs: c.lagMs, lastSweepAt: c.lastSweepAt })));
  expect(rows).toHaveLength(clocks.shards);
  // The in-process worker of the stack polls both kinds of task.
  expect(await admin.getByTestId('check-workers').getAttribute('data-status')).toBe('up');
  expect(await admin.getByTestId('pollers-workflowPollers').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
  await shot(admin, 'admin-system-health');
  await expectAccessible(admin, 'admin system health');
});

it('edits the escalation chain, showing the API’s 400, and lists a failed delivery with its error', async () => {
  await admin.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Chuyển cấp cảnh báo' }).click();
  await admin.waitForURL('**/quan-tri/chuyen-cap');
  const form = admin.getByTestId('escalation-form');
  await form.getByRole('switch', { name: 'Nếu cảnh báo vẫn còn, báo tiếp — Bước sắp đến hạn' }).click();
  const after = form.getByRole('spinbutton', { name: 'Sau hạn — Bước sắp đến hạn' });
  await after.fill('0');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await form.getByText(/positive/).first().waitFor();
  await after.fill('2');
  await form.getByRole('button', { name: 'Lưu' }).click();
  await admin.getByText('Đã lưu').first().waitFor();
  const saved = await stack.get<{ policy: Record<string, { notify: string[]; escalate?: unknown }> }>('/api/escalation-policy', await stack.token('admin'));
  expect(saved.policy.step_at_risk.escalate).toEqual({ after: { workingHours: 2 }, notify: ['supervisors'] });
  await shot(admin, 'admin-escalation');
  await expectAccessible(admin, 'admin escalation');

  // A delivery the mail server refused, not due for another try today.
  const [{ agency }]: { agency: string }[] = await stack.ds.query(`SELECT agency_code AS agency FROM users WHERE username = 'admin'`);
  await stack.ds.query(
    `INSERT INTO notifications (agency_code, channel, recipient, username, kind, subject, body, idempotency_key, status, attempts, last_error, not_before)
     VALUES ($1, 'email', 'truong.phong@example.gov.vn', 'approver', 'escalate:step_overdue', 'Hồ sơ quá hạn', '…', 'a2-browser-failed', 'failed', 2, 'SMTP 550 mailbox unavailable', now() + interval '1 day')`,
    [agency],
  );
  await admin.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Thông báo đã gửi' }).click();
  await admin.waitForURL('**/quan-tri/thong-bao');
  const row = admin.getByTestId('notification-list').getByRole('row', { name: /truong\.phong@example\.gov\.vn/ });
  await row.getByText('SMTP 550 mailbox unavailable').waitFor();
  await row.getByText('Chuyển cấp: Bước quá hạn').waitFor();
  await row.getByText('Gửi lỗi, sẽ thử lại').waitFor();
  await shot(admin, 'admin-notifications');
  await expectAccessible(admin, 'admin notifications');
});
