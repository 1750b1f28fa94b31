import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { chromium, type Browser } from 'playwright-core';

/**
 * The local mail server's web UI (issue 20 item 2): the Mailpit that global setup starts, built
 * as `npm start` builds it, serves its UI's script (a `go install` build serves an empty page) and
 * shows a caught mail in Chromium.
 */
jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const base = () => process.env.MAILPIT_URL!;

describe('Mailpit web UI', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the page and the script it references', async () => {
    const page = await fetch(`${base()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const src = /<script[^>]*\ssrc="([^"]+)"/.exec(await page.text())?.[1];
    expect(src).toMatch(/\.js\b/);
    const script = await fetch(new URL(src!, `${base()}/`));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
  });

  it("lists a caught mail's Vietnamese subject and opens it", async () => {
    const tag = randomUUID().slice(0, 8);
    const subject = `Hồ sơ ${tag} đã được tiếp nhận`;
    const body = `Kính gửi ông/bà, hồ sơ ${tag} đã được tiếp nhận; mã tra cứu đính kèm.`;
    const smtp = createTransport(process.env.SMTP_URL!);
    await smtp.sendMail({ from: 'dossier-flow@example.test', to: 'cong.dan@example.test', subject, text: body });
    smtp.close();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err: Error) => errors.push(err.message));
    await page.goto(`${base()}/search?q=${encodeURIComponent(tag)}`);
    await page.getByText(subject, { exact: true }).click({ timeout: 15_000 });
    // The message view: the subject in its headers, a text-only mail's body in the text view.
    await page.locator('.text-view').getByText(body).waitFor({ timeout: 15_000 });
    await expect(page.locator('strong', { hasText: subject }).count()).resolves.toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
