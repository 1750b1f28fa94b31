import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { fill, messages } from '../../apps/web/src/messages';
import { auditPage, describeViolations } from '../support/accessibility';
import { choose, signIn, startBrowserStack, submitRegistration, type BrowserStack } from '../support/browser';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

/**
 * Issue 22: axe-core's WCAG 2.1 A and AA rules on every page of the web app, in the states a reader
 * meets — before there is anything to show (empty lists, blank forms, a form's errors, a failed
 * login) and with data on screen (rows, an expanded catalog entry, a dossier with its steps and an
 * action's dialog, the alert board with an alert, statistics, feedback and petitions). Every page is audited and
 * the test fails once, at the end, with all the violations found.
 */
jest.setTimeout(300_000);

const m = messages.vi;
let stack: BrowserStack;
const found: string[] = [];
const audited: string[] = [];

async function audit(page: Page, name: string): Promise<void> {
  const violations = await auditPage(page);
  audited.push(name);
  if (violations.length) found.push(`${name} (${page.url()}):\n${describeViolations(violations)}`);
}

const slow = secondsProcedure([120, 120, 120, 120]);
const neglected = secondsProcedure([2, 120, 120, 120]);

beforeAll(async () => {
  stack = await startBrowserStack();
  const admin = await stack.token('admin');
  await stack.post('/api/procedures', { ...slow, documents: [{ name: 'Đơn đề nghị', copies: 1, original: true }, { name: 'Bản sao CCCD', copies: 1 }], fees: '50.000 đồng' }, admin);
  await stack.post('/api/procedures', neglected, admin);
}, 120_000);

afterAll(() => stack?.stop());

it('finds no WCAG 2.1 A/AA violation on a page with nothing on it yet', async () => {
  const { url } = stack;
  const visitor = await stack.newPage();
  await visitor.goto(`${url}/thu-tuc`);
  await visitor.getByTestId('catalog').getByText(slow.code, { exact: true }).waitFor();
  await visitor.locator('#catalog-search').fill('không có thủ tục nào tên này');
  await visitor.getByText(m.catalogEmpty).waitFor();
  await audit(visitor, 'catalog, nothing found');
  await visitor.goto(`${url}/tra-cuu`);
  await visitor.getByRole('heading', { level: 1 }).waitFor();
  await audit(visitor, 'lookup, blank');
  // The old feedback address leads to the petition form.
  await visitor.goto(`${url}/gop-y`);
  await visitor.waitForURL('**/phan-anh');
  await visitor.getByRole('heading', { name: m.petitionFormTitle }).waitFor();
  await visitor.locator('button[type=submit]').click();
  await visitor.locator('.ant-form-item-explain-error').first().waitFor();
  await audit(visitor, 'petition form, its errors');
  await visitor.goto(`${url}/dang-nhap`);
  await visitor.getByRole('heading', { name: m.login }).waitFor();
  await audit(visitor, 'login');
  await visitor.locator('input[autocomplete=username]').fill('reception');
  await visitor.locator('input[autocomplete=current-password]').fill('wrong password');
  await visitor.locator('button[type=submit]').click();
  await visitor.getByRole('alert').filter({ hasText: m.loginFailed }).waitFor();
  await audit(visitor, 'login, failed');

  const desk = await stack.newPage();
  await signIn(desk, url, 'reception', '/tiep-nhan');
  await desk.getByRole('heading', { name: m.registerTitle }).waitFor();
  await audit(desk, 'desk registration, blank');
  await desk.locator('button[type=submit]').click();
  await desk.locator('.ant-form-item-explain-error').first().waitFor();
  await audit(desk, 'desk registration, its errors');

  const supervisor = await stack.newPage();
  await signIn(supervisor, url, 'supervisor', '/canh-bao');
  await supervisor.getByTestId('alerts-board').waitFor();
  await audit(supervisor, 'alert board, empty');
  await supervisor.goto(`${url}/y-kien`);
  await supervisor.waitForURL('**/kien-nghi');
  await supervisor.getByTestId('petitions-inbox').getByText(m.empty).waitFor();
  await audit(supervisor, 'petitions inbox, empty');
  await supervisor.goto(`${url}/thong-ke`);
  await supervisor.getByTestId('stats-total').waitFor();
  await audit(supervisor, 'statistics');

  const reviewer = await stack.newPage();
  await signIn(reviewer, url, 'reviewer', '/hop-thu');
  await reviewer.getByTestId('inbox').waitFor();
  await audit(reviewer, 'inbox');

  for (const p of [visitor, desk, supervisor, reviewer]) await p.context().close();
  expect(found).toEqual([]);
});

