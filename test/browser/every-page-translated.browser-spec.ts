import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { messages, type Lang } from '../../apps/web/src/messages';
import { RATING_CRITERIA } from '../../libs/contracts/src/ratings';
import { choose, signIn, startBrowserStack, submitRegistration, type BrowserStack } from '../support/browser';
import { secondsProcedure } from '../support/fixtures';
import { startReceiver, type Receiver } from '../support/http-receiver';
import { waitFor } from '../support/stack';

/**
 * Every page of the web app, with real data on it (a registered dossier part-way through its steps,
 * an alert on the board, statistics, petitions), read in Vietnamese and then in English. A page
 * fails when it shows a message key with no message (the app shows it as ⟦key⟧ and logs it), or,
 * in Vietnamese, an English word from the API's codes: statuses, step statuses, alert kinds,
 * timeliness and trace reasons, webhook events and delivery statuses (the enums of the OpenAPI
 * document, which the API's classes generate), the procedures' step keys, and the words of the
 * API's English deadline explanation.
 */
const ROOT = resolve(__dirname, '../..');

// Two dozen pages per language on a shared 2-core machine.
jest.setTimeout(300_000);

let stack: BrowserStack;
let receiver: Receiver;

interface OpenApi {
  components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
}
const openapi = JSON.parse(readFileSync(join(ROOT, 'apps/api/openapi.json'), 'utf8')) as OpenApi;
const enumOf = (schema: string, field: string): string[] => {
  const values = openapi.components.schemas[schema]?.properties[field]?.enum;
  if (!values?.length) throw new Error(`the OpenAPI document has no enum for ${schema}.${field}`);
  return values;
};
/** The codes the API sends that a reader must never see as such. */
const API_CODES = [
  ...enumOf('DossierView', 'status'),
  ...enumOf('StepView', 'status'),
  ...enumOf('AlertView', 'kind'),
  ...enumOf('DossierDetail', 'timeliness'),
  ...enumOf('TraceEntry', 'reason'),
  ...enumOf('PetitionView', 'status'),
  ...enumOf('PetitionView', 'stage'),
  ...enumOf('WebhookDeliveryView', 'event'),
  ...enumOf('WebhookDeliveryView', 'status'),
];

/**
 * Every kind of notification row the API lists (NotificationView.kind): the alert kinds, their
 * escalations (libs/notify alert-notifications), the daily digest (digest.ts), the citizen notices
 * (citizen/notices.ts), a petition's answer (libs/db petitions.ts), and one this app cannot know yet.
 */
const ALERT_KINDS = enumOf('AlertView', 'kind');
const NOTIFICATION_KINDS = [
  ...ALERT_KINDS,
  ...ALERT_KINDS.map((k) => `escalate:${k}`),
  'daily_digest',
  'citizen_received',
  'citizen_supplement',
  'citizen_rescheduled',
  'citizen_result_ready',
  'petition_answered',
  'kind_from_a_later_version',
];
/** The channels a delivery goes by (and one this app cannot know yet); 'email', 'push' and 'sms' are words in Vietnamese pages too. */
const CHANNELS = ['in_app', 'carrier_pigeon'];
const DELIVERY_CHANNELS = ['email', 'push', 'sms', ...CHANNELS];
/** The officer who takes over the reviewer's steps on the bulk reassignment page. */
const TAKER = 'can.bo.hai';

/** The English messages of the codes (status_*, kind_* …), where they differ from the Vietnamese. */
const codeMessages = (lang: Lang) =>
  Object.entries(messages[lang])
    .filter(([key]) => /^(status|stepStatus|kind|traceReason|webhookEvent|webhookStatus)_/.test(key) || enumOf('DossierDetail', 'timeliness').includes(key))
    .map(([key, text]) => ({ key, text }));
const ENGLISH_CODE_MESSAGES = codeMessages('en')
  .filter(({ key, text }) => text !== (messages.vi as Record<string, string>)[key])
  .map(({ text }) => text);

