import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { TimelinessRow } from '../../apps/api/src/stats/stats.dto';
import { RATING_CRITERIA } from '../../libs/contracts/src/ratings';
import { seedMergerHistory } from '../../libs/db/src';
import { signIn, startBrowserStack, type BrowserStack } from '../support/browser';
import { secondsProcedure } from '../support/fixtures';

/**
 * A citizen rates a returned dossier from the public lookup page (issue 21, point 4): no form before
 * the result is returned; then the form, its required scores, a low rating with a script-laden
 * comment shown back as text, the follow-up notice; the rating shown again on the next visit; and
 * the supervisor's statistics count it beside the on-time rate.
 */
const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-output/screenshots');

jest.setTimeout(240_000);

let stack: BrowserStack;

/** Browser globals the page-side checks use (the test project compiles without the DOM library). */
declare const document: { querySelector(selector: string): unknown };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startBrowserStack();
}, 60_000);

afterAll(() => stack?.stop());

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

it('lets the citizen rate a returned dossier once from the lookup page and shows the rating back', async () => {
  const { url } = stack;
  const [admin, desk, reviewer, approver, supervisor] = await Promise.all(['admin', 'reception', 'reviewer', 'approver', 'supervisor'].map((u) => stack.token(u)));
  const procedure = secondsProcedure([600, 600, 600, 600]);
  await stack.post('/api/procedures', procedure, admin);
  const receipt = await stack.post<{ code: string; lookupSecret: string }>('/api/dossiers', { procedureCode: procedure.code, applicant: { name: 'Đặng Minh Khôi' }, channel: 'counter' }, desk, { 'Idempotency-Key': `rating-${procedure.code}` });
  const { code, lookupSecret } = receipt;
  const lookupUrl = `${url}/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(lookupSecret)}`;
  for (const [step, token] of [['reception', desk], ['review', reviewer], ['approval', approver]] as const) await stack.post(`/api/dossiers/${code}/steps/${step}/complete`, {}, token);

  // Processed but not yet handed back: no rating form.
  const citizen = await stack.newPage();
  await citizen.goto(lookupUrl);
  await citizen.locator('[data-testid=lookup-status][data-status=awaiting_return]').waitFor();
  expect(await citizen.getByTestId('rating-form').count()).toBe(0);

  // Returned: the form appears; sending it empty names the required scores.
  await stack.post(`/api/dossiers/${code}/steps/return/complete`, {}, desk);
  await citizen.reload();
  await citizen.locator('[data-testid=lookup-status][data-status=returned]').waitFor();
  const form = citizen.getByTestId('rating-form');
  await form.getByRole('heading', { name: 'Đánh giá mức độ hài lòng' }).waitFor();
  await form.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await form.getByText('Bắt buộc nhập').first().waitFor();
  expect(await form.getByText('Bắt buộc nhập').count()).toBe(RATING_CRITERIA.length);

  // Every criterion scored by its labelled group; overall 2 is low (RATING_LOW_THRESHOLD 2).
  for (const k of RATING_CRITERIA) {
    const group = form.locator(`[role=radiogroup][data-criterion=${k}]`);
    await group.getByText(k === 'overall' ? '2' : '4', { exact: true }).click();
  }
  await form.getByRole('radiogroup', { name: 'Thái độ của cán bộ, công chức' }).getByText('5', { exact: true }).click();
  const comment = '<img src=x onerror="window.hacked=1"> Phải đi lại <b>ba</b> lần & chờ lâu.';
  await form.getByLabel('Ý kiến khác (không bắt buộc)').fill(comment);
  await shot(citizen, 'rating-01-form');
  await form.getByRole('button', { name: 'Gửi đánh giá' }).click();

  const given = citizen.getByTestId('rating-given');
  await given.getByText('Cảm ơn ông/bà đã đánh giá.').waitFor();
  await given.getByText('lãnh đạo đơn vị sẽ xem xét', { exact: false }).waitFor();
  // The comment is text, not markup: shown as written, no element made of it, nothing ran.
  expect(await given.getByTestId('rating-comment').textContent()).toBe(comment);
  expect(await given.locator('img, b').count()).toBe(0);
  expect(await citizen.evaluate(() => (globalThis as { hacked?: number }).hacked)).toBeUndefined();
  expect(await given.locator('[data-criterion=overall]').getAttribute('data-score')).toBe('2');
  expect(await given.locator('[data-criterion=staffAttitude]').getAttribute('data-score')).toBe('5');
  await shot(citizen, 'rating-02-given');

  // The next visit shows the rating, and no form.
  const later = await stack.newPage();
  await later.goto(lookupUrl);
  await later.getByTestId('rating-given').locator('[data-criterion=overall][data-score="2"]').waitFor();
  expect(await later.getByTestId('rating-form').count()).toBe(0);
  expect(await later.getByTestId('rating-comment').textContent()).toBe(comment);
  expect(await later.evaluate(() => document.querySelector('[data-testid=rating-given] img'))).toBeNull();

  // The supervisor's statistics: the rating beside the on-time rate of the dossier's procedure.
  const period = (() => {
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
    const first = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01T00:00:00+07:00`;
    return { from: new Date(first(y, m)).toISOString(), to: new Date(m === 12 ? first(y + 1, 1) : first(y, m + 1)).toISOString(), groupBy: 'procedure' };
  })();
  const rows = await stack.get<TimelinessRow[]>(`/api/stats/timeliness?${new URLSearchParams(period)}`, supervisor);
  expect(rows.find((r) => r.group === procedure.code)?.satisfaction).toMatchObject({ ratings: 1, low: 1 });
  const page = await stack.newPage();
  await signIn(page, url, 'supervisor', '/canh-bao');
  await page.goto(`${url}/thong-ke`);
  await page.getByRole('tab', { name: 'Theo thủ tục' }).click();
  const row = page.getByTestId('stats-procedure').locator('tbody tr.ant-table-row').filter({ has: page.locator(`[data-group="${procedure.code}"]`) });
  await row.waitFor();
  expect(await row.locator('[data-field="satisfaction.ratings"]').textContent()).toBe('1');
  expect(await row.locator('[data-field="satisfaction.low"]').textContent()).toBe('1');
  expect(await row.locator('[data-field="satisfaction.overall"]').textContent()).toBe('2.00');
  await shot(page, 'rating-03-statistics');

  // The timeliness score of Decision 766 per month (issue 19 item 8) over January–April 2025, the
  // demo's history on both sides of the 1 March 2025 merger: the page shows the months and scores
  // GET /api/stats/service-index answers for the period, and those are the hand-checked ones
  // (agency-merger.e2e-spec.ts: 20 × 2/2, 20 × 2/3, 20 × 3/4, 0 of 1 dossier).
  await seedMergerHistory(stack.ds);
  const q = new URLSearchParams({ from: new Date('2025-01-01T00:00:00+07:00').toISOString(), to: new Date('2025-05-01T00:00:00+07:00').toISOString() });
  const index = await stack.get<{ months: { month: string; timeliness: { score: number | null; max: number; dossiers: number } }[] }>(`/api/stats/service-index?${q}`, supervisor);
  expect(index.months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
  const label = (m: (typeof index.months)[number]) => (m.timeliness.score === null ? 'Không có hồ sơ' : `${Math.round(m.timeliness.score * 100) / 100}/${m.timeliness.max}`);
  const answered = index.months.map((m) => `${m.month.slice(5)}/${m.month.slice(0, 4)}: ${label(m)} (Số hồ sơ tính điểm: ${m.timeliness.dossiers})`).join('; ');
  expect(answered).toBe('01/2025: 20/20 (Số hồ sơ tính điểm: 2); 02/2025: 13.33/20 (Số hồ sơ tính điểm: 3); 03/2025: 15/20 (Số hồ sơ tính điểm: 4); 04/2025: 0/20 (Số hồ sơ tính điểm: 1)');
  // The period typed into the range picker, as a user would.
  await page.locator('#stats-from').click();
  await page.locator('#stats-from').fill('01/01/2025');
  await page.locator('#stats-from').press('Enter');
  await page.locator('#stats-to').fill('30/04/2025');
  await page.locator('#stats-to').press('Enter');
  const chart = page.getByTestId('stats-service-index');
  // The text alternative names every month with its score; the line's labels and the axis show them.
  await chart.locator('figcaption').filter({ hasText: answered }).waitFor();
  expect(await chart.locator('figcaption').textContent()).toBe(answered);
  await chart.locator('.recharts-label-list text').nth(3).waitFor();
  expect(await chart.locator('.recharts-label-list text').allTextContents()).toEqual(index.months.map(label));
  const ticks = chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await ticks.nth(3).waitFor();
  expect(await ticks.allTextContents()).toEqual(['01/2025', '02/2025', '03/2025', '04/2025']);
  await shot(page, 'rating-04-service-index');
  expect(stack.pageErrors).toEqual([]);
});
