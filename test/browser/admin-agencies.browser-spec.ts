import { messages } from '../../apps/web/src/messages';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { expectAccessible } from '../support/accessibility';
import { choose, screenshot as shot, signIn, startBrowserStack, type BrowserStack } from '../support/browser';

/**
 * The agencies page through the browser: the agencies as the API lists them, and a merger carried
 * out by a platform administrator (PLATFORM_ADMINS is empty here: the demo's admin is one) — the
 * API's 400 shown under its field first, then the merger confirmed, its answer shown and the
 * agency listed as merged. Photographed into test-output/screenshots/ and audited with axe-core.
 */
jest.setTimeout(240_000);

const vi = messages.vi;
const PREDECESSOR = '000.00.95.Z95';
const PREDECESSOR_NAME = 'Sở Thử nghiệm Hợp nhất';

let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
  await stack.ds.query(`INSERT INTO agencies (code, name, effective_from) VALUES ($1, $2, '2019-01-01')`, [PREDECESSOR, PREDECESSOR_NAME]);
}, 120_000);

afterAll(() => stack?.stop());

it('lists the agencies and merges one into another after a confirmation, the API objecting under the field first', async () => {
  const page = await stack.newPage();
  await signIn(page, stack.url, 'admin', '/thong-ke');
  await page.goto(`${stack.url}/quan-tri`);
  await page.getByRole('navigation', { name: vi.navAdmin }).getByRole('link', { name: vi.navAgencies }).click();
  await page.waitForURL('**/quan-tri/co-quan');
  const table = page.getByTestId('agencies');
  const listed = await stack.get<{ code: string }[]>('/api/agencies', await stack.token('admin'));
  await table.locator('tr', { hasText: PREDECESSOR }).filter({ hasText: vi.agencyInForce }).waitFor();
  expect(await table.locator('tbody tr.ant-table-row').count()).toBe(listed.length);

  const merge = page.getByTestId('agency-merge');
  await choose(page, page.locator('#agency-merge_code'), PREDECESSOR, PREDECESSOR);
  // Into itself: the API's 400 names `successor`, shown under that field; nothing merged.
  await choose(page, page.locator('#agency-merge_successor'), PREDECESSOR, PREDECESSOR);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  await page.locator('#agency-merge_effectiveDate').fill(today);
  await expectAccessible(page, 'agencies, a merger filled in');
  const confirm = async () => {
    await merge.getByTestId('agency-merge-submit').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: vi.confirm }).click();
  };
  await confirm();
  await merge.locator('.ant-form-item-has-error', { has: page.locator('#agency-merge_successor') }).locator('.ant-form-item-explain-error').waitFor();
  expect(await stack.ds.query(`SELECT successor_code FROM agencies WHERE code = $1`, [PREDECESSOR])).toEqual([{ successor_code: null }]);

  await choose(page, page.locator('#agency-merge_successor'), DEMO_AGENCY_CODE, DEMO_AGENCY_CODE);
  await confirm();
  const result = page.getByTestId('agency-merge-result');
  await result.getByText(`${PREDECESSOR}`, { exact: false }).first().waitFor();
  expect(await result.locator('.ant-descriptions-title').textContent()).toBe(`Đã hợp nhất ${PREDECESSOR} vào ${DEMO_AGENCY_CODE} từ ngày ${today.split('-').reverse().join('/')}`);
  // In force until the day before the merger, its last day.
  const dayBefore = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10).split('-').reverse().join('/');
  await table.locator('tr', { hasText: PREDECESSOR }).filter({ hasText: vi.agencyMerged }).filter({ hasText: `Đã hợp nhất vào ${DEMO_AGENCY_CODE}` }).filter({ hasText: `01/01/2019 – ${dayBefore}` }).waitFor();
  // The successor lists it among the agencies it took over (the demo's seeded merger is the other).
  await table.locator('tr', { hasText: DEMO_AGENCY_CODE }).filter({ hasText: 'Tiếp nhận từ:' }).filter({ hasText: PREDECESSOR }).waitFor();
  expect(await stack.ds.query(`SELECT successor_code FROM agencies WHERE code = $1`, [PREDECESSOR])).toEqual([{ successor_code: DEMO_AGENCY_CODE }]);
  await shot(page, 'admin-agencies-merged');
  await expectAccessible(page, 'agencies, merged');
  expect(stack.pageErrors).toEqual([]);
});
