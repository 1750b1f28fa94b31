import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { messages } from '../../apps/web/src/messages';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { expectAccessible } from '../support/accessibility';
import { choose, signIn, startBrowserStack, submitRegistration, type BrowserStack } from '../support/browser';
import { waitFor } from '../support/stack';

/**
 * The administrator's procedure and calendar pages (issue 22 items 1, 2 and 8) in Chromium against
 * the real stack: a new procedure version made in the editor, checked by the API as it is typed, and
 * a dossier registered on it at the desk; the same editor used with the keyboard alone; a day off
 * whose preview names the dossier it moves, saved, rolled out, then removed again. Screenshots go to
 * test-output/screenshots/.
 */
const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output/screenshots');
const m = messages.vi;

jest.setTimeout(240_000);

let stack: BrowserStack;
let url: string;

interface ProcedureView {
  code: string;
  version: number;
  name: string;
  steps: { key: string; name: string; duration: Record<string, number> }[];
  legalTime: Record<string, number>;
}

/** A procedure in working days (3 = 1 + 1 + 1), so that a day off moves its dossiers. */
function workingDaysProcedure(code: string) {
  return {
    code,
    name: 'Cấp giấy chứng nhận thử nghiệm',
    agencyCode: DEMO_AGENCY_CODE,
    legalTime: { workingDays: 3 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingDays: 1 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 1 } },
      { key: 'approval', name: 'Phê duyệt', role: 'approver', departmentCode: 'DKKD', duration: { workingDays: 1 } },
    ],
  };
}
const randomCode = () => `8.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur'));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

declare const document: { activeElement: { id: string; getAttribute(name: string): string | null } | null; querySelector(selector: string): unknown };

/** Presses `key` (Tab or Shift+Tab) until the focused element is `id` (or has that data-testid). */
async function tabTo(page: Page, id: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const at = await page.evaluate(() => (document.activeElement ? [document.activeElement.id, document.activeElement.getAttribute('data-testid')] : []));
    if (at.includes(id)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached #${id}`);
}

/** An agency-time 'DD/MM/YYYY HH:mm', as the pages print an instant. */
const shown = (iso: string) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};
const localDate = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startBrowserStack();
  url = stack.url;
}, 120_000);

afterAll(() => stack?.stop());

it('makes a new procedure version in the editor with the API checking as it is typed, shows the versions side by side, and the desk registers a dossier on it', async () => {
  const admin = await stack.token('admin');
  const base = workingDaysProcedure(randomCode());
  await stack.post('/api/procedures', base, admin);

  const page = await stack.newPage();
  await signIn(page, url, 'admin', '/thong-ke');
  await page.getByRole('link', { name: m.navAdminProcedures }).click();
  await page.waitForURL('**/quan-tri/thu-tuc');
  await page.locator('#admin-procedure-search').fill(base.code);
  await page.getByTestId('admin-procedures').getByRole('link', { name: base.code }).click();
  await page.waitForURL(`**/quan-tri/thu-tuc/${base.code}`);
  await page.getByTestId('new-version').click();
  await page.waitForURL(`**/quan-tri/thu-tuc/${base.code}/phien-ban-moi`);
  await page.getByTestId('plan-state').and(page.locator('[data-state=valid]')).waitFor();

  // Too long a review: the API's own message, as it answers a POST of the draft.
  await page.locator('#step-1-amount').fill('9');
  const tooLong = page.getByTestId('error-steps');
  await tooLong.waitFor();
  expect(await tooLong.textContent()).toMatch(/the steps add up to .* more than the legal time of 3 working days/);
  expect(await page.getByTestId('save-procedure').isDisabled()).toBe(true);
  await shot(page, 'admin-procedure-editor-error');
  await expectAccessible(page, 'procedure editor with an error');

  // Back within the legal time, a new name: valid, with the plan of a dossier received now.
  await page.locator('#step-1-amount').fill('1');
  await page.locator('#proc-name').fill('Cấp giấy chứng nhận thử nghiệm (sửa đổi)');
  await page.locator('#step-1-name').fill('Thẩm định hồ sơ');
  await page.getByTestId('plan-state').and(page.locator('[data-state=valid]')).waitFor();
  expect(await page.getByTestId('plan').locator('tbody tr').count()).toBe(3);
  expect(await page.getByTestId('plan').locator('tbody tr').nth(1).textContent()).toContain('Thẩm định hồ sơ');
  await shot(page, 'admin-procedure-editor-plan');
  await page.getByTestId('save-procedure').click();
  await page.waitForURL(`**/quan-tri/thu-tuc/${base.code}?v=2`);

  // Version 1 and 2 side by side: the name and the review step changed, the legal time did not.
  const diff = page.getByTestId('version-diff');
  await diff.locator('tbody tr').filter({ hasText: 'Thẩm định hồ sơ' }).waitFor();
  const changed = await diff.locator('tr.diff-changed td:first-child').allTextContents();
  expect(changed).toEqual([m.procedureName, m.stepNumber.replace('{n}', '2')]);
  await shot(page, 'admin-procedure-versions');
  await expectAccessible(page, 'procedure versions');
  await page.goto(`${url}/quan-tri/thu-tuc`);
  await page.getByTestId('admin-procedures').locator('tbody tr').first().waitFor();
  await expectAccessible(page, 'procedures');

  // The desk registers on the new version.
  const desk = await stack.newPage();
  await signIn(desk, url, 'reception', '/tiep-nhan');
  await choose(desk, desk.locator('#procedureCode'), base.code, base.code);
  await desk.locator('#applicant_name').fill('Trần Văn Phiên');
  const code = await submitRegistration(desk);
  const dossier = await stack.get<{ procedureCode: string; procedureVersion: number; steps: { name: string }[] }>(`/api/dossiers/${encodeURIComponent(code)}`, await stack.token('supervisor'));
  expect(dossier).toMatchObject({ procedureCode: base.code, procedureVersion: 2 });
  expect(dossier.steps.map((s) => s.name)).toEqual(['Tiếp nhận', 'Thẩm định hồ sơ', 'Phê duyệt']);
  expect(stack.pageErrors).toEqual([]);
});

