import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { FIRST_DATA_ROW } from '../../apps/api/src/stats/stats-workbook';
import type { TimelinessRow } from '../../apps/api/src/stats/stats.dto';
import { choose, signIn, startBrowserStack, submitRegistration, type BrowserStack } from '../support/browser';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

/**
 * The web app in Debian's Chromium against the real stack (API serving apps/web/dist, worker,
 * Temporal, PostgreSQL): desk → reviewer → supervisor's live board → public lookup → statistics →
 * feedback (a petition). Every page is photographed into test-output/screenshots/.
 */
const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output/screenshots');

jest.setTimeout(150_000);

let stack: BrowserStack;
let url: string;
const post: BrowserStack['post'] = (...args) => stack.post(...args);
const get: BrowserStack['get'] = (...args) => stack.get(...args);
const token = (username: string) => stack.token(username);
const newPage = () => stack.newPage();

/**
 * The current month of the agency's calendar as [from, to), the statistics page's default period.
 * Asia/Ho_Chi_Minh keeps UTC+07:00 all year (no daylight saving).
 */
function currentAgencyMonth(): { from: string; to: string } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const first = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01T00:00:00+07:00`;
  return { from: new Date(first(y, m)).toISOString(), to: new Date(m === 12 ? first(y + 1, 1) : first(y, m + 1)).toISOString() };
}

/** The Biểu 06 cells of a row, as the statistics page marks them (`data-field`). */
const FIELDS = ['received.total', 'received.online', 'received.directOrPostal', 'received.carriedOver', 'resolved.total', 'resolved.early', 'resolved.onTime', 'resolved.late', 'pending.total', 'pending.withinDeadline', 'pending.pastDeadline'] as const;
const valueOf = (r: TimelinessRow, field: (typeof FIELDS)[number]) => field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], r) as number;
const percentText = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`);

async function expectRowShows(row: Locator, r: TimelinessRow): Promise<void> {
  for (const field of FIELDS) expect(await row.locator(`[data-field="${field}"]`).textContent()).toBe(String(valueOf(r, field)));
  expect(await row.locator('[data-field=onTimeRate]').textContent()).toBe(percentText(r.onTimeRate));
}

/**
 * The few browser globals the page-side functions use, declared here: the test project compiles
 * without the DOM library (and string expressions would need 'unsafe-eval', which the CSP forbids).
 */
interface PageElement {
  getClientRects(): { length: number };
  getAttribute(name: string): string | null;
  labels?: { length: number } | null;
  outerHTML: string;
  textContent: string | null;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement>; documentElement: { dataset: Record<string, string | undefined> } };
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };

async function shot(page: Page, name: string): Promise<void> {
  // No table caught behind its fading loading veil.
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur'));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  expect({ page: name, unlabelled: await unlabelledInputs(page) }).toEqual({ page: name, unlabelled: [] });
}

/** Every visible form control needs an accessible name: a <label>, aria-label or aria-labelledby. */
function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), textarea, select, [role=switch], [role=combobox]')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.outerHTML.slice(0, 160)),
  );
}

const refreshTokenOf = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('dossier-flow.session') ?? '{}') as { refreshToken?: string }).refreshToken);

function login(page: Page, username: string, home: string, screenshot?: string): Promise<void> {
  return signIn(page, url, username, home, screenshot ? () => shot(page, screenshot) : undefined);
}

/** Completes the current step from the dossier page and waits until the dossier moved on to `next`. */
async function completeStep(page: Page, next: string): Promise<void> {
  await page.locator('[data-action=complete]').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Ghi chú').fill('Hồ sơ hợp lệ');
  // antd zooms the dialog in; a click during the zoom can miss the moving button (seen once in CI).
  await page.locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter').waitFor({ state: 'detached' });
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  // Either the dialog closes, or it shows the API's refusal: fail with that text, not a timeout.
  const outcome = await page.waitForFunction(() => {
    if (!document.querySelector('[role=dialog]')) return 'closed';
    return document.querySelector('[role=dialog] [role=alert]')?.textContent || false;
  });
  const shown = await outcome.jsonValue();
  if (shown !== 'closed') throw new Error(`completing the step towards ${next} was refused: ${shown}`);
  await page.locator(`[data-testid=current-step][data-step="${next}"]`).waitFor();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startBrowserStack();
  url = stack.url;
}, 60_000);