/**
 * The browser globals the page-side functions use (the test project compiles without the DOM
 * library; string expressions would need 'unsafe-eval', which the CSP forbids).
 */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
declare const document: { body: { innerText: string }; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
declare const localStorage: { setItem(key: string, value: string): void };

/** What a reader gets from the page: its visible text and the names and hints screen readers announce. */
function readerText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) => ['aria-label', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? ''));
    return [document.body.innerText, ...attributes].join('\n');
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `word` standing alone (not inside a longer word), whatever its case. */
const standalone = (word: string, flags = 'iu') => new RegExp(`(?<![\\p{L}\\p{N}_])${escape(word)}(?![\\p{L}\\p{N}_])`, flags);

const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/**
 * English weekday and month abbreviations where they name a date ("Thu 30/11", "Wed Dec 03 2026",
 * "Dec 3"): as bare words they are Vietnamese names' syllables too ("Phạm Thu Hà"), so only
 * beside a date do they count.
 */
const ENGLISH_DATE = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${WEEKDAY},?\\s+(?:\\d{1,2}[/.-]\\d{1,2}|${MONTH}\\s+\\d{1,2})|${MONTH}\\s+\\d{1,2}(?!\\p{N}))`, 'gu');

/** `word` standing alone, exactly as written (a raw code: `step_overdue`, `pending`). */
const rawCode = (word: string) => standalone(word, 'u');

/**
 * What is untranslated on a page: message keys with no message, the `englishWords` (any case), the
 * `rawCodes` (exactly as the API sends them) and, with `dates`, English date words beside a date.
 */
function untranslated(text: string, englishWords: string[], rawCodes: string[] = [], dates = false): string[] {
  const missing = text.match(/⟦[^⟧]*⟧/g) ?? [];
  return [
    ...missing,
    ...englishWords.filter((w) => standalone(w).test(text)),
    ...rawCodes.filter((c) => rawCode(c).test(text)),
    ...(dates ? (text.match(ENGLISH_DATE) ?? []) : []),
  ];
}

it('bans English date words beside a date, not the same syllables in Vietnamese names', () => {
  expect(untranslated('Hạn: Thu 30/11 17:00', [], [], true)).toEqual(['Thu 30/11']);
  expect(untranslated('từ Wed Dec 03 2026 08:00', [], [], true)).toEqual(['Wed Dec 03']);
  expect(untranslated('đến Dec 3', [], [], true)).toEqual(['Dec 3']);
  expect(untranslated('Phạm Thu Hà, 30/11/2026; Lê Thị Mai', [], [], true)).toEqual([]);
  expect(untranslated('status: step_overdue, Pending', [], ['step_overdue', 'pending'])).toEqual(['step_overdue']);
});

/** The page once its data is on screen: no spinner, no loading veil. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur, .ant-card-loading-content'));
}

/** What the pages show: set up once through the API, read in both languages. */
interface Data {
  slow: ReturnType<typeof secondsProcedure>;
  neglected: ReturnType<typeof secondsProcedure>;
  moving: { code: string; lookupSecret: string };
  late: { code: string };
  /** Returned: one not rated yet, one rated. */
  unrated: { code: string; lookupSecret: string };
  rated: { code: string; lookupSecret: string };
  /** Petitions: one just received (in the inbox), one answered and published (every stage done). */
  petitionOpen: { code: string; secret: string };
  petitionDone: { code: string; secret: string };
  /** The webhook subscribed to every event: its receiver's URL. */
  webhookUrl: string;
  englishWords: string[];
  /** The codes an English page must not show as sent: those no English message uses as a word, and every one with an underscore. */
  rawCodesEn: string[];
}
let data: Data;

beforeAll(async () => {
  stack = await startBrowserStack();
  const { post, get, token } = stack;
  const admin = await token('admin');
  // Slow steps stay open through the test; the neglected dossier's first step is overdue in 2 s.
  const slow = secondsProcedure([120, 120, 120, 120]);
  const neglected = secondsProcedure([2, 120, 120, 120]);
  await post('/api/procedures', slow, admin);
  await post('/api/procedures', neglected, admin);
  const reception = await token('reception');
  const register = (p: typeof slow, name: string) =>
    post<{ code: string; lookupSecret: string }>('/api/dossiers', { procedureCode: p.code, applicant: { name }, channel: 'counter' }, reception, { 'Idempotency-Key': `i18n-${p.code}` });
  // One dossier past its first step: a step done, one being processed, the rest to come.
  // (No name here may be an English word the explanation can hold: 'Thu' is Thursday's, so 'Lê Thị Thu Hà' failed on Thursdays.)
  const moving = await register(slow, 'Lê Thị Hồng Hà');
  await post(`/api/dossiers/${moving.code}/steps/reception/complete`, { note: 'Hồ sơ hợp lệ' }, reception);
  const late = await register(neglected, 'Phạm Văn Chậm');
  const supervisor = await token('supervisor');
  await waitFor(
    async () => (await get<{ items: { kind: string; stepKey?: string }[] }>(`/api/alerts?dossierCode=${encodeURIComponent(late.code)}`, supervisor)).items.some((a) => a.kind === 'step_overdue' && a.stepKey === 'reception'),
    'the neglected dossier’s step_overdue alert',
  );
  // Two returned dossiers: one the citizen rated (the lookup shows the rating), one not yet (the lookup shows the form).
  const [reviewer, approver] = [await token('reviewer'), await token('approver')];
  const returned = async (key: string) => {
    const d = await post<{ code: string; lookupSecret: string }>('/api/dossiers', { procedureCode: slow.code, applicant: { name: 'Vũ Thị Lan' }, channel: 'counter' }, reception, { 'Idempotency-Key': key });
    for (const [step, by] of [['reception', reception], ['review', reviewer], ['approval', approver], ['return', reception]] as const) await post(`/api/dossiers/${d.code}/steps/${step}/complete`, {}, by);
    return d;
  };
  const unrated = await returned(`i18n-unrated-${slow.code}`);
  const rated = await returned(`i18n-rated-${slow.code}`);
  await post(`/api/public/dossiers/${encodeURIComponent(rated.code)}/rating?secret=${rated.lookupSecret}`, { scores: Object.fromEntries(RATING_CRITERIA.map((k) => [k, 4])), comment: 'Nhanh, đúng hẹn.' });
  // A step the reviewer holds, for the department head to move to another officer (and back, in the other language).
  await post('/api/users', { username: TAKER, fullName: 'Đỗ Văn Hai', password: 'mat-khau-thu-nghiem-01', departmentCode: 'DKKD', roles: ['reviewer'] }, admin);
  const held = await post<{ code: string }>('/api/dossiers', { procedureCode: slow.code, applicant: { name: 'Trịnh Văn Vắng' }, channel: 'counter' }, reception, { 'Idempotency-Key': `i18n-held-${slow.code}` });
  await post(`/api/dossiers/${held.code}/steps/reception/complete`, {}, reception);
  await post(`/api/tasks/${encodeURIComponent(`${held.code}~review`)}/claim`, {}, reviewer);

  // The words a Vietnamese page must not show: the API's codes, the step keys, the English explanation.
  const explanation = await get<{ dossier: { text: string }; steps: { text: string }[] }>(`/api/dossiers/${moving.code}/deadlines`, supervisor);
  // Weekday and month abbreviations are left out: they are also Vietnamese names' syllables ('Thu' in
  // 'Phạm Thu Hà', a demo account shown in every staff header), and the explanation's own words remain.
  const calendarAbbreviations = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/;
  const explanationWords = ([explanation.dossier.text, ...explanation.steps.map((s) => s.text)].join(' ').match(/\p{L}{3,}/gu) ?? []).filter((w) => !calendarAbbreviations.test(w));
  expect(explanationWords).toEqual(expect.arrayContaining(['elapsed', 'due']));
  const stepKeys = [...new Set([...slow.steps, ...neglected.steps].map((s) => s.key))];
  const petition = { kind: 'feedback', subject: 'Thời gian chờ tại quầy', message: 'Tôi chờ hơn hai giờ.', name: 'Đặng Thị Mai', contact: 'mai.dang@example.vn' };
  const petitionOpen = await post<{ code: string; secret: string }>('/api/public/petitions', petition);
  const petitionDone = await post<{ code: string; secret: string }>('/api/public/petitions', { ...petition, kind: 'proposal', dossierCode: moving.code });
  for (const [command, body, by] of [
    ['classify', { outcome: 'in_scope', reason: 'Thuộc thẩm quyền của Sở' }, supervisor],
    ['assign', { assignee: 'reviewer' }, supervisor],
    ['answer', { answer: 'Sở đã bố trí thêm một quầy tiếp nhận.' }, await token('reviewer')],
    ['publish', { consent: true }, supervisor],
  ] as const) await post(`/api/petitions/${petitionDone.code}/${command}`, body, by);
  // A failed delivery of every kind of notification the API sends (and one of a kind newer than
  // this app), on every channel, not due for another try during the test: the notifications page lists them.
  const [{ agency }]: { agency: string }[] = await stack.ds.query(`SELECT agency_code AS agency FROM users WHERE username = 'admin'`);
  for (const [i, kind] of NOTIFICATION_KINDS.entries()) {
    await stack.ds.query(
      `INSERT INTO notifications (agency_code, channel, recipient, username, kind, subject, body, idempotency_key, status, attempts, last_error, not_before)
       VALUES ($1, $2, $3, 'supervisor', $4, 'Thông báo', '…', $5, 'failed', 1, $6, now() + interval '1 day')`,
      [agency, DELIVERY_CHANNELS[i % DELIVERY_CHANNELS.length], `nhan.${i}@example.gov.vn`, kind, `i18n-${kind}`, `SMTP 451 thử lại sau (${i})`],
    );
  }
  // A webhook subscribed to every event, to a receiver that takes them all, with a delivery in each
  // status (the pending one not due during the test): the webhooks page lists it and them.
  receiver = await startReceiver();
  const webhookUrl = `${receiver.url}/nhan-su-kien`;
  const webhook = await post<{ id: string }>('/api/webhooks', { url: webhookUrl, events: enumOf('WebhookDeliveryView', 'event'), secret: 'khoa-bi-mat-cua-he-thong-nhan' }, admin);
  await stack.ds.query(
    `INSERT INTO webhook_deliveries (webhook_id, agency_code, event, event_key, body, status, attempts, next_attempt_at, last_status, last_error, delivered_at)
     VALUES ($1, $2, 'dossier.registered', $3, '{}', 'delivered', 1, now(), 200, NULL, now()),
            ($1, $2, 'dossier.received', $4, '{}', 'pending', 1, now() + interval '1 day', 503, 'HTTP 503', NULL),
            ($1, $2, 'alert.step_overdue', 'alert:' || gen_random_uuid(), '{}', 'dead', 8, now(), NULL, 'HTTP 500', NULL)`,
    [webhook.id, agency, `dossier:${late.code}:1`, `dossier:${late.code}:2`],
  );
  data = { slow, neglected, moving, late, unrated, rated, petitionOpen, petitionDone, webhookUrl, englishWords: [...new Set([...API_CODES, ...stepKeys, ...explanationWords, ...ENGLISH_CODE_MESSAGES, ...NOTIFICATION_KINDS, ...CHANNELS])], rawCodesEn: [] };
  const englishText = Object.values(messages.en).join('\n');
  data.rawCodesEn = [...new Set([...API_CODES, ...stepKeys, ...NOTIFICATION_KINDS, ...CHANNELS])].filter((c) => c.includes('_') || !standalone(c).test(englishText));
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

it.each(['vi', 'en'] as const)('shows every label, status, step, alert kind and deadline explanation of every page in %s', async (lang) => {
  const { url } = stack;
  const { slow, neglected, moving, late, englishWords } = data;
  const m = messages[lang];
  const warnings: string[] = [];
  const pages: Page[] = [];
  const open = async () => {
    const page = await stack.newPage();
    await page.context().addInitScript((l: string) => localStorage.setItem('dossier-flow.lang', l), lang);
    page.on('console', (msg) => {
      if (msg.text().startsWith('i18n:')) warnings.push(msg.text());
    });
    pages.push(page);
    return page;
  };
  /** `asData`: the API's data a page shows as it is (an act's own text, an identifier being edited), taken out before reading. */
  const check = async (page: Page, name: string, asData: string[] = []) => {
    await settled(page);
    const text = asData.reduce((t, d) => t.split(d).join(' '), await readerText(page));
    // In English the codes' words are the messages themselves: there, only a code as the API sends it counts.
    const found = lang === 'vi' ? untranslated(text, englishWords, [], true) : untranslated(text, [], data.rawCodesEn);
    expect({ page: name, untranslated: found }).toEqual({ page: name, untranslated: [] });
  };

  // The public pages.
  const visitor = await open();
  await visitor.goto(`${url}/thu-tuc`);
  await visitor.getByTestId('catalog').getByText(slow.code, { exact: true }).waitFor();
  await check(visitor, 'catalog');
  const catalogHeads = await visitor.getByTestId('catalog').locator('thead th').allTextContents();
  expect(catalogHeads).toContain(m.procedureCode);
  expect(catalogHeads).not.toContain(m.code);
  await visitor.goto(`${url}/tra-cuu?code=${encodeURIComponent(moving.code)}&secret=${encodeURIComponent(moving.lookupSecret)}`);
  await visitor.getByTestId('lookup-status').waitFor();
  await check(visitor, 'lookup');
  const status = await visitor.getByTestId('lookup-status').getAttribute('data-status');
  expect(await visitor.getByTestId('lookup-status').textContent()).toBe((m as Record<string, string>)[`status_${status}`]);
  const lookupOf = (d: { code: string; lookupSecret: string }) => `${url}/tra-cuu?code=${encodeURIComponent(d.code)}&secret=${encodeURIComponent(d.lookupSecret)}`;
  await visitor.goto(lookupOf(data.unrated));
  await visitor.getByTestId('rating-form').getByRole('heading', { name: m.ratingTitle }).waitFor();
  await check(visitor, 'lookup with the rating form');
  await visitor.goto(lookupOf(data.rated));
  await visitor.getByTestId('rating-given').getByRole('heading', { name: m.ratingGiven }).waitFor();
  await check(visitor, 'lookup with the rating given');
  await visitor.goto(`${url}/phan-anh`);
  await visitor.getByRole('heading', { name: m.petitionFormTitle }).waitFor();
  await check(visitor, 'petition form');
  await visitor.goto(`${url}/phan-anh/tra-cuu?code=${encodeURIComponent(data.petitionDone.code)}&secret=${data.petitionDone.secret}`);
  await visitor.getByTestId('petition-answer').waitFor();
  await check(visitor, 'petition lookup');
  await visitor.goto(`${url}/phan-anh/cong-khai`);
  await visitor.getByTestId('published-petitions').locator(`[data-code="${data.petitionDone.code}"]`).waitFor();
  await check(visitor, 'published petitions');
  await visitor.goto(`${url}/dang-nhap`);
  await visitor.getByRole('heading', { name: m.login }).waitFor();
  await check(visitor, 'login');

  // The desk: registration, its slip.
  const desk = await open();
  await signIn(desk, url, 'reception', '/tiep-nhan');
  await desk.getByRole('heading', { name: m.registerTitle }).waitFor();
  await check(desk, 'register');
  await choose(desk, desk.locator('#procedureCode'), slow.code, slow.code);
  await desk.locator('#applicant_name').fill(`Ngô Bảo Châu ${lang}`);
  await submitRegistration(desk);
  await check(desk, 'slip');

  // The reviewer: the inbox, then the dossier with its steps and deadlines.
  const reviewer = await open();
  await signIn(reviewer, url, 'reviewer', '/hop-thu');
  await reviewer.getByTestId('inbox').locator('tr', { hasText: moving.code }).waitFor();
  await check(reviewer, 'inbox');
  await reviewer.goto(`${url}/ho-so/${encodeURIComponent(moving.code)}`);
  await reviewer.getByTestId('step-deadlines').locator('li').first().waitFor();
  await check(reviewer, 'dossier');
  expect(await reviewer.getByTestId('current-step').textContent()).toBe(slow.steps[1].name);
  const stepStatuses = await reviewer.locator('[data-field=step-status]').allTextContents();
  expect(new Set(stepStatuses)).toEqual(new Set([m.stepStatus_done, m.stepStatus_active, m.stepStatus_pending]));
  // Each step's explanation is headed by its name, and reads as counted time up to a due instant.
  const stepDeadlines = await reviewer.getByTestId('step-deadlines').locator('li').allTextContents();
  expect(stepDeadlines.map((t) => t.split(':')[0])).toEqual(slow.steps.slice(0, 2).map((s) => s.name));
  const dueWord = m.deadlineDue.split(' ')[0];
  for (const line of [await reviewer.getByTestId('deadline-text').textContent(), ...stepDeadlines]) expect(line).toMatch(standalone(dueWord));
  // Their own page, from the header: each alert kind's channels, quiet hours, the password form.
  await reviewer.getByTestId('account-link').click();
  await reviewer.getByRole('group', { name: m.kind_dossier_overdue }).getByRole('checkbox', { name: m.notificationChannel_push }).waitFor();
  await check(reviewer, 'account');

  // The department head: from the inbox, the reviewer's open steps moved to another officer (back
  // again in the second language), followed to the summary. Usernames are data.
  const head = await open();
  await signIn(head, url, 'approver', '/hop-thu');
  await head.getByRole('link', { name: m.bulkReassignTitle }).click();
  const [absent, taker] = lang === 'vi' ? ['reviewer', TAKER] : [TAKER, 'reviewer'];
  const reassignForm = head.getByTestId('bulk-reassign-form');
  await reassignForm.getByLabel(m.bulkReassignFrom).fill(absent);
  await reassignForm.getByLabel(m.bulkReassignTo).fill(taker);
  await reassignForm.getByRole('button', { name: m.bulkReassignSubmit }).click();
  await head.locator('[data-testid=bulk-reassign-state][data-state=completed]').waitFor({ timeout: 60_000 });
  await check(head, 'bulk reassignment', [TAKER, 'reviewer', 'approver']);

  // The supervisor: the alert board, the neglected dossier, statistics, petitions.
  const watcher = await open();
  await signIn(watcher, url, 'supervisor', '/canh-bao');
  const alertRow = watcher.getByTestId('alerts-board').locator('tr', { hasText: late.code }).filter({ hasText: m.kind_step_overdue });
  await alertRow.first().waitFor();
  await check(watcher, 'alerts');
  expect(await alertRow.first().locator('[data-field=step]').textContent()).toBe(neglected.steps[0].name);
  await watcher.goto(`${url}/ho-so/${encodeURIComponent(late.code)}`);
  await watcher.getByTestId('dossier-code').filter({ hasText: late.code }).waitFor();
  await watcher.getByTestId('control-sheet').waitFor();
  await check(watcher, 'dossier with alerts');
  await watcher.getByText(`${m.kind_step_overdue} (${neglected.steps[0].name})`).first().waitFor();
  await watcher.goto(`${url}/thong-ke`);
  await watcher.getByTestId('stats-total').locator('tbody tr.ant-table-row').waitFor();
  await check(watcher, 'statistics');
  await watcher.goto(`${url}/kien-nghi`);
  await watcher.getByTestId('petitions-inbox').locator('tr', { hasText: data.petitionOpen.code }).waitFor();
  await check(watcher, 'petitions inbox');
  await watcher.goto(`${url}/kien-nghi/${encodeURIComponent(data.petitionDone.code)}`);
  await watcher.getByTestId('petition-page-status').filter({ hasText: m.petitionStatus_published }).waitFor();
  await check(watcher, 'petition');

  // The administrator's procedures and calendar. The versions page shows each step's key (the
  // identifier the editor edits) and the calendar the acts' own reasons and sources, as data.
  const planner = await open();
  await signIn(planner, url, 'admin', '/thong-ke');
  await planner.goto(`${url}/quan-tri/thu-tuc`);
  await planner.getByTestId('admin-procedures').getByRole('link', { name: slow.code }).waitFor();
  await check(planner, 'admin procedures');
  await planner.goto(`${url}/quan-tri/thu-tuc/${encodeURIComponent(slow.code)}`);
  await planner.getByTestId('version-diff').locator('tbody tr').filter({ hasText: slow.steps[1].name }).waitFor();
  await check(planner, 'admin procedure versions', slow.steps.map((s) => `${s.key} — `));
  await planner.goto(`${url}/quan-tri/thu-tuc/${encodeURIComponent(slow.code)}/phien-ban-moi`);
  await planner.getByTestId('plan').locator('tbody tr').first().waitFor();
  await check(planner, 'admin procedure editor');
  const year = new Date().getFullYear();
  const calendar = await stack.get<{ daysOff: { reason: string; source?: string }[]; workingDays: { reason: string; source?: string }[] }>(`/api/calendar/${year}`, await stack.token('admin'));
  // The statutory holidays' names and acts, listed with the rules, are the law's own words: data too.
  const rules = await stack.get<{ name: string; source: string }[]>('/api/calendar/holiday-rules', await stack.token('admin'));
  await planner.goto(`${url}/quan-tri/lich`);
  await planner.getByTestId('calendar-days').locator('tbody tr').first().waitFor();
  await planner.getByTestId('holiday-rules-table').locator('tbody tr').first().waitFor();
  const acts = [...calendar.daysOff, ...calendar.workingDays].flatMap((d) => [d.reason, d.source ?? '']).concat(rules.flatMap((r) => [r.name, r.source]));
  await check(planner, 'admin calendar', [...new Set(acts)].filter(Boolean).sort((a, b) => b.length - a.length));

  // The administrator: people, departments, the audit trail (its chain verified), system health.
  const admin = await open();
  await signIn(admin, url, 'admin', '/thong-ke');
  await admin.goto(`${url}/quan-tri/nguoi-dung`);
  // By its key: in English the reviewer role's name ('Reviewer') is on the row of the officer made for the bulk reassignment too.
  await admin.getByTestId('user-list').locator('tr[data-row-key="reviewer"]').waitFor();
  // The accounts' usernames and names are data ('reception' is a username as well as a role code,
  // 'Thu' in 'Phạm Thu Hà' is Thursday's abbreviation); their roles must read in the language.
  const accounts = await stack.get<{ username: string; fullName: string }[]>('/api/users', await stack.token('admin'));
  await admin.getByTestId('user-list').getByText(m.adminRole_reception, { exact: true }).first().waitFor();
  await check(admin, 'admin users', accounts.flatMap((a) => [a.fullName, a.username]).sort((a, b) => b.length - a.length));
  await admin.goto(`${url}/quan-tri/phong-ban`);
  await admin.getByTestId('department-list').locator('tr', { hasText: 'DKKD' }).waitFor();
  await check(admin, 'admin departments');
  // The agencies' names and who carried out a merger (a username, or the seed) are data.
  const agencies = await stack.get<{ name: string; mergedBy: string | null }[]>('/api/agencies', await stack.token('admin'));
  await admin.goto(`${url}/quan-tri/co-quan`);
  await admin.getByTestId('agencies').locator('tbody tr.ant-table-row').first().waitFor();
  await admin.getByTestId('agency-merge').waitFor();
  await check(admin, 'admin agencies', agencies.flatMap((a) => [a.name, a.mergedBy ?? '']).filter(Boolean).sort((a, b) => b.length - a.length));
  await admin.goto(`${url}/quan-tri/nhat-ky`);
  await admin.getByTestId('audit-list').locator('tbody tr.ant-table-row').first().waitFor();
  await admin.getByTestId('audit-verify').click();
  await admin.getByTestId('audit-verdict').waitFor();
  // Its actors are accounts' usernames: data, as on the users page.
  await check(admin, 'admin audit', accounts.map((a) => a.username).sort((a, b) => b.length - a.length));
  await admin.goto(`${url}/quan-tri/he-thong`);
  await admin.getByTestId('check-workers').waitFor();
  await check(admin, 'admin system health');
  await admin.goto(`${url}/quan-tri/chuyen-cap`);
  await admin.getByTestId('escalation-form').getByText(m.kind_dossier_overdue).first().waitFor();
  await check(admin, 'admin escalation');
  // Every kind of notification, failed (the page's first filter): recipients and the mail server's errors are data.
  await admin.goto(`${url}/quan-tri/thong-bao`);
  const deliveries = admin.getByTestId('notification-list');
  await deliveries.getByText(`${m.notificationEscalated}: ${m.kind_dossier_overdue}`).first().waitFor();
  await deliveries.getByText(`nhan.${NOTIFICATION_KINDS.length - 1}@example.gov.vn`).waitFor();
  await check(admin, 'admin notifications', NOTIFICATION_KINDS.flatMap((_, i) => [`nhan.${i}@example.gov.vn`, `SMTP 451 thử lại sau (${i})`]).reverse());
  // The kind this app cannot know yet reads as "another kind".
  expect(await deliveries.getByText(m.notificationKind_other, { exact: true }).count()).toBe(1);
  // The webhook subscribed to every event (each a tag in the language), its deliveries in each
  // status, then the form that adds one; the receiver's URL is data.
  await admin.goto(`${url}/quan-tri/webhook`);
  const hooks = admin.getByTestId('webhook-list');
  await hooks.getByText(m['webhookEvent_alert.dossier_overdue'], { exact: true }).waitFor();
  await hooks.getByRole('button', { name: `${m.webhookDeliveries} ${data.webhookUrl}` }).click();
  const hookDeliveries = admin.getByTestId('webhook-delivery-list');
  for (const shown of [m.webhookStatus_delivered, m.webhookStatus_pending, m.webhookStatus_dead]) await hookDeliveries.getByText(shown, { exact: true }).first().waitFor();
  await check(admin, 'admin webhooks', [data.webhookUrl]);
  await admin.getByRole('button', { name: m.webhookCreate }).click();
  await admin.getByTestId('webhook-form').getByText(m.webhookSecretHint).waitFor();
  await check(admin, 'admin webhook form', [data.webhookUrl]);
  await admin.getByRole('dialog').getByRole('button', { name: m.cancel }).click();
  await admin.getByRole('dialog').waitFor({ state: 'hidden' });
  await admin.goto(`${url}/quan-tri/thu-tuc/moi`);
  await admin.getByRole('heading', { name: m.editorNewProcedure }).waitFor();
  await admin.waitForFunction(() => document.querySelector('[data-testid=plan-state]')?.getAttribute('data-state') !== 'checking');
  await check(admin, 'admin new procedure');

  expect(warnings).toEqual([]);
  for (const p of pages) await p.context().close();
  expect(stack.pageErrors).toEqual([]);
});