it('works with the keyboard alone: a field changed, a step added, the API objecting and then satisfied, the version saved', async () => {
  const admin = await stack.token('admin');
  const base = workingDaysProcedure(randomCode());
  await stack.post('/api/procedures', base, admin);
  const page = await stack.newPage();
  await signIn(page, url, 'admin', '/thong-ke');
  await page.goto(`${url}/quan-tri/thu-tuc/${base.code}/phien-ban-moi`);
  await page.getByTestId('plan-state').and(page.locator('[data-state=valid]')).waitFor();

  await tabTo(page, 'proc-name');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Thủ tục sửa bằng bàn phím');
  await tabTo(page, 'add-step');
  await page.keyboard.press('Enter');
  await tabTo(page, 'step-3-key', 'Shift+Tab');
  await page.keyboard.type('recheck');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Kiểm tra lại');
  // Four working days of steps in a three-day procedure: the API says so.
  await page.getByTestId('error-steps').waitFor();
  expect(await page.getByTestId('error-steps').textContent()).toMatch(/more than the legal time of 3 working days/);
  await shot(page, 'admin-procedure-editor-keyboard');
  await tabTo(page, 'proc-legal-amount', 'Shift+Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('4');
  await page.getByTestId('plan-state').and(page.locator('[data-state=valid]')).waitFor();
  await tabTo(page, 'save-procedure');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/quan-tri/thu-tuc/${base.code}?v=2`);

  const saved = await stack.get<ProcedureView>(`/api/procedures/${base.code}`, admin);
  expect(saved).toMatchObject({ version: 2, name: 'Thủ tục sửa bằng bàn phím', legalTime: { workingDays: 4 } });
  expect(saved.steps.map((s) => [s.key, s.name, s.duration])).toEqual([
    ['reception', 'Tiếp nhận', { workingDays: 1 }],
    ['review', 'Thẩm định', { workingDays: 1 }],
    ['approval', 'Phê duyệt', { workingDays: 1 }],
    ['recheck', 'Kiểm tra lại', { workingDays: 1 }],
  ]);
  expect(stack.pageErrors).toEqual([]);
});

it("adds a day off after a preview naming the dossier it moves, rolls it out so the dossier's due date moves, then removes it", async () => {
  const admin = await stack.token('admin');
  const procedure = workingDaysProcedure(randomCode());
  await stack.post('/api/procedures', procedure, admin);
  const reception = await stack.token('reception');
  const receipt = await stack.post<{ code: string; dueAt: string }>('/api/dossiers', { procedureCode: procedure.code, applicant: { name: 'Vũ Thị Lịch' }, channel: 'counter' }, reception, { 'Idempotency-Key': `cal-${procedure.code}` });
  const supervisor = await stack.token('supervisor');
  const dueOf = async () => (await stack.get<{ dueAt: string }>(`/api/dossiers/${encodeURIComponent(receipt.code)}`, supervisor)).dueAt;
  // The due date's own day is a working day: off, it pushes the due date to the next one.
  const day = localDate(receipt.dueAt);

  const page = await stack.newPage();
  await signIn(page, url, 'admin', '/thong-ke');
  await page.getByRole('link', { name: m.navAdminCalendar }).click();
  await page.getByTestId('calendar-days').locator('tbody tr').first().waitFor();
  await expectAccessible(page, 'calendar');
  await page.locator('#override-date').fill(day);
  await page.locator('#override-source').fill('Công văn thử nghiệm');
  await page.getByTestId('override-preview').click();
  const row = page.getByTestId('preview-moved').locator('tr', { hasText: receipt.code });
  await row.waitFor();
  // Saved without a reason: the API's 400 under the reason field, nothing saved.
  await page.getByTestId('override-save').click();
  const noReason = page.locator('.ant-form-item-has-error', { has: page.locator('#override-reason') }).getByTestId('error-reason');
  await noReason.waitFor();
  expect(await noReason.textContent()).toMatch(/^reason /);
  expect(await stack.ds.query(`SELECT 1 FROM calendar_overrides WHERE date = $1`, [day])).toEqual([]);
  await page.locator('#override-reason').fill('Nghỉ đột xuất (thử nghiệm)');
  const previewed = (await row.locator('[data-field=new-due]').textContent()) ?? '';
  expect(previewed).not.toBe(shown(receipt.dueAt));
  expect(await dueOf()).toBe(receipt.dueAt);
  await shot(page, 'admin-calendar-preview');
  await expectAccessible(page, 'calendar with a preview');

  await page.getByTestId('override-save').click();
  await page.locator('[data-testid=rollout-state][data-state=completed]').waitFor({ timeout: 60_000 });
  const moved = await waitFor(async () => {
    const due = await dueOf();
    return due !== receipt.dueAt && due;
  }, "the dossier's new due date");
  expect(shown(moved)).toBe(previewed);
  expect(new Date(moved).getTime()).toBeGreaterThan(new Date(receipt.dueAt).getTime());
  await page.getByTestId('calendar-days').locator('tr', { hasText: 'Nghỉ đột xuất (thử nghiệm)' }).filter({ hasText: 'Công văn thử nghiệm' }).waitFor();
  await shot(page, 'admin-calendar-rolled-out');

  // Removed again: the preview moves it back, and so does the rollout.
  await page.locator('label', { hasText: m.override_remove }).click();
  await page.getByTestId('override-preview').click();
  await page.getByTestId('preview-moved').locator('tr', { hasText: receipt.code }).locator('[data-field=new-due]').filter({ hasText: shown(receipt.dueAt) }).waitFor();
  await page.getByTestId('override-save').click();
  await page.locator('[data-testid=rollout-state][data-state=completed]').waitFor({ timeout: 60_000 });
  await waitFor(async () => (await dueOf()) === receipt.dueAt, 'the original due date back');
  expect(stack.pageErrors).toEqual([]);
});

it('lists the statutory holidays with their acts, and a platform administrator adds one: the API objecting under the field, then the rule saved and rolled out', async () => {
  const page = await stack.newPage();
  await signIn(page, url, 'admin', '/thong-ke');
  await page.goto(`${url}/quan-tri/lich`);
  const card = page.getByTestId('holiday-rules');
  const table = card.getByTestId('holiday-rules-table');
  // The rules as the API lists them, Tết by the lunar calendar among them.
  const rules = await stack.get<{ key: string; name: string; calendar: string; source: string }[]>('/api/calendar/holiday-rules', await stack.token('admin'));
  const tet = rules.find((r) => r.calendar === 'lunar')!;
  await table.locator('tr', { hasText: tet.name }).filter({ hasText: m.holidayCalendar_lunar }).filter({ hasText: tet.source }).first().waitFor();
  expect(await table.locator('tbody tr.ant-table-row').count()).toBe(rules.length);

  // PLATFORM_ADMINS is empty here: the demo's admin is the platform's, and the session says so.
  await card.getByTestId('holiday-rule-add').click();
  const form = card.getByTestId('holiday-rule-form');
  await form.getByLabel(m.holidayRuleKey, { exact: true }).fill('Ngay Thu Nghiem');
  await form.getByLabel(m.holidayRuleName, { exact: true }).fill('Ngày thử nghiệm giao diện');
  await form.getByLabel(m.holidayRuleDay, { exact: true }).fill('3');
  await form.getByLabel(m.holidayRuleMonth, { exact: true }).fill('3');
  // Far ahead: the new day off moves no dossier of this file.
  await form.getByLabel(m.effectiveFrom, { exact: true }).fill('2199-01-01');
  await form.getByLabel(m.legalSource, { exact: true }).fill('Luật thử nghiệm, Điều 1');
  await expectAccessible(page, 'calendar, adding a statutory holiday');
  await card.getByTestId('holiday-rule-save').click();
  // The key's pattern is the API's rule: its 400 shows under the field, nothing saved.
  await form.locator('.ant-form-item-has-error', { has: page.locator('#holiday-rule_key') }).locator('.ant-form-item-explain-error').filter({ hasText: 'key must be' }).waitFor();
  expect(await stack.ds.query(`SELECT 1 FROM holiday_rules WHERE rule->>'name' = 'Ngày thử nghiệm giao diện'`)).toEqual([]);

  await form.getByLabel(m.holidayRuleKey, { exact: true }).fill('ngay_thu_nghiem');
  await card.getByTestId('holiday-rule-save').click();
  await card.locator('[data-testid=rollout-state][data-state=completed]').waitFor({ timeout: 60_000 });
  await table.locator('tr', { hasText: 'Ngày thử nghiệm giao diện' }).filter({ hasText: '03/03' }).filter({ hasText: '01/01/2199' }).waitFor();
  expect((await stack.get<{ key: string }[]>('/api/calendar/holiday-rules', await stack.token('admin'))).map((r) => r.key)).toContain('ngay_thu_nghiem');
  await shot(page, 'admin-calendar-holiday-added');
  expect(stack.pageErrors).toEqual([]);
});