afterAll(() => stack?.stop());

it('takes a dossier from the desk to the reviewer, raises a live alert on the board, and shows its status to the public', async () => {
  // Same origin: the API serves the app and keeps answering JSON under /api.
  expect((await fetch(`${url}/tra-cuu`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toMatch(/text\/html/);
  expect((await fetch(`${url}/api/nope`)).status).toBe(404);

  const admin = await token('admin');
  const slow = secondsProcedure([120, 120, 120, 120]);
  const neglected = secondsProcedure([2, 120, 120, 120]);
  await post('/api/procedures', slow, admin);
  await post('/api/procedures', neglected, admin);

  // Public catalog, no login.
  const visitor = await newPage();
  await visitor.goto(`${url}/thu-tuc`);
  await visitor.getByTestId('catalog').getByText(slow.code, { exact: true }).waitFor();
  await shot(visitor, '01-public-catalog');

  // Reception: lands on the register form, finds the procedure by code, fields validated as typed.
  const desk = await newPage();
  await login(desk, 'reception', '/tiep-nhan', '01b-login');
  await choose(desk, desk.locator('#procedureCode'), slow.code, slow.code);
  await desk.getByLabel('Họ và tên người nộp').fill('Nguyễn Thị Vân Quỳnh');
  await desk.getByLabel('Số điện thoại').fill('12');
  await desk.getByText('Số điện thoại gồm 8–20 chữ số').waitFor();
  await desk.getByLabel('Số điện thoại').fill('0912345678');
  await desk.getByText('Số điện thoại gồm 8–20 chữ số').waitFor({ state: 'detached' });
  await desk.getByLabel('Số CCCD/CMND').fill('001190012345');
  await shot(desk, '02-reception-register');
  // The receipt and appointment slip with the QR code of the public lookup.
  const code = await submitRegistration(desk);
  const secret = (await desk.getByTestId('slip-secret').textContent())!.trim();
  const lookupUrl = await desk.getByTestId('slip-qr').getAttribute('data-url');
  expect(code).toMatch(/-\d{4}$/);
  expect(lookupUrl).toBe(`${url}/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`);
  await desk.emulateMedia({ media: 'print' });
  await shot(desk, '03-reception-slip-print');
  await desk.emulateMedia({ media: 'screen' });

  // The desk completes its reception step from its inbox.
  await desk.getByRole('link', { name: 'Đến hộp việc' }).click();
  await desk.getByTestId('inbox').getByRole('link', { name: code }).click();
  await desk.getByTestId('dossier-code').filter({ hasText: code }).waitFor();
  await desk.getByTestId('control-sheet').waitFor();
  await shot(desk, '04-reception-dossier');
  await completeStep(desk, 'review');

  // Reviewer: the dossier is in the inbox with its remaining time and colour; complete the review.
  const reviewer = await newPage();
  await login(reviewer, 'reviewer', '/hop-thu');
  const row = reviewer.getByTestId('inbox').locator('tr', { hasText: code });
  await row.waitFor();
  await row.locator('[data-state=within]').waitFor();
  // The inbox pages on the server and says how many steps wait (at least this one).
  await reviewer.getByText(/^Số việc: [1-9]\d*$/).waitFor();
  await shot(reviewer, '05-reviewer-inbox');
  await row.getByRole('link', { name: code }).click();
  await reviewer.getByTestId('control-sheet').waitFor();
  await shot(reviewer, '06-reviewer-dossier');
  await completeStep(reviewer, 'approval');
  await shot(reviewer, '07-reviewer-dossier-completed');

  // Supervisor: the board is live, then a neglected dossier's alert appears without reload.
  const supervisor = await newPage();
  await login(supervisor, 'supervisor', '/canh-bao');
  await supervisor.locator('[data-testid=sse-state][data-live=yes]').waitFor();
  // The optional sound: off by default, switched on by keyboard, remembered across reloads.
  const sound = supervisor.getByRole('switch', { name: 'Âm báo' });
  expect(await sound.getAttribute('aria-checked')).toBe('false');
  await sound.focus();
  await supervisor.keyboard.press('Space');
  await supervisor.locator('[data-testid=alert-sound][aria-checked=true]').waitFor();
  await supervisor.reload();
  await supervisor.locator('[data-testid=alert-sound][aria-checked=true]').waitFor();
  await supervisor.locator('[data-testid=sse-state][data-live=yes]').waitFor();
  const receipt = await post<{ code: string }>(
    '/api/dossiers',
    { procedureCode: neglected.code, applicant: { name: 'Trần Văn Bỏ Quên' }, channel: 'counter' },
    await token('reception'),
    { 'Idempotency-Key': `browser-${neglected.code}` },
  );
  const alertRow = supervisor.getByTestId('alerts-board').locator('tr', { hasText: receipt.code }).filter({ hasText: 'Bước quá hạn' });
  await alertRow.waitFor({ timeout: 30_000 });
  // Pushed live, the alert names its step as the procedure does, not by its key.
  expect(await alertRow.locator('[data-field=step]').textContent()).toBe(neglected.steps[0].name);
  await supervisor.locator('[data-testid=new-alerts-badge] .ant-badge-count').waitFor();
  // The menu counts the unacknowledged alerts; the new one was announced with a beep.
  await supervisor.locator('[data-testid=menu-alerts-badge]').waitFor();
  const unacknowledged = Number(await supervisor.getByTestId('menu-alerts-badge').getAttribute('data-count'));
  expect(unacknowledged).toBeGreaterThan(0);
  await supervisor.waitForFunction(() => Number(document.documentElement.dataset.alertBeeps ?? 0) > 0);
  await shot(supervisor, '08-supervisor-alerts-live');
  await alertRow.getByRole('button', { name: /Đã xem/ }).click();
  await alertRow.waitFor({ state: 'detached' });
  // The badge follows the server's count of unacknowledged alerts. The neglected dossier keeps
  // raising alerts meanwhile, so "fewer than before" can miss: compare with the server instead.
  const supervisorToken = await token('supervisor');
  await waitFor(async () => {
    const { total } = await get<{ total: number }>('/api/alerts?acknowledged=false&pageSize=1', supervisorToken);
    const shown = await supervisor.evaluate(() => Number(document.querySelector('[data-testid=menu-alerts-badge]')?.getAttribute('data-count') ?? 0));
    return shown === total;
  }, 'the menu badge to show the server\'s count after the acknowledgement');
  await supervisor.getByTestId('alerts-board').getByRole('link', { name: receipt.code }).first().click();
  await supervisor.getByTestId('dossier-code').filter({ hasText: receipt.code }).waitFor();
  await shot(supervisor, '09-supervisor-dossier');

  // Public lookup from the QR code's address: the first dossier is with the approver.
  await visitor.goto(lookupUrl!);
  await visitor.locator('[data-testid=lookup-status][data-status=processing]').waitFor();
  await visitor.getByText('Phê duyệt').first().waitFor();
  await shot(visitor, '10-public-lookup');

  // The English switch, by keyboard: the same page relabels itself.
  // (A native select: the arrow keys change it while it is closed.)
  await visitor.locator('#lang-switch').focus();
  await visitor.keyboard.press('ArrowDown');
  await visitor.getByText('Processing', { exact: true }).waitFor();
  await shot(visitor, '11-public-lookup-en');
  await visitor.locator('#lang-switch').focus();
  await visitor.keyboard.press('ArrowUp');
  await visitor.getByText('Đang giải quyết', { exact: true }).waitFor();

  // Statistics: the supervisor's access token has expired meanwhile (simulated): the app renews it
  // with the refresh token and carries on instead of signing out.
  const stale = await refreshTokenOf(supervisor);
  await supervisor.evaluate(() => {
    const session = JSON.parse(sessionStorage.getItem('dossier-flow.session') ?? '{}') as Record<string, unknown>;
    sessionStorage.setItem('dossier-flow.session', JSON.stringify({ ...session, accessToken: 'expired.access.token' }));
  });
  await supervisor.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Thống kê' }).click();
  await supervisor.waitForURL('**/thong-ke');
  const period = currentAgencyMonth();
  const [total] = await get<TimelinessRow[]>(`/api/stats/timeliness?${new URLSearchParams(period)}`, supervisorToken);
  const byProcedure = await get<TimelinessRow[]>(`/api/stats/timeliness?${new URLSearchParams({ ...period, groupBy: 'procedure' })}`, supervisorToken);
  // The two dossiers this test registered are counted, each under its procedure, both still pending.
  for (const p of [slow, neglected]) expect(byProcedure.find((r) => r.group === p.code)).toMatchObject({ received: { total: 1, directOrPostal: 1 }, pending: { total: 1 } });
  expect(total.received.total).toBeGreaterThanOrEqual(2);
  const totalRow = supervisor.getByTestId('stats-total').locator('tbody tr.ant-table-row');
  await totalRow.locator(`[data-field="received.total"]`).filter({ hasText: String(total.received.total) }).waitFor();
  await expectRowShows(totalRow, total);
  await supervisor.getByRole('tab', { name: 'Theo thủ tục' }).click();
  const slowRow = supervisor.getByTestId('stats-procedure').locator('tbody tr.ant-table-row').filter({ has: supervisor.locator(`[data-group="${slow.code}"]`) });
  await slowRow.waitFor();
  await expectRowShows(slowRow, byProcedure.find((r) => r.group === slow.code)!);
  await supervisor.getByTestId('stats-chart').locator('.recharts-surface').first().waitFor();
  expect(await refreshTokenOf(supervisor)).not.toBe(stale);
  await shot(supervisor, '12-supervisor-statistics');

  // Export to Excel: the downloaded workbook holds the numbers of the summary.
  const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByRole('button', { name: 'Xuất Excel', exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/^bieu-06_.*_total\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const cells = Array.from({ length: 12 }, (_, i) => workbook.worksheets[0].getCell(FIRST_DATA_ROW, i + 2).value);
  expect(cells).toEqual([...FIELDS.map((f) => valueOf(total, f)), total.onTimeRate]);

  // Feedback about the dossier, reached from the lookup page: a petition of kind feedback, validated as typed, then sent.
  await visitor.getByTestId('lookup-feedback').click();
  await visitor.waitForURL('**/phan-anh?code=*');
  expect(await visitor.getByLabel('Về hồ sơ (mã hồ sơ, nếu có)').inputValue()).toBe(code);
  await visitor.getByLabel('Họ và tên').fill('Nguyễn Thị Vân Quỳnh');
  await visitor.getByLabel('Số điện thoại hoặc thư điện tử').fill('abc');
  await visitor.getByText('Nhập số điện thoại (8–20 chữ số) hoặc thư điện tử hợp lệ').waitFor();
  await visitor.getByLabel('Số điện thoại hoặc thư điện tử').fill('0912345678');
  await visitor.getByText('Nhập số điện thoại (8–20 chữ số) hoặc thư điện tử hợp lệ').waitFor({ state: 'detached' });
  await visitor.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await visitor.getByText('Bắt buộc nhập').first().waitFor();
  await visitor.getByLabel('Tiêu đề').fill('Cán bộ tiếp nhận tận tình');
  await visitor.getByLabel('Nội dung').fill('Cán bộ tiếp nhận hướng dẫn tận tình, cảm ơn.');
  await shot(visitor, '13-public-feedback');
  await visitor.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await visitor.getByTestId('petition-sent').waitFor();
  const petitionCode = (await visitor.getByTestId('petition-code').textContent())!;
  await shot(visitor, '14-public-feedback-sent');

  // The admin lands on the statistics page and finds the feedback in the petitions inbox, linked to the dossier.
  const admin2 = await newPage();
  await login(admin2, 'admin', '/thong-ke');
  await admin2.getByTestId('stats-total').locator('tbody tr.ant-table-row').waitFor();
  await admin2.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phản ánh, kiến nghị', exact: true }).click();
  await admin2.getByTestId('petitions-inbox').locator('tr', { hasText: 'Cán bộ tiếp nhận tận tình' }).filter({ hasText: petitionCode }).waitFor();
  await shot(admin2, '15-admin-feedback-list');
  // The old addresses of the feedback pages lead to the petition pages.
  await admin2.goto(`${url}/y-kien`);
  await admin2.waitForURL('**/kien-nghi');
  await admin2.getByTestId('petitions-inbox').locator('tr', { hasText: petitionCode }).waitFor();
  expect(stack.pageErrors).toEqual([]);
});
