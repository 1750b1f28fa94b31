import type { INestApplication } from '@nestjs/common';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { startApi } from './api';
import { openDataSource, startWorker, testConfig, type RunningWorker } from './stack';

/**
 * The real stack for the browser specs: the API serving apps/web/dist, a worker, Temporal and
 * PostgreSQL, and Debian's Chromium driven by playwright-core.
 */
const ROOT = resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserStack {
  url: string;
  ds: DataSource;
  browser: Browser;
  /** Every uncaught error of every page opened with `newPage`. */
  pageErrors: string[];
  /** A page in a fresh context: a 1024px-wide tablet in the agency's time zone and language. */
  newPage(): Promise<Page>;
  post<T>(path: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<T>;
  get<T>(path: string, token: string): Promise<T>;
  /** A demo account's access token (password `demo`). */
  token(username: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBrowserStack(): Promise<BrowserStack> {
  if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: run `npm ci --prefix apps/web && npm run build --prefix apps/web` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const config = await testConfig();
  const ds = await openDataSource(config);
  const [worker, { app, url }, browser]: [RunningWorker, { app: INestApplication; url: string }, Browser] = await Promise.all([
    startWorker(config, ds),
    startApi(config),
    chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] }),
  ]);
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const post = async <T>(path: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const get = async <T>(path: string, token: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };

  return {
    url,
    ds,
    browser,
    pageErrors,
    post,
    get,
    token: async (username) => (await post<{ accessToken: string }>('/api/auth/login', { username, password: 'demo' })).accessToken,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err: Error) => pageErrors.push(err.message));
      return page;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await app?.close();
      await worker?.stop();
      await ds?.destroy();
    },
  };
}

/** Signs in through the login page (whatever its language) and waits for the role's home page. */
export async function signIn(page: Page, url: string, username: string, home: string, beforeFilling?: () => Promise<void>): Promise<void> {
  await page.goto(`${url}/dang-nhap`);
  await page.locator('input[autocomplete=username]').waitFor();
  await beforeFilling?.();
  await page.locator('input[autocomplete=username]').fill(username);
  await page.locator('input[autocomplete=current-password]').fill('demo');
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`**${home}`);
}

/**
 * Submits the desk's filled-in registration form and answers the receipt slip's dossier code, as
 * a clerk would: when the page shows an error instead (a 503 while the machine is loaded: "retry"),
 * the clerk submits again — the form keeps its Idempotency-Key, so the dossier is registered once —
 * up to three times; a form that never reaches the slip fails with the errors the page showed.
 */
export async function submitRegistration(page: Page): Promise<string> {
  const slip = page.getByTestId('slip-code');
  const problem = page.locator('.ant-alert-error, .ant-form-item-explain-error').first();
  const shown: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.locator('button[type=submit]').click();
    // The page clears the last attempt's error when it submits again (one that stays is the form's own).
    if (attempt > 1) await problem.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    const outcome = await Promise.race([
      slip.waitFor({ timeout: 60_000 }).then(() => 'slip' as const),
      problem.waitFor({ timeout: 60_000 }).then(() => 'problem' as const),
    ]).catch(async () => {
      const onScreen = (await page.locator('#main').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
      throw new Error(`neither the receipt slip nor an error appeared within 60 s of submitting; the page shows: ${onScreen}`);
    });
    if (outcome === 'slip') return ((await slip.textContent()) ?? '').trim();
    shown.push(((await problem.textContent()) ?? '').trim());
    // A field's own error is the form's, not the server's: submitting again changes nothing.
    const field = page.locator('.ant-form-item-has-error').first();
    if (await field.count()) {
      const label = (await field.locator('.ant-form-item-label').textContent().catch(() => null)) ?? '?';
      const value = (await field.locator('.ant-form-item-control').innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      throw new Error(`the registration form refused its field "${label.trim()}" (it shows: ${value}); the page showed: ${shown.join(' | ')}`);
    }
  }
  throw new Error(`the registration form never reached the receipt slip; the page showed: ${shown.join(' | ')}`);
}

/**
 * Picks `option` in an antd Select (its combobox) and waits until the select shows it. On a loaded
 * machine the list can close again while it slides in (seen in CI: the option found, then "not
 * stable", then "not visible" for 30 s) and a click on a closing list selects nothing; so each try
 * opens the list if it is closed (closing one it could not click in), gives the click 10 s, and
 * checks what the select shows — three tries, then a failure naming what it shows. A select with
 * a search box (the desk's procedure) gets `search` typed into it each time it is opened.
 */
export async function choose(page: Page, combobox: Locator, option: string, search?: string): Promise<void> {
  const shown = () => combobox.evaluate((el) => (el as unknown as { closest(s: string): { textContent: string | null } | null }).closest('.ant-select')?.textContent ?? '');
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first();
  const open = async () => (await combobox.getAttribute('aria-expanded')) === 'true';
  // Clicked where the select shows its value: over the combobox's input when one is chosen.
  const selector = combobox.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select-selector ")][1]');
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (!(await open())) await selector.click();
    if (search !== undefined) await combobox.fill(search);
    if (!(await item.click({ timeout: 10_000 }).then(() => true, () => false))) {
      // A list stuck open and unclickable is closed, to be opened afresh.
      if (await open()) await selector.click();
      continue;
    }
    for (let look = 0; look < 20; look++) {
      if ((await shown()).includes(option)) return;
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`the select never showed "${option}"; it shows "${await shown()}"`);
}

/**
 * Clicks the open dialog's `button` and waits for the dialog to close, as saving does; a dialog
 * that stays open fails with what it shows (the API's refusal, a field's error).
 */
export async function saveDialog(page: Page, button = 'Lưu'): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: button }).click();
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
  } catch {
    const problems = await dialog.locator('.ant-alert, .ant-form-item-explain-error').allTextContents();
    throw new Error(`the dialog did not close after "${button}"; it shows: ${problems.join(' | ') || (await dialog.textContent())}`);
  }
}

/**
 * Ticks (or clears) an antd checkbox and waits until it shows it. antd's checkboxes in a group or a
 * form are controlled: the click's new state shows a render later, so Playwright's check(), which
 * reads the state at once, failed now and then ("did not change its state").
 */
export async function tick(checkbox: Locator, on = true): Promise<void> {
  if ((await checkbox.isChecked()) !== on) await checkbox.click();
  const box = await checkbox.elementHandle();
  await checkbox.page().waitForFunction(([el, want]) => (el as unknown as { checked: boolean }).checked === want, [box, on] as const, { timeout: 10_000 });
}

/** Waits until no spinner, loading veil or loading card is on the page. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.ant-spin-spinning, .ant-spin-blur, .ant-card-loading-content, .page-loading'));
}

/** A settled page, photographed whole into test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await settled(page);
  const dir = join(ROOT, 'test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