it('finds no WCAG 2.1 A/AA violation on a page with data on screen', async () => {
  const before = found.length;
  const { url, post, get, token } = stack;
  const reception = await token('reception');
  const late = await post<{ code: string }>('/api/dossiers', { procedureCode: neglected.code, applicant: { name: 'Phạm Văn Chậm' }, channel: 'counter' }, reception, { 'Idempotency-Key': `a11y-${neglected.code}` });
  await post('/api/public/petitions', { kind: 'feedback', subject: 'Thủ tục nhanh gọn.', message: 'Thủ tục nhanh gọn, cảm ơn.', name: 'Đỗ Minh Khoa', contact: '0912345678', dossierCode: late.code }, undefined);

  // The public catalog with an entry open, the desk's form filled in, its slip.
  const visitor = await stack.newPage();
  await visitor.goto(`${url}/thu-tuc`);
  const entry = visitor.getByTestId('catalog').locator('tr', { hasText: slow.code });
  await entry.waitFor();
  await audit(visitor, 'catalog');
  await entry.getByRole('button', { name: fill(m.documentsOf, { code: slow.code }) }).click();
  await visitor.getByText('Bản sao CCCD').waitFor();
  await audit(visitor, 'catalog, an entry open');

  const desk = await stack.newPage();
  await signIn(desk, url, 'reception', '/tiep-nhan');
  await desk.locator('#procedureCode').click();
  await desk.locator('#procedureCode').fill(slow.code);
  await audit(desk, 'desk registration, the procedure list open');
  await choose(desk, desk.locator('#procedureCode'), slow.code, slow.code);
  await desk.getByText('Bản sao CCCD').waitFor();
  await desk.locator('#applicant_name').fill('Lê Thị Hồng Hà');
  await desk.getByText(m.outcome_needs_supplement).click();
  await desk.locator('#reception_reason').waitFor();
  await audit(desk, 'desk registration, filled in, supplement asked');
  await desk.getByText(m.outcome_received).click();
  const code = await submitRegistration(desk);
  const secret = (await desk.getByTestId('slip-secret').textContent())!;
  await audit(desk, 'receipt slip');

  await visitor.goto(`${url}/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`);
  await visitor.getByTestId('lookup-status').waitFor();
  await audit(visitor, 'lookup, a dossier found');
  await visitor.goto(`${url}/tra-cuu?code=${encodeURIComponent(code)}&secret=000000`);
  await visitor.getByRole('alert').waitFor();
  await audit(visitor, 'lookup, nothing found');
  await visitor.goto(`${url}/phan-anh?code=${encodeURIComponent(code)}`);
  await visitor.locator('#subject').fill('Hướng dẫn tận tình');
  await visitor.locator('#message').fill('Cán bộ hướng dẫn tận tình.');
  await visitor.locator('#name').fill('Trần Văn An');
  await visitor.locator('#contact').fill('0912345678');
  await visitor.locator('button[type=submit]').click();
  await visitor.getByTestId('petition-sent').waitFor();
  await audit(visitor, 'petition form, sent');

  // The reviewer's inbox, the dossier, an action's dialog.
  const reviewer = await stack.newPage();
  await post(`/api/dossiers/${code}/steps/reception/complete`, { note: 'Hồ sơ hợp lệ' }, reception);
  await signIn(reviewer, url, 'reviewer', '/hop-thu');
  await reviewer.getByTestId('inbox').locator('tr', { hasText: code }).waitFor();
  await audit(reviewer, 'inbox, a dossier in it');
  await reviewer.goto(`${url}/ho-so/${encodeURIComponent(code)}`);
  await reviewer.getByTestId('step-deadlines').locator('li').first().waitFor();
  await audit(reviewer, 'dossier');
  await reviewer.locator('button[data-action=complete]').click();
  await reviewer.getByRole('dialog').waitFor();
  await audit(reviewer, 'dossier, an action’s dialog');

  // The supervisor: an alert on the board, the dossier it names, statistics, the petitions inbox.
  const supervisorToken = await token('supervisor');
  await waitFor(
    async () => (await get<{ items: { kind: string }[] }>(`/api/alerts?dossierCode=${encodeURIComponent(late.code)}`, supervisorToken)).items.some((a) => a.kind === 'step_overdue'),
    'the neglected dossier’s step_overdue alert',
  );
  const supervisor = await stack.newPage();
  await signIn(supervisor, url, 'supervisor', '/canh-bao');
  await supervisor.getByTestId('alerts-board').locator('tr', { hasText: late.code }).first().waitFor();
  await audit(supervisor, 'alert board, alerts on it');
  await supervisor.goto(`${url}/ho-so/${encodeURIComponent(late.code)}`);
  await supervisor.getByTestId('control-sheet').waitFor();
  await audit(supervisor, 'dossier with alerts');
  await supervisor.goto(`${url}/thong-ke`);
  await supervisor.getByTestId('stats-total').locator('tbody tr.ant-table-row').first().waitFor();
  await audit(supervisor, 'statistics, with figures');
  await supervisor.goto(`${url}/kien-nghi`);
  await supervisor.getByTestId('petitions-inbox').locator('tr', { hasText: 'Thủ tục nhanh gọn.' }).waitFor();
  await audit(supervisor, 'petitions inbox, with feedback');

  for (const p of [visitor, desk, reviewer, supervisor]) await p.context().close();
  expect(found.slice(before)).toEqual([]);
  expect(stack.pageErrors).toEqual([]);
});

