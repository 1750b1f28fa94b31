import type { Page } from 'playwright-core';
import { messages } from '../../apps/web/src/messages';
import { expectAccessible } from '../support/accessibility';
import { screenshot as shot, signIn, startBrowserStack, type BrowserStack } from '../support/browser';
import { secondsProcedure } from '../support/fixtures';

/**
 * A department head moves an absent officer's open steps to another officer through the browser
 * (/hop-thu/chuyen-viec, from the head's inbox): the API's 400 under the field it names, then a run
 * followed to its summary — every step moved, and, for an officer holding steps of two roles, the
 * step the new officer may not take listed with the API's reason. What moved is read back through
 * the API. Photographed into test-output/screenshots/ and audited with axe-core.
 */
jest.setTimeout(300_000);

const vi = messages.vi;

let stack: BrowserStack;
let head: Page;
let procedure: ReturnType<typeof secondsProcedure>;

/** Officers made for the test (the demo accounts hold one reviewer of DKKD): who takes over, and a deputy who reviews and approves. */
const TAKER = 'can.bo.hai';
const DEPUTY = 'pho.phong';
const PASSWORD = 'mat-khau-thu-nghiem-01';

beforeAll(async () => {
  stack = await startBrowserStack();
  const admin = await stack.token('admin');
  // Steps stay open through the test.
  procedure = secondsProcedure([3600, 3600, 3600, 3600]);
  await stack.post('/api/procedures', procedure, admin);
  await stack.post('/api/users', { username: TAKER, fullName: 'Đỗ Văn Hai', password: PASSWORD, departmentCode: 'DKKD', roles: ['reviewer'] }, admin);
  await stack.post('/api/users', { username: DEPUTY, fullName: 'Trần Thị Phó', password: PASSWORD, departmentCode: 'DKKD', roles: ['reviewer', 'approver'] }, admin);
  head = await stack.newPage();
  await signIn(head, stack.url, 'approver', '/hop-thu');
}, 120_000);

afterAll(() => stack?.stop());

const tokenOf = async (username: string) => (await stack.post<{ accessToken: string }>('/api/auth/login', { username, password: PASSWORD })).accessToken;

let registered = 0;
/** A dossier received at the desk, at its review step. */
async function atReview(name: string): Promise<string> {
  const reception = await stack.token('reception');
  const { code } = await stack.post<{ code: string }>('/api/dossiers', { procedureCode: procedure.code, applicant: { name }, channel: 'counter' }, reception, { 'Idempotency-Key': `bulk-reassign-${procedure.code}-${++registered}` });
  await stack.post(`/api/dossiers/${code}/steps/reception/complete`, {}, reception);
  return code;
}

const claim = (code: string, step: string, token: string) => stack.post(`/api/tasks/${encodeURIComponent(`${code}~${step}`)}/claim`, {}, token);

async function assigneeOf(code: string, step: string): Promise<string | undefined> {
  const dossier = await stack.get<{ steps: { key: string; assignee?: string }[] }>(`/api/dossiers/${encodeURIComponent(code)}`, await stack.token('approver'));
  return dossier.steps.find((s) => s.key === step)?.assignee;
}

async function reassign(from: string, to: string): Promise<void> {
  const form = head.getByTestId('bulk-reassign-form');
  await form.getByLabel(vi.bulkReassignFrom).fill(from);
  await form.getByLabel(vi.bulkReassignTo).fill(to);
  await form.getByRole('button', { name: vi.bulkReassignSubmit }).click();
}

const runInAddress = () => new URL(head.url()).searchParams.get('id') ?? undefined;

/** The run the page follows — a new one when `after` is the one it showed before — once it has completed: its id, from the address. */
async function completedRun(after?: string): Promise<string> {
  await head.waitForURL((u) => !!u.searchParams.get('id') && u.searchParams.get('id') !== after);
  const id = runInAddress() as string;
  expect(id).toMatch(/^bulk-reassign-/);
  await head.locator(`[data-testid=bulk-reassign-state][data-run="${id}"][data-state=completed]`).waitFor({ timeout: 60_000 });
  return id;
}

