import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { choose, signIn, startBrowserStack, submitRegistration, type BrowserStack } from '../support/browser';

/**
 * The print buttons of the web app (issue 19 item 2: "the web app prints each where the action
 * happens"): forms 02, 04 and 05 from the dossier page, the official receipt (01) from the slip
 * after registering at the desk, and the tracking book (07) from the desk's page. Each click opens
 * the API's printable form in a new tab; the tab must show the form's number and the dossier's own
 * values (its code, the items asked for, the reasons given).
 */
const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output/screenshots');

jest.setTimeout(180_000);

let stack: BrowserStack;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startBrowserStack();
}, 60_000);

afterAll(() => stack?.stop());

/** Clicks `button` and answers the tab it opened, once the form fetched with the session's token is in it. */
async function printed(page: Page, button: Locator): Promise<Page> {
  const [tab] = await Promise.all([page.waitForEvent('popup'), button.click()]);
  await tab.waitForURL(/^blob:/);
  await tab.locator('article.form').waitFor();
  return tab;
}

const text = async (tab: Page, selector: string) => ((await tab.locator(selector).textContent()) ?? '').trim();

/** The first working day on or after `localDay` + `days`, from the agency calendar the API answers. */
async function workingDayAfter(localDay: string, days: number, token: string): Promise<string> {
  const day = new Date(`${localDay}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  const off = new Set<string>();
  const worked = new Set<string>();
  for (const year of [day.getUTCFullYear(), day.getUTCFullYear() + 1]) {
    const cal = await stack.get<{ daysOff: { date: string }[]; workingDays: { date: string }[] }>(`/api/calendar/${year}`, token);
    for (const d of cal.daysOff) off.add(d.date);
    for (const d of cal.workingDays) worked.add(d.date);
  }
  for (;;) {
    const ymd = day.toISOString().slice(0, 10);
    // The calendar lists the holidays off and the weekend days worked; other weekend days are off.
    const weekend = [0, 6].includes(day.getUTCDay());
    if (!off.has(ymd) && (!weekend || worked.has(ymd))) return ymd;
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

it('opens forms 02, 04 and 05 from the dossier page, 01 from the slip and 07 from the desk, each showing its number and the dossier', async () => {
  const { url } = stack;
  const [admin, desk, reviewer, approver] = await Promise.all(['admin', 'reception', 'reviewer', 'approver'].map((u) => stack.token(u)));
  const code = `9.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  await stack.post('/api/procedures', {
    code, name: 'Thủ tục thử nghiệm in biểu mẫu', agencyCode: '000.00.11.H62', legalTime: { workingDays: 5 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 3 } },
    ],
  }, admin);

  // A dossier asked to supplement, supplemented, then given a new appointment with an apology.
  const register = (name: string, key: string) => stack.post<{ code: string }>('/api/dossiers', { procedureCode: code, applicant: { name }, channel: 'online' }, desk, { 'Idempotency-Key': `print-${code}-${key}` });
  const a = (await register('Nguyễn Văn Hẹn', 'a')).code;
  await stack.post(`/api/dossiers/${a}/steps/reception/complete`, { note: 'Đủ thành phần' }, desk);
  const items = ['Điều lệ công ty có chữ ký các thành viên', 'Danh sách thành viên góp vốn'];
  await stack.post(`/api/dossiers/${a}/supplement-requests`, { reason: 'Hồ sơ thiếu giấy tờ', items }, reviewer);
  const resumed = await stack.post<{ dueAt: string }>(`/api/dossiers/${a}/supplements`, { note: 'Đã bổ sung' }, desk);
  const dueDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(resumed.dueAt));
  const newDay = await workingDayAfter(dueDay, 7, desk);
  const apology = 'Cần lấy ý kiến của Sở Xây dựng';
  await stack.post(`/api/dossiers/${a}/reschedule`, { newDueAt: `${newDay}T10:00:00+07:00`, reason: apology }, approver);
  // A dossier the applicant withdrew.
  const b = (await register('Trần Thị Rút Hồ Sơ', 'b')).code;
  const withdrawal = 'Người nộp xin rút để hoàn thiện phương án';
  await stack.post(`/api/dossiers/${b}/withdraw`, { reason: withdrawal }, desk);

  const page = await stack.newPage();
  await signIn(page, url, 'reception', '/tiep-nhan');
  await page.goto(`${url}/ho-so/${encodeURIComponent(a)}`);
  const forms = page.getByTestId('print-forms');
  await forms.locator('button[data-form="04"]').waitFor();
  expect(await forms.locator('button[data-form="05"]').count()).toBe(0);

  const f02 = await printed(page, forms.locator('button[data-form="02"]'));
  expect(await text(f02, '.form-no')).toBe('Mẫu số 02');
  expect(await text(f02, 'h1')).toBe('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  expect(await text(f02, '.meta')).toContain(`Số: ${a}`);
  for (const item of items) await f02.locator('table.grid td', { hasText: item }).waitFor();
  await f02.screenshot({ path: join(SHOTS, 'print-01-form-02.png'), fullPage: true });

  const f04 = await printed(page, forms.locator('button[data-form="04"]'));
  expect(await text(f04, '.form-no')).toBe('Mẫu số 04');
  expect(await text(f04, '.meta')).toContain(`Số: ${a}`);
  await f04.getByText(`Lý do chậm: ${apology}`).waitFor();
  const [y, m, d] = newDay.split('-');
  await f04.getByText(`10:00 ${d}/${m}/${y}`, { exact: false }).waitFor();
  await f04.screenshot({ path: join(SHOTS, 'print-02-form-04.png'), fullPage: true });

  await page.goto(`${url}/ho-so/${encodeURIComponent(b)}`);
  const f05 = await printed(page, page.getByTestId('print-forms').locator('button[data-form="05"]'));
  expect(await text(f05, '.form-no')).toBe('Mẫu số 05');
  expect(await text(f05, '.meta')).toContain(`Số: ${b}`);
  await f05.locator('table.fields td', { hasText: withdrawal }).waitFor();
  await f05.screenshot({ path: join(SHOTS, 'print-03-form-05.png'), fullPage: true });

  // The desk registers a dossier and prints the official receipt (form 01) from the slip.
  await page.goto(`${url}/tiep-nhan`);
  await choose(page, page.locator('#procedureCode'), code, code);
  await page.getByLabel('Họ và tên người nộp').fill('Lê Thị Biên Nhận');
  const c = await submitRegistration(page);
  expect(c).toMatch(/-\d{4}$/);
  const f01 = await printed(page, page.locator('button[data-form="01"]'));
  expect(await text(f01, '.form-no')).toBe('Mẫu số 01');
  expect(await text(f01, '.meta')).toContain(`Số: ${c}`);
  await f01.locator('table.fields td', { hasText: 'Lê Thị Biên Nhận' }).waitFor();

  // The tracking book of this month so far (the card's default period), this procedure only.
  await page.goto(`${url}/tiep-nhan`);
  const book = page.getByTestId('tracking-book');
  await book.getByLabel('Mã thủ tục').fill(code);
  const f07 = await printed(page, book.getByRole('button', { name: 'In sổ' }));
  expect(await text(f07, '.form-no')).toBe('Mẫu số 07');
  for (const dossier of [a, b, c]) await f07.locator('table.grid td', { hasText: dossier }).first().waitFor();
  await f07.getByText('Tổng số: 3 hồ sơ.').waitFor();
  await f07.screenshot({ path: join(SHOTS, 'print-04-form-07.png'), fullPage: true });
  expect(stack.pageErrors).toEqual([]);
});