it('fetches under 250 kB of script, gzipped, for the first screen of the catalog and of the login page', async () => {
  const dist = resolve(__dirname, '../../apps/web/dist');
  const firstLoad: Record<string, { scripts: number; gzipKb: number }> = {};
  const screens: [string, (p: Page) => Promise<void>][] = [
    ['/thu-tuc', (p) => p.getByTestId('catalog').getByText(slow.code, { exact: true }).waitFor()],
    ['/dang-nhap', (p) => p.locator('input[autocomplete=current-password]').waitFor()],
  ];
  for (const [path, shown] of screens) {
    // A fresh context: nothing cached.
    const page = await stack.newPage();
    const scripts = new Set<string>();
    page.on('response', (res) => {
      const { pathname } = new URL(res.url());
      if (pathname.endsWith('.js')) scripts.add(pathname);
    });
    await page.goto(`${stack.url}${path}`);
    await shown(page);
    await page.waitForLoadState('networkidle');
    const bytes = [...scripts].reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
    firstLoad[path] = { scripts: scripts.size, gzipKb: Math.round(bytes / 100) / 10 };
    await page.context().close();
  }
  console.log(`first load, script fetched by the browser: ${JSON.stringify(firstLoad)}`);
  for (const [path, { gzipKb }] of Object.entries(firstLoad)) expect({ path, underBudget: gzipKb < 250 }).toEqual({ path, underBudget: true });
  // Each first screen fetched something: the count is not vacuous.
  for (const { scripts } of Object.values(firstLoad)) expect(scripts).toBeGreaterThan(1);
});

afterAll(() => {
  // The pages audited, for the record (a page missing here was not reached), and what was found.
  console.log(`accessibility audit of ${audited.length} page states: ${audited.join('; ')}`);
  if (found.length) console.log(`accessibility violations:\n${found.join('\n')}`);
});