it('is reached from the head’s inbox only, and shows the API’s 400 under the field it names', async () => {
  const reviewer = await stack.newPage();
  await signIn(reviewer, stack.url, 'reviewer', '/hop-thu');
  await reviewer.getByTestId('inbox').waitFor();
  expect(await reviewer.getByTestId('bulk-reassign-link').count()).toBe(0);
  await reviewer.context().close();

  // The reviewer holds a step, so a target is checked against it.
  const code = await atReview('Nguyễn Văn Một');
  await claim(code, 'review', await stack.token('reviewer'));

  await head.getByRole('link', { name: vi.bulkReassignTitle }).click();
  await head.waitForURL('**/hop-thu/chuyen-viec');
  const form = head.getByTestId('bulk-reassign-form');
  await reassign('reviewer', 'reviewer');
  await form.getByText('must be another officer than `from`').waitFor();
  await reassign('reviewer', 'khong.ton.tai');
  await form.getByText('khong.ton.tai no active user of that name in your agency').waitFor();
  // Under the field it names: the officer who takes over.
  expect(await form.locator('.ant-form-item-has-error').getByLabel(vi.bulkReassignTo).count()).toBe(1);
  expect(await head.getByTestId('bulk-reassign-run').count()).toBe(0);
  await shot(head, 'bulk-reassign-400');
  await expectAccessible(head, 'bulk reassignment with the API’s 400');
  expect(await assigneeOf(code, 'review')).toBe('reviewer');
});

it('moves every open step of the absent reviewer to another and shows the summary', async () => {
  const reviewer = await stack.token('reviewer');
  const codes = [await atReview('Lê Thị Hai'), await atReview('Phạm Văn Ba')];
  for (const code of codes) await claim(code, 'review', reviewer);
  // With the first test's dossier: three steps held by the reviewer.
  const held = (await stack.get<{ items: { dossierCode: string; assignee?: string }[] }>('/api/tasks?scope=department&pageSize=100', await stack.token('approver'))).items.filter((t) => t.assignee === 'reviewer').map((t) => t.dossierCode);
  expect(held).toHaveLength(3);
  expect(held).toEqual(expect.arrayContaining(codes));

  await reassign('reviewer', TAKER);
  const id = await completedRun();
  const state = head.getByTestId('bulk-reassign-state');
  expect(await state.textContent()).toContain(vi.bulkReassign_completed.replace('{moved}', '3').replace('{total}', '3').replace('{to}', TAKER));
  expect(await head.getByTestId('bulk-reassign-moved').textContent()).toBe('3');
  // The first test's 400 went with its request.
  expect(await head.getByTestId('bulk-reassign-form').locator('.ant-form-item-has-error').count()).toBe(0);
  for (const table of ['bulk-reassign-skipped', 'bulk-reassign-failed']) await head.getByTestId(table).getByText(vi.bulkReassignNone).waitFor();
  await shot(head, 'bulk-reassign');
  await expectAccessible(head, 'bulk reassignment summary');

  // What the page said is what the API keeps.
  const run = await stack.get<{ status: string; moved: number; requestedBy: string }>(`/api/tasks/reassign/${id}`, await stack.token('approver'));
  expect(run).toMatchObject({ status: 'completed', moved: 3, requestedBy: 'approver' });
  for (const code of held) expect(await assigneeOf(code, 'review')).toBe(TAKER);
  // The address keeps the run: a reload shows the same summary.
  await head.reload();
  expect(await completedRun()).toBe(id);
  expect(await head.getByTestId('bulk-reassign-moved').textContent()).toBe('3');
});

it('lists a step the new officer may not take, with the API’s reason, and moves the others', async () => {
  // A deputy who reviews one dossier and approves another; the officer who takes over only reviews.
  const deputy = await tokenOf(DEPUTY);
  const reviewed = await atReview('Vũ Văn Bốn');
  await claim(reviewed, 'review', deputy);
  const approving = await atReview('Đặng Thị Năm');
  await stack.post(`/api/dossiers/${approving}/steps/review/complete`, {}, await stack.token('reviewer'));
  await claim(approving, 'approval', deputy);

  const before = runInAddress();
  await reassign(DEPUTY, TAKER);
  await completedRun(before);
  expect(await head.getByTestId('bulk-reassign-moved').textContent()).toBe('1');
  const failed = head.getByTestId('bulk-reassign-failed').locator('tbody tr', { hasText: approving });
  expect(await failed.getByRole('link', { name: approving }).count()).toBe(1);
  expect(await failed.textContent()).toContain(`${TAKER} does not hold the role approver`);
  // The step as the API names it (the page reads no task id).
  expect(await failed.getByRole('cell', { name: 'approval', exact: true }).count()).toBe(1);
  await head.getByTestId('bulk-reassign-skipped').getByText(vi.bulkReassignNone).waitFor();
  await shot(head, 'bulk-reassign-failed-step');

  expect(await assigneeOf(reviewed, 'review')).toBe(TAKER);
  expect(await assigneeOf(approving, 'approval')).toBe(DEPUTY);
  expect(stack.pageErrors).toEqual([]);
});
